"""``pipeline check``: each check with its code and line, the output formats, exit codes and publishing gates."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.catalogs import workflow
from pipeline.catalogs.files import read_catalog, write_catalog
from pipeline.catalogs.glossary import localize_links, parse_glossary
from pipeline.catalogs.translations import Translations, translations_from_catalog
from pipeline.checks.gates import Gate, decide, decide_project
from pipeline.checks.numbers import compare, find_numbers
from pipeline.checks.report import run_check
from pipeline.checks.translation import meaning_changes, sentences
from pipeline.commands.main import main
from pipeline.config.schema import load_config
from pipeline.content.inline import render_html
from pipeline.errors import ConfigError, error
from pipeline.locales import locale_info
from pipeline.project import load_project
from pipeline.statuses import ReviewStatus

from ..hostile.tinyproject import entry_line, make_project, msgstr_line, po_path, set_translation

REPO = Path(__file__).resolve().parents[2]
PO = "locales/es/LC_MESSAGES/leaflets.po"
WARN = "Take 2.5 mg of the medicine every 8 hours."
ASPIRIN = "Do **not** take aspirin. Read [the fever guide][1] and *rest*."
CALL = "Call {clinic_name} at {clinic_phone} if your temperature is 38 °C or higher."
FEVER = "A fever is a temperature of 38 °C or higher."


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("check") / "base")


@pytest.fixture
def project(base: Path, tmp_path: Path) -> Path:
    import shutil
    root = tmp_path / "proj"
    shutil.copytree(base, root)
    return root


def check(root: Path, *args: str, locales: list[str] | None = None, strict: bool = False,
          fmt: str = "text") -> tuple[int, list[str]]:
    lines: list[str] = []
    code = run_check(root, locales=locales, strict=strict, output_format=fmt, say=lines.append)
    return code, lines


def findings_of(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if f": {code}: " in line]


# -- the whole command -----------------------------------------------------------------------------


def test_clean_translation_passes_and_is_published(project: Path) -> None:
    code, lines = check(project, locales=["es"])
    assert code == 0, "\n".join(lines)
    assert not [line for line in lines if ": error: " in line or ": warning: " in line]
    assert "es: fever: published" in lines and "es: back: published" in lines
    assert lines[-1] == "0 errors, 0 warnings"


def test_untranslated_catalog_warns_and_is_not_published(project: Path) -> None:
    code, lines = check(project, locales=["ar"])
    assert code == 0
    untranslated = findings_of(lines, "untranslated")
    assert untranslated and all(": warning: " in line for line in untranslated)
    line = entry_line(project, "ar", "Fever during treatment")
    assert f"locales/ar/LC_MESSAGES/leaflets.po:{line}: warning: untranslated: 'Fever during treatment' is not " \
           "translated" in lines
    gate = next(line for line in lines if line.startswith("ar: fever: "))
    assert "not published" in gate and "12 of 12 segments are not translated" in gate
    assert "content/fever.md:2" in gate and "critical section 'When to call' is incomplete" in gate


def test_strict_turns_warnings_into_errors(project: Path) -> None:
    code, lines = check(project, locales=["ar"], strict=True)
    assert code == 1
    assert findings_of(lines, "untranslated")[0].split(": ")[1] == "error"
    assert lines[-1].endswith("(strict: warnings count as errors)")


def test_json_format(project: Path) -> None:
    set_translation(project, "es", WARN, "Tome 3 mg del medicamento cada 8 horas.")
    code, lines = check(project, locales=["es"], fmt="json")
    assert code == 1
    data = json.loads("\n".join(lines))
    assert set(data) == {"findings", "summary"}
    found = [f for f in data["findings"] if f["code"] == "number-changed"]
    assert found == [{"path": PO, "line": entry_line(project, "es", WARN), "severity": "error",
                      "code": "number-changed", "message": "the English has 2.5 mg, the translation 3 mg"}]
    summary = data["summary"]
    assert summary["errors"] == 1 and summary["by_code"]["number-changed"] == 1
    gates = {(g["locale"], g["document"]): g for g in summary["publishing"]}
    assert gates[("es", "fever")]["published"] is False and gates[("es", "back")]["published"] is True
    assert summary["locales"]["es"]["review_status"] == "translated"


def test_exit_codes_through_the_cli(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(project), "check", "--locale", "es"]) == 0
    assert main(["--project", str(project), "check", "--locale", "de"]) == 2
    assert main(["--project", str(project), "check", "--format", "xml"]) == 2
    set_translation(project, "es", CALL, "Llame a {clinic_name} si su temperatura es de 38 °C o más.")
    assert main(["--project", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert f"{PO}:{entry_line(project, 'es', CALL)}: error: placeholder-missing: {{clinic_phone}} is missing" in out


def test_usage_and_config_errors_from_run_check(project: Path, tmp_path: Path) -> None:
    assert check(project, fmt="yaml")[0] == 2
    assert check(project, locales=["de"])[0] == 2
    (tmp_path / "empty").mkdir()
    code, lines = check(tmp_path / "empty")
    assert code == 1 and "config-missing" in lines[0]


def test_real_repository_check_runs(tmp_path: Path) -> None:
    code, lines = check(REPO)
    assert code in (0, 1) and lines[-1].endswith(("warnings", "warning"))


# -- checks on each translation ---------------------------------------------------------------------

ENTRY_CASES = [
    # (msgid, translation, code, severity, words in the message)
    (CALL, "Llame a {clinic_name} si su temperatura es de 38 °C o más.", "placeholder-missing", "error",
     "{clinic_phone} is missing"),
    (CALL, "Llame a {clinic_name} al {clinic_phone} o {clinic_email} si tiene 38 °C o más.", "placeholder-added",
     "error", "{clinic_email} is not in the English"),
    (CALL, "Llame a {clinica} al {clinic_phone} si su temperatura es de 38 °C o más.", "placeholder-unknown", "error",
     "{clinica} is not a placeholder"),
    (ASPIRIN, "No tome aspirina. Lea [la guía][1] y *descanse*.", "markup-strong", "error",
     "**strong**: the English has 1, the translation 0"),
    (ASPIRIN, "**No** tome aspirina. Lea [la guía][1] y descanse.", "markup-emphasis", "error",
     "*emphasis*: the English has 1, the translation 0"),
    (ASPIRIN, "**No** tome `aspirina`. Lea [la guía][1] y *descanse*.", "markup-code", "error",
     "`code`: the English has 0, the translation 1"),
    (ASPIRIN, "**No** tome aspirina. Lea la guía y *descanse*.", "link-missing", "error",
     "the link [text][1] (https://www.cancer.gov/fever) of the English is missing"),
    (ASPIRIN, "**No** tome aspirina. Lea [la guía][1] y [esto][2] y *descanse*.", "link-added", "error",
     "[…][2] is not a link of the English"),
    (ASPIRIN, "**No** tome aspirina. Lea [la guía](https://evil.example/) y *descanse*.", "link-added", "error",
     "an inline link to 'https://evil.example/' is not a link of the English"),
    (ASPIRIN, "**No** tome aspirina. Lea [][1] y *descanse*.", "link-empty", "error", "a link has no text"),
    (WARN, "Tome 2,5 mg del medicamento cada 9 horas.", "number-changed", "error",
     "the English has 8, the translation 9"),
    (WARN, "Tome 2,5 mg del medicamento varias veces al día.", "number-missing", "error", "the number 8 of the "),
    (FEVER, "La fiebre es una temperatura de 38 °F o más.", "unit-changed", "error",
     "the English has 38 °C, the translation 38 °F"),
    (FEVER, "La fiebre es una temperatura de 38 o más.", "unit-missing", "warning", "the unit of 38 °C"),
    (FEVER, "La fiebre, de 38 °C o más, dura 3 días.", "number-added", "warning", "the number 3 is not"),
    (FEVER, FEVER, "same-as-source", "warning", "the same as the English"),
    (WARN, " Tome 2,5 mg del medicamento cada 8 horas.", "whitespace-leading", "warning", "leading whitespace"),
    (WARN, "Tome 2,5 mg del medicamento cada 8 horas. ", "whitespace-trailing", "warning", "trailing whitespace"),
    (WARN, "Tome 2,5 mg del medicamento\ncada 8 horas.", "line-break", "warning", "the English has 0 line breaks"),
    (WARN, "Tome 2,5 mg del \u202emedicamento\u202c cada 8 horas.", "bidi-control", "error",
     "U+202E RIGHT-TO-LEFT OVERRIDE"),
    (WARN, "Tome 2,5 mg del medica\u200bmento cada 8 horas.", "invisible-char", "warning", "U+200B ZERO WIDTH SPACE"),
    (WARN, "Tome 2,5 mg del medicamento\u0090 cada 8 horas.", "invisible-char", "error", "a control character"),
    (WARN, "Tome 2,5 mg del \ue000medicamento cada 8 horas.", "invisible-char", "warning", "a private-use character"),
    (WARN, "Tome 2,5 mg del medicamento\u0378 cada 8 horas.", "invisible-char", "error", "an unassigned character"),
    (WARN, "Tome 2,5 mg del medica\u3164mento cada 8 horas.", "invisible-char", "error", "U+3164 HANGUL FILLER"),
    (WARN, "Tome 2,5 mg. Del medicamento. Cada 8 horas. Sí. Bien. No.", "sentence-count", "warning",
     "the English has 1 sentence, the translation 6"),
    (WARN, "2,5 mg, 8.", "length-ratio", "warning", "characters for"),
    (WARN, "<b>Tome</b> 2,5 mg del medicamento cada 8 horas.", "unsafe-html", "error", "raw HTML (</b, <b)"),
    (WARN, "Tome 2,5 mg <img src=x onerror=alert(1)> cada 8 horas.", "unsafe-html", "error", "event handler"),
    (WARN, "Tome 2,5 mg cada 8 horas: java\tscript:alert(1)", "unsafe-url", "error", "javascript:"),
    (WARN, "Tome 2,5 mg cada 8 horas. data:text/html;base64,PHNjcmlwdD4=", "unsafe-url", "error", "data:"),
    (WARN, "Tome 2,5 mg cada 8 horas, vea https://evil.example/x", "url-added", "error", "https://evil.example/x"),
    (WARN, "Tome 2,5 mg cada 8 horas {% include 'x' %}", "template-syntax", "error", "{%"),
    (WARN, "Tome 2,5 mg cada 8 horas {{ 7*7 }}", "template-syntax", "error", "{{"),
    (WARN, "Tome 2,5 mg cada 8 horas url(//evil.example/a.png)", "unsafe-css", "error", "url("),
    (WARN, "Tome 2,5&nbsp;mg del medicamento cada 8 horas.", "html-entity", "warning", "&nbsp;"),
]


@pytest.mark.parametrize(("msgid", "msgstr", "code", "severity", "words"), ENTRY_CASES,
                         ids=[f"{c[2]}-{i}" for i, c in enumerate(ENTRY_CASES)])
def test_entry_check(project: Path, msgid: str, msgstr: str, code: str, severity: str, words: str) -> None:
    line = set_translation(project, "es", msgid, msgstr)
    status, lines = check(project, locales=["es"])
    expected = f"{PO}:{line}: {severity}: {code}: "
    found = [text for text in lines if text.startswith(expected)]
    assert found, f"no {expected!r} in:\n" + "\n".join(lines)
    assert any(words in text for text in found), found
    assert status == (1 if severity == "error" else 0) or any(": error: " in text for text in lines)


@pytest.mark.parametrize("msgstr", [
    "Tome 2,5 mg del medicamento cada 8 horas.",
    "Tome 2.5 mg del medicamento cada 8 horas.",
    "Tome ٢٫٥ mg del medicamento cada ٨ horas.",
    "Tome २.५ mg del medicamento cada ८ horas.",
    "Tome ２.５ mg del medicamento cada ８ horas.",
    "Cada 8 horas, tome 2,5 mg del medicamento.",
])
def test_numbers_are_compared_by_value(project: Path, msgstr: str) -> None:
    set_translation(project, "es", WARN, msgstr)
    code, lines = check(project, locales=["es"])
    assert code == 0 and not [line for line in lines if "number" in line or "unit" in line], lines


def test_fuzzy_without_a_meaning_change_is_a_warning_with_the_edit(project: Path) -> None:
    line = set_translation(project, "es", FEVER, "La fiebre es una temperatura de 38 °C o más.", fuzzy=True,
                           previous="A fever is a body temperature of 38 °C or higher.")
    code, lines = check(project, locales=["es"])
    assert code == 0
    (found,) = findings_of(lines, "fuzzy")
    assert found.startswith(f"{PO}:{line}: warning: fuzzy: ")
    assert "removed 'body'" in found and "not used until a translator checks it" in found
    assert "segment is fuzzy" in next(text for text in lines if text.startswith("es: fever:"))


@pytest.mark.parametrize(("previous", "current", "said"), [
    ("A fever is a temperature of 38 °C or higher.", "A fever is a temperature of 39 °C or higher.",
     "the English changed 38 → 39 °C since this translation was made"),
    ("Take 2.5 mg every 8 hours.", "Take 5 mg every 8 hours.", "the English changed 2.5 → 5 mg"),
    ("Take aspirin.", "Do not take aspirin.", "the negation 'not' was added"),
    ("Never take aspirin.", "Take aspirin.", "the negation 'never' was removed"),
    ("Don't drink before the test.", "Drink before the test.", "the negation \"don't\" was removed"),
    ("Eat with the medicine.", "Eat without the medicine.", "the negation 'without' was added"),
    ("Call {clinic_phone} now.", "Call {clinic_email} now.", "the placeholder {clinic_email} was added"),
    ("Keep it above 38 °C.", "Keep it above 38 °F.", "38 °C → 38 °F"),
])
def test_meaning_change_of_a_fuzzy_entry_is_an_error(previous: str, current: str, said: str) -> None:
    changes = meaning_changes(previous, current)
    message = "the English changed " + "; ".join(changes) + " since this translation was made"
    assert said in message, message


def test_meaning_change_end_to_end(project: Path) -> None:
    """Edit the English (38 → 39 °C), extract, update: the old translation is fuzzy and check says what changed."""
    content = project / "content" / "fever.md"
    content.write_text(content.read_text(encoding="utf-8").replace(
        "A fever is a temperature of 38 °C or higher.", "A fever is a temperature of 39 °C or higher."),
        encoding="utf-8")
    assert main(["--project", str(project), "extract"]) == 0
    assert main(["--project", str(project), "update"]) == 0
    entry = read_catalog(po_path(project, "es")).find("A fever is a temperature of 39 °C or higher.")
    assert entry is not None and "fuzzy" in entry.flags
    code, lines = check(project, locales=["es"])
    assert code == 1
    (found,) = findings_of(lines, "meaning-changed")
    line = msgstr_line(po_path(project, 'es'), entry.linenum)
    assert found.startswith(f"{PO}:{line}: error: meaning-changed: the English changed 38 → 39 °C since "
                            "this translation was made")
    gate = next(text for text in lines if text.startswith("es: fever:"))
    assert "not published" in gate and "fuzzy" in gate


def test_glossary_term_change_is_a_meaning_change(project: Path) -> None:
    glossary, _ = parse_glossary('[terms."aspirin"]\nes = "aspirina"\n', "g.toml")
    assert meaning_changes("Take paracetamol.", "Take aspirin.", glossary) == ["the term 'aspirin' was added"]


def test_check_ignore_silences_warnings_not_errors(project: Path) -> None:
    set_translation(project, "es", FEVER, FEVER, comment="check-ignore: same-as-source")
    code, lines = check(project, locales=["es"])
    assert code == 0 and not findings_of(lines, "same-as-source")
    set_translation(project, "es", WARN, "Tome 3 mg cada 8 horas.", comment="check-ignore: number-changed")
    code, lines = check(project, locales=["es"])
    assert code == 1 and findings_of(lines, "number-changed")


def test_plural_and_format_checks(project: Path) -> None:
    path = po_path(project, "es")
    catalog = read_catalog(path)
    plural = next(e for e in catalog if e.msgid_plural)
    plural.msgstr_plural = {0: "%(num)s página", 1: "%(num)s páginas", 2: "%(num)s páginas"}
    formatted = next(e for e in catalog if "%(date)s" in e.msgid and not e.msgid_plural)
    formatted.msgstr = "Revisado"
    write_catalog(path, catalog)
    catalog = read_catalog(path)
    code, lines = check(project, locales=["es"])
    assert code == 1
    plural_line = msgstr_line(path, next(e for e in catalog if e.msgid_plural).linenum)
    assert f"{PO}:{plural_line}: error: plural-count: the entry has 3 plural forms, the header's Plural-Forms " \
           "says nplurals=2; run `pipeline update` to give it that many msgstr[n], then fill the empty ones" in lines
    (found,) = [text for text in findings_of(lines, "format-mismatch") if text.startswith(f"{PO}:")]
    assert "missing %(date)s" in found


# -- catalog-level checks ------------------------------------------------------------------------------


def _set_header(root: Path, **values: str) -> None:
    path = po_path(root, "es")
    catalog = read_catalog(path)
    for key, value in values.items():
        key = key.replace("_", "-")
        if value == "":
            catalog.metadata.pop(key, None)
        else:
            catalog.metadata[key] = value
    write_catalog(path, catalog)


@pytest.mark.parametrize(("header", "code", "severity", "words"), [
    ({"Language": "fr"}, "po-language", "error", "Language: fr does not match the folder 'es'"),
    ({"Language": "es_MX"}, "po-language", "warning", "Language: es_MX"),
    ({"Language": ""}, "po-language", "error", "no Language"),
    ({"Plural_Forms": "nplurals=2; plural=(n > 1);"}, "po-plural-rule", "warning", "for n = 0"),
    ({"Plural_Forms": ""}, "po-plural-forms", "error", "no Plural-Forms"),
    ({"X_Review_Status": "done"}, "po-review-status", "error", "'done' is not one of"),
    ({"X_Review_Status": ""}, "po-review-status", "error", "no X-Review-Status"),
    ({"X_Review_Status": "reviewed", "X_Reviewed_By": "", "X_Review_Date": "2026-11-02"},
     "po-review-incomplete", "error", "X-Reviewed-By"),
    ({"X_Review_Status": "reviewed", "X_Reviewed_By": "Ana", "X_Review_Date": "last week"},
     "po-review-incomplete", "error", "'last week' is not a date"),
    ({"X_Review_Status": "reviewed", "X_Reviewed_By": "Ana", "X_Review_Date": "2999-01-01"},
     "po-review-incomplete", "error", "in the future"),
    ({"Content_Type": "text/plain"}, "po-charset-missing", "warning", "no charset"),
])
def test_header_checks(project: Path, header: dict[str, str], code: str, severity: str, words: str) -> None:
    if "Content_Type" in header:  # write_catalog would put the charset back
        path = po_path(project, "es")
        path.write_text(path.read_text(encoding="utf-8").replace("text/plain; charset=UTF-8", "text/plain"),
                        encoding="utf-8")
    else:
        _set_header(project, **header)
    status, lines = check(project, locales=["es"])
    found = [text for text in findings_of(lines, code) if text.startswith(PO) and f": {severity}: " in text]
    assert found and words in found[0], "\n".join(lines)
    assert status == (1 if severity == "error" else 0)
    if severity == "error":
        assert "the catalog has 1 error" in next(text for text in lines if text.startswith("es: back:"))


def test_missing_and_outdated_files(project: Path) -> None:
    po_path(project, "ar").unlink()
    content = project / "content" / "back.md"
    content.write_text(content.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert "locales/ar/LC_MESSAGES/leaflets.po: error: catalog-missing: no catalog for ar; create it with " \
           "`pipeline init ar`" in lines
    assert any(text.startswith("locales/leaflets.pot: warning: template-outdated: 1 segment(s)") for text in lines)
    assert any(text.startswith(f"{PO}: warning: catalog-outdated: 1 segment(s)") for text in lines)
    (project / "locales" / "leaflets.pot").unlink()
    assert any("template-missing" in text for text in check(project)[1])


# -- content checks ----------------------------------------------------------------------------------

HEAD = ("---\ntitle: Extra\nsummary: More.\nreviewed: 2026-11-01\nnext_review: 2027-11-01\nsources:\n"
        "  - name: National Cancer Institute\n    url: https://www.cancer.gov/\n---\n\n")


@pytest.mark.parametrize(("body", "code", "severity", "line", "words"), [
    ("## Part\n\n#### Detail\n", "heading-skip", "error", 13, "a level-4 heading after level 2: use ###"),
    ("### Too deep\n", "heading-skip", "error", 11, "after level 1"),
    ("Read [](https://www.cancer.gov/).\n", "link-empty", "error", 11, "a link has no text"),
    ("Read more [here](https://www.cancer.gov/).\n", "link-text", "warning", 11, "'here'"),
    ("![photo.jpg](photo.jpg)\n", "image-alt", "warning", 11, "is a file name"),
    ("![A nurse with a thermometer](nurse.png)\n", "image-missing", "error", 11, "'nurse.png'"),
    ("<!-- critical -->\nCall us.\n", "critical-not-heading", "warning", 11, "marks nothing"),
    ("Take one \u202epill\u202c.\n", "bidi-control", "error", 11, "RIGHT-TO-LEFT OVERRIDE"),
    ("Take one\u00ad pill.\n", "invisible-char", "warning", 11, "SOFT HYPHEN"),
])
def test_content_checks(project: Path, body: str, code: str, severity: str, line: int, words: str) -> None:
    (project / "content" / "extra.md").write_text(HEAD + body, encoding="utf-8")
    status, lines = check(project, locales=["es"])
    found = [text for text in findings_of(lines, code) if text.startswith(f"content/extra.md:{line}: {severity}:")]
    assert any(words in text for text in found), "\n".join(line for line in lines if "content/" in line)


def test_readability_reports_the_figures(project: Path) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[check]\nmax_grade = 1\nmax_sentence_words = 5\n",
                      encoding="utf-8")
    status, lines = check(project, locales=["es"])
    assert status == 1  # over the plain-language limits: check fails
    assert any(line.startswith("content/fever.md: readability: grade") and line.endswith("OVER THE LIMITS")
               for line in lines)
    grade = [text for text in findings_of(lines, "readability") if text.startswith("content/fever.md:1: error:")]
    assert grade and "reading grade" in grade[0] and "above the limit of 1.0" in grade[0]
    assert "average sentence" in grade[0] and "longest sentence" in grade[0]
    longest = [text for text in findings_of(lines, "readability") if "longest sentence has" in text
               and text.startswith("content/fever.md:")]
    assert longest and longest[0].startswith("content/fever.md:23:")  # the "Call ..." sentence


def test_broken_content_file_does_not_hide_the_others(project: Path) -> None:
    (project / "content" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    (project / "content" / "skip.md").write_text(HEAD + "## A\n\n#### B\n", encoding="utf-8")
    code, lines = check(project, locales=["es"])
    assert code == 1
    assert any(text.startswith("content/broken.md:2: error: front-matter-syntax:") for text in lines)
    assert any(text.startswith("content/skip.md:13: error: heading-skip:") for text in lines)


# -- glossary and localized links ----------------------------------------------------------------------

GLOSSARY = """\
[terms."aspirin"]
es = "aspirina"

[names]
keep = ["Tylenol"]

[links."https://www.cancer.gov/fever"]
es = "https://www.cancer.gov/espanol/fiebre"
"""


def test_glossary_terms_and_names(project: Path) -> None:
    (project / "locales" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    line = set_translation(project, "es", ASPIRIN, "**No** tome ácido acetilsalicílico. Lea [la guía][1] y *descanse*.")
    code, lines = check(project, locales=["es"])
    assert code == 0
    assert f"{PO}:{line}: warning: glossary-term: the English uses 'aspirin'; the glossary gives 'aspirina' " \
           "for es" in lines


def test_glossary_problems_are_reported(project: Path) -> None:
    (project / "locales" / "glossary.toml").write_text(
        '[terms."x"]\nde = "y"\n\n[links."https://a.org/"]\nes = "javascript:alert(1)"\n', encoding="utf-8")
    code, lines = check(project, locales=["es"])
    assert code == 1
    assert any(text.startswith("locales/glossary.toml:2: warning: glossary-locale:") for text in lines)
    assert any(text.startswith("locales/glossary.toml:5: error: glossary-link:") for text in lines)


def test_localized_link_is_accepted_and_rendered(project: Path) -> None:
    (project / "locales" / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    set_translation(project, "es", ASPIRIN,
                    "**No** tome aspirina. Lea [la guía](https://www.cancer.gov/espanol/fiebre) y *descanse*.")
    code, lines = check(project, locales=["es"])
    assert code == 0 and not findings_of(lines, "link-added") and not findings_of(lines, "url-added"), lines
    glossary, _ = parse_glossary(GLOSSARY, "g.toml")
    links = localize_links(("https://www.cancer.gov/fever",), glossary.link_map("es"))
    assert links == ("https://www.cancer.gov/espanol/fiebre",)
    assert localize_links(("https://www.cancer.gov/fever",), glossary.link_map("ar")) == ("https://www.cancer.gov/fever",)
    html = str(render_html("Lea [la guía][1] o [esta](https://www.cancer.gov/espanol/fiebre).", links))
    assert html.count('href="https://www.cancer.gov/espanol/fiebre"') == 2


# -- numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("english", "translation", "locale"), [
    ("2.5 mg", "2,5 mg", "es"), ("2.5 mg", "٢٫٥ ملغ", "ar"), ("2.5 mg", "२.५ mg", "hi"), ("2.5", "2.5", "fr"),
    ("1,000 cells", "1.000 células", "es"), ("1,000 cells", "1 000 cellules", "fr"),
    ("1,000 cells", "1\u202f000 cellules", "fr"), ("1,000", "1\u00a0000", "ru"), ("100,000", "1,00,000", "hi"),
    ("38 °C", "38℃", "zh_Hans"), ("38 °C", "38 °С", "ru"), ("50%", "50 %", "fr"), ("50%", "٥٠٪", "ar"),
    ("½ cup", "0,5 taza", "es"), ("2-3 days", "2–3 días", "es"), ("1,234.5", "1.234,5", "es"),
])
def test_numbers_match_across_locales(english: str, translation: str, locale: str) -> None:
    result = compare(find_numbers(english), find_numbers(translation, locale))
    assert result.ok, result


def test_numbers_that_read_differently_are_flagged() -> None:
    result = compare(find_numbers("1,000 cells"), find_numbers("1,000 células", "es"))
    assert not result.missing and len(result.misread) == 1  # matched, but reads as one in Spanish
    result = compare(find_numbers("38 °C"), find_numbers("38 °F", "es"))
    assert result.unit_changed
    result = compare(find_numbers("Take 2 tablets [now][1]"), find_numbers("Tome 2 pastillas [ya][1]", "es"))
    assert result.ok  # link numbers are not numbers
    assert [n.local for n in find_numbers("٣٨٫٥", "ar")] == [Decimal("38.5")]


def test_sentence_counter() -> None:
    assert sentences("One. Two! Three?") == 3
    assert sentences("第一句。第二句。") == 2
    assert sentences("पहला वाक्य। दूसरा।") == 2
    assert sentences("No stop") == 1


# -- publishing gates ---------------------------------------------------------------------------------


def _translations(root: Path, locale: str = "es", status: str | None = None) -> Translations:
    catalog = read_catalog(po_path(root, locale))
    if status:
        catalog.metadata["X-Review-Status"] = status
    return translations_from_catalog(catalog, locale_info(locale))


def _document(root: Path, slug: str = "fever"):  # type: ignore[no-untyped-def]
    return next(d for d in load_project(root).documents if d.slug == slug)


def test_gate_publishes_a_complete_reviewed_translation(project: Path) -> None:
    gate = decide(_document(project), _translations(project))
    assert gate == Gate("es", "fever", True, (), 12, 12, 0, 0, 0, 2)
    assert gate.percent == 100.0 and gate.as_dict()["published"] is True


def test_gate_threshold_and_critical_sections(project: Path) -> None:
    set_translation(project, "es", "Drink water.", "")
    document = _document(project)
    gate = decide(document, _translations(project))
    assert not gate.published
    assert gate.reasons[0].startswith("1 of 12 segments are not translated (91.7% translated, 100% needed): "
                                      "content/fever.md:27")
    assert decide(document, _translations(project), min_translated=90).published
    set_translation(project, "es", CALL, "")
    gate = decide(document, _translations(project), min_translated=0)
    assert not gate.published
    assert gate.reasons == ("critical section 'When to call' is incomplete: 1 segment not translated or fuzzy "
                            "(content/fever.md:23); critical sections must always be complete",)


def test_gate_fuzzy_errors_and_review_status(project: Path) -> None:
    document = _document(project)
    set_translation(project, "es", "Rest often.", "Descanse.", fuzzy=True)
    gate = decide(document, _translations(project), min_translated=50)
    assert not gate.published and gate.fuzzy == 1
    assert gate.reasons == ("1 segment is fuzzy (the English changed since translation): content/fever.md:28",)
    errors = {(None, WARN): [error(PO, 40, "number-changed", "x")]}
    gate = decide(document, _translations(project), errors=errors, min_translated=0)
    assert "1 translated segment has check errors: locales/es/LC_MESSAGES/leaflets.po:40 (number-changed)" \
        in gate.reasons
    machine = _translations(project, status="machine-draft")
    assert any("critical sections, which need a catalog reviewed at least as 'translated'" in reason
               for reason in decide(document, machine, min_translated=0).reasons)
    back = _document(project, "back")
    assert decide(back, machine).published  # no critical section: a machine draft may publish
    assert decide(document, machine, min_translated=0, critical_status="machine-draft").reasons == (
        "1 segment is fuzzy (the English changed since translation): content/fever.md:28",)
    header = [error(PO, 10, "po-language", "x")]
    assert "the catalog has 1 error: locales/es/LC_MESSAGES/leaflets.po:10 (po-language)" in \
        decide(back, _translations(project), catalog_errors=header).reasons


def test_gate_source_locale_is_always_published(project: Path) -> None:
    source = Translations(locale_info("en"), {}, frozenset(), ReviewStatus("reviewed"), is_source=True)
    assert decide(_document(project), source).published


def test_decide_project_runs_the_checks(project: Path) -> None:
    set_translation(project, "es", WARN, "Tome 3 mg cada 8 horas.")
    decisions = decide_project(load_project(project))
    assert not decisions[("es", "fever")].published and decisions[("es", "back")].published
    assert not decisions[("ar", "back")].published and decisions[("en", "fever")].published
    assert "number-changed" in decisions[("es", "fever")].reasons[0]


def test_decide_project_in_worker_processes_decides_the_same(project: Path) -> None:
    set_translation(project, "es", WARN, "Tome 3 mg cada 8 horas.")
    loaded = load_project(project)
    assert decide_project(loaded, jobs=2) == decide_project(loaded, jobs=1)
    assert not decide_project(loaded, jobs=2, only=["es"])[("es", "fever")].published


# -- configuration additions -------------------------------------------------------------------------


def test_config_optional_fields(project: Path) -> None:
    config = load_config(project)
    assert config.glossary_file == project.resolve() / "locales" / "glossary.toml"
    assert (config.critical_status, config.max_grade, config.max_sentence_words) == ("translated", 6.0, 25)
    path = project / "pipeline.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'locales = ["es", "ar"]', 'locales = ["es", "ar"]\n') +
        '\n[publish]\ncritical_status = "reviewed"\n\n[paths]\nglossary = "terms.toml"\n\n[check]\nmax_grade = 8\n',
        encoding="utf-8")
    config = load_config(project)
    assert config.critical_status == "reviewed" and config.glossary_file.name == "terms.toml"
    assert config.max_grade == 8.0
    path.write_text(path.read_text(encoding="utf-8").replace('"reviewed"', '"perfect"'), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(project)
    assert "critical_status" in raised.value.findings[0].message


def test_update_after_check_keeps_working(project: Path) -> None:
    """check never writes: the files are byte-for-byte the same afterwards."""
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    check(project)
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before
    workflow.update(load_config(project), ("es", "ar"))


@pytest.mark.parametrize("msgstr", [
    "Tome 2,5 mg del medicamento cada 8 horas. Tel: {clinic_phone}",
    "Tome 2,5 mg del medicamento cada 8 horas (file : attendez).",
    "Tome 2,5 mg del medicamento cada 8 horas; data : 2 < 3.",
])
def test_ordinary_words_are_not_taken_for_addresses(project: Path, msgstr: str) -> None:
    set_translation(project, "es", WARN, msgstr)
    code, lines = check(project, locales=["es"])
    assert not [line for line in lines if "unsafe" in line or "url-added" in line], lines
