"""The catalog reader keeps everything GNU gettext keeps and accepts every file it accepts.

The oracle is GNU msgcat: reading a file and writing it back (``format_po``) must give msgcat's
output byte for byte, and a file msgcat refuses must be refused with its line.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs.files import load_catalog, read_catalog
from pipeline.catalogs.write import format_po
from pipeline.errors import CatalogError

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


def _msgcat(path: Path) -> str:
    result = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def _round_trip(tmp_path: Path, text: str) -> tuple[str, str]:
    """What the pipeline writes back after reading TEXT, and what msgcat writes."""
    path = tmp_path / "fr.po"
    path.write_text(text, encoding="utf-8")
    return format_po(read_catalog(path)), _msgcat(path)


KEPT = {
    "previous msgid of an obsolete entry": HEADER + '#~| msgid "Old fever"\n#~ msgid "Fever"\n#~ msgstr "Fièvre"\n',
    "blank comment lines": HEADER + '# First note.\n#\n# Second note.\n#\nmsgid "Fever"\nmsgstr "Fièvre"\n',
    "a lone blank comment line": HEADER + '#\nmsgid "Fever"\nmsgstr "Fièvre"\n',
    "trailing spaces in comments": HEADER + '# Keep these  \n#. and these \nmsgid "Fever"\nmsgstr "Fièvre"\n',
    "a repeated header field": HEADER.replace('"MIME-Version: 1.0\\n"\n', '"MIME-Version: 1.0\\n"\n'
                                              '"X-Note: first\\n"\n"X-Note: second\\n"\n')
                               + 'msgid "Fever"\nmsgstr "Fièvre"\n',
    "extra spaces in a header value": HEADER.replace('"Project-Id-Version: test\\n"',
                                                     '"Project-Id-Version:  test  1.0 \\n"')
                                      + 'msgid "Fever"\nmsgstr "Fièvre"\n',
    "header comments with blank lines": '# French translation.\n#\n# Translators:  \n' + HEADER
                                        + 'msgid "Fever"\nmsgstr "Fièvre"\n',
}

ACCEPTED = {
    "a reference without a space after #:": HEADER + '#:src/fever.c:12\nmsgid "Fever"\nmsgstr "Fièvre"\n',
    "references with spaces around the colon": HEADER + '#: a.c : 3 b.c: 4 c.c :5 d.c e.c:\n'
                                                         'msgid "Fever"\nmsgstr "Fièvre"\n',
    "the \\a escape": HEADER + 'msgid "Bell\\a"\nmsgstr "Cloche\\a"\n',
    "a DEL character": HEADER + 'msgid "Fever"\nmsgstr "Fi\x7fèvre"\n',
    "octal and hex escapes": HEADER + 'msgid "A\\101\\x42"\nmsgstr "A\\101\\x42"\n',
    "keywords on one line": HEADER + 'msgid "Fever" msgstr "Fièvre"\n\nmsgctxt "x" msgid "Cold"\nmsgstr "Froid"\n',
    "two strings on one line": HEADER + 'msgid "Fe" "ver"\nmsgstr "Fiè" "vre"\n',
    "a comment without a space": HEADER + '#note\nmsgid "Fever"\nmsgstr "Fièvre"\n',
    "a keyword without a space before its string": HEADER + 'msgid"Fever"\nmsgstr"Fièvre"\n',
    "plural index with blanks": HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr [0] "x"\nmsgstr[ 1 ] "y"\n',
    "the domain directive": HEADER + 'msgid "Fever"\nmsgstr "Fièvre"\n\ndomain "other"\n\n'
                                     'msgid "Cold"\nmsgstr "Froid"\n',
    "flags without commas": HEADER + '#, fuzzy python-format\nmsgid "%(n)s days"\nmsgstr "%(n)s jours"\n',
    "a backslash at the end of a comment line": HEADER + '# a\\\n# b\nmsgid "Fever"\nmsgstr "Fièvre"\n',
}


@needs_gettext
@pytest.mark.parametrize("text", list(KEPT.values()) + list(ACCEPTED.values()), ids=list(KEPT) + list(ACCEPTED))
def test_writing_back_what_was_read_gives_msgcats_output(tmp_path: Path, text: str) -> None:
    mine, gnu = _round_trip(tmp_path, text)
    assert mine == gnu


@pytest.mark.parametrize("text", list(KEPT.values()), ids=list(KEPT))
def test_a_canonical_file_reads_and_writes_back_unchanged(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fr.po"
    path.write_text(text, encoding="utf-8")
    assert format_po(read_catalog(path)) == text


def test_what_is_read_is_what_gettext_reads(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text(HEADER + '#:src/a.c:12 b.c\n#~| msgid "Old"\n#~ msgid "Bell\\a"\n#~ msgstr "x\x7f"\n'
                    '\nmsgid "a" msgstr "b"\n', encoding="utf-8")
    catalog = read_catalog(path)
    obsolete = next(entry for entry in catalog if entry.obsolete)
    assert obsolete.previous_msgid == "Old" and obsolete.msgid == "Bell\a" and obsolete.msgstr == "x\x7f"
    assert obsolete.occurrences == [("src/a.c", "12"), ("b.c", "")]
    assert catalog.find("a").msgstr == "b"


def test_a_changed_header_field_keeps_the_rest_of_the_header(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    text = HEADER.replace('"Language: fr\\n"\n', '"Language: fr\\n"\n"X-Note:  two  spaces\\n"\n"X-Note: b\\n"\n')
    path.write_text(text + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    catalog = read_catalog(path)
    catalog.metadata["Project-Id-Version"] = "test 2"
    catalog.metadata["X-New"] = "yes"
    written = format_po(catalog)
    assert '"X-Note:  two  spaces\\n"\n"X-Note: b\\n"\n' in written
    assert '"Project-Id-Version: test 2\\n"' in written and written.index("X-New") > written.index("Plural-Forms")


REFUSED = [
    ('msgid "a"\nmsgstr "b\\?"\n', 2, "escape"),
    ('msgid "a"\nmsgstr "b\\q"\n', 2, "escape"),
    ('msgid "a"\nmsgstr "b" c\n', 2, "after the closing quote"),
    ('msgid "a"\n# note\nmsgstr "b"\n', 2, "comment inside an entry"),
    ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', 2, "second msgid"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4, "out of order"),
    ('#~ msgid "a"\nmsgstr "b"\n', 2, "obsolete"),
    ('msgid "a"\nmsgstr "b\n', 2, "no closing quote"),
    ('msgid "a"\n', 1, "ends inside an entry"),
    ('<html>\n', 1, "not PO syntax"),
]


@pytest.mark.parametrize(("body", "line", "words"), REFUSED)
def test_what_gettext_refuses_is_refused_with_its_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    path = tmp_path / "fr.po"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog(path, "fr.po")
    (finding,) = raised.value.findings
    offset = HEADER.count("\n")
    assert finding.format().startswith(f"fr.po:{line + offset}: error: po-syntax:") and words in finding.message
    if shutil.which("msgcat"):
        assert subprocess.run(["msgcat", str(path)], capture_output=True).returncode != 0


def test_a_template_without_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.pot"
    path.write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    read = load_catalog(path)
    assert read.catalog is not None and format_po(read.catalog) == 'msgid "a"\nmsgstr ""\n'
