"""Reviewers' comments come back from a spreadsheet; gates can require a sign-off; stats show review coverage."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib

from ..conftest import Result, require_gettext
from .test_signoff import BY, OLD, catalog, signed, states, translate  # noqa: F401 (signed is a fixture)

COLUMNS = ["document", "locale", "number", "segment id", "section", "english", "translation", "verdict", "comment",
           "suggestion"]


def fill(sheet: Path, answers: dict[str, tuple[str, str, str]]) -> None:
    """Answer some rows of an exported sheet, as a reviewer does in a spreadsheet program (keyed by English)."""
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == COLUMNS
    for row in rows[1:]:
        if row[5] in answers:
            row[7], row[8], row[9] = answers[row[5]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    sheet.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def test_comments_from_a_sheet_land_in_the_catalog_and_check_reports_them(
        signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    require_gettext()
    assert cli(signed, "review", "export", "es", "--document", "blood", "--no-pdf").code == 0
    sheet = signed / "review-packets" / "es" / "blood.comments.csv"
    fill(sheet, {OLD: ("wrong", "“oxígeno” needs an accent in the heading too", "La sangre lleva oxígeno."),
                 "Red cells carry oxygen.": ("question", "Is “glóbulos rojos” the usual term?", ""),
                 "Platelets help stop bleeding.": ("ok", "", "")})
    result = cli(signed, "review", "import", str(sheet), "--by", "Dr Ana Ruiz")
    assert result.code == 0, result.err
    assert "2 reviewer comment(s) added" in result.out
    po = polib.pofile(str(catalog(signed, "es")))
    wrong = po.find(OLD)
    assert wrong.msgstr == "es: " + OLD  # the translation is never changed
    assert "fuzzy" in wrong.flags  # a wrong translation is not shown to patients until fixed
    assert wrong.tcomment == ("review (Dr Ana Ruiz, 2026-09-21): [wrong] “oxígeno” needs an accent in the heading "
                              "too suggestion: La sangre lleva oxígeno.")
    question = po.find("Red cells carry oxygen.")
    assert "fuzzy" not in question.flags
    assert question.tcomment.startswith("review (Dr Ana Ruiz, 2026-09-21): [question]")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog(signed, "es"))], check=True)
    # Importing the same sheet again adds nothing twice.
    cli(signed, "review", "import", str(sheet), "--by", "Dr Ana Ruiz")
    assert polib.pofile(str(catalog(signed, "es"))).find(OLD).tcomment.count("review (") == 1
    check = cli(signed, "check", "--locale", "es")
    lines = [line for line in check.out.splitlines() if ": review-comment: " in line]
    assert len(lines) == 2, check.out
    text = catalog(signed, "es").read_text(encoding="utf-8").splitlines()
    entry_line = next(n for n, line in enumerate(text, 1) if line.startswith("# review (") and "[wrong]" in line)
    assert text[entry_line + 3] == f'msgid "{OLD}"'  # the reviewer's comment opens the entry
    assert any(re.match(rf"locales/es/LC_MESSAGES/leaflets\.po:{entry_line}: warning: review-comment: Dr Ana Ruiz",
                        line) for line in lines), lines
    assert states(cli, signed)[("es", "blood")] == "changed"  # the fuzzy entry shows English now
    # The next update keeps the reviewer's comments, like every translator comment.
    assert cli(signed, "extract").code == 0 and cli(signed, "update").code == 0
    assert polib.pofile(str(catalog(signed, "es"))).find(OLD).tcomment.startswith("review (Dr Ana Ruiz")


def test_comments_on_the_english_are_kept_and_reported(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    assert cli(signed, "review", "export", "en", "--document", "blood", "--no-pdf").code == 0
    sheet = signed / "review-packets" / "en" / "blood.comments.csv"
    fill(sheet, {OLD: ("question", "Say red blood cells here?", "")})
    result = cli(signed, "review", "import", str(sheet), "--by", "Dr Ana Ruiz")
    assert result.code == 0 and "reviews/en/blood.comments.csv" in result.out
    check = cli(signed, "check", "--locale", "es")
    found = [line for line in check.out.splitlines() if "review-comment" in line]
    assert len(found) == 1 and found[0].startswith("reviews/en/blood.comments.csv:2: warning: review-comment: ")
    assert "content/blood.md:" in found[0] and "Say red blood cells here?" in found[0]


def test_a_sheet_saved_with_semicolons_is_read(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    assert cli(signed, "review", "export", "es", "--document", "back", "--no-pdf").code == 0
    sheet = signed / "review-packets" / "es" / "back.comments.csv"
    fill(sheet, {"Back": ("question", "Back, as in the body part?", "")})
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)  # as a French or Spanish Excel saves it
    sheet.write_text(out.getvalue(), encoding="utf-8")
    assert cli(signed, "review", "import", str(sheet)).code == 0
    entry = polib.pofile(str(catalog(signed, "es"))).find("Back", msgctxt="body part")
    assert entry.tcomment == "review (2026-09-21): [question] Back, as in the body part?"


def test_a_translation_cannot_become_a_spreadsheet_formula(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    translate(signed, "es", lambda e: setattr(e, "msgstr", '=HYPERLINK("https://evil.example","Back")')
              if e.msgid == "Back" else None)
    assert cli(signed, "review", "export", "es", "--document", "back", "--no-pdf").code == 0
    sheet = (signed / "review-packets" / "es" / "back.comments.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(sheet, newline="")))
    cell = next(row[6] for row in rows if row[5] == "Back")
    assert cell == "'=HYPERLINK(\"https://evil.example\",\"Back\")"


def test_a_sheet_with_a_bad_verdict_is_refused_with_its_line(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    assert cli(signed, "review", "export", "es", "--document", "back", "--no-pdf").code == 0
    sheet = signed / "review-packets" / "es" / "back.comments.csv"
    fill(sheet, {"Back": ("maybe", "", "")})
    before = catalog(signed, "es").read_bytes()
    result = cli(signed, "review", "import", str(sheet))
    assert result.code == 1 and re.search(r"back\.comments\.csv:\d+: error: review-sheet: verdict 'maybe'", result.err)
    assert catalog(signed, "es").read_bytes() == before


def _gates(cli: Callable[..., Result], root: Path) -> dict[tuple[str, str], bool]:
    data = json.loads(cli(root, "check", "--format", "json").out)
    return {(g["locale"], g["document"]): g["published"] for g in data["summary"]["publishing"]}


def test_gates_can_require_a_sign_off_for_critical_documents(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    def edit(entry: polib.POEntry) -> None:
        if entry.msgid == "Back":
            entry.msgstr = "Espalda"
    translate(signed, "es", edit)  # es/back is no longer signed; es/blood (critical) still is
    path = signed / "content" / "blood.md"
    path.write_text(path.read_text(encoding="utf-8").replace("if you have a fever", "if you have a fever or chills"),
                    encoding="utf-8")
    assert cli(signed, "extract").code == 0 and cli(signed, "update").code == 0
    translate(signed, "es", lambda e: setattr(e, "msgstr", e.msgstr or f"es: {e.msgid}") or (
        e.flags.remove("fuzzy") if "fuzzy" in e.flags else None))
    before = _gates(cli, signed)
    assert before[("es", "blood")] and before[("es", "back")]  # the default: sign-offs are not required
    config = signed / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[publish]\nrequire_signoff = true\n", encoding="utf-8")
    after = _gates(cli, signed)
    assert not after[("es", "blood")]  # critical, and its sign-off no longer matches the text
    assert after[("es", "back")]  # no critical section: no sign-off needed
    data = json.loads(cli(signed, "check", "--format", "json").out)
    reason = next(g for g in data["summary"]["publishing"] if (g["locale"], g["document"]) == ("es", "blood"))
    assert any("valid clinical sign-off" in r and "pipeline review sign es --document blood" in r
               for r in reason["reasons"])
    assert cli(signed, "review", "sign", "es", "--document", "blood", "--by", BY, "--date", "2026-12-02").code == 0
    assert _gates(cli, signed)[("es", "blood")]


def test_a_bad_require_signoff_value_is_reported(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    config = signed / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[publish]\nrequire_signoff = "yes"\n', encoding="utf-8")
    result = cli(signed, "check")
    assert result.code == 1 and re.search(r"pipeline\.toml:\d+: error: config-value: \[publish\] require_signoff",
                                          result.out + result.err)


def test_stats_show_review_coverage(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    path = signed / "content" / "back.md"
    path.write_text(path.read_text(encoding="utf-8").replace("gentle walks", "short walks"), encoding="utf-8")
    text = cli(signed, "stats").out
    assert re.search(r"^en\s+blood\s+reviewed by Dr Ana Ruiz on 2026-12-01$", text, re.M)
    assert re.search(r"^es\s+back\s+reviewed on 2026-12-01, changed since \(1 segment\)$", text, re.M)
    assert re.search(r"^zh_Hans\s+blood\s+not yet reviewed$", text, re.M)
    assert re.search(r"^es\s+\(coverage\)\s+1 of 2 documents signed \(50\.0%\)$", text, re.M)
    data = json.loads(cli(signed, "stats", "--format", "json").out)["review"]
    assert data["ar"]["signed"] == 1 and data["ar"]["documents"]["back"]["state"] == "changed"
    assert data["zh_Hans"]["percent"] == 0.0


def test_a_hand_typed_reviewed_header_does_not_pass_the_reviewed_gate(
        project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0 and cli(project, "init", "es", "--status", "reviewed").code == 0
    translate(project, "es")
    po = polib.pofile(str(catalog(project, "es")))
    po.metadata.update({"X-Reviewed-By": "Someone", "X-Review-Date": "2026-11-01"})
    po.save()
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[publish]\ncritical_status = "reviewed"\n',
                      encoding="utf-8")
    gates = _gates(cli, project)
    assert not gates[("es", "blood")] and gates[("es", "back")]  # only blood has a critical section
    for slug in ("blood", "back"):
        assert cli(project, "review", "sign", "es", "--document", slug, "--by", BY, "--date", "2026-12-01").code == 0
    assert _gates(cli, project)[("es", "blood")]
