"""Command-line conventions: --version, -q and -v anywhere, check FILE, msgfmt line numbers, actionable errors."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib

from ..conftest import Result, require_gettext

PO = "locales/es/LC_MESSAGES/leaflets.po"
CALL = "Call {clinic_name} at {clinic_phone} if you have a fever."


def _ready(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0


def _break_placeholder(project: Path) -> None:
    catalog = polib.pofile(str(project / PO))
    catalog.find(CALL).msgstr = "Llame a {clinica} al {clinic_phone} si tiene fiebre."
    catalog.save()


def test_version(project: Path, cli: Callable[..., Result]) -> None:
    result = cli(project, "--version")
    assert result.code == 0 and re.match(r"pipeline \d+\.\d+", result.out)


def test_no_command_is_a_usage_error_that_says_what_to_do(project: Path, cli: Callable[..., Result]) -> None:
    result = cli(project)
    assert result.code == 2 and "see `pipeline --help`" in result.err


def test_quiet_and_verbose_before_or_after_the_command(project: Path, cli: Callable[..., Result]) -> None:
    loud = cli(project, "extract")
    assert loud.code == 0 and loud.out
    for args in (("-q", "extract"), ("extract", "-q"), ("extract", "--quiet")):
        result = cli(project, *args)
        assert result.code == 0 and result.out == "", args
    for args in (("-v", "extract"), ("extract", "-v")):
        result = cli(project, *args)
        assert result.code == 0 and "DEBUG: read 2 documents" in result.err, args
    assert cli(project, "extract", "-v", "-q").code == 2


def test_check_accepts_a_catalog_path(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    _break_placeholder(project)
    result = cli(project, "check", PO)
    assert result.code == 1
    findings = [line for line in result.out.splitlines() if re.match(r"\S+:\d+: (error|warning): ", line)]
    assert findings and all(line.startswith(PO + ":") for line in findings)
    assert "locales/ar/" not in result.out and "ar: " not in result.out
    assert cli(project, "check", "locales/ar/LC_MESSAGES/leaflets.po").code == 0
    missing = cli(project, "check", "nowhere.po")
    assert missing.code == 2 and "no such file" in missing.err


def test_check_of_an_unregistered_catalog_says_to_init(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    po = project / "locales" / "de" / "LC_MESSAGES" / "leaflets.po"
    po.parent.mkdir(parents=True)
    po.write_text((project / PO).read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(project, "check", str(po))
    assert result.code == 2 and "`pipeline init de`" in result.err


def test_line_numbers_are_msgfmts_in_check_and_build(project: Path, cli: Callable[..., Result]) -> None:
    require_gettext()
    _ready(project, cli)
    _break_placeholder(project)
    msgfmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(project / PO)], capture_output=True, text=True)
    lines = {int(n) for n in re.findall(r"leaflets\.po:(\d+): ", msgfmt.stderr)}
    assert len(lines) == 1, msgfmt.stderr
    line = lines.pop()
    assert (project / PO).read_text(encoding="utf-8").splitlines()[line - 1].startswith("msgstr")
    check = cli(project, "check", "--locale", "es")
    assert f"{PO}:{line}: error: placeholder" in check.out
    build = cli(project, "build", "--locale", "es", "--jobs", "1")
    assert build.code == 0
    assert f"{PO}:{line} (placeholder" in build.out, build.out


def test_unknown_locale_says_how_to_register_it(project: Path, cli: Callable[..., Result]) -> None:
    result = cli(project, "build", "--locale", "de")
    assert result.code == 2 and "`pipeline init de`" in result.err
