"""The command line: exit codes, error reports, stats and the build's outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polib

from ..conftest import Result


def _ready(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0


def test_usage_errors_exit_2(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "no-such-command").code == 2
    assert cli(project, "build", "--locale", "de").code == 2


def test_bad_config_lists_every_problem(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "pipeline.toml").write_text(
        '[project]\nname = ""\nlocales = ["es", "xx_Nope"]\nbase_url = "ftp://x"\n\n[publish]\nmin_translated = 150\n',
        encoding="utf-8")
    result = cli(tmp_path, "build")
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(lines) == 4
    assert "pipeline.toml:2: error: config-value:" in result.err
    assert "pipeline.toml:3: error: config-value:" in result.err and "xx_Nope" in result.err
    assert "Traceback" not in result.err


def test_missing_project_is_a_clear_error(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli(tmp_path, "extract")
    assert result.code == 1 and "no pipeline.toml" in result.err


def test_broken_content_stops_extract_with_file_and_line(project: Path, cli: Callable[..., Result]) -> None:
    (project / "content" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    result = cli(project, "extract")
    assert result.code == 1
    assert "content/broken.md:2: error: front-matter-syntax:" in result.err
    assert not (project / "locales" / "leaflets.pot").exists()


def test_stats_counts_segments_and_words(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("About blood").msgstr = "Sobre la sangre"
    entry = catalog.find("Your back")
    entry.msgstr = "Tu espalda"
    entry.flags.append("fuzzy")
    catalog.save()
    result = cli(project, "stats", "--format", "json", "--locale", "es")
    assert result.code == 0
    data = json.loads(result.out)["locales"]["es"]
    blood = next(d for d in data["documents"] if d["document"] == "blood")
    back = next(d for d in data["documents"] if d["document"] == "back")
    assert blood["translated"] == 1 and blood["words_translated"] == 2
    assert back["fuzzy"] == 1 and back["translated"] == 0
    assert data["total"]["segments"] == blood["segments"] + back["segments"]
    assert 0 < blood["percent"] < 10


def test_build_writes_pages_and_marks_english_fallback(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:  # everything but one paragraph, so the page is published with one fallback
        if entry.msgid != "Blood carries **oxygen** to every part of your body." and not entry.msgid_plural:
            entry.msgstr = entry.msgid
    catalog.find("About blood").msgstr = "Sobre la sangre"
    catalog.save()
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[publish]\nmin_translated = 90\n", encoding="utf-8")
    result = cli(project, "build", "--locale", "es")
    assert result.code == 0, result.err
    page = (project / "output" / "es" / "blood.html").read_text(encoding="utf-8")
    assert '<html lang="es" dir="ltr">' in page
    assert "Sobre la sangre" in page
    assert 'lang="en">Blood carries <strong>oxygen</strong>' in page
    assert (project / "output" / "index.html").is_file()
    assert (project / "output" / "en" / "blood.html").is_file()
    assert "es: 2 pages, 1 segment shown in English" in result.out
