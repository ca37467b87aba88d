"""Tests for pipeline.po_format: our PO text must be a fixed point of GNU msgcat."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import linebreak
from pipeline.catalogs.write import format_po

HEADER = {
    "Project-Id-Version": "patient-info 1.0",
    "Report-Msgid-Bugs-To": "content@example.org",
    "POT-Creation-Date": "2024-05-01 12:00+0000",
    "PO-Revision-Date": "2024-05-02 08:30+0700",
    "Last-Translator": "Nguyễn Văn An <an@example.org>",
    "Language-Team": "Vietnamese <vi@example.org>",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (msgcat, msgfmt) is not installed",
)


Gnu = Callable[..., str]


@pytest.fixture
def gnu(tmp_path: Path) -> Gnu:
    """Run msgcat and msgfmt -c on a text; return msgcat's output."""

    def run(text: str, width: int = 79) -> str:
        source, output = tmp_path / "in.po", tmp_path / "out.po"
        source.write_bytes(text.encode("utf-8"))
        output.unlink(missing_ok=True)
        cat = subprocess.run(["msgcat", "--force-po", f"--width={width}", str(source),
                              "-o", str(output)],
                             capture_output=True, text=True)
        assert cat.returncode == 0, cat.stderr
        check = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(source)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        return output.read_bytes().decode("utf-8")

    return run


def catalog(*entries: polib.POEntry, header: str = "", fuzzy: bool = False) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header = header
    po.metadata = dict(HEADER)
    po.metadata_is_fuzzy = fuzzy
    for entry in entries:
        po.append(entry)
    return po


def body(text: str) -> str:
    """The part of a formatted file after the header entry."""
    return text.split("\n\n", 1)[1]


# --------------------------------------------------------------------------
# Random catalogs
# --------------------------------------------------------------------------

WORDS = [
    "Take", "the", "medicine", "twice", "a", "day", "after", "meals.", "Call",
    "Uống", "thuốc", "hai", "lần", "mỗi", "ngày", "sau", "bữa", "ăn.", "Bệnh", "viện",
    "Принимайте", "лекарство", "дважды", "в", "день.", "Позвоните", "врачу",
    "تناول", "الدواء", "مرتين", "يوميا", "بعد", "الأكل.",
    "दिन", "में", "दो", "बार", "दवा", "लें।", "डॉक्टर", "को",
    "每天服药两次", "，", "饭后服用", "。", "请致电", "（", "门诊", "）", "「", "注意", "」",
    "！", "？", "、", "：", "；", "医院", "患者须知", "《", "》", "·",
    "**bold**", "*em*", "[text][1]", "[link](https://example.org/a)", "`code`", "# Title",
    "https://example.org/patient-info/very/long/path/to/leaflet?lang=vi&page=2#top",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2, "x" * 90, "ẞ" * 45, "长" * 50,
    "follow-up", "e.g.", "24/7", "(24h)", "$5.00", "50%", "1,000.5", "—", "-", "–",
    '"quoted"', "'single'", "back\\slash", "tab\there", "…", "€10", "№5", "A/B",
]
SEPARATORS = [" ", " ", " ", " ", " ", "  ", "\t", "\n", " \n", "\n\n", "-", "/", ", "]
# Single characters from many line breaking classes: combining marks, joiners,
# zero width space, no-break spaces, Hangul, Hebrew, Thai, emoji, flags, quotes.
CHARS = list(
    "\u0301\u0308\u093f\u094d\u064b\u200d\u200b\u2060\u00a0\u202f\u3000\u3001"
    "\u3002\uff0c\uff08\uff09\u300c\u300d\u201c\u201d\u00ab\u00bb\u2018\u2019"
    "\u2026\u2014\u00ad\u2010\u05d0\u05d1\u05be\uac00\ud55c\u1100\u1161\u0e01"
    "\u0e32\u3041\u30fc\uff01\uff1f\u00b0\u2103\u00a3\u0024\u0025\u0023\u0021"
    "\u003f\u003b\u003a\u002c\u002e\u0027\u0022\u005c\u002f\u007c\u007e\u0040"
    "\u0028\u0029\u005b\u005d\u003c\u003e\u0030\u0039\u00e9\u0436\u0639\u0915"
    "\U0001f600\U0001f44d\U0001f3fd\U0001f1fb\U0001f1f3\U0001f468\u2764\ufe0f\u2028"
    "\u0085\ufeff\ufffc\U00020000\U0001d11e\U000e0041\u1680\u2002\u0f0b\u1361"
    "\r\a\b\f\v\x01\x1b\x7f"
)
TOKENS = WORDS + SEPARATORS * 4 + CHARS


def decode_text(data: bytes) -> str:
    """Turn random bytes into text: a byte picks a token; 250..255 + 3 bytes any code point."""
    out: list[str] = []
    i = 0
    while i < len(data):
        if data[i] >= 250 and i + 3 < len(data):
            code = int.from_bytes(data[i + 1:i + 4], "big") % 0x30000 + 0xA0
            if not 0xD800 <= code < 0xE000:
                out.append(chr(code))
            i += 4
        else:
            out.append(TOKENS[data[i] % len(TOKENS)])
            i += 1
    return "".join(out)


NO_NEWLINES = str.maketrans({"\n": " "})


def free_text(min_size: int = 0, max_size: int = 28) -> st.SearchStrategy[str]:
    return st.binary(min_size=min_size, max_size=max_size).map(decode_text)


def safe_for(text: str, formats: frozenset[str]) -> str:
    """Remove characters that would make a format string invalid for msgfmt -c."""
    if formats & {"c-format", "python-format"}:
        text = text.replace("%", "")
    if "python-brace-format" in formats:
        text = text.replace("{", "(").replace("}", ")")
    return text


BRACE_NAMES = ["{clinic_phone}", "{name}", "{date}", "{0}", "{count}", "{user.name}",
               "{items[0]}", "{price:>10.2f}", "{when:{fmt}}", "{{", "}}", "{}", "{x!r}"]
PERCENT_NAMES = ["%(phone)s", "%(count)d", "%(page)s", "%(a b)s", "%(x(y))r", "%%", "% d",
                 "%-10s", "%5.2f", "%*d", "%(size)!", "%s", "%(w)5.1f", "%!", "%q"]
FORMAT_FLAGS = st.lists(st.sampled_from(["python-brace-format", "c-format", "python-format",
                                         "no-c-format", "no-python-brace-format"]), max_size=2)
OTHER_FLAGS = st.lists(st.sampled_from(
    ["fuzzy", "fuzzy", "no-wrap", "wrap", "range: 1..5", "range: 9..2", "my-flag"]), max_size=3)
NAMES = st.lists(st.sampled_from(BRACE_NAMES), max_size=3)
PERCENT_NAMES_LISTS = st.lists(st.sampled_from(PERCENT_NAMES), max_size=3)
TEXT, SHORT = free_text(min_size=1), free_text(max_size=6)
ONE_LINE = free_text(max_size=10).map(lambda s: s.translate(NO_NEWLINES))
COMMENTS = st.lists(free_text(max_size=10), max_size=3).map("\n".join)
CONTEXTS = st.sampled_from([
    None, None, "", "button", "Tiêu đề", "侧栏", "two\nlines",
    "Heading of the diabetes overview section on the printed large-print handout page"])
REFERENCES = st.lists(st.tuples(
    st.sampled_from(["content/leaflets/diabetes.md", "./content/a.md", "b.md", "./b.md",
                     "nội-dung/tiểu-đường/bài-viết-dài-về-chế-độ-ăn.md", "内容/糖尿病.md",
                     "content/very/deeply/nested/directory/structure/for/testing/file.md"]),
    st.sampled_from(["", "1", "42", "1234"])), max_size=8)


@st.composite
def entries(draw: st.DrawFn, index: int) -> polib.POEntry:
    formats = frozenset(draw(FORMAT_FLAGS))
    if "no-python-brace-format" in formats:
        formats -= {"python-brace-format"}
    if "no-c-format" in formats:
        formats -= {"c-format"}
    names = draw(NAMES) if "python-brace-format" in formats else []
    if "python-format" in formats and "c-format" not in formats:
        names += draw(PERCENT_NAMES_LISTS)

    def text() -> str:
        parts = [safe_for(draw(TEXT), formats)]
        parts += [name + safe_for(draw(SHORT), formats) for name in names]
        return "".join(parts)

    def translation(source: str) -> str:
        """A msgstr that msgfmt -c accepts for SOURCE: same placeholders and newlines."""
        result = text()
        result += "".join(" " + name for name in names if name not in result)
        result = result.strip("\n") or "x"
        if source.startswith("\n"):
            result = "\n" + result
        if source.endswith("\n"):
            result += "\n"
        return result

    tag = f"#{index}"
    msgid = f"{tag} {text()}" if draw(st.booleans()) else f"{text()} {tag}"
    plural, translated = draw(st.booleans()), draw(st.integers(0, 3)) > 0
    entry = polib.POEntry(msgid=msgid, flags=sorted(formats) + draw(OTHER_FLAGS),
                          obsolete=draw(st.integers(0, 4)) == 0, msgctxt=draw(CONTEXTS))
    if plural:
        entry.msgid_plural = translation(msgid)
        entry.msgstr_plural = {0: translation(msgid) if translated else "",
                               1: translation(msgid) if translated else ""}
    else:
        entry.msgstr = translation(msgid) if translated else ""
    entry.tcomment, entry.comment = draw(COMMENTS), draw(COMMENTS)
    entry.occurrences = draw(REFERENCES)
    if draw(st.booleans()):
        entry.previous_msgid = draw(TEXT)
        if draw(st.booleans()):
            entry.previous_msgctxt = draw(ONE_LINE)
        if plural and draw(st.booleans()):
            entry.previous_msgid_plural = draw(TEXT)
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    count = draw(st.integers(1, 5))
    po = catalog(*(draw(entries(i)) for i in range(count)),
                 header=draw(COMMENTS), fuzzy=draw(st.booleans()))
    note = draw(ONE_LINE)
    if note:
        po.metadata["X-Note"] = note
    return po


@needs_gettext
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(po=catalogs(), width=st.sampled_from([79, 79, 79, 40, 20, 100, 0]))
def test_msgcat_leaves_our_output_unchanged(gnu: Gnu, po: polib.POFile, width: int) -> None:
    ours = format_po(po, width=width)
    assert gnu(ours, width=width) == ours
    assert format_po(po, width=width) == ours  # stable


# --------------------------------------------------------------------------
# Golden cases
# --------------------------------------------------------------------------

def entry_text(entry: polib.POEntry, width: int = 79) -> str:
    return body(format_po(catalog(entry), width=width))


def test_latin_wraps_after_spaces_keeping_them_at_line_end() -> None:
    entry = polib.POEntry(msgid="Take this medicine twice a day, after breakfast and after "
                                "dinner, with a full glass of water.")
    assert entry_text(entry) == (
        'msgid ""\n'
        '"Take this medicine twice a day, after breakfast and after dinner, with a "\n'
        '"full glass of water."\n'
        'msgstr ""\n')


def test_newlines_force_breaks_and_a_final_newline_stays_inline() -> None:
    entry = polib.POEntry(msgid="Line one\nLine two", msgstr="Dòng một\n")
    assert entry_text(entry) == 'msgid ""\n"Line one\\n"\n"Line two"\nmsgstr "Dòng một\\n"\n'


def test_chinese_counts_two_columns_and_respects_punctuation() -> None:
    # A continuation line holds 77 columns: 38 ideographs.  "，" may not start
    # a line and "（" may not end one, so the break moves one ideograph back.
    entry = polib.POEntry(msgid="中" * 38 + "，" + "文" * 10, msgstr="中" * 37 + "（" + "文" * 10)
    assert entry_text(entry) == (
        'msgid ""\n'
        f'"{"中" * 37}"\n'
        f'"中，{"文" * 10}"\n'
        'msgstr ""\n'
        f'"{"中" * 37}"\n'
        f'"（{"文" * 10}"\n')


def test_words_longer_than_the_line_are_not_split() -> None:
    entry = polib.POEntry(msgid="x" * 100 + " end", msgstr="  leading and trailing spaces  ")
    assert entry_text(entry) == (
        f'msgid ""\n"{"x" * 100} "\n"end"\nmsgstr "  leading and trailing spaces  "\n')


def test_urls_break_after_a_slash() -> None:
    entry = polib.POEntry(msgid="See https://example.org/patient-info/very/long/path/to/the/"
                                "leaflet/about/diabetes?lang=vi&page=2 now")
    assert entry_text(entry) == (
        'msgid ""\n'
        '"See https://example.org/patient-info/very/long/path/to/the/leaflet/about/"\n'
        '"diabetes?lang=vi&page=2 now"\n'
        'msgstr ""\n')


def test_escapes_and_markdown() -> None:
    entry = polib.POEntry(msgid='Say "stop" \\ then\tpress the **red** button and read '
                                '[the leaflet][1] before you leave today.')
    assert entry_text(entry) == (
        'msgid ""\n'
        '"Say \\"stop\\" \\\\ then\\tpress the **red** button and read [the leaflet][1] "\n'
        '"before you leave today."\n'
        'msgstr ""\n')


def test_combining_marks_take_no_columns() -> None:
    hindi = "दिन में दो बार दवा लें। अगर आपको चक्कर आए तो तुरंत डॉक्टर को फ़ोन करें और आराम करें।"
    arabic = "تناول الدواء مرتين يوميا بعد الأكل. إذا شعرت بالدوار فاتصل بالطبيب فورًا واسترح قليلًا."
    assert len(hindi) > 79
    assert entry_text(polib.POEntry(msgid=hindi, msgstr=arabic)) == (
        f'msgid "{hindi}"\n'
        'msgstr ""\n'
        '"تناول الدواء مرتين يوميا بعد الأكل. إذا شعرت بالدوار فاتصل بالطبيب فورًا "\n'
        '"واسترح قليلًا."\n')


def test_python_brace_directives_protect_the_start_of_the_string() -> None:
    # gettext 0.21 records directive marks relative to the directive's own
    # "{", so "{clinic_phone}" forbids breaks before bytes 1..13 of the string.
    plain = polib.POEntry(msgid="a " + "y" * 80 + " {clinic_phone}")
    flagged = polib.POEntry(msgid="b " + "y" * 80 + " {clinic_phone}",
                            flags=["python-brace-format"])
    assert entry_text(plain) == (
        f'msgid ""\n"a "\n"{"y" * 80} "\n"{{clinic_phone}}"\nmsgstr ""\n')
    assert entry_text(flagged) == (
        f'#, python-brace-format\nmsgid ""\n"b {"y" * 80} "\n"{{clinic_phone}}"\nmsgstr ""\n')


def test_whole_file_comments_flags_references_and_obsolete_entries() -> None:
    po = polib.POFile()
    po.header = "Patient leaflets.\n\nTranslators: see the style guide."
    po.metadata_is_fuzzy = True
    po.metadata = {"Project-Id-Version": "leaflets 1.0",
                   "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Old text", msgstr="Văn bản cũ", obsolete=True,
                            tcomment="was on page 2", flags=["fuzzy"], previous_msgid="Older text"))
    po.append(polib.POEntry(
        msgctxt="dosage", msgid="Take {count} tablet", msgid_plural="Take {count} tablets",
        msgstr_plural={0: "Uống {count} viên", 1: "Uống {count} viên"},
        flags=["my-flag", "python-brace-format", "fuzzy"],
        tcomment="Dosage line.\n\nKeep it short.", comment="From leaflet front page",
        occurrences=[("./content/leaflets/diabetes.md", "12"),
                     ("content/leaflets/diabetes.md", "12"),
                     ("content/leaflets/asthma-in-children-and-teenagers.md", "104"),
                     ("content/leaflets/high-blood-pressure.md", "7"), ("b.md", "")],
        previous_msgid="Take {count} pill", previous_msgid_plural="Take {count} pills"))
    po.append(polib.POEntry(msgid="Dropped", msgstr="", obsolete=True))
    po.append(polib.POEntry(msgid="Untranslated fuzzy", flags=["fuzzy", "no-wrap", "range: 1..3"]))
    assert format_po(po) == """\
# Patient leaflets.
#
# Translators: see the style guide.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: leaflets 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# Dosage line.
#
# Keep it short.
#. From leaflet front page
#: content/leaflets/diabetes.md:12
#: content/leaflets/asthma-in-children-and-teenagers.md:104
#: content/leaflets/high-blood-pressure.md:7 b.md
#, fuzzy, python-brace-format
#| msgid "Take {count} pill"
#| msgid_plural "Take {count} pills"
msgctxt "dosage"
msgid "Take {count} tablet"
msgid_plural "Take {count} tablets"
msgstr[0] "Uống {count} viên"
msgstr[1] "Uống {count} viên"

#, range: 1..3, no-wrap
msgid "Untranslated fuzzy"
msgstr ""

# was on page 2
#, fuzzy
#~| msgid "Older text"
#~ msgid "Old text"
#~ msgstr "Văn bản cũ"
"""


def test_width_zero_disables_wrapping_and_small_widths_count_as_twenty() -> None:
    entry = polib.POEntry(msgid="word " * 30)
    assert entry_text(entry, width=0) == f'msgid "{"word " * 30}"\nmsgstr ""\n'
    assert entry_text(entry, width=5) == entry_text(entry, width=20)
    with pytest.raises(ValueError):
        format_po(catalog(entry), width=-1)


def test_comment_line_ending_in_backslash_gets_a_space() -> None:
    entry = polib.POEntry(msgid="x", tcomment="C:\\", comment="path\\")
    assert entry_text(entry) == '# C:\\ \n#. path\\ \nmsgid "x"\nmsgstr ""\n'


@needs_gettext
def test_golden_files_are_msgcat_fixed_points(gnu: Gnu) -> None:
    entries = [
        polib.POEntry(msgid="中" * 38 + "，" + "文" * 10, msgstr="中" * 37 + "（" + "文" * 10),
        polib.POEntry(msgid="x" * 100 + " end", msgstr="  leading and trailing spaces  "),
        polib.POEntry(msgid="b " + "y" * 80 + " {clinic_phone}", msgstr="c " + "z" * 80 +
                      " {clinic_phone}", flags=["python-brace-format"]),
        polib.POEntry(msgid="Say \"stop\" \\ then\tpress", msgstr="Nói \"dừng\" \\ rồi\tbấm"),
        polib.POEntry(msgid="x2", msgstr="y", tcomment="C:\\", comment="path\\"),
    ]
    text = format_po(catalog(*entries))
    assert gnu(text) == text


# --------------------------------------------------------------------------
# The line breaking tables against the C library they were taken from
# --------------------------------------------------------------------------

def load_libunistring_1_0() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    try:
        lib = ctypes.CDLL(name or "libunistring.so.2")
        version = ctypes.c_int.in_dll(lib, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    if version >> 8 != 0x100:  # only 1.0.x has exactly these rules
        return None
    lib.u8_width_linebreaks_v2.restype = ctypes.c_int
    lib.uc_width.restype = ctypes.c_int
    return lib


LIBUNISTRING = load_libunistring_1_0()
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   min_size=1, max_size=40)


@pytest.mark.skipif(LIBUNISTRING is None, reason="libunistring 1.0 is not installed")
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, free_text(min_size=1)), width=st.integers(1, 30),
       start=st.integers(0, 10), data=st.data())
def test_linebreak_matches_libunistring(text: str, width: int, start: int,
                                        data: st.DataObject) -> None:
    assert LIBUNISTRING is not None
    encoded = text.encode("utf-8")
    overrides = data.draw(st.lists(st.sampled_from([linebreak.UNDEFINED, linebreak.PROHIBITED]),
                                   min_size=len(text), max_size=len(text)))
    firsts = [0, *accumulate(len(char.encode("utf-8")) for char in text)]
    per_byte = bytearray([linebreak.PROHIBITED] * len(encoded))
    for index, value in enumerate(overrides):
        per_byte[firsts[index]] = value
    possible = ctypes.create_string_buffer(len(encoded))
    LIBUNISTRING.u8_possible_linebreaks_v2(encoded, len(encoded), b"UTF-8", possible)
    assert linebreak.possible_breaks(text) == [possible.raw[k] for k in firsts[:-1]]
    wrapped = ctypes.create_string_buffer(len(encoded))
    LIBUNISTRING.u8_width_linebreaks_v2(encoded, len(encoded), width, start, 0,
                                        bytes(per_byte), b"UTF-8", wrapped)
    expected = [wrapped.raw[k] == linebreak.POSSIBLE for k in firsts[:-1]]
    assert linebreak.width_breaks(text, width, start, overrides) == expected
    for char in text:
        assert linebreak.char_width(char) == max(LIBUNISTRING.uc_width(ord(char), b"UTF-8"), 0)


PRINTABLE_ASCII_TEXT = st.text(st.sampled_from("abcXYZ019 .,;:!?()[]{}-/'\"%$+=<>*&#@_~^`|\\"), min_size=1, max_size=80)


@pytest.mark.skipif(LIBUNISTRING is None, reason="libunistring 1.0 is not installed")
@settings(max_examples=500, deadline=None)
@given(text=PRINTABLE_ASCII_TEXT, width=st.integers(1, 30), start=st.integers(0, 10))
def test_linebreak_of_printable_ascii_matches_libunistring(text: str, width: int, start: int) -> None:
    """The quick path for printable ASCII without overrides (most strings) breaks where the C library does."""
    assert LIBUNISTRING is not None
    encoded = text.encode("ascii")
    wrapped = ctypes.create_string_buffer(len(encoded))
    LIBUNISTRING.u8_width_linebreaks_v2(encoded, len(encoded), width, start, 0, None, b"UTF-8", wrapped)
    expected = [index for index, value in enumerate(wrapped.raw) if value == linebreak.POSSIBLE]
    assert linebreak.break_positions(text, width, start, None) == expected
