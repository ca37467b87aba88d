"""Sign-offs: recorded with digests of the text signed, void as soon as that text changes, never editable by hand."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.project import load_project
from pipeline.render.pages import Page, Site, render_page

from ..conftest import Result, require_gettext

BY = "Dr Ana Ruiz, paediatric haematologist"
OLD = "Blood carries **oxygen** to every part of your body."
NEW = "Blood carries **oxygen** to all parts of your body."


def catalog(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "leaflets.po"


def translate(root: Path, code: str, edit: Callable[[polib.POEntry], None] | None = None) -> None:
    po = polib.pofile(str(catalog(root, code)))
    for entry in po:
        if edit is not None:
            edit(entry)
        elif entry.msgid_plural:
            entry.msgstr_plural = {i: f"{code}: {entry.msgid_plural}" for i in entry.msgstr_plural}
        else:
            entry.msgstr = f"{code}: {entry.msgid}"
    po.save()


@pytest.fixture
def signed(project: Path, cli: Callable[..., Result]) -> Path:
    """The tiny project translated into es and ar (zh_Hans a machine draft), every document signed in en, es, ar."""
    assert cli(project, "extract").code == 0
    for code, status in (("es", "translated"), ("ar", "translated"), ("zh_Hans", "machine-draft")):
        assert cli(project, "init", code, "--status", status).code == 0
    translate(project, "es")
    translate(project, "ar")
    for code in ("en", "es", "ar"):
        which = ("--all",) if code == "ar" else ("--document", "blood", "--document", "back")
        result = cli(project, "review", "sign", code, *which, "--by", BY, "--date", "2026-12-01")
        assert result.code == 0, result.err
    return project


def states(cli: Callable[..., Result], root: Path) -> dict[tuple[str, str], str]:
    result = cli(root, "review", "status", "--format", "json")
    assert result.code == 0, result.err
    return {(d["locale"], d["document"]): d["state"] for d in json.loads(result.out)["documents"]}


def page_text(root: Path, code: str, slug: str) -> str:
    """The visible status line of a document's page, rendered from the project as the build does."""
    project = load_project(root)
    translations = project.translations[code]
    document = next(d for d in project.documents if d.slug == slug)
    infos = tuple(t.locale for t in project.translations.values())
    site = Site(project.config.name, project.config.base_url, project.source, infos)
    html = render_page(Page(document, translations, site))
    found = re.search(r'<p class="review-status">(.*?)<br>', html, re.S)
    assert found, html
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def test_a_sign_off_records_the_reviewer_the_date_and_every_text(signed: Path) -> None:
    text = (signed / "reviews" / "es" / "blood.toml").read_text(encoding="utf-8")
    assert 'reviewer = "Dr Ana Ruiz"' in text and 'role = "paediatric haematologist"' in text
    assert 'date = "2026-12-01"' in text
    assert f"english = {json.dumps(OLD)}" in text and f"translation = {json.dumps('es: ' + OLD)}" in text
    assert re.search(r'^digest = "sha256:[0-9a-f]{64}"$', text, re.M)
    english = (signed / "reviews" / "en" / "blood.toml").read_text(encoding="utf-8")
    assert "translation =" not in english  # the source's text is the English itself
    assert page_text(signed, "es", "blood") == "es: Reviewed by Dr Ana Ruiz on 1 de diciembre de 2026"
    assert page_text(signed, "en", "blood") == "Reviewed by Dr Ana Ruiz on December 1, 2026"
    assert page_text(signed, "zh_Hans", "blood") == "Not yet reviewed by a clinician"


def test_sign_off_date_comes_from_source_date_epoch(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "review", "sign", "en", "--document", "back", "--by", BY).code == 0  # no --date
    assert 'date = "2026-09-21"' in (project / "reviews" / "en" / "back.toml").read_text(encoding="utf-8")


def test_an_english_edit_drops_the_sign_off_in_every_locale_and_the_packet_shows_it(
        signed: Path, cli: Callable[..., Result]) -> None:
    assert {k: v for k, v in states(cli, signed).items() if k[0] != "zh_Hans"} == {
        (code, slug): "signed" for code in ("en", "es", "ar") for slug in ("blood", "back")}
    path = signed / "content" / "blood.md"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    assert cli(signed, "extract").code == 0 and cli(signed, "update").code == 0
    now = states(cli, signed)
    for code in ("en", "es", "ar"):
        assert now[(code, "blood")] == "changed"
        assert now[(code, "back")] == "signed"  # the other document keeps its sign-off
        assert page_text(signed, code, "blood").startswith(
            "Reviewed on December 1, 2026, changed since" if code == "en" else
            f"{code}: Reviewed on ")  # the chrome is translated "es: ..." in this project
    assert page_text(signed, "es", "back") == "es: Reviewed by Dr Ana Ruiz on 1 de diciembre de 2026"

    result = cli(signed, "review", "export", "es", "--document", "blood")
    assert result.code == 0, result.err
    assert "1 changed since the last sign-off" in result.out
    html = (signed / "review-packets" / "es" / "blood.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="(s-[0-9a-f]{8})" class="changed">(.*?)</tr>', html, re.S)
    assert len(rows) == 1
    changed = rows[0][1]
    assert "Changed: English" in changed
    assert "<del>every part</del>" in changed and "<ins>all parts</ins>" in changed  # the old and the new English
    assert "es: " + OLD.replace("**", "**") in changed  # the translation as signed ...
    assert "English shown" in changed  # ... now fuzzy, so patients see the English
    assert not (signed / "output").exists()
    # The printed packet says the same (poppler reads the PDF).
    pdf = subprocess.run(["pdftotext", "-layout", str(signed / "review-packets" / "es" / "blood.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "Changed: English" in pdf and "every part" in pdf and "all parts" in pdf
    assert "Not translated yet" in pdf
    fonts = subprocess.run(["pdffonts", str(signed / "review-packets" / "es" / "blood.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("+pipeline-" in line.split()[0] for line in fonts), fonts  # the project's fonts only
    sheet = (signed / "review-packets" / "es" / "blood.comments.csv").read_text(encoding="utf-8-sig")
    assert sheet.splitlines()[0] == ("document,locale,number,segment id,section,english,translation,verdict,"
                                     "comment,suggestion")


def test_a_translation_edit_drops_the_sign_off_for_that_locale_only(signed: Path, cli: Callable[..., Result]) -> None:
    def edit(entry: polib.POEntry) -> None:
        if entry.msgid == OLD:
            entry.msgstr = "La sangre lleva **oxígeno** a todo el cuerpo."
    translate(signed, "es", edit)
    now = states(cli, signed)
    assert now[("es", "blood")] == "changed"
    assert now[("es", "back")] == "signed"
    assert now[("ar", "blood")] == "signed" and now[("en", "blood")] == "signed"
    cli(signed, "review", "export", "es", "--document", "blood", "--no-pdf")
    html = (signed / "review-packets" / "es" / "blood.html").read_text(encoding="utf-8")
    assert html.count('class="changed"') == 1 and "Changed: translation" in html
    assert "La sangre lleva **oxígeno** a todo el cuerpo." in html and "es: " + OLD in html


def _line(path: Path, prefix: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix)]
    return hits[nth - 1]


@pytest.mark.parametrize("field, edit, where", [
    ("digest", lambda t: re.sub(r'^digest = "sha256:([0-9a-f]{63})[0-9a-f]"', r'digest = "sha256:\g<1>0"', t, count=1,
                                flags=re.M), "digest = "),
    ("reviewer", lambda t: t.replace('reviewer = "Dr Ana Ruiz"', 'reviewer = "Dr Ana Ruíz"'), "seal = "),
    ("text", lambda t: t.replace('translation = "es: ' + OLD.replace('"', '\\"'), 'translation = "es: Blood is red.',
                                 1), "digest = "),
])
def test_a_hand_edited_sign_off_is_reported_and_stops_counting(
        signed: Path, cli: Callable[..., Result], field: str, edit: Callable[[str], str], where: str) -> None:
    record = signed / "reviews" / "es" / "blood.toml"
    before = record.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before
    record.write_text(after, encoding="utf-8")
    if field == "text":  # the first segment digest after the edited translation
        edited = next(n for n, line in enumerate(after.splitlines(), 1)
                      if line.startswith('translation = "es: Blood is'))
        line = edited + 1
    else:
        line = _line(record, where)
    result = cli(signed, "check", "--locale", "es")
    assert result.code == 1
    assert re.search(rf"^reviews/es/blood\.toml:{line}: error: review-record: .*edited by hand", result.out, re.M), \
        result.out
    assert states(cli, signed)[("es", "blood")] == "none"
    assert page_text(signed, "es", "blood") == "es: Not yet reviewed by a clinician"
    assert cli(signed, "review", "export", "es", "--document", "blood", "--no-pdf").code == 0
    packet = (signed / "review-packets" / "es" / "blood.html").read_text(encoding="utf-8")
    assert "The sign-off record is not valid:" in packet and f"reviews/es/blood.toml:{line}" in packet


def test_header_status_is_derived_from_the_sign_offs(signed: Path, cli: Callable[..., Result]) -> None:
    require_gettext()
    po = catalog(signed, "es")
    meta = polib.pofile(str(po)).metadata
    assert (meta["X-Review-Status"], meta["X-Reviewed-By"], meta["X-Review-Date"]) == (
        "reviewed", "Dr Ana Ruiz", "2026-12-01")
    assert polib.pofile(str(catalog(signed, "zh_Hans"))).metadata["X-Review-Status"] == "machine-draft"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
    path = signed / "content" / "back.md"
    path.write_text(path.read_text(encoding="utf-8").replace("gentle walks", "short walks"), encoding="utf-8")
    result = cli(signed, "check", "--locale", "es")
    assert re.search(r"^locales/es/LC_MESSAGES/leaflets\.po:\d+: warning: review-status: X-Review-Status says "
                     r"reviewed, but only 1 of 2 documents", result.out, re.M), result.out
    assert load_project(signed, ["es"]).translations["es"].review.status == "translated"  # what pages act on
    assert cli(signed, "review", "sync").code == 0
    assert polib.pofile(str(po)).metadata["X-Review-Status"] == "translated"
    assert "review-status" not in cli(signed, "check", "--locale", "es").out


def test_a_machine_draft_keeps_its_notice_when_signed(signed: Path, cli: Callable[..., Result]) -> None:
    translate(signed, "zh_Hans")
    assert cli(signed, "review", "sign", "zh_Hans", "--document", "back", "--by", BY, "--date", "2026-12-01").code == 0
    project = load_project(signed, ["zh_Hans"])
    translations = project.translations["zh_Hans"]
    assert translations.review.is_machine and translations.signoffs["back"].valid
    site = Site("x", "https://example.org/", project.source, (project.source, translations.locale))
    html = render_page(Page(next(d for d in project.documents if d.slug == "back"), translations, site))
    assert "translated by a computer program" in html and "Reviewed by" in html


def test_sign_refuses_bad_input(signed: Path, cli: Callable[..., Result]) -> None:
    assert cli(signed, "review", "sign", "es", "--document", "blood", "--by", "Ana").code == 2  # no role
    assert cli(signed, "review", "sign", "es", "--document", "nope", "--by", BY).code == 2
    assert cli(signed, "review", "sign", "es", "--by", BY).code == 2  # which documents?
    assert cli(signed, "review", "sign", "xx", "--document", "blood", "--by", BY).code == 2
    assert cli(signed, "review", "sign", "es", "--document", "blood", "--by", BY, "--date", "1.12.2026").code == 2
    stale = cli(signed, "review", "sign", "es", "--document", "blood", "--by", BY, "--expect", "sha256:00")
    assert stale.code == 1 and "has changed since the packet was made" in stale.err
    assert cli(signed, "review", "export", "es", "--output", str(signed / "output" / "r")).code == 2
