// Site search with the Pagefind index in ../pagefind/ (built with the site; no request leaves the site).
// The page's own <html lang> picks the language's index. Results are built as DOM nodes: the only
// markup taken from an excerpt is <mark>.
const form = document.querySelector("form.search");
const input = document.getElementById("search_query");
const status = document.getElementById("search_status");
const list = document.getElementById("search_results");

function excerptNodes(html) {
  const parts = [];
  for (const [index, piece] of html.split(/<\/?mark>/).entries()) {
    const text = new DOMParser().parseFromString(piece, "text/html").documentElement.textContent;
    if (index % 2 === 1) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      parts.push(mark);
    } else {
      parts.push(document.createTextNode(text));
    }
  }
  return parts;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  const pagefind = await import("../pagefind/pagefind.js");
  await pagefind.options({ baseUrl: "../", excerptLength: 24 });
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
  status.textContent = found.length ? status.dataset.found : status.dataset.none;
  for (const data of found) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.append(...excerptNodes(data.excerpt));
    item.append(heading, excerpt);
    list.append(item);
  }
}

const initial = new URLSearchParams(window.location.search).get("q") || "";
input.value = initial;
run(initial);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set("q", input.value);
  window.history.replaceState(null, "", url);
  run(input.value);
});
