"""Translator mode's raw material: catalog entry lines (as msgfmt counts them) and the annotated page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pipeline.content.model import Segment
from pipeline.content.reader import read_document
from pipeline.preview.segments import SegmentNote, annotate, entry_at, entry_places, inject, page_segments
from tests.conftest import BLOOD, require_gettext

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. A translator's note.
#: content/x.md:3
#, c-format
msgid "Take %d pills"
msgstr "Tome %s pastillas"

#, c-format
msgctxt "body part"
msgid ""
"Two %d "
"lines"
msgstr ""
"Dos %s "
"líneas"

#~ msgid "Old %d"
#~ msgstr "Viejo %s"
"""


def test_msgstr_lines_are_the_lines_msgfmt_reports(tmp_path: Path) -> None:
    require_gettext()
    po = tmp_path / "x.po"
    po.write_text(PO, encoding="utf-8")
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    reported = sorted(int(n) for n in re.findall(r"x\.po:(\d+): format specifications", run.stderr))
    places = entry_places(PO)
    assert sorted(p.msgstr for p in places.values()) == reported == [9, 16]
    assert set(places) == {(None, "Take %d pills"), ("body part", "Two %d lines")}  # no header, no obsolete
    assert entry_at(places, 5) == (None, "Take %d pills")  # a comment line belongs to its entry
    assert entry_at(places, 3) is None


PAGE = """<!DOCTYPE html><html><head><title>Blood</title><meta name="description" content="Blood"></head>
<body><header><p>Blood</p></header><main id="main_content">
<h1 lang="en">Blood</h1>
<ul><li>Red cells carry <strong>oxygen</strong>.</li><li>Blood</li></ul>
<p>Here is Blood inside a sentence.</p>
</main></body></html>"""


def _note(html: str, english: str, context: str | None = None) -> SegmentNote:
    return SegmentNote(html, english, context, "locales/es/LC_MESSAGES/x.po:12", "content/blood.md:4", "translated")


def test_segments_get_attributes_and_nothing_else_changes() -> None:
    notes = [_note("Blood", "Blood"), _note("Red cells carry <strong>oxygen</strong>.", "Red cells carry **oxygen**."),
             _note("Blood", "Blood", "list")]
    page = annotate(PAGE, notes)
    assert '<h1 lang="en" data-pv-en="Blood" data-pv-ctx=""' in page
    assert 'data-pv-en="Red cells carry **oxygen**."' in page
    assert page.count("data-pv-en=") == 3
    assert '<li data-pv-en="Blood" data-pv-ctx="list"' in page
    # Outside <main> (title, meta, header) and inside a longer sentence: untouched.
    assert page.split("<main")[0] == PAGE.split("<main")[0]
    assert "<p>Here is Blood inside a sentence.</p>" in page
    assert re.sub(r' data-pv-[a-z]+="[^"]*"', "", page) == PAGE


def test_hostile_values_stay_attribute_text() -> None:
    hostile = '"><script>alert(1)</script><b x="'
    page = annotate(PAGE, [_note("Blood", hostile, hostile)])
    assert "<script>" not in page
    assert 'data-pv-en="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b x=&quot;"' in page


def test_a_segment_after_a_closing_tag_is_wrapped_in_a_span() -> None:
    page = "<main><p><em>a</em>Blood</p></main>"
    assert annotate(page, [_note("Blood", "Blood")]).startswith('<main><p><em>a</em><span class="pv-seg" data-pv-en=')


def test_inject_puts_head_and_tail_in_place() -> None:
    page = inject(PAGE, "<link>", "<script></script>")
    assert "<link></head>" in page and "<script></script></body>" in page
    assert inject("<p>x</p>", "<link>", "<s>") == "<link><p>x</p><s>"


def test_segments_come_in_page_order(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "blood.md").write_text(BLOOD, encoding="utf-8")
    document = read_document(tmp_path / "content" / "blood.md", tmp_path)
    order: list[Segment] = list(page_segments(document))
    assert order[:2] == [document.title, document.summary]  # the disclaimer is at the foot of the page
    assert order[-2:] == [document.disclaimer, document.sources[-1].name]
