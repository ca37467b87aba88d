"""``pipeline init``: registers the locale keeping comments, refuses the source locale, suggests names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.config.schema import load_config

from ..conftest import Result, config_text

COMMENTED = """\
# The project (see docs/config.md).
[project]
name = "Test leaflets"   # shown on every page
domain = "leaflets"
source_locale = "en"
locales = [
    "es",  # Spanish: reviewed
    "ar",
]
base_url = "https://example.org/leaflets/"
default_profile = "clinic.toml"

# When to publish.
[publish]
min_translated = 90
"""


def test_init_registers_the_locale_keeping_comments(project: Path, cli: Callable[..., Result]) -> None:
    (project / "pipeline.toml").write_text(COMMENTED, encoding="utf-8")
    assert cli(project, "extract").code == 0
    result = cli(project, "init", "pt_BR")
    assert result.code == 0, result.err
    assert (project / "locales" / "pt_BR" / "LC_MESSAGES" / "leaflets.po").is_file()
    assert load_config(project).locales == ("es", "ar", "pt_BR")
    text = (project / "pipeline.toml").read_text(encoding="utf-8")
    assert text.replace('    "pt_BR",\n', "") == COMMENTED
    # the README's next step works
    assert cli(project, "check", "--locale", "pt_BR").code == 0
    assert cli(project, "stats", "--locale", "pt_BR").code == 0


def test_init_adds_locales_when_the_file_has_none(project: Path, cli: Callable[..., Result]) -> None:
    (project / "pipeline.toml").write_text(config_text(locales=None), encoding="utf-8")
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "fr").code == 0
    assert load_config(project).locales == ("fr",)
    assert (project / "pipeline.toml").read_text(encoding="utf-8").startswith('[project]\nlocales = ["fr"]\n')


def test_init_of_a_registered_locale_does_not_touch_the_config(project: Path, cli: Callable[..., Result]) -> None:
    before = (project / "pipeline.toml").read_bytes()
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "es").code == 0
    assert (project / "pipeline.toml").read_bytes() == before
    again = cli(project, "init", "es")
    assert again.code == 2 and "`pipeline update es`" in again.err


def test_init_refuses_the_source_locale(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    result = cli(project, "init", "en")
    assert result.code == 2 and "source locale" in result.err
    assert not (project / "locales" / "en").exists()


def test_init_suggests_the_nearest_valid_name(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    result = cli(project, "init", "pt-br")
    assert result.code == 2 and 'did you mean "pt_BR"?' in result.err and "`pipeline init pt_BR`" in result.err
    assert cli(project, "init", "zh-hans").err.count('"zh_Hans"') == 1
    assert not (project / "locales" / "pt-br").exists()
