"""``pipeline build --document SLUG --output DIR``, and a summary that says where the outputs and draft previews are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..conftest import Result


def _ready(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "es").code == 0
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["es", "ar", "zh_Hans"]', '["es"]'),
                      encoding="utf-8")


def test_one_document_into_another_folder(project: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    site = tmp_path / "site"
    result = cli(project, "build", "--document", "back", "--output", str(site), "-j", "1")
    assert result.code == 0, result.err
    assert (site / "en" / "back.html").is_file() and (site / "en" / "back.pdf").is_file()
    assert not (site / "en" / "blood.html").exists()
    assert not (project / "output").exists()
    assert f"the site is in {site}/: open {site}/index.html" in result.out
    # held back: the es catalog is empty; the summary names the draft preview, which exists
    draft = project / "preview" / "es" / "back.html"  # drafts never go into the folder that is uploaded
    assert "held back es/back: draft preview preview/es/back.html" in result.out and draft.is_file()
    assert not (site / "es" / "back.html").exists()
    assert "es/blood" not in result.out
    # building the other document keeps the first one's outputs
    assert cli(project, "build", "--document", "blood", "--output", str(site), "-j", "1").code == 0
    assert (site / "en" / "back.html").is_file() and (site / "en" / "blood.html").is_file()


def test_summary_names_the_output_folder(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    result = cli(project, "build", "--document", "back", "-j", "1")
    assert result.code == 0
    assert "the site is in output/: open output/index.html; draft previews are in preview/" in result.out
    assert "draft preview preview/es/back.html" in result.out


def test_unknown_document_is_a_usage_error(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    result = cli(project, "build", "--document", "bloood")
    assert result.code == 2 and "no document bloood" in result.err and "blood, back" in result.err.replace(
        "back, blood", "blood, back")


def test_build_names_a_catalog_it_does_not_build(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    stray = project / "locales" / "fr" / "LC_MESSAGES" / "leaflets.po"
    stray.parent.mkdir(parents=True)
    stray.write_text((project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po").read_text(encoding="utf-8"),
                     encoding="utf-8")
    result = cli(project, "build", "--document", "back", "-j", "1")
    assert result.code == 0
    assert "locales/fr/LC_MESSAGES/leaflets.po is not built" in result.err and "`pipeline init fr`" in result.err
