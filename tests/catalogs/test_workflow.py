"""The catalog workflow: extract, init, update; deterministic files GNU gettext accepts."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from ..conftest import Result, require_gettext


def _prepare(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        result = cli(project, "init", code)
        assert result.code == 0, result.err


def _po(project: Path, code: str) -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "leaflets.po"


def _snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "locales").rglob("*.po*"))}


def _translate_all(path: Path, prefix: str = "ES ") -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = prefix + entry.msgid
    catalog.save()


def test_template_has_content_and_page_chrome(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    pot = polib.pofile(str(project / "locales" / "leaflets.pot"))
    ids = {e.msgid: e for e in pot}
    entry = ids["Blood carries **oxygen** to every part of your body."]
    assert entry.occurrences == [("content/blood.md", "15")]
    assert "blood: paragraph, section \u201cWhat blood does\u201d" in entry.comment
    assert "python-brace-format" in ids["Call {clinic_name} at {clinic_phone} if you have a fever."].flags
    assert "[1]: https://www.cancer.gov/" in ids["Learn more at [the National Cancer Institute][1]."].comment
    marrow = ids["Blood cells are made in the *bone marrow*."]
    assert "Note: \"Marrow\" is the soft tissue inside bones." in marrow.comment
    assert any(e.msgctxt == "body part" and e.msgid == "Back" for e in pot)
    chrome = ids["Skip to main content"]
    assert chrome.occurrences[0][0].startswith("pipeline/templates/")


def test_extract_golden(project: Path) -> None:
    """The content part of the template, byte for byte (regenerate with UPDATE_GOLDEN=1).

    Page chrome is left out here so that template edits do not churn the golden file.
    """
    import os

    from pipeline.catalogs.extract import build_template
    from pipeline.catalogs.write import format_po
    from pipeline.content.reader import read_documents

    documents = read_documents(project / "content", project)
    got = format_po(build_template(documents, [], "Test leaflets", "2026-01-01 00:00+0000"))
    golden = Path(__file__).parents[1] / "golden" / "leaflets.pot"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_init_writes_a_full_header(project: Path, cli: Callable[..., Result]) -> None:
    _prepare(project, cli)
    ar = polib.pofile(str(_po(project, "ar")))
    assert ar.metadata["Language"] == "ar"
    assert ar.metadata["Plural-Forms"].startswith("nplurals=6;")
    assert ar.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert ar.metadata["X-Review-Status"] == "translated"
    zh = polib.pofile(str(_po(project, "zh_Hans")))
    assert zh.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert cli(project, "init", "es").code == 2  # exists already
    assert cli(project, "init", "xx_Nope").code == 2


def test_second_extract_and_update_change_nothing(project: Path, cli: Callable[..., Result],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _prepare(project, cli)
    _translate_all(_po(project, "es"))
    assert cli(project, "update").code == 0
    before = _snapshot(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later clock must not churn dates
    assert cli(project, "extract").code == 0
    assert cli(project, "update").code == 0
    assert _snapshot(project) == before


def test_created_and_updated_catalogs_are_identical(project: Path, cli: Callable[..., Result]) -> None:
    _prepare(project, cli)
    created = _po(project, "es").read_bytes()
    assert cli(project, "update", "es").code == 0
    assert _po(project, "es").read_bytes() == created


def test_changed_english_keeps_translation_as_fuzzy(project: Path, cli: Callable[..., Result],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _prepare(project, cli)
    _translate_all(_po(project, "es"))
    blood = project / "content" / "blood.md"
    text = blood.read_text(encoding="utf-8")
    blood.write_text(text.replace("Platelets help stop bleeding.", "Platelets help to stop bleeding.")
                     .replace("- White cells fight germs.\n", ""), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert cli(project, "extract").code == 0
    result = cli(project, "update", "es")
    assert result.code == 0 and "1 fuzzy" in result.out
    catalog = polib.pofile(str(_po(project, "es")))
    changed = catalog.find("Platelets help to stop bleeding.")
    assert changed is not None and "fuzzy" in changed.flags
    assert changed.previous_msgid == "Platelets help stop bleeding."
    assert changed.msgstr == "ES Platelets help stop bleeding."
    gone = [e for e in catalog.obsolete_entries() if e.msgid == "White cells fight germs."]
    assert gone and gone[0].msgstr == "ES White cells fight germs."
    # The sentence comes back: its translation is revived, not retyped.
    blood.write_text(text, encoding="utf-8")
    assert cli(project, "extract").code == 0
    assert "2 revived" in cli(project, "update", "es").out  # both old sentences come back
    back = polib.pofile(str(_po(project, "es"))).find("White cells fight germs.")
    assert back is not None and not back.obsolete and back.msgstr == "ES White cells fight germs."


def test_gnu_gettext_accepts_and_keeps_every_file(project: Path, cli: Callable[..., Result]) -> None:
    require_gettext()
    _prepare(project, cli)
    _translate_all(_po(project, "es"))
    _translate_all(_po(project, "zh_Hans"), prefix="中文 ")
    assert cli(project, "update").code == 0
    for path in sorted((project / "locales").rglob("*.po")):
        check = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    for path in sorted((project / "locales").rglob("*.po*")):
        before = path.read_bytes()
        subprocess.run(["msgcat", str(path), "-o", str(path)], check=True)
        assert path.read_bytes() == before, f"msgcat rewrapped {path.name}"


def test_update_without_template_is_a_usage_error(project: Path, cli: Callable[..., Result]) -> None:
    result = cli(project, "update")
    assert result.code == 2 and "pipeline extract" in result.err
