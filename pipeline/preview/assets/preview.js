// The preview panel (status, languages, handout, check findings), translator mode and live reload.
// Everything shown comes from the page's data-pv-* attributes or the panel's JSON and is set as text,
// never as markup: a translation cannot inject anything here.
(() => {
  "use strict";
  const script = document.currentScript;
  const here = script.dataset.page;
  const since = script.dataset.since;
  const MODE = "pipeline-preview-translator";
  const make = (tag, attrs = {}, text) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  };

  // -- keep the reader's place across reloads
  const scrollKey = "pipeline-preview-scroll:" + here;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) { sessionStorage.removeItem(scrollKey); window.scrollTo(0, Number(saved)); }

  // -- the panel
  const panel = make("aside", {id: "pv-panel", class: "pv-panel", lang: "en", dir: "ltr", "aria-label": "Preview"});
  const head = make("div", {class: "pv-head"});
  head.append(make("strong", {}, "Preview (not published)"));
  const toggle = make("button", {type: "button", "aria-expanded": "true", "aria-controls": "pv-body"}, "Hide");
  head.append(toggle);
  const body = make("div", {id: "pv-body"});
  const mode = make("input", {type: "checkbox", id: "pv-translator"});
  const modeLabel = make("label", {for: "pv-translator", class: "pv-mode"});
  modeLabel.append(mode, " Translator mode: hover or focus a passage to see its English and catalog line");
  const content = make("div", {class: "pv-content", "aria-live": "polite"});
  const status = make("p", {class: "pv-rebuilt", role: "status"});
  body.append(modeLabel, content, status);
  panel.append(head, body);
  document.body.append(panel);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide" : "Show";
    body.hidden = !open;
  });

  const finding = (f) => make("li", {class: "pv-" + f.severity},
    `${f.line ? f.path + ":" + f.line : f.path}: ${f.severity}: ${f.code}: ${f.message}`);

  const show = (data) => {
    const parts = [];
    if (data.problems && data.problems.length) {
      parts.push(make("p", {class: "pv-problem"}, "Some files cannot be read; the preview shows their last good version:"));
      const list = make("ul", {class: "pv-problems"});
      data.problems.forEach((f) => list.append(finding(f)));
      parts.push(list);
    }
    if (data.documents) {
      parts.push(make("p", {}, "Every document in this language, drafts included:"));
      const list = make("ul", {class: "pv-documents"});
      for (const d of data.documents) {
        const li = make("li");
        li.append(make("a", {href: d.url, lang: d.lang, dir: d.dir}, d.title));
        if (d.draft) li.append(make("span", {lang: "en"}, " (draft)"));
        list.append(li);
      }
      parts.push(list);
    }
    if (data.document) {
      const state = data.published ? "Published when built" :
        "Held back: a draft preview (not published): " + data.reasons.join("; ");
      parts.push(make("p", {class: data.published ? "pv-ok" : "pv-draft"}, state));
      parts.push(make("p", {}, `${data.document} · ${data.locale} · review status: ${data.review}`));
      if (data.handout) {
        const p = make("p");
        p.append(make("a", {href: data.handout, type: "application/pdf"}, "Large-print handout (PDF, made when opened)"));
        parts.push(p);
      }
      const langs = make("ul", {class: "pv-languages", "aria-label": "This document in every language"});
      for (const l of data.languages) {
        const li = make("li");
        const a = make("a", {href: l.url, lang: l.tag, hreflang: l.tag, dir: l.dir}, l.name);
        if (l.current) a.setAttribute("aria-current", "page");
        li.append(a);
        if (l.draft) li.append(make("span", {lang: "en"}, " (draft)"));
        langs.append(li);
      }
      parts.push(langs);
      const title = data.checking ? "Checks: running…" : `Check findings for this document and language: ${data.findings.length}`;
      parts.push(make("p", {class: "pv-findings-title"}, title));
      const r = data.readability;
      if (r) {
        parts.push(make("p", {class: r.within_limits ? "pv-ok" : "pv-draft"},
          `Readability: grade ${r.grade}, ${r.words} words, sentences of ${r.avg_sentence_words} words on average, ` +
          `the longest ${r.longest_sentence_words}: ${r.within_limits ? "within the limits" : "OVER THE LIMITS"}`));
      }
      if (data.findings.length) {
        const list = make("ul", {class: "pv-findings"});
        data.findings.forEach((f) => list.append(finding(f)));
        parts.push(list);
      }
    }
    content.replaceChildren(...parts);
  };
  const refresh = () => fetch("/__preview/panel?page=" + encodeURIComponent(here), {cache: "no-store"})
    .then((r) => r.json()).then(show).catch(() => { status.textContent = "The preview server does not answer."; });
  refresh();

  // -- translator mode
  const tip = make("div", {id: "pv-tip", class: "pv-tip", role: "tooltip", lang: "en", dir: "ltr", hidden: ""});
  panel.append(tip);  // inside the panel's landmark; fixed, so placed by the viewport
  const segments = () => document.querySelectorAll("[data-pv-en]");
  const setMode = (on) => {
    mode.checked = on;
    localStorage.setItem(MODE, on ? "1" : "0");
    document.documentElement.classList.toggle("pv-translating", on);
    segments().forEach((el) => {
      if (on) { el.setAttribute("tabindex", "0"); el.setAttribute("aria-describedby", "pv-tip"); }
      else { el.removeAttribute("tabindex"); el.removeAttribute("aria-describedby"); }
    });
    if (!on) tip.hidden = true;
  };
  mode.addEventListener("change", () => setMode(mode.checked));
  setMode(localStorage.getItem(MODE) === "1");
  const row = (label, value) => {
    const p = make("p");
    p.append(make("strong", {}, label + ": "), document.createTextNode(value));
    return p;
  };
  const explain = (el) => {
    const d = el.dataset;
    const rows = [row("English", d.pvEn)];
    if (d.pvCtx) rows.push(row("Context (msgctxt)", d.pvCtx));
    if (d.pvPo) rows.push(row("Catalog", d.pvPo));
    rows.push(row("Source", d.pvSrc), row("State", d.pvState));
    tip.replaceChildren(...rows);
    tip.hidden = false;
    shown = el;
    place();
  };
  let shown = null;
  const place = () => {
    if (!shown || tip.hidden) return;
    const box = shown.getBoundingClientRect();
    const below = box.bottom + 4 + tip.offsetHeight <= window.innerHeight;
    tip.style.top = `${below ? box.bottom + 4 : Math.max(4, box.top - tip.offsetHeight - 4)}px`;
    tip.style.left = `${Math.max(4, Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8))}px`;
  };
  const enter = (event) => {
    if (!mode.checked) return;
    const el = event.target.closest && event.target.closest("[data-pv-en]");
    if (el) explain(el);
  };
  document.addEventListener("mouseover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") tip.hidden = true; });
  window.addEventListener("scroll", place, {passive: true});

  // -- live reload: the new page's body replaces this one's (no flash, the reader keeps their place);
  //    a changed style sheet or font reloads the whole page
  const sheets = (doc) => [...doc.querySelectorAll("link[rel=stylesheet]")].map((l) => l.getAttribute("href")).join(" ");
  const reload = () => {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  };
  const swap = async () => {
    const response = await fetch(location.pathname, {cache: "no-store"});
    if (!response.ok) { reload(); return; }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    if (sheets(fresh) !== sheets(document)) { reload(); return; }
    const ours = new Set([panel, tip]);
    [...document.body.children].forEach((el) => { if (!ours.has(el)) el.remove(); });
    const incoming = [...fresh.body.children].filter((el) => el.localName !== "script");
    document.body.prepend(...incoming.map((el) => document.adoptNode(el)));
    document.title = fresh.title;
    for (const name of ["lang", "dir"]) document.documentElement.setAttribute(name, fresh.documentElement.getAttribute(name) || "");
    tip.hidden = true;
    setMode(mode.checked);
    document.dispatchEvent(new CustomEvent("pipeline-preview-updated"));
  };
  const affects = (pages) => pages.some((p) => p === "*" || p === here || !p.endsWith(".html"));
  const styled = (pages) => pages.some((p) => p === "*" || !p.endsWith(".html"));
  const events = new EventSource("/__preview/events?since=" + encodeURIComponent(since));
  events.addEventListener("reload", (e) => {
    const data = JSON.parse(e.data);
    if (styled(data.pages)) { events.close(); reload(); return; }
    if (affects(data.pages)) swap().catch(reload);
    status.textContent = data.ok ? `Rebuilt in ${data.seconds} s.` : "The last save could not be built; see above.";
    refresh();
  });
  events.addEventListener("panel", refresh);
})();
