"""`pipeline update`: idempotent, keeps what translators wrote, and merges like msgmerge on the points that matter.

msgmerge (GNU gettext) is the oracle where the pipeline follows it; the README lists where it
deliberately differs (fuzzy sources are kept as obsolete entries; implausible fuzzy matches of
sentences are not proposed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs.files import read_catalog
from pipeline.catalogs.merge import merge_catalog
from pipeline.catalogs.write import format_po
from pipeline.commands.main import main

from ..hostile.tinyproject import make_project, po_path, pot_path

REPO = Path(__file__).resolve().parents[2]
needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def _update(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--project", str(project), "update"]) == 0
    return capsys.readouterr().out


def _snapshot(project: Path) -> dict[str, bytes]:
    return {p.name + p.parent.parent.name: p.read_bytes() for p in (project / "locales").rglob("*.po")}


def test_update_with_nothing_changed_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = po_path(project, "es")
    text = path.read_text(encoding="utf-8")
    # What a translator may have written that msgcat keeps: blank comment lines, trailing spaces,
    # previous msgids of obsolete entries, repeated header fields.
    text = text.replace('#. fever: title', '# Checked with the nurses.  \n#\n# Keep it short.\n#. fever: title', 1)
    text = text.replace('"X-Review-Status:', '"X-Note: first\\n"\n"X-Note:  second\\n"\n"X-Review-Status:', 1)
    text += '\n# Old wording.\n#~| msgid "Fever in treatment"\n#~ msgid "Fever while treated"\n#~ msgstr "Fiebre"\n'
    path.write_text(text, encoding="utf-8")
    before = _snapshot(project)
    out = _update(project, capsys)
    assert "(written)" not in out and out.count("(unchanged)") == 2
    assert _snapshot(project) == before


def test_a_template_that_only_has_a_new_date_rewrites_nothing(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    pot = pot_path(project)
    pot.write_text(re.sub(r"POT-Creation-Date: [^\\]*", "POT-Creation-Date: 2027-01-01 00:00+0000",
                          pot.read_text(encoding="utf-8")), encoding="utf-8")
    before = _snapshot(project)
    out = _update(project, capsys)
    assert "(written)" not in out
    assert _snapshot(project) == before


def test_edit_update_delete_update_then_nothing_changes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fever = project / "content" / "fever.md"
    original = fever.read_text(encoding="utf-8")
    fever.write_text(original.replace("- Rest often.", "- Rest very often."), encoding="utf-8")
    assert main(["--project", str(project), "extract"]) == 0
    _update(project, capsys)
    edited = {e.msgid: e for e in read_catalog(po_path(project, "es"))}["Rest very often."]
    assert edited.fuzzy and edited.msgstr == "Descanse a menudo." and edited.previous_msgid == "Rest often."
    fever.write_text(original.replace("- Rest often.\n", ""), encoding="utf-8")
    assert main(["--project", str(project), "extract"]) == 0
    _update(project, capsys)
    settled = _snapshot(project)
    out = _update(project, capsys)
    assert "(written)" not in out and _snapshot(project) == settled
    kept = {(e.msgid, e.msgstr) for e in read_catalog(po_path(project, "es")) if e.obsolete}
    assert ("Rest often.", "Descanse a menudo.") in kept  # nothing a translator wrote is lost


def test_the_template_names_real_files_and_has_a_language_field(project: Path) -> None:
    template = read_catalog(pot_path(project))
    assert "Language" in template.metadata
    chrome = [file for entry in template for file, _ in entry.occurrences if "templates/" in file]
    assert chrome and all((REPO / file).is_file() for file in chrome), chrome[:3]


def test_each_source_name_points_at_its_own_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", translate=False)
    fever = root / "content" / "fever.md"
    fever.write_text(fever.read_text(encoding="utf-8").replace(
        "    url: https://www.cancer.gov/\n",
        "    url: https://www.cancer.gov/\n  - name: American Cancer Society\n    url: https://www.cancer.org/\n", 1),
        encoding="utf-8")
    assert main(["--project", str(root), "extract"]) == 0
    lines = fever.read_text(encoding="utf-8").split("\n")
    template = {e.msgid: e for e in read_catalog(pot_path(root))}
    for name in ("National Cancer Institute", "American Cancer Society"):
        where = [int(line) for file, line in template[name].occurrences if file == "content/fever.md"]
        assert where and name in lines[where[0] - 1], (name, where)


# -- merge details, with msgmerge as the oracle -------------------------------------------------

HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
OLD = HEADER + '''# Translator note.
#. Extracted note.
#: a.c:1
msgid "Gone away entirely"
msgstr "Parti"

#: b.c:2
msgctxt "menu"
msgid "Open the file now"
msgstr "Ouvrir le fichier"

#: c.c:3
msgid "Thai"
msgstr "thaï"

#: d.c:4
msgid "%d files"
msgstr "%d fichiers"

#: e.c:5
msgid "Keep %s here"
msgstr "Garder ici"
'''
NEW = HEADER.replace('"Language: fr\\n"\n', "") + '''#: b.c:2
msgctxt "button"
msgid "Open the file now"
msgstr ""

#: c.c:3
msgid "Tajik"
msgstr ""

#: d.c:4
#, c-format
msgid "%d files"
msgstr ""

#: e.c:5
#, c-format
msgid "Keep %s here"
msgstr ""
'''


def _merge_both(tmp_path: Path) -> tuple[dict, dict]:
    old, new = tmp_path / "fr.po", tmp_path / "new.pot"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    out = tmp_path / "msgmerge.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out), str(old), str(new)], check=True)
    ours_path = tmp_path / "ours.po"
    ours_path.write_text(format_po(merge_catalog(read_catalog(new), read_catalog(old)).catalog), encoding="utf-8")

    def index(path: Path) -> dict:
        return {(e.msgctxt, e.msgid, e.obsolete): e for e in read_catalog(path)}

    return index(ours_path), index(out)


@needs_msgmerge
def test_no_fuzzy_match_for_a_short_string_msgmerge_would_not_propose(tmp_path: Path) -> None:
    ours, theirs = _merge_both(tmp_path)
    key = (None, "Tajik", False)
    assert not theirs[key].fuzzy and theirs[key].msgstr == ""
    assert not ours[key].fuzzy and ours[key].msgstr == ""


@needs_msgmerge
def test_a_fuzzy_match_crosses_contexts(tmp_path: Path) -> None:
    ours, theirs = _merge_both(tmp_path)
    key = ("button", "Open the file now", False)
    for merged in (ours[key], theirs[key]):
        assert merged.fuzzy and merged.msgstr == "Ouvrir le fichier"
        assert (merged.previous_msgctxt, merged.previous_msgid) == ("menu", "Open the file now")


@needs_msgmerge
def test_an_exact_match_that_became_a_format_string_it_does_not_fit_is_fuzzy(tmp_path: Path) -> None:
    ours, theirs = _merge_both(tmp_path)
    for key, fuzzy in (((None, "%d files", False), False), ((None, "Keep %s here", False), True)):
        assert theirs[key].fuzzy == fuzzy and ours[key].fuzzy == fuzzy, key
        assert "c-format" in ours[key].flags
    assert ours[(None, "Keep %s here", False)].previous_msgid == "Keep %s here"


@needs_msgmerge
def test_obsolete_entries_drop_references_and_extracted_notes_but_keep_translator_comments(tmp_path: Path) -> None:
    ours, theirs = _merge_both(tmp_path)
    key = (None, "Gone away entirely", True)
    for merged in (ours[key], theirs[key]):
        assert merged.occurrences == [] and merged.comment == "" and merged.tcomment == "Translator note."


@needs_msgmerge
def test_fuzzy_sources_stay_as_obsolete_entries_unlike_msgmerge(tmp_path: Path) -> None:
    ours, theirs = _merge_both(tmp_path)
    key = ("menu", "Open the file now", True)
    assert key not in theirs  # msgmerge drops a source it used
    assert ours[key].msgstr == "Ouvrir le fichier"  # deliberately kept: nothing is lost


def test_an_update_from_the_file_the_last_update_wrote_gives_the_same_bytes(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The lines of entries that stay as they were are reused when the catalog is as update left it."""
    import hashlib

    _update(project, capsys)
    record = project / ".cache" / "canonical-catalogs"
    path = po_path(project, "es")
    assert f"{hashlib.sha256(path.read_bytes()).hexdigest()} locales/es/LC_MESSAGES/" in record.read_text()
    fever = project / "content" / "fever.md"
    fever.write_text(fever.read_text(encoding="utf-8").replace("- Rest often.", "- Rest very often."),
                     encoding="utf-8")
    assert main(["--project", str(project), "extract"]) == 0
    before, kept = _snapshot(project), record.read_bytes()
    _update(project, capsys)
    with_record = _snapshot(project)
    for catalog in (project / "locales").rglob("*.po"):
        catalog.write_bytes(before[catalog.name + catalog.parent.parent.name])
    record.unlink()
    _update(project, capsys)
    assert _snapshot(project) == with_record != before
    assert kept != record.read_bytes()


def test_reused_lines_are_the_lines_formatting_gives(tmp_path: Path) -> None:
    """Long strings (wrapped), format strings, plural forms and contexts: reuse changes no byte."""
    import polib

    long = "Call your care team at once if you have a fever of 38 °C or higher, chills, or feel unwell " * 2
    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    old.append(polib.POEntry(msgid=long, msgstr=long.upper(), occurrences=[("a.md", "1")]))
    old.append(polib.POEntry(msgid="Call {clinic_phone} " + long, msgstr="Llame {clinic_phone} " + long,
                             flags=["python-brace-format"], occurrences=[("a.md", "2")]))
    old.append(polib.POEntry(msgid=long, msgctxt="heading", msgstr="x " + long, flags=["fuzzy"]))
    old.append(polib.POEntry(msgid="%d day " + long, msgid_plural="%d days " + long,
                             msgstr_plural={0: "%d día", 1: "%d días " + long}, flags=["python-format"]))
    old.append(polib.POEntry(msgid="Gone " + long, msgstr="Ido " + long))
    path = tmp_path / "es.po"
    path.write_text(format_po(old), encoding="utf-8")
    catalog = read_catalog(path)
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in old[:4]:  # the last one removed, the others moved in their documents
        template.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural,
                                      flags=[f for f in entry.flags if f != "fuzzy"], occurrences=[("b.md", "9")]))
    reused = merge_catalog(template, catalog, canonical=True).catalog
    assert sum(getattr(entry, "reused_lines", None) is not None for entry in reused) == 4
    assert format_po(reused) == format_po(merge_catalog(template, catalog).catalog)


def test_fuzzy_matches_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Many sentences of a few words: word pairs found as often as each other, read in a fixed order."""
    import os
    import random
    import sys

    import polib

    rng = random.Random(7)
    words = "fever rash call nurse today blood test port rest drink water".split()

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(5, 9))).capitalize() + "."

    olds = sorted({sentence() for _ in range(400)})
    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(olds):
        old.append(polib.POEntry(msgid=text, msgstr=f"[{number}] {text.upper()}"))
    template = polib.POFile()
    template.metadata = dict(old.metadata)
    for text in olds[:300]:
        edited = text.split(" ")
        edited[rng.randrange(len(edited))] = rng.choice(words)
        template.append(polib.POEntry(msgid=" ".join(edited) if rng.random() < 0.3 else text))
    for _ in range(60):
        template.append(polib.POEntry(msgid=sentence()))
    (tmp_path / "old.po").write_text(format_po(old), encoding="utf-8")
    (tmp_path / "new.pot").write_text(format_po(template), encoding="utf-8")
    code = ("import sys; from pathlib import Path; from pipeline.catalogs.files import read_catalog; "
            "from pipeline.catalogs.merge import merge_catalog; from pipeline.catalogs.write import format_po; "
            "result = merge_catalog(read_catalog(Path(sys.argv[2])), read_catalog(Path(sys.argv[1]))); "
            "print(result.fuzzy); print(format_po(result.catalog))")
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "old.po"), str(tmp_path / "new.pot")],
                              capture_output=True, text=True, check=True, cwd=REPO,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert int(outputs.pop().split("\n")[0]) > 50  # fuzzy matches were made (and compared)
