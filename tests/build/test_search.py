"""Site search: a Pagefind index built with the site, per language, working offline, in Chinese, Arabic and Hindi."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.build.run import build
from pipeline.build.search import search_available
from pipeline.catalogs import workflow
from pipeline.checks.gates import project_gate
from pipeline.config.schema import load_config
from pipeline.project import load_project

from ..conftest import REPO, Result, require_tools
from .site import translate

needs_pagefind = pytest.mark.skipif(not search_available() and not os.environ.get("CI"),
                                    reason="Pagefind is not installed (pip install 'pagefind[extended]')")


@pytest.mark.slow
@needs_pagefind
def test_the_build_writes_a_search_index_per_language(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0
    translate(project, "es")
    translate(project, "ar")
    assert cli(project, "build", "--jobs", "1").code == 0
    out = project / "output"
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    assert list(pages) == ["ar", "en", "es"]  # in one order, whatever order Pagefind wrote them in
    assert pages == {"en": 2, "es": 2, "ar": 2}  # published pages only: zh-Hans has none, drafts are elsewhere
    for tag in ("en", "es", "ar"):
        assert 'action="search.html"' in (out / tag / "index.html").read_text(encoding="utf-8")
        assert (out / tag / "search.html").is_file()
    assert not (out / "zh-Hans" / "search.html").exists()
    # Shards leave the index to the step that merges them.
    shard = project / "shard"
    shutil.copytree(project, shard, ignore=shutil.ignore_patterns("output", ".cache", "preview"))
    assert cli(shard, "build", "--jobs", "1", "--shard", "1/2").code == 0
    assert not (shard / "output" / "pagefind").exists()


QUERIES = {"zh-Hans": "骨髓", "ar": "نخاع", "hi": "मज्जा", "en": "marrow"}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search") / "project"
    root.mkdir()
    shutil.copy2(REPO / "pipeline.toml", root / "pipeline.toml")
    for folder in ("content", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    config = load_config(root)
    workflow.extract(config)
    workflow.update(config, config.locales)
    project = load_project(root)
    summary = build(project, jobs=os.cpu_count() or 1, gate=project_gate(project))
    assert summary.search_indexed
    return config.output_dir


@pytest.mark.browser
@needs_pagefind
def test_search_finds_pages_in_chinese_arabic_and_hindi_offline_and_accessibly(real_site: Path) -> None:
    tools = require_tools()
    from playwright.sync_api import sync_playwright

    from tests.webcheck import AXE_TAGS, CHROMIUM_ARGS, _serve, validate_html

    failures: list[str] = []
    with _serve(real_site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(tools.chromium), args=list(CHROMIUM_ARGS))
        try:
            for width in (1280, 320):
                context = browser.new_context(viewport={"width": width, "height": 900})
                outside: list[str] = []

                def route(r, outside: list[str] = outside) -> None:  # type: ignore[no-untyped-def]
                    if r.request.url.startswith(base):
                        r.continue_()
                    else:
                        outside.append(r.request.url)
                        r.abort("blockedbyclient")
                context.route("**/*", route)
                context.add_init_script(path=tools.axe_js)
                tab = context.new_page()
                for tag, query in QUERIES.items():
                    tab.goto(f"{base}{tag}/search.html?q={quote(query)}")
                    tab.wait_for_selector("#search_results li a", timeout=20_000)
                    links = tab.eval_on_selector_all("#search_results li a", "els => els.map(e => e.href)")
                    assert links and all(link.startswith(f"{base}{tag}/") for link in links), (tag, links)
                    assert tab.inner_text("#search_status").strip(), tag
                    assert tab.eval_on_selector("#search_results mark", "m => m.textContent"), tag
                    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                          list(AXE_TAGS))
                    failures += [f"{tag}@{width}: {v['id']}: {v['help']}" for v in result["violations"]]
                    wide = tab.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
                    if wide:
                        failures.append(f"{tag}@{width}: scrolls sideways")
                    tab.goto(f"{base}{tag}/search.html?q={quote('zzqqxx')}")
                    tab.wait_for_function("document.getElementById('search_status').textContent.length > 0")
                    assert tab.locator("#search_results li").count() == 0
                assert outside == [], outside
                context.close()
        finally:
            browser.close()
    assert failures == [], "\n".join(failures)
    errors = validate_html(sorted(real_site.glob("*/search.html")) + sorted(real_site.glob("*/index.html"))
                           + [real_site / "404.html"], tools=tools, output_dir=real_site)
    assert errors == [], "\n".join(e.format() for e in errors)
