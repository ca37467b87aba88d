"""Incremental, parallel and sharded builds: what is rebuilt, and that every way gives the same files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.build.manifest import parse_shard, shard_of
from pipeline.build.run import build
from pipeline.checks.gates import project_gate
from pipeline.project import load_project

from ..conftest import Result

pytestmark = pytest.mark.slow


def _translated(project: Path, cli: Callable[..., Result]) -> Path:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0
        po = project / "locales" / code / "LC_MESSAGES" / "leaflets.po"
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if entry.msgid_plural:
                for index in entry.msgstr_plural:
                    entry.msgstr_plural[index] = entry.msgid_plural
            else:
                entry.msgstr = entry.msgid
        catalog.save()
    return project


def _files(output: Path) -> dict[str, bytes]:
    """Every file the build writes (the search index is Pagefind's, built over the merged folder)."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind/")}


def _build(root: Path, **options: object):  # type: ignore[no-untyped-def]
    project = load_project(root)
    return build(project, gate=project_gate(project), **options)  # type: ignore[arg-type]


def test_rebuild_redoes_only_what_changed(project: Path, cli: Callable[..., Result]) -> None:
    _translated(project, cli)
    first = _build(project, jobs=1)
    assert (first.built, first.skipped) == (8, 0)
    again = _build(project, jobs=1)
    assert (again.built, again.skipped, again.written) == (0, 8, 0)
    # One string of one document in one locale: only that page and its handout are rebuilt.
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").msgstr = "El descanso y los paseos suaves ayudan."
    catalog.save()
    one = _build(project, jobs=1)
    assert (one.built, one.skipped) == (1, 7)
    page = (project / "output" / "es" / "back.html").read_text(encoding="utf-8")
    assert "El descanso y los paseos suaves ayudan." in page
    # The clinic profile is an input of every handout.
    profile = project / "clinic.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("+1 555 0100", "+1 555 0199"), encoding="utf-8")
    assert _build(project, jobs=1).built == 8


def test_a_deleted_output_is_rebuilt(project: Path, cli: Callable[..., Result]) -> None:
    _translated(project, cli)
    _build(project, jobs=1)
    (project / "output" / "ar" / "blood.pdf").unlink()
    result = _build(project, jobs=1)
    assert result.built == 1 and (project / "output" / "ar" / "blood.pdf").is_file()


def test_parallel_and_sharded_builds_give_the_same_files(project: Path, cli: Callable[..., Result],
                                                         tmp_path: Path) -> None:
    _translated(project, cli)
    _build(project, jobs=1)
    serial = _files(project / "output")
    shutil.rmtree(project / "output")
    summary = _build(project, jobs=2)
    assert summary.jobs == 2 and summary.built == 8
    assert _files(project / "output") == serial
    # Two shards, built into separate folders (as on two CI machines), merge into the same site.
    merged = tmp_path / "merged"
    built = 0
    for index in (1, 2):
        shutil.rmtree(project / "output")
        part = _build(project, jobs=1, shard=(index, 2))
        built += part.built
        shutil.copytree(project / "output", merged, dirs_exist_ok=True)
    assert built == 8
    assert _files(merged) == serial


def test_shards_are_stable_and_cover_everything() -> None:
    keys = [f"{locale}/doc-{n}" for locale in ("es", "fr", "ar") for n in range(50)]
    assignment = {key: shard_of(key, 4) for key in keys}
    assert assignment == {key: shard_of(key, 4) for key in keys}
    assert set(assignment.values()) == {1, 2, 3, 4}
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_cli_fast_path_and_summary(project: Path, cli: Callable[..., Result]) -> None:
    _translated(project, cli)
    first = cli(project, "build", "--jobs", "2")
    assert first.code == 0, first.err
    assert "built 8, skipped 0, held back 0" in first.out
    assert "\r" not in first.err  # no progress bar when the output is not a terminal
    second = cli(project, "build", "--jobs", "2")
    assert second.code == 0 and "nothing to do" in second.out
    assert cli(project, "build", "--shard", "3/2").code == 2
    assert cli(project, "build", "--jobs", "0").code == 2


def test_a_catalog_edit_is_seen_by_the_publishing_gates(project: Path, cli: Callable[..., Result]) -> None:
    """Gate decisions are cached per catalog; an edit must still hold a document back at once."""
    _translated(project, cli)
    assert _build(project, jobs=1).held_back == {}
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").flags.append("fuzzy")
    catalog.save()
    again = _build(project, jobs=1)
    assert list(again.held_back) == ["es/back"]
    assert (project / "preview" / "es" / "back.html").is_file()
    assert not (project / "output" / "es" / "back.html").exists()
    assert not (project / "output" / "es" / "back.pdf").exists()
