"""The preview's project: a save rebuilds only what it affects, a broken file keeps the last good version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.preview.state import PROJECT, Preview
from tests.build.site import translate
from tests.conftest import Result


@pytest.fixture
def preview(project: Path, cli: Callable[..., Result]) -> Preview:
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "es").code == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("About blood").msgstr = "Sobre la sangre"
    catalog.find("Your back").msgstr = "Tu espalda"
    catalog.save()
    made = Preview(project)
    first = made.rebuild()
    assert first.ok is False  # ar and zh_Hans have no catalog: their findings are shown ...
    assert {f.code for found in made.problems.values() for f in found} == {"catalog-missing"}
    assert first.built == 4  # ... and the other locales are built: en and es, two documents each
    return made


def _es(project: Path) -> Path:
    return project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"


def test_the_preview_is_private(project: Path, preview: Preview) -> None:
    assert not (project / "output").exists()
    assert (project / ".cache" / "preview" / "en" / "blood.html").is_file()
    # held back (mostly untranslated): a draft, which the preview serves at the page's address
    assert (project / ".cache" / "preview" / "es" / "blood.html").is_file()
    assert "es/blood" in preview.held_back


def test_a_catalog_save_rebuilds_that_locale_only(project: Path, preview: Preview) -> None:
    po = _es(project)
    po.write_text(po.read_text(encoding="utf-8").replace('"Sobre la sangre"', '"Acerca de la sangre"'),
                  encoding="utf-8")
    result = preview.rebuild({po})
    assert result.ok is False and PROJECT not in preview.problems
    # Only the Spanish page of that document is rendered again: the other one's document, entries,
    # chrome and review status are the same.
    assert result.built == 1
    assert result.pages == ("/es/blood.html",)
    page = (project / ".cache" / "preview" / "es" / "blood.html").read_text(encoding="utf-8")
    assert "Acerca de la sangre" in page


def test_a_catalog_save_keeps_the_sign_offs_and_a_changed_text_voids_its_own(
        project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "es").code == 0
    translate(project, "es")
    by = "Dr Ana Ruiz, paediatric haematologist"
    for slug in ("back", "blood"):
        assert cli(project, "review", "sign", "es", "--document", slug, "--by", by, "--date", "2026-12-01").code == 0
    preview = Preview(project)
    preview.rebuild()
    back = project / ".cache" / "preview" / "es" / "back.html"
    signed = "Reviewed by <bdi>Dr Ana Ruiz</bdi>"
    assert signed in back.read_text(encoding="utf-8")
    po = _es(project)
    po.write_text(po.read_text(encoding="utf-8").replace('"About blood ~es"', '"Acerca de la sangre"'),
                  encoding="utf-8")
    result = preview.rebuild({po})
    # The blood page's signed text changed: its sign-off no longer counts; the back page keeps its own
    # and is not rendered again. The index lists the new title.
    assert result.built == 1 and result.pages == ("/es/blood.html", "/es/index.html")
    assert signed in back.read_text(encoding="utf-8")
    blood = (project / ".cache" / "preview" / "es" / "blood.html").read_text(encoding="utf-8")
    assert "Acerca de la sangre" in blood and signed not in blood and "changed since" in blood
    unit = preview.unit("es", "blood")
    assert unit is not None and unit.translations.signoffs["blood"].valid is False


def test_a_document_save_rebuilds_that_document_in_each_locale(project: Path, preview: Preview) -> None:
    md = project / "content" / "back.md"
    md.write_text(md.read_text(encoding="utf-8").replace("gentle walks", "short walks"), encoding="utf-8")
    result = preview.rebuild({md})
    assert result.built == 2
    assert set(result.pages) >= {"/en/back.html", "/es/back.html"}
    assert not any("blood" in page for page in result.pages)


def test_a_broken_save_keeps_the_last_good_version(project: Path, preview: Preview) -> None:
    po = _es(project)
    good = po.read_text(encoding="utf-8")
    po.write_text(good.replace('msgstr "Tu espalda"', 'msgstr "Tu espalda'), encoding="utf-8")
    result = preview.rebuild({po})
    problems = preview.problems["locales/es/LC_MESSAGES/leaflets.po"]
    assert problems and all(f.line for f in problems)
    assert result.pages == ()
    unit = preview.unit("es", "back")
    assert unit is not None and unit.translations.lookup((None, "Your back")) == "Tu espalda"
    po.write_text(good.replace('"Tu espalda"', '"Su espalda"'), encoding="utf-8")
    result = preview.rebuild({po})
    assert "locales/es/LC_MESSAGES/leaflets.po" not in preview.problems
    assert result.pages == ("/es/back.html",)


def test_findings_are_those_of_the_document_and_locale(project: Path, preview: Preview) -> None:
    po = _es(project)
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").msgstr = "<script>alert(1)</script> Descanse."
    catalog.save()
    preview.rebuild({po})
    preview.check_soon(delay=0)
    import time
    deadline = time.monotonic() + 60
    while preview.checking or preview.report is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    back, blood = preview.unit("es", "back"), preview.unit("es", "blood")
    assert back is not None and blood is not None
    line = preview.places["es"][(None, "Rest and gentle walks can help.")]
    on_back = [f for f in preview.findings(back) if f.line and line.start <= f.line <= line.end]
    assert on_back and all(f.path == "locales/es/LC_MESSAGES/leaflets.po" for f in on_back)
    assert not [f for f in preview.findings(blood) if f.line and line.start <= f.line <= line.end]
    en = preview.unit("en", "back")
    assert en is not None and all(f.path == "content/back.md" for f in preview.findings(en))


def test_a_broken_document_at_start_is_shown_then_built_once_fixed(project: Path) -> None:
    md = project / "content" / "back.md"
    good = md.read_text(encoding="utf-8")
    md.write_text(good.replace("title: Your back", "title: [Your back"), encoding="utf-8")
    preview = Preview(project)
    assert preview.rebuild().ok is False
    assert [f.path for f in preview.problems[PROJECT]][0] == "content/back.md"
    assert project / "content" in preview.watched()  # the fix will be seen
    md.write_text(good, encoding="utf-8")
    result = preview.rebuild({md})
    assert PROJECT not in preview.problems
    assert "/en/back.html" in result.pages


def test_a_second_server_uses_a_folder_of_its_own(project: Path) -> None:
    first, second = Preview(project), Preview(project)
    assert first.claim_folder() is True
    try:
        assert second.claim_folder() is False
        assert not second.output_dir.is_relative_to(project)
        second.release_folder()
        assert not second.output_dir.exists()
    finally:
        first.release_folder()
    assert Preview(project).claim_folder() is True


def test_a_quiet_project_gives_no_rebuilds(project: Path, preview: Preview) -> None:
    """The private build's own writes are not saves: nothing to rebuild after a build (the profile is at the root)."""
    from pipeline.preview.watcher import Watcher

    watcher = Watcher(preview.watched, lambda changed: None, exclude=preview.written)
    profile = project / "clinic.toml"
    assert profile in preview.watched()
    preview.rebuild()
    assert watcher.poll() == set()
    profile.write_text(profile.read_text(encoding="utf-8").replace("Test Clinic", "Other Clinic"), encoding="utf-8")
    assert watcher.poll() == {profile}
    result = preview.rebuild({profile})
    assert "/en/blood.html" in result.pages and watcher.poll() == set()  # {clinic_name} is on it
