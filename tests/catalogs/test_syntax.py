"""The two ways of reading PO text agree: one match per usual entry, and the lexer with the grammar.

The grammar (gettext's po-gram.y, read token by token) is the reference the reader tests prove
against GNU msgcat and msgfmt; the usual-entry reading is the fast way `pipeline update` reads
large catalogs. Both must give the same entries (every attribute, line numbers included) and the
same refusal (line and message) on real catalogs of other projects, on the project's own catalogs
and on damaged copies of them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.catalogs.syntax import PoParseError, parse_po
from pipeline.catalogs.write import format_po
from tests.catalogs.test_reader import KEPT

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted((ROOT / "tests" / "data" / "po").rglob("*.po"))
PROJECT = sorted((ROOT / "locales").rglob("*.po")) + sorted((ROOT / "locales").glob("*.pot"))
DAMAGE = ('"', "#", "\\", " ", "\n", "\n\n", 'msgid "x"\n', "#~ ", '#| msgid "q"\n', 'msgstr[0] ""\n', "\\x4",
          "\\1", "# note\n", 'msgctxt "c"\n', "domain \"d\"\n")


def reading(text: str, grammar_only: bool) -> tuple[object, ...]:
    """Everything a reading gives: each entry's attributes and the header's, or the refusal."""
    try:
        catalog = parse_po(text, grammar_only=grammar_only)
    except PoParseError as exc:
        return ("refused", exc.line, exc.message)
    entries = [sorted((name, repr(value)) for name, value in entry.__dict__.items()) for entry in catalog]
    header = [repr(getattr(catalog, name, None)) for name in (
        "raw_header", "header", "header_lines", "metadata", "extra_headers", "domains", "metadata_is_fuzzy",
        "header_line", "source_text")]
    return entries, header


def damaged(text: str, rng: random.Random, count: int) -> list[str]:
    """Copies of the text with a character removed, a line dropped or a piece of PO syntax put anywhere."""
    copies = []
    for _ in range(count):
        at = rng.randrange(max(1, len(text)))
        operation = rng.randrange(3)
        if operation == 0:
            copies.append(text[:at] + text[at + 1:])
        elif operation == 1:
            end = text.find("\n", at)
            copies.append(text[:at] + text[end + 1:] if end >= 0 else text[:at])
        else:
            copies.append(text[:at] + rng.choice(DAMAGE) + text[at:])
    return copies


def test_there_are_catalogs_to_compare() -> None:
    assert len(REAL) >= 10 and len(PROJECT) >= 8


@pytest.mark.parametrize("path", REAL + PROJECT, ids=[p.relative_to(ROOT).as_posix() for p in REAL + PROJECT])
def test_both_readings_agree_on_real_catalogs_and_damaged_copies(path: Path) -> None:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    rng = random.Random(path.name)  # seeded by a str: the same copies whatever the hash seed
    refused = 0
    for variant in [text, *damaged(text, rng, 25)]:
        usual, grammar = reading(variant, False), reading(variant, True)
        assert usual == grammar
        refused += usual[0] == "refused"
    assert reading(text, True)[0] != "refused"
    assert refused > 0  # the damage reached the syntax: refusals were compared too


@pytest.mark.parametrize("text", list(KEPT.values()), ids=list(KEPT))
def test_both_readings_agree_on_what_gettext_keeps(text: str) -> None:
    assert reading(text, False) == reading(text, True)
    assert reading(format_po(parse_po(text)), False) == reading(format_po(parse_po(text)), True)


H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
EDGES = {
    "reference with leading zeros": H + '#: a.md:012\n#: a.md:012 b.md:007\n#: c.md:0\nmsgid "a"\nmsgstr "b"\n',
    "reference without a space": H + '#:a.md:12\nmsgid "a"\nmsgstr "b"\n',
    "indented comment and keyword": H + '  # note\n\tmsgid "a"\n  msgstr "b"\n',
    "keyword without a space": H + 'msgid"a"\nmsgstr"b"\n',
    "two keywords on a line": H + 'msgid "a" msgstr "b"\n',
    "escape ending where its line does": H + 'msgid "a"\nmsgstr ""\n"\\x4"\n"1\\1"\n"23"\n',
    "escapes": H + 'msgid "a\\tb\\\\c\\"d\\n"\nmsgstr "\\a\\b\\f\\v\\r\\101"\n',
    "blank line inside an entry": H + 'msgid "a"\n\nmsgstr "b"\n',
    "blank line inside a string": H + 'msgid "a"\nmsgstr "b"\n\n"c"\n',
    "comments before a blank line": H + '# lost?\n\nmsgid "a"\nmsgstr "b"\n',
    "comments at the end": H + 'msgid "a"\nmsgstr "b"\n\n# the end\n',
    "no final line end": H + 'msgid "a"\nmsgstr "b"',
    "trailing blanks and carriage returns": H + '# note \r\nmsgid "a" \t\r\nmsgstr "b"\f\n',
    "obsolete and previous": H + '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "c"\n#~ msgstr "d"\n',
    "plural": H + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n\nmsgid "c"\nmsgstr "d"\n',
    "context on two lines": H + 'msgctxt ""\n"but"\n"ton"\nmsgid "a"\nmsgstr "b"\n',
    "a second header": H + 'msgid ""\nmsgstr "X: y\\n"\n',
    "domain": H + 'domain "other"\nmsgid "a"\nmsgstr "b"\n',
    "backslash at a line end": H + 'msgid "a\\\nb"\nmsgstr "c"\n',
    "empty file": "",
    "only blank lines": "\n \n\n",
    "unclosed string": H + 'msgid "a\nmsgstr "b"\n',
    "msgstr first": H + 'msgstr "b"\n',
    "comment inside an entry": H + 'msgid "a"\n# note\nmsgstr "b"\n',
}


@pytest.mark.parametrize("text", list(EDGES.values()), ids=list(EDGES))
def test_both_readings_agree_on_edge_cases(text: str) -> None:
    assert reading(text, False) == reading(text, True)


def test_line_numbers_of_usual_entries_are_the_files_lines() -> None:
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '# note\n#: a.md:3\nmsgctxt "button"\nmsgid ""\n"Call "\n"now"\nmsgstr "Appelez"\n\n\n'
            'msgid "Fever"\nmsgstr ""\n"Fiè"\n"vre"\n')
    first, second = parse_po(text)
    assert (first.linenum, first.strings_line, first.msgid_line, first.last_line) == (4, 6, 7, 10)
    assert (second.linenum, second.msgid_line, second.last_line) == (13, 13, 16)
    assert (first.msgctxt, first.msgid, first.msgstr, second.msgstr) == ("button", "Call now", "Appelez", "Fièvre")
    assert first.occurrences == [("a.md", "3")] and first.tcomment == "note"
