"""Every page of the real project, built into a temporary folder, passes axe-core, reflow and vnu checks.

One headless Chromium loads each page at 1280 and 320 CSS px (axe-core's WCAG 2.2 AA and
best-practice rules, horizontal scrolling, WCAG 1.4.12 text spacing, no network requests), and
the Nu Html Checker validates every page in one run. Missing tools skip the test locally and fail
it when the CI environment variable is set.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline.build.run import build
from pipeline.catalogs import workflow
from pipeline.checks.gates import project_gate
from pipeline.config.schema import load_config
from pipeline.project import load_project
from tests.webcheck import Tools, check_pages, validate_html

from ..conftest import require_tools

REPO = Path(__file__).resolve().parents[2]
WIDTHS = (1280, 320)
log = logging.getLogger(__name__)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tools() -> Tools:
    return require_tools()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's project (content, catalogs, configuration, profiles) built into a temporary folder."""
    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    shutil.copy2(REPO / "pipeline.toml", root / "pipeline.toml")
    for folder in ("content", "locales", "profiles"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    config = load_config(root)
    if not any(config.content_dir.glob("*.md")):
        pytest.skip("content/ has no documents yet")
    # Catalogs may not exist yet (translations come later): make the missing ones, as `make build` would.
    workflow.extract(config)
    missing = [code for code in config.locales if not config.catalog_path(code).is_file()]
    for code in missing:
        workflow.init(config, code, "machine-draft")
    present = tuple(code for code in config.locales if code not in missing)
    if present:
        workflow.update(config, present)
    started = time.perf_counter()
    project = load_project(root)
    summary = build(project, jobs=os.cpu_count() or 1, gate=project_gate(project, os.cpu_count() or 1))
    assert dict(summary.held_back) == {}, summary.held_back
    log.info("built the real project in %.1fs", time.perf_counter() - started)
    return config.output_dir


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_document_has_a_page_and_a_handout_in_every_language(site: Path) -> None:
    config = load_config(site.parent)
    slugs = sorted(p.stem for p in config.content_dir.glob("*.md"))
    for code in (config.source_locale, *config.locales):
        tag = code.replace("_", "-")
        for slug in slugs:
            assert (site / tag / f"{slug}.html").is_file(), (tag, slug)
            assert (site / tag / f"{slug}.pdf").read_bytes().startswith(b"%PDF-"), (tag, slug)


def test_every_page_passes_axe_reflow_and_text_spacing(site: Path, tools: Tools) -> None:
    pages = _pages(site)
    config = load_config(site.parent)
    # The root index and 404.html, then per language its index, its search page and its documents.
    assert len(pages) == 2 + (1 + len(config.locales)) * (2 + len(list(config.content_dir.glob("*.md"))))
    violations = check_pages(site, pages, WIDTHS, tools=tools)
    assert violations == [], "\n".join(v.format() for v in violations)


def test_every_page_is_valid_html(site: Path, tools: Tools) -> None:
    errors = validate_html(_pages(site), tools=tools, output_dir=site)
    assert errors == [], "\n".join(v.format() for v in errors)
