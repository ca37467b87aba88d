"""The handout's structure tree: fixes to WeasyPrint 70.0's tagging, installed by :mod:`pipeline.render.pdf_text`.

WeasyPrint builds the structure tree page by page from the laid-out boxes. This module wraps its
``_build_box_tree`` and ``add_tags`` so that

- page-margin boxes (running header and footer) get no elements: :mod:`pipeline.render.pdf_text` draws
  them as /Artifact content;
- an HTML element split across pages (a list, a section, a paragraph) stays one element, its kids taken
  from every page;
- an element whose ``lang`` differs from the document's (the English notice, English fallback text)
  carries /Lang;
- a table header cell carries /Scope (/Column, or /Row with ``scope="row"``);
- a link annotation hangs from the /Link element of its ``<a>``, never from a /Span or /NonStruct.

Like pdf_text it is tied to the pinned WeasyPrint version (see :data:`_PINNED`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

#: sha256 of the source of each WeasyPrint function this module wraps, in WeasyPrint 70.0.
_PINNED = {
    "weasyprint.pdf.tags._build_box_tree": "f716251a83e7096e9cae972b63e633aab21c664d200582166dd0d5096780f9c4",
    "weasyprint.pdf.tags.add_tags": "f0e74575b0bafaf36458eaac27874e3b80457fba3694058153da514a68933f22",
}

_ORIGINAL: dict[str, Any] = {}


def pinned_objects() -> dict[str, Any]:
    """The WeasyPrint functions this module wraps, by dotted name."""
    import weasyprint.pdf.tags as tags

    return {
        "weasyprint.pdf.tags._build_box_tree": _ORIGINAL.get("_build_box_tree", tags._build_box_tree),
        "weasyprint.pdf.tags.add_tags": _ORIGINAL.get("add_tags", tags.add_tags),
    }


def install() -> None:
    """Wrap WeasyPrint's tagging (called by pdf_text.install, which checks the version first)."""
    import weasyprint.pdf
    import weasyprint.pdf.tags as tags

    if _ORIGINAL:
        return
    _ORIGINAL["_build_box_tree"] = tags._build_box_tree
    _ORIGINAL["add_tags"] = tags.add_tags
    tags._build_box_tree = _build_box_tree
    tags.add_tags = _add_tags
    weasyprint.pdf.add_tags = _add_tags  # imported by name there


def _build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any,
                    tags: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return  # drawn as an artifact, with no marked content to map
    yield from _ORIGINAL["_build_box_tree"](box, parent, pdf, page_number, nums, annotations, tags)


def _add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> None:
    from pipeline.render.pdf_text import LOGICAL_TEXT, _Text

    logical = [{kid["mcid"]: kid[LOGICAL_TEXT] for kid in stream._tags.values() if LOGICAL_TEXT in kid}
               for stream in page_streams]
    _ORIGINAL["add_tags"](pdf, document, pdf_version, page_streams)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    nums = _object(pdf, root["ParentTree"])["Nums"]
    for page_number, texts in enumerate(logical):
        refs = nums[2 * page_number + 1]
        for mcid, text in texts.items():
            element = _object(pdf, refs[mcid])
            if element["S"] == "/Span" and list(element["K"]) == [mcid]:
                element["ActualText"] = _Text(text)


def _object(pdf: Any, reference: bytes) -> Any:
    """The pydyf object behind a reference such as b"12 0 R"."""
    return pdf.objects[int(reference.split()[0])]
