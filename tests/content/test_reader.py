"""The content reader: documents, segments, inline form, annotations and errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.content.model import Heading, ListBlock, Table
from pipeline.content.reader import read_document, read_documents
from pipeline.errors import ContentError

from ..conftest import write

HEAD = "---\ntitle: T\nsummary: S\nreviewed: 2026-01-01\nnext_review: 2027-01-01\nsources:\n" \
       "  - name: NCI\n    url: https://www.cancer.gov/\n---\n"


def test_segments_keep_file_line_role_and_section(project: Path) -> None:
    doc = read_document(project / "content" / "blood.md", project)
    by_text = {s.msgid: s for s in doc.segments()}
    assert by_text["About blood"].role == "title"
    assert by_text["About blood"].line == 2
    oxygen = by_text["Blood carries **oxygen** to every part of your body."]
    assert (oxygen.path, oxygen.line, oxygen.role) == ("content/blood.md", 15, "paragraph")
    assert oxygen.section == "What blood does"
    assert by_text["White cells fight germs."].role == "list item"
    assert by_text["Job"].role == "table header"
    assert by_text["Carries oxygen"].role == "table cell"
    assert by_text["National Cancer Institute"].role == "source"


def test_links_become_numbered_references(project: Path) -> None:
    doc = read_document(project / "content" / "blood.md", project)
    link = next(s for s in doc.segments() if s.links)
    assert link.msgid == "Learn more at [the National Cancer Institute][1]."
    assert link.links == ("https://www.cancer.gov/",)
    assert "https://" not in link.msgid


def test_notes_contexts_and_critical_sections(project: Path) -> None:
    blood = read_document(project / "content" / "blood.md", project)
    marrow = next(s for s in blood.segments() if "marrow" in s.msgid)
    assert marrow.note == '"Marrow" is the soft tissue inside bones.'
    call = next(s for s in blood.segments() if "{clinic_phone}" in s.msgid)
    assert call.critical and call.flags == ("python-brace-format",)
    assert not marrow.critical
    back = read_document(project / "content" / "back.md", project)
    word = next(s for s in back.segments() if s.msgid == "Back")
    assert word.context == "body part"


def test_block_structure(project: Path) -> None:
    doc = read_document(project / "content" / "blood.md", project)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[:2] == ["Heading", "Paragraph"]
    assert any(isinstance(b, ListBlock) and len(b.items) == 3 for b in doc.blocks)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert len(table.header) == 2 and len(table.rows) == 2
    assert [b.anchor for b in doc.blocks if isinstance(b, Heading)] == ["what-blood-does", "when-to-call"]


def test_code_is_not_translated(tmp_path: Path) -> None:
    write(tmp_path / "content" / "code.md", HEAD + "\n```\nnot a segment\n```\n\nText.\n")
    doc = read_document(tmp_path / "content" / "code.md", tmp_path)
    assert "not a segment" not in [s.msgid for s in doc.segments()]
    assert "Text." in [s.msgid for s in doc.segments()]


def test_windows_line_ends_and_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "content" / "crlf.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "\nOne line.\n").replace("\n", "\r\n").encode())
    doc = read_document(path, tmp_path)
    assert [s.msgid for s in doc.segments()][-2] == "One line."


@pytest.mark.parametrize(("text", "line", "code"), [
    ("no front matter\n", 1, "front-matter-missing"),
    ("---\ntitle: [unclosed\n---\n", 2, "front-matter-syntax"),
    ("---\ntitle: T\n", 1, "front-matter-unclosed"),
    (HEAD + "\n<div>raw</div>\n", 11, "raw-html"),
    (HEAD + "\n# Second title\n", 11, "heading-h1"),
    (HEAD + "\nText with ![pic](a.png) inside.\n", 11, "inline-image"),
    (HEAD + "\n![A picture](https://example.org/a.png)\n", 11, "image-not-local"),
    (HEAD + "\n![](local.png)\n", 11, "image-alt-missing"),
    (HEAD + "\nCall {clinic_fax}.\n", 11, "unknown-placeholder"),
    (HEAD + "\n<!-- i18n-note: x -->\nText.\n", 11, "unknown-annotation"),
    (HEAD.replace("2026-01-01", "soon"), 4, "front-matter-date"),
])
def test_bad_content_is_reported_with_file_and_line(tmp_path: Path, text: str, line: int, code: str) -> None:
    write(tmp_path / "content" / "bad.md", text)
    with pytest.raises(ContentError) as caught:
        read_document(tmp_path / "content" / "bad.md", tmp_path)
    finding = caught.value.findings[0]
    assert (finding.path, finding.line, finding.code) == ("content/bad.md", line, code)
    assert finding.format().startswith(f"content/bad.md:{line}: error: {code}: ")


def test_all_files_are_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", "nothing\n")
    write(tmp_path / "content" / "b.md", HEAD + "\n<p>x</p>\n")
    with pytest.raises(ContentError) as caught:
        read_documents(tmp_path / "content", tmp_path)
    assert {f.path for f in caught.value.findings} == {"content/a.md", "content/b.md"}
