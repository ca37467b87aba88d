"""Tests for pipeline.po_format: our PO text must be a fixed point of GNU msgcat."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po_format import format_po

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


@pytest.fixture
def gnu(tmp_path: Path):
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
    "！", "？", "、", "：", "；", "医院", "患者须知",
    "**bold**", "*em*", "[text][1]", "[link](https://example.org/a)", "`code`",
    "https://example.org/patient-info/very/long/path/to/leaflet?lang=vi&page=2#top",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2, "x" * 90, "ẞ" * 45, "长" * 50,
    "follow-up", "e.g.", "24/7", "(24h)", "$5.00", "50%", "1,000.5", "—", "-", "–",
    '"quoted"', "'single'", "back\\slash", "tab\there", "…", "·", "€10", "№5",
]
BRACE_NAMES = ["{clinic_phone}", "{name}", "{date}", "{0}", "{count}"]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", " \n", "\n\n", "", "-", "/", ", "]


def free_text(min_size: int = 0, max_size: int = 14) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(WORDS),
        st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
                max_size=6),
        st.sampled_from(["\u200b", "\u200d", "\u0301", "\U0001f468\u200d\U0001f469", "\U0001f1fb\U0001f1f3"]),
    )
    joined = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)),
                      min_size=min_size, max_size=max_size)
    return joined.map(lambda pairs: "".join(word + sep for word, sep in pairs))


def safe_for(text: str, formats: frozenset[str]) -> str:
    """Remove characters that would make a format string invalid for msgfmt -c."""
    if formats & {"c-format", "python-format"}:
        text = text.replace("%", "")
    if "python-brace-format" in formats:
        text = text.replace("{", "(").replace("}", ")")
    return text


@st.composite
def entries(draw: st.DrawFn, index: int) -> polib.POEntry:
    formats = frozenset(draw(st.lists(st.sampled_from(
        ["python-brace-format", "c-format", "python-format", "no-c-format",
         "no-python-brace-format"]), max_size=2)))
    if "no-python-brace-format" in formats:
        formats -= {"python-brace-format"}
    if "no-c-format" in formats:
        formats -= {"c-format"}
    names = draw(st.lists(st.sampled_from(BRACE_NAMES), max_size=3)) \
        if "python-brace-format" in formats else []

    def text(min_size: int = 1) -> str:
        parts = [safe_for(draw(free_text(min_size=min_size)), formats)]
        for name in names:
            parts.append(name + safe_for(draw(free_text(max_size=4)), formats))
        return "".join(parts)

    def translation(source: str) -> str:
        result = text()
        for name in names:
            if name not in result:
                result += " " + name
        for check, fix in ((str.startswith, lambda s: "\n" + s), (str.endswith, lambda s: s + "\n")):
            if check(source, "\n") and not check(result, "\n"):
                result = fix(result)
            while not check(source, "\n") and check(result, "\n"):
                result = result.strip("\n") or "x"
        return result

    msgid = f"#{index} " + text()
    plural = draw(st.booleans())
    obsolete = draw(st.integers(0, 5)) == 0
    translated = draw(st.integers(0, 3)) > 0
    flags = list(formats) + draw(st.lists(st.sampled_from(
        ["fuzzy", "no-wrap", "wrap", "range: 1..5", "range: 9..2", "my-flag"]), max_size=3))
    entry = polib.POEntry(msgid=msgid, flags=flags, obsolete=obsolete)
    if plural:
        entry.msgid_plural = translation(msgid)
        entry.msgstr_plural = {0: translation(msgid) if translated else "",
                               1: translation(msgid) if translated else ""}
    else:
        entry.msgstr = translation(msgid) if translated else ""
    if draw(st.booleans()):
        entry.msgctxt = draw(st.sampled_from(["", "button", "leaflet title", "Tiêu đề", "侧栏"]))
    one_line = free_text(max_size=6).map(lambda s: s.replace("\n", " "))
    entry.tcomment = "\n".join(draw(st.lists(one_line, max_size=3)))
    entry.comment = "\n".join(draw(st.lists(one_line, max_size=2)))
    entry.occurrences = draw(st.lists(st.tuples(
        st.sampled_from(["content/leaflets/diabetes.md", "./content/a.md", "b.md",
                         "content/very/deeply/nested/directory/structure/for/testing/file.md"]),
        st.sampled_from(["", "1", "42", "1234"])), max_size=8))
    if draw(st.booleans()):
        entry.previous_msgid = draw(free_text(min_size=1))
        if draw(st.booleans()):
            entry.previous_msgctxt = "old context"
        if plural and draw(st.booleans()):
            entry.previous_msgid_plural = draw(free_text(min_size=1))
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    count = draw(st.integers(1, 6))
    header = "\n".join(draw(st.lists(st.sampled_from(
        ["Patient information leaflets.", "", "Copyright (C) 2024 Example Clinic.",
         "Bản dịch tiếng Việt.", "  indented"]), max_size=3)))
    return catalog(*(draw(entries(i)) for i in range(count)),
                   header=header, fuzzy=draw(st.booleans()))


@needs_gettext
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(po=catalogs(), width=st.sampled_from([79, 79, 79, 40, 20, 100, 0]))
def test_msgcat_leaves_our_output_unchanged(gnu, po: polib.POFile, width: int) -> None:
    ours = format_po(po, width=width)
    assert gnu(ours, width=width) == ours
    assert format_po(po, width=width) == ours  # stable


# --------------------------------------------------------------------------
# Golden cases
# --------------------------------------------------------------------------
