"""Reading a handout's structure tree with pikepdf (for the structure tests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
    """Every structure element reachable from the root, with the types of its ancestors."""
    root = pdf.Root.StructTreeRoot

    def walk(node: pikepdf.Object, path: tuple[str, ...]) -> Iterator[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") in (None, "/StructElem") and "/S" in kid:
                yield kid, path
                yield from walk(kid, path + (str(kid.S),))

    yield from walk(root, ())


@dataclass(frozen=True)
class Content:
    """Marked content of one page: ids reached by the structure tree, ids in the page, untagged text."""

    page: int
    reached: frozenset[int]
    marked: frozenset[int]
    loose_text: int  # text-showing operators outside any marked content with an MCID or an /Artifact


def reached_mcids(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """Marked-content ids reached from the structure tree, by page index."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    found: dict[int, set[int]] = {}
    for element, _ in elements(pdf):
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                found.setdefault(pages[element.Pg.objgen], set()).add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.Pg)
                found.setdefault(pages[page.objgen], set()).add(int(kid.MCID))
    return found


def page_content(pdf: pikepdf.Pdf) -> list[Content]:
    """For every page: which MCIDs its content holds, and how much text sits outside tags and artifacts."""
    reached = reached_mcids(pdf)
    result = []
    for i, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        marked: set[int] = set()
        loose = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                if mcid is not None:
                    marked.add(mcid)
                stack.append((str(operands[0]), mcid))
            elif op == "BMC":
                stack.append((str(operands[0]), None))
            elif op == "EMC":
                stack.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                if not any(tag == "/Artifact" or mcid is not None for tag, mcid in stack):
                    loose += 1
        result.append(Content(i, frozenset(reached.get(i, set())), frozenset(marked), loose))
    return result
