"""Real catalogs of other projects (tests/data/po/): `pipeline fmt` writes exactly what GNU msgcat writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.commands.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "po"
FILES = sorted(DATA.rglob("*.po"))
needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")


def test_the_real_catalogs_are_there() -> None:
    assert len(FILES) >= 10 and sum(path.stat().st_size for path in FILES) > 300_000


@needs_gettext
@pytest.mark.parametrize("source", FILES, ids=[p.relative_to(DATA).as_posix() for p in FILES])
def test_fmt_writes_what_msgcat_writes(source: Path, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.po", tmp_path / "theirs.po"
    shutil.copyfile(source, ours)
    shutil.copyfile(source, theirs)
    subprocess.run(["msgcat", str(theirs), "-o", str(theirs)], check=True, capture_output=True)
    assert main(["fmt", str(ours)]) == 0
    assert ours.read_bytes() == theirs.read_bytes()
    assert main(["fmt", "--check", str(ours)]) == 0  # canonical now: nothing to do


def test_fmt_check_changes_nothing_and_lists_what_would_change(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    messy = tmp_path / "messy.po"
    messy.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     '#:src/a.c:1\nmsgid "a" msgstr "b"\n', encoding="utf-8")
    before = messy.read_bytes()
    tidy = tmp_path / "tidy.po"
    tidy.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["fmt", "--check", str(messy), str(tidy)]) == 1
    out = capsys.readouterr().out
    assert str(messy) in out and str(tidy) not in out
    assert "run `pipeline fmt`" in out  # what to do about it
    assert messy.read_bytes() == before
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text(encoding="utf-8").endswith('#: src/a.c:1\nmsgid "a"\nmsgstr "b"\n')


def test_fmt_reports_broken_files_with_their_line_and_formats_the_others(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    good = tmp_path / "good.po"
    good.write_text('msgid "a" msgstr "b"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["fmt", str(broken), str(good)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:2: error: po-syntax:" in err
    assert good.read_text(encoding="utf-8") == 'msgid "a"\nmsgstr "b"\n'
    assert broken.read_text(encoding="utf-8") == 'msgid "a"\nmsgstr "b\n'
