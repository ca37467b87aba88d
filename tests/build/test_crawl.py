"""A crawler over output/: after full, partial and merged-shard builds every internal link and hreflang target resolves,
and the sitemap lists exactly the published pages."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.build.run import build
from pipeline.checks.gates import project_gate
from pipeline.project import load_project

from ..conftest import Result
from .site import BASE_URL, broken_links, catalog_path, local_target, published_pages, sitemap_urls, translate

pytestmark = pytest.mark.slow


def _crawl(output: Path) -> None:
    assert broken_links(output) == []
    locs, alternates = sitemap_urls(output)
    assert locs == published_pages(output)
    for url in alternates:
        target = local_target(output, output / "index.html", url)
        assert target is not None and target.is_file(), url
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


def _files(output: Path) -> dict[str, bytes]:
    """Every file the build writes (the search index is Pagefind's, built over the merged folder)."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind/")}


def test_full_partial_and_sharded_builds_leave_a_whole_site(project: Path, cli: Callable[..., Result],
                                                            tmp_path: Path) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0
    translate(project, "es")
    translate(project, "ar")
    catalog = polib.pofile(str(catalog_path(project, "ar")))
    catalog.find("Rest and gentle walks can help.").msgstr = ""  # ar/back held back; zh_Hans has nothing
    catalog.save()
    out = project / "output"
    assert cli(project, "build", "--jobs", "1").code == 0
    _crawl(out)
    full = _files(out)
    assert "zh-Hans/index.html" not in full and "ar/back.html" not in full and "ar/blood.html" in full

    # Partial: one locale; then one document (build()'s documents=, as `--document` passes it).
    translate(project, "zh_Hans")
    assert cli(project, "build", "--jobs", "1", "--locale", "zh_Hans").code == 0
    _crawl(out)
    assert (out / "zh-Hans" / "back.html").is_file() and (out / "ar" / "blood.html").is_file()
    assert 'href="zh-Hans/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    catalog = polib.pofile(str(catalog_path(project, "ar")))
    catalog.find("Rest and gentle walks can help.").msgstr = "الراحة تساعد."
    catalog.save()
    pages = {p for p in _files(out) if p.endswith((".html", ".pdf"))}
    project_data = load_project(project)
    summary = build(project_data, gate=project_gate(project_data), documents=["back"])
    assert summary.built == 4  # ar/back is published now: every language's back page links to it
    assert pages <= set(_files(out))
    _crawl(out)
    assert (out / "ar" / "back.html").is_file()
    assert 'hreflang="ar"' in (out / "es" / "back.html").read_text(encoding="utf-8")

    # Shards built into separate folders, merged into one: the same site as a full build.
    assert cli(project, "build", "--jobs", "1").code == 0
    complete = _files(out)
    merged = _merged_shards(project, cli, tmp_path / "merged")
    _crawl(merged)
    assert _files(merged) == complete


def _merged_shards(project: Path, cli: Callable[..., Result], merged: Path) -> Path:
    """The site built as two shards, each into output/, copied into one folder as a publisher would."""
    out = project / "output"
    for index in (1, 2):
        shutil.rmtree(out)
        assert cli(project, "build", "--jobs", "1", "--shard", f"{index}/2").code == 0
        shutil.copytree(out, merged, dirs_exist_ok=True)
    return merged


def test_a_page_held_back_by_a_partial_build_stays_online_until_the_whole_site_is_built(
        project: Path, cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0
        translate(project, code)
    out = project / "output"
    assert cli(project, "build", "--jobs", "1").code == 0
    published = (out / "ar" / "blood.html").read_bytes()
    catalog = polib.pofile(str(catalog_path(project, "ar")))
    for entry in catalog:
        if {path for path, _ in entry.occurrences} == {"content/blood.md"}:
            entry.msgstr = ""  # the Arabic blood page is no longer complete enough to publish
    catalog.save()

    # A partial build removes nothing: the published page stays, listed and linked, and the build says so.
    for edit in ("", "الراحة تساعد."):  # (and the next partial build still knows it is online)
        if edit:
            catalog = polib.pofile(str(catalog_path(project, "ar")))
            catalog.find("Rest and gentle walks can help.").msgstr = edit
            catalog.save()
        result = cli(project, "build", "--jobs", "1", "--locale", "ar")
        assert result.code == 0
        assert "held back ar/blood" in result.out and "its published page stays online until a full build" in result.out
        _crawl(out)
        assert (out / "ar" / "blood.html").read_bytes() == published
        assert BASE_URL + "ar/blood.html" in sitemap_urls(out)[0]
        assert 'href="blood.html"' in (out / "ar" / "index.html").read_text(encoding="utf-8")
        assert (project / "preview" / "ar" / "blood.html").is_file()

    # Shards decide every unit together: merged, they leave the page out and no page links to it.
    merged = _merged_shards(project, cli, tmp_path / "merged")
    _crawl(merged)
    assert not (merged / "ar" / "blood.html").exists() and (merged / "ar" / "back.html").is_file()
    assert 'hreflang="ar"' not in (merged / "es" / "blood.html").read_text(encoding="utf-8")

    # The full build agrees.
    result = cli(project, "build", "--jobs", "1")
    assert result.code == 0 and "held back ar/blood" in result.out and "page stays online" not in result.out
    _crawl(out)
    assert _files(out) == _files(merged)  # the same files, web font subsets included
