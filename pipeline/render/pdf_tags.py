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
- a link annotation hangs from the /Link element of its ``<a>``, never from a /Span or /NonStruct, and
  has an area.

Like pdf_text it is tied to the pinned WeasyPrint version (see :data:`_PINNED`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pydyf

log = logging.getLogger(__name__)

#: sha256 of the source of each WeasyPrint function this module wraps, in WeasyPrint 70.0.
_PINNED = {
    "weasyprint.pdf.tags._build_box_tree": "f716251a83e7096e9cae972b63e633aab21c664d200582166dd0d5096780f9c4",
    "weasyprint.pdf.tags.add_tags": "f0e74575b0bafaf36458eaac27874e3b80457fba3694058153da514a68933f22",
    "weasyprint.pdf.anchors.add_links": "262e8b9b299892a7b539bf622e47b891f9c0548e555d6438c3ae6c48f30feca0",
}

_ORIGINAL: dict[str, Any] = {}
# Attribute of a structure element (a pydyf.Dictionary) holding the HTML element it was made from.
_ORIGIN = "_pipeline_origin"


def pinned_objects() -> dict[str, Any]:
    """The WeasyPrint functions this module wraps, by dotted name."""
    import weasyprint.pdf.anchors as anchors
    import weasyprint.pdf.tags as tags

    return {
        "weasyprint.pdf.anchors.add_links": _ORIGINAL.get("add_links", anchors.add_links),
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
    _ORIGINAL["add_links"] = weasyprint.pdf.add_links
    weasyprint.pdf.add_links = _add_links  # imported by name there
    tags._build_box_tree = _build_box_tree
    tags.add_tags = _add_tags
    weasyprint.pdf.add_tags = _add_tags  # imported by name there


def _build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any,
                    tags: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return  # drawn as an artifact, with no marked content to map
    source = getattr(box, "_box", box)  # an AbsolutePlaceholder's box
    html = source.element
    own = html is not None and source.element_tag not in ("html", "body") and not isinstance(box, boxes.PageBox)
    for element in _ORIGINAL["_build_box_tree"](box, parent, pdf, page_number, nums, annotations, tags):
        if own and not hasattr(element, _ORIGIN):
            setattr(element, _ORIGIN, html)
            lang = html.get("lang")
            if lang and source.element_tag not in ("html", "body"):
                element["Lang"] = pydyf.String(lang)
            if element["S"] == "/TH":
                scope = "/Row" if html.get("scope") == "row" else "/Column"
                element["A"]["Scope"] = scope
        yield element


def _add_links(links_and_anchors: Any, matrix: Any, pdf: Any, page: Any, names: Any, tags: Any) -> None:
    """Link annotations for the boxes of ``<a>`` elements only, never empty ones.

    WeasyPrint gives every box inside a link its own annotation (a nested span, a ``<wbr>`` of no size),
    which then hangs from a /Span or /NonStruct element.
    """
    links, anchors = links_and_anchors
    kept = [link for link in links
            if link[0] not in ("internal", "external")
            or (link[3].element_tag == "a" and link[2][2] > link[2][0] and link[2][3] > link[2][1])]
    _ORIGINAL["add_links"]((kept, anchors), matrix, pdf, page, names, tags)


def _merge_split(pdf: Any, kids: Any, merged: dict[bytes, bytes]) -> None:
    """Merge neighbouring elements made from the same HTML element on successive pages, at every level."""
    index = 1
    while index < len(kids):
        before, after = _object(pdf, kids[index - 1]), _object(pdf, kids[index])
        same = (isinstance(before, pydyf.Dictionary) and isinstance(after, pydyf.Dictionary)
                and before.get("S") == after.get("S") and id(before) != id(after)
                and getattr(before, _ORIGIN, None) is not None
                and getattr(before, _ORIGIN, None) is getattr(after, _ORIGIN, None))
        if not same:
            index += 1
            continue
        for kid in after["K"]:
            if isinstance(kid, int):  # a marked-content id of the later page
                mcr = pydyf.Dictionary({"Type": "/MCR", "Pg": after["Pg"], "MCID": kid})
                before["K"].append(mcr)
            else:
                child = _object(pdf, kid)
                if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
                    child["P"] = before.reference
                before["K"].append(kid)
        merged[after.reference] = merged.get(before.reference, before.reference)
        del kids[index]
    for kid in kids:
        child = _object(pdf, kid)
        if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
            _merge_split(pdf, child["K"], merged)


def _add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> None:
    from pipeline.render.pdf_text import LOGICAL_TEXT, PdfString

    logical = [{kid["mcid"]: kid[LOGICAL_TEXT] for kid in stream._tags.values() if LOGICAL_TEXT in kid}
               for stream in page_streams]
    _ORIGINAL["add_tags"](pdf, document, pdf_version, page_streams)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    nums = _object(pdf, root["ParentTree"])["Nums"]
    merged: dict[bytes, bytes] = {}
    _merge_split(pdf, _object(pdf, root["K"][0])["K"], merged)
    # Marked content and annotations that pointed to a merged element point to the one that took it.
    for i in range(1, len(nums), 2):
        if isinstance(nums[i], pydyf.Array):
            nums[i][:] = [merged.get(ref, ref) for ref in nums[i]]
        else:
            nums[i] = merged.get(nums[i], nums[i])
    # Right-to-left text: its element (the text's /Span, or a /Link, which holds its text directly)
    # carries the logical text, when every piece of text in the element has one.
    pieces: dict[bytes, list[str | None]] = {}
    for page_number, texts in enumerate(logical):
        refs = nums[2 * page_number + 1]
        for mcid, ref in enumerate(refs):
            if mcid in texts or ref in pieces or _object(pdf, ref)["S"] in ("/Span", "/Link"):
                pieces.setdefault(ref, []).append(texts.get(mcid))
    for ref, texts_of_element in pieces.items():
        element = _object(pdf, ref)
        if element["S"] in ("/Span", "/Link") and texts_of_element and all(texts_of_element):
            element["ActualText"] = PdfString(" ".join(t for t in texts_of_element if t))


def _object(pdf: Any, reference: Any) -> Any:
    """The pydyf object behind a reference such as b"12 0 R" (anything else as it is)."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return reference
