"""Site search: a static Pagefind index of the published pages, written to ``output/pagefind/`` after each build.

Pagefind (PyPI ``pagefind[extended]``: the extended binary segments Chinese and Japanese words)
reads the pages the build wrote, indexes the part marked ``data-pagefind-body`` one index per
``<html lang>``, and writes a bundle the search pages load from the same site: no request leaves
it. The bundle is written beside output/ and then put in place whole, so a failed run leaves the
last index as it was.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.fsutil import write_atomic

log = logging.getLogger(__name__)

BUNDLE = "pagefind"


def search_available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def index_site(output_dir: Path, work_dir: Path) -> bool:
    """Index ``output_dir`` into ``output_dir/pagefind``; False (and a warning) when Pagefind is not installed."""
    if not search_available():
        log.warning("Pagefind is not installed (pip install 'pagefind[extended]'): the site search has no index")
        return False
    fresh = work_dir / "pagefind-new"
    shutil.rmtree(fresh, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(output_dir), "--output-path", str(fresh), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "PAGEFIND_SITE": str(output_dir)})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PipelineError(f"the search index (Pagefind) could not run: {exc}") from None
    if done.returncode != 0 or not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        raise PipelineError(f"the search index (Pagefind) failed for {output_dir}: "
                            f"{(done.stderr or done.stdout).strip()[-500:]}")
    _sort_entry(fresh / "pagefind-entry.json")
    target = output_dir / BUNDLE
    old = work_dir / "pagefind-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        shutil.move(str(target), old)
    shutil.move(str(fresh), target)
    shutil.rmtree(old, ignore_errors=True)
    return True


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages of its entry file in an order that changes from run to run; sort them,
    so that the same site gives the same bytes (the order means nothing to Pagefind's loader)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no entry file, or not one this version writes: leave Pagefind's output as it is
    if isinstance(entry, dict) and isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
        write_atomic(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
