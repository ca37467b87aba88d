"""Test helpers for the build: a translated tiny project, the CLI in a fresh process, and a crawler of output/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib

REPO = Path(__file__).resolve().parents[2]
BASE_URL = "https://example.org/leaflets/"  # tests/conftest.py's base_url


def catalog_path(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "leaflets.po"


def translate(root: Path, code: str) -> None:
    """Fill every entry of a catalog with the English marked by the locale (``… ~es``): a visible translation."""
    po = catalog_path(root, code)
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid_plural:
            for index in entry.msgstr_plural:
                entry.msgstr_plural[index] = f"{entry.msgid_plural} ~{code}"
        else:
            entry.msgstr = f"{entry.msgid} ~{code}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()


def pipeline(root: Path, *args: str, seed: str = "0", code_dir: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``pipeline ARGS`` in a fresh process with the given PYTHONHASHSEED (as a publisher runs it)."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(code_dir)}
    return subprocess.run([sys.executable, "-m", "pipeline", "--project", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600, cwd=root)


def built_counts(out: str) -> tuple[int, int]:
    """(built, skipped) from the build's summary line; (0, -1) for "nothing to do"."""
    found = re.search(r"built (\d+), skipped (\d+)", out)
    if found is None:
        assert "nothing to do" in out, out
        return 0, -1
    return int(found.group(1)), int(found.group(2))


@dataclass(frozen=True)
class Link:
    page: str  # relative to output/
    attribute: str  # "a href", "link alternate", ...
    target: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            value = values.get(name)
            if value:
                self.found.append((f"{tag} {values.get('rel') or name}", value))


def local_target(output: Path, page: Path, ref: str, base_url: str = BASE_URL) -> Path | None:
    """The file under output/ a link points to; None for links to other sites (and mailto:, tel:)."""
    page_url = base_url + page.relative_to(output).as_posix()
    absolute = urljoin(page_url, ref)
    if not absolute.startswith(base_url):
        return None
    path = urlsplit(absolute).path[len(urlsplit(base_url).path):]
    return output / (path or "index.html")


def broken_links(output: Path, base_url: str = BASE_URL) -> list[Link]:
    """Every internal link, stylesheet, icon, image and hreflang target of every page that does not resolve."""
    broken = []
    for page in sorted(output.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for attribute, ref in parser.found:
            target = local_target(output, page, ref, base_url)
            if target is not None and not target.is_file():
                broken.append(Link(page.relative_to(output).as_posix(), attribute, ref))
    return broken


def sitemap_urls(output: Path) -> tuple[set[str], set[str]]:
    """(the <loc> addresses, every hreflang address) of output/sitemap.xml."""
    text = (output / "sitemap.xml").read_text(encoding="utf-8")
    return set(re.findall(r"<loc>([^<]+)</loc>", text)), set(re.findall(r'hreflang="[^"]+" href="([^"]+)"', text))


def published_pages(output: Path, base_url: str = BASE_URL) -> set[str]:
    """The address of every page in output/ (the 404 and search pages are not pages to list)."""
    return {base_url + ("" if p.relative_to(output).as_posix() == "index.html" else p.relative_to(output).as_posix())
            for p in output.rglob("*.html") if p.name not in ("404.html", "search.html")}
