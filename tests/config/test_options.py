"""The declared configuration: every problem at once at its line, unknown keys named, docs/config.md current."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.catalogs.glossary import parse_glossary
from pipeline.config.docs import DOCS_PATH, render_docs
from pipeline.config.lines import KeyLines
from pipeline.config.schema import SCHEMA, Config, load_config
from pipeline.errors import ConfigError

from ..conftest import Result


def _errors(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    return [f.format() for f in caught.value.findings]


def test_misspelt_keys_are_errors_with_did_you_mean(project: Path) -> None:
    config = project / "pipeline.toml"
    text = config.read_text(encoding="utf-8").replace('locales = ["es", "ar", "zh_Hans"]', 'locale = ["de"]')
    config.write_text(text + "\n[publish]\nmin_translate = 80\n", encoding="utf-8")
    found = _errors(project)
    assert 'pipeline.toml:5: error: config-unknown: unknown key [project] locale (did you mean "locales"?)' \
        in "\n".join(found)
    assert any(f.startswith("pipeline.toml:10: error: config-unknown: unknown key [publish] min_translate "
                            '(did you mean "min_translated"?)') for f in found)
    assert len(found) == 2


def test_unknown_table_and_key_outside_its_table(project: Path) -> None:
    config = project / "pipeline.toml"
    config.write_text("min_translated = 90\n" + config.read_text(encoding="utf-8") + '\n[pahts]\ncontent = "x"\n',
                      encoding="utf-8")
    found = "\n".join(_errors(project))
    assert "pipeline.toml:1: error: config-unknown: min_translated is outside any table; it belongs in [publish]" \
        in found
    assert 'pipeline.toml:10: error: config-unknown: unknown table [pahts] (did you mean "paths"?)' in found


def test_every_problem_at_once_in_line_order(tmp_path: Path) -> None:
    (tmp_path / "pipeline.toml").write_text(
        '[project]\nname = ""\nlocales = [\n  "es",\n  "pt-br",\n]\nbase_url = "ftp://x"\n\n'
        '[publish]\nmin_translated = 150\ncritical_status = "reviewd"\n[check]\nmax_sentence_words = 2.5\n',
        encoding="utf-8")
    found = _errors(tmp_path)
    assert [f.split(": error: ")[0] for f in found] == [
        "pipeline.toml:2", "pipeline.toml:3", "pipeline.toml:7", "pipeline.toml:10", "pipeline.toml:11",
        "pipeline.toml:13"]
    assert 'did you mean "pt_BR"?' in found[1]
    assert 'did you mean "reviewed"?' in found[4]


def test_required_keys_are_named_with_what_to_add(tmp_path: Path) -> None:
    (tmp_path / "pipeline.toml").write_text('[project]\nname = "X"\n', encoding="utf-8")
    found = _errors(tmp_path)
    assert found == ['pipeline.toml:1: error: config-missing: [project] base_url is required (the absolute address '
                     'where output/ is published); add base_url = "https://health.example.org/patient-info/"']


def test_config_dataclass_defaults_are_the_declared_ones() -> None:
    # [contact] is read with the clinic-profile declarations (CONTACT_SCHEMA), not as options of its own.
    fields = {f.name: f.default for f in dataclasses.fields(Config)
              if f.default is not dataclasses.MISSING and f.name != "contact"}
    declared = {o.name: o.default for o in SCHEMA.options}
    assert fields and all(declared[name] == value for name, value in fields.items())


def test_docs_config_md_is_generated_from_the_declarations() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render_docs(), \
        "docs/config.md is stale: run `python -m pipeline.config.docs`"
    for option in SCHEMA.options:
        assert f"| `{option.key}` |" in render_docs()


def test_the_glossary_reports_unknown_tables_and_keys_at_their_lines() -> None:
    text = ('[terms."bone marrow"]\nes = "médula ósea"\nfrr = "moelle"\n\n[name]\nkeep = ["x"]\n'
            '[names]\nkept = ["CAR-T"]\n')
    _, findings = parse_glossary(text, "locales/glossary.toml", ["es", "fr"])
    shown = [f.format() for f in findings]
    assert any(s.startswith('locales/glossary.toml:3: warning: glossary-locale:') and 'did you mean "fr"?' in s
               for s in shown)
    assert any(s.startswith('locales/glossary.toml:5: error: glossary-unknown: unknown table [name] '
                            '(did you mean "names"?)') for s in shown)
    assert any(s.startswith('locales/glossary.toml:8: error: glossary-unknown: unknown key [names] kept '
                            '(did you mean "keep"?)') for s in shown)


def test_key_lines_know_tables_quoted_dotted_keys_and_skip_multiline_values() -> None:
    lines = KeyLines.of('# c\n[a]\nx = [\n  "y = 1",\n]\ns = """\nz = 2\n"""\n"q k" = 1\nd.e = 2\n'
                        '[terms."bone marrow"]\nes = "m"\n[[arr]]\nk = 1\n')
    assert lines.exact("a") == 2 and lines.exact("a", "x") == 3
    assert lines.exact("a", "y") is None and lines.exact("a", "z") is None
    assert lines.exact("a", "q k") == 9 and lines.exact("a", "d", "e") == 10
    assert lines.exact("terms", "bone marrow", "es") == 12 and lines.exact("arr", "k") == 14
    assert lines.line("a", "missing") == 2


def test_cli_reports_config_errors_without_traceback(project: Path, cli: Callable[..., Result]) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("locales =", "locale ="), encoding="utf-8")
    result = cli(project, "check")
    assert result.code == 1 and "pipeline.toml:5: error: config-unknown" in result.out + result.err
    assert "Traceback" not in result.err
