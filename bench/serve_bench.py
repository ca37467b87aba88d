"""Time from save to visible in `pipeline serve`: a catalog entry and a document edited, the open page watched.

    python bench/serve_bench.py [--rounds 8] [--locale es] [--document all-signs]

Copies this repository's project (pipeline.toml, content/, locales/, profiles/) into a temporary
folder, starts `pipeline serve` on a free port, opens the page in headless Chromium, then saves an
edit to the document title's catalog entry (and then to the document's English title) ``--rounds``
times each. For each save it prints the milliseconds from just before the file is written to the
moment the open page shows the new text (the animation frame after the panel script swapped the new
page in, by the same clock). The
figure includes the watcher's polling, the re-read, the build, the event and the page update. Saves are
3 s apart (a person's pace), so each is measured after the previous save's background gates and checks
(on a loaded machine a document save's take over a second: closer saves share the processor with them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.preview.serving import serving  # noqa: E402
from tests.webcheck import CHROMIUM_ARGS  # noqa: E402

PAUSE = 3.0  # seconds between saves, as a person's saves are: the background checks of one save finish

# When the page has the new text: the frame after the panel script swapped it in (or after a reload).
STAMP = ("window.__shown = 0; const stamp = () => requestAnimationFrame(() => { window.__shown = Date.now(); });"
         " document.addEventListener('DOMContentLoaded', stamp);"
         " document.addEventListener('pipeline-preview-updated', () => { window.__shown = 0; stamp(); });")


def _copy_project(target: Path) -> None:
    shutil.copy2(ROOT / "pipeline.toml", target / "pipeline.toml")
    for folder in ("content", "locales", "profiles"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder)


def _msgstr_line(lines: list[str], msgid: str) -> int:
    at = lines.index(f'msgid "{msgid}"')
    return next(n for n in range(at, len(lines)) if lines[n].startswith("msgstr"))


def _title(md: Path) -> str:
    for line in md.read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip('"')
    raise SystemExit(f"{md}: no title line in the front matter")


def _round(tab, path: Path, old: str, new: str, shown: str) -> float:  # type: ignore[no-untyped-def]
    """Save ``path`` with ``old`` replaced by ``new``; milliseconds until the page's h1 shows ``shown``."""
    text = path.read_text(encoding="utf-8")
    tab.evaluate("window.__shown = 0")
    started = time.time() * 1000
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    tab.wait_for_function("(t) => document.querySelector('h1') && document.querySelector('h1').textContent"
                          ".includes(t) && window.__shown", arg=shown, polling="raf", timeout=30_000)
    shown = float(tab.evaluate("window.__shown")) - started
    time.sleep(PAUSE)
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--locale", default="es")
    parser.add_argument("--document", default="all-signs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        root = Path(tmp)
        _copy_project(root)
        md = root / "content" / f"{args.document}.md"
        english = _title(md)
        po = next((root / "locales" / args.locale).rglob("*.po"))
        lines = po.read_text(encoding="utf-8").splitlines()
        translated = lines[_msgstr_line(lines, english)].removeprefix('msgstr "').removesuffix('"')
        started = time.perf_counter()
        with serving(root) as server, sync_playwright() as pw:
            print(f"first build and start: {time.perf_counter() - started:.1f} s "
                  f"({os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})")
            chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
            browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            tab = browser.new_page()
            tab.add_init_script(STAMP)
            tag = args.locale.replace("_", "-")
            tab.goto(f"{server.url}/{tag}/{args.document}.html")
            tab.wait_for_function("window.__shown")
            figures: dict[str, list[float]] = {"catalog entry": [], "document": []}
            current = translated
            for i in range(args.rounds):
                fresh = f"{translated} ({i})"
                figures["catalog entry"].append(_round(tab, po, f'msgstr "{current}"', f'msgstr "{fresh}"', fresh))
                current = fresh
            tab.goto(f"{server.url}/en/{args.document}.html")
            tab.wait_for_function("window.__shown")
            current_en = english
            for i in range(args.rounds):
                fresh = f"{english} ({i})"
                figures["document"].append(_round(tab, md, f"title: {current_en}", f"title: {fresh}", fresh))
                current_en = fresh
            browser.close()
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        for what, values in figures.items():
            print(f"save to visible, {what} ({args.locale if what != 'document' else 'en'} page): "
                  f"median {statistics.median(values):.0f} ms, min {min(values):.0f} ms, max {max(values):.0f} ms "
                  f"over {len(values)} saves: " + " ".join(f"{v:.0f}" for v in values))


if __name__ == "__main__":
    main()
