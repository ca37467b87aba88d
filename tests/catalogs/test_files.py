"""Reading catalogs: odd but valid files read correctly, broken ones are errors with a file and line.

The corpus test (test_hostile.py) runs the commands on broken files; these tests look at what
``read_catalog`` returns for valid ones and at what ``pipeline update`` writes back.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import tomllib
from pathlib import Path

import polib
import pytest

from pipeline.catalogs.files import CatalogRead, declared_charset, decode_catalog, load_catalog, read_catalog
from pipeline.catalogs.syntax import check_syntax, header_entry_lines
from pipeline.commands.main import main
from pipeline.errors import CatalogError

from ..hostile.tinyproject import make_project, po_path

HEADER = ('# Spanish.\nmsgid ""\nmsgstr ""\n"Language: es\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"X-Review-Status: translated\\n"\n\n')
ENTRY = ('#. fever: title\n#: content/fever.md:2\nmsgid "Fever during treatment"\n'
         'msgstr "Fiebre alta: 38 °C, niño, «cañón» — sí"\n')
HOSTILE = Path(__file__).resolve().parents[1] / "hostile"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def _write(tmp_path: Path, data: bytes, name: str = "x.po") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_catalog_reads_with_entry_lines(tmp_path: Path) -> None:
    catalog = read_catalog(_write(tmp_path, (HEADER.format(charset="UTF-8") + ENTRY).encode()))
    entry = catalog.find("Fever during treatment")
    assert entry is not None and entry.msgstr == "Fiebre alta: 38 °C, niño, «cañón» — sí"
    assert entry.linenum == 11  # polib's line: the first line of the entry (its first comment)
    assert catalog.metadata["Language"] == "es"


def test_utf8_bom_is_read(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + (HEADER.format(charset="UTF-8") + ENTRY).encode()
    catalog = read_catalog(_write(tmp_path, data))
    assert catalog.metadata["Language"] == "es"
    assert catalog.find("Fever during treatment").msgstr.startswith("Fiebre alta")


def test_crlf_line_ends_are_read_with_the_same_lines(tmp_path: Path) -> None:
    text = HEADER.format(charset="UTF-8") + ENTRY
    lf = read_catalog(_write(tmp_path, text.encode(), "lf.po"))
    crlf = read_catalog(_write(tmp_path, text.replace("\n", "\r\n").encode(), "crlf.po"))
    old_mac = read_catalog(_write(tmp_path, text.replace("\n", "\r").encode(), "cr.po"))
    for catalog in (crlf, old_mac):
        assert [(e.msgid, e.msgstr, e.linenum) for e in catalog] == [(e.msgid, e.msgstr, e.linenum) for e in lf]
        assert "\r" not in catalog.find("Fever during treatment").msgstr


def test_latin1_catalog_is_read_and_written_back_as_utf8(project: Path) -> None:
    path = po_path(project, "es")
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    text = text.replace('msgstr "Fiebre durante el tratamiento"', 'msgstr "Fiebre: niño, cañón, 38 °C"')
    text = text.replace("“", "«").replace("”", "»")  # the notes' curly quotes are not in Latin-1
    path.write_bytes(text.encode("latin-1"))
    catalog = read_catalog(path)
    assert catalog.find("Fever during treatment").msgstr == "Fiebre: niño, cañón, 38 °C"
    assert main(["--project", str(project), "update", "es"]) == 0
    data = path.read_bytes()
    written = data.decode("utf-8")  # now UTF-8 ...
    assert "charset=UTF-8" in written and "ISO-8859-1" not in written  # ... and says so
    assert read_catalog(path).find("Fever during treatment").msgstr == "Fiebre: niño, cañón, 38 °C"


def test_windows_1252_and_koi8_r_catalogs_are_read(tmp_path: Path) -> None:
    text = HEADER.format(charset="windows-1252") + ENTRY.replace("«cañón» — sí", "“quoted” €5")
    catalog = read_catalog(_write(tmp_path, text.encode("cp1252"), "w.po"))
    assert catalog.find("Fever during treatment").msgstr.endswith("“quoted” €5")
    text = HEADER.format(charset="KOI8-R").replace("es", "ru") + ENTRY.replace(
        "Fiebre alta: 38 °C, niño, «cañón» — sí", "Лихорадка во время лечения")
    catalog = read_catalog(_write(tmp_path, text.encode("koi8-r"), "k.po"))
    assert catalog.find("Fever during treatment").msgstr == "Лихорадка во время лечения"


def test_empty_catalog_header_only(project: Path) -> None:
    path = po_path(project, "es")
    path.write_text(HEADER.format(charset="UTF-8"), encoding="utf-8")
    catalog = read_catalog(path)
    assert len(catalog) == 0 and catalog.metadata["Language"] == "es"
    assert main(["--project", str(project), "update", "es"]) == 0
    catalog = read_catalog(path)
    assert len(catalog) > 10 and all(not e.msgstr for e in catalog if not e.msgid_plural)
    assert main(["--project", str(project), "check", "--locale", "es"]) == 0  # untranslated is a warning


def test_template_may_use_charset_placeholder(tmp_path: Path) -> None:
    pot = '# Template.\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "Hi"\nmsgstr ""\n'
    read = load_catalog(_write(tmp_path, pot.encode(), "t.pot"))
    assert read.catalog is not None and read.catalog.find("Hi") is not None


def test_line_separators_inside_strings_survive_a_round_trip(project: Path) -> None:
    path = po_path(project, "es")
    text = path.read_text(encoding="utf-8").replace("Fiebre durante el tratamiento", "Fiebre\u2028durante\u0085ya")
    path.write_text(text, encoding="utf-8")
    assert read_catalog(path).find("Fever during treatment").msgstr == "Fiebre\u2028durante\u0085ya"
    assert main(["--project", str(project), "update", "es"]) == 0
    assert read_catalog(path).find("Fever during treatment").msgstr == "Fiebre\u2028durante\u0085ya"


def test_a_catalog_saved_by_polib_reads_back(project: Path) -> None:
    path = po_path(project, "es")
    catalog = polib.pofile(str(path))
    entry = catalog.find("Fever during treatment")
    entry.flags.append("fuzzy")
    entry.previous_msgid = "Fever during the treatment"
    entry.tcomment = "check-ignore: length-ratio\nsecond line"
    catalog.save()
    again = read_catalog(path).find("Fever during treatment")
    assert again.previous_msgid == "Fever during the treatment" and "fuzzy" in again.flags


def test_long_msgids_are_not_taken_for_headers() -> None:
    text = ('msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid ""\n"A long English text "\n"over two lines."\n'
            'msgstr ""\n"Un texto largo."\n\nmsgctxt "x"\nmsgid ""\nmsgstr "y"\n')
    assert check_syntax(text) is None
    assert header_entry_lines(text) == [1]
    assert header_entry_lines(text + '\nmsgid ""\nmsgstr "Language: fr\\n"\n') == [1, 15]


def test_charset_is_taken_from_the_header_only() -> None:
    data = (HEADER.format(charset="UTF-8") + 'msgid "charset=ISO-8859-1 in text"\nmsgstr "ñ"\n').encode()
    assert declared_charset(data) == ("UTF-8", 6)
    no_header = b'msgid "a"\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
    assert declared_charset(no_header) == (None, 1)
    assert decode_catalog("msgid \"ñ\"\nmsgstr \"\"\n".encode(), "x") == "msgid \"ñ\"\nmsgstr \"\"\n"


@pytest.mark.parametrize(("text", "line", "words"), [
    ('msgid "a"\nmsgstr "b', 2, "no closing quote"),
    ('msgid "a"\n', 1, "ends inside an entry"),
    ('msgid "a"\n# note\nmsgstr "b"\n', 2, "comment inside an entry"),
    ('msgid "a"\nmsgstr "b" x\n', 2, "after the closing quote"),
    ('msgid "a\\z"\nmsgstr "b"\n', 1, "escape"),
    ('#| msgid "old"\n"cont"\nmsgid "a"\nmsgstr "b"\n', 2, "#|"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n', 3, "msgstr[0]"),
    ('msgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "b"\n', 2, "msgctxt inside"),
    ('msgid "a"\nmsgstr "b\\?"\n', 2, "escape"),
    ('msgid "a"\nmsgstr "b"\n"c\n', 3, "no closing quote"),
])
def test_syntax_errors_name_their_line(text: str, line: int, words: str) -> None:
    problem = check_syntax(text)
    assert problem is not None and problem.line == line and words in problem.message, problem


def test_obsolete_and_previous_entries_are_valid() -> None:
    text = ('#, fuzzy\n#| msgctxt "old"\n#| msgid "Old "\n#| "text"\nmsgid "New"\nmsgstr "Nuevo"\n\n'
            '#~ msgid "Gone"\n#~ msgstr ""\n#~ "Ido"\n\n#~| msgid "Older"\n#~ msgid "Gone 2"\n#~ msgstr "Ido 2"\n')
    assert check_syntax(text) is None


def test_errors_are_catalog_errors_with_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER.format(charset="UTF-8") + ENTRY + ENTRY).encode())
    with pytest.raises(CatalogError) as raised:
        read_catalog(path, "shown.po")
    (finding,) = raised.value.findings
    assert finding.format().startswith("shown.po:15: error: po-duplicate:")


def test_unreadable_paths_are_errors(tmp_path: Path) -> None:
    result = load_catalog(tmp_path / "missing.po", "missing.po")
    assert result.catalog is None and result.findings[0].code == "po-unreadable"
    (tmp_path / "dir.po").mkdir()
    assert load_catalog(tmp_path / "dir.po").findings[0].code == "po-unreadable"
    assert isinstance(load_catalog(tmp_path / "missing.po"), CatalogRead)


def test_what_we_accept_gnu_gettext_accepts(tmp_path: Path) -> None:
    """Never stricter the other way round: a catalog the pipeline reads passes ``msgfmt --check-format``."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed")
    cases = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
    checked = 0
    for case in cases:
        # Two cases are read and then reported by `check` as errors of one entry, which msgfmt
        # refuses for the whole file: a translated placeholder, and too few plural forms.
        if case["target"] != "catalog" or case["file"].endswith(".gz") or \
                case["name"] in ("placeholder-translated", "plural-count"):
            continue
        path = tmp_path / case["file"]
        path.write_bytes((HOSTILE / "files" / case["file"]).read_bytes())
        if load_catalog(path).catalog is None:
            continue
        result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, (case["name"], result.stderr)
        checked += 1
    assert checked >= 10
