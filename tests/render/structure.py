"""Reading a handout's structure tree with pikepdf (for the structure tests)."""

from __future__ import annotations

import re
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


def _cmap(font: pikepdf.Dictionary) -> dict[int, str]:
    """A Type0 font's ToUnicode map: glyph code → text (bfchar and bfrange entries)."""
    result: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return result
    data = font.ToUnicode.read_bytes().decode("latin-1")

    def text(hex_: str) -> str:
        return bytes.fromhex(hex_).decode("utf-16-be") if hex_ else ""

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            result[int(code, 16)] = text(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for start, end, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            base = int(value, 16) if value else 0
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                result[code] = chr(base + offset)
    return result


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page index, MCID), /ActualText spans honoured."""
    result: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        fonts = page.Resources.get("/Font", {})
        maps = {str(name): _cmap(font) for name, font in fonts.items()}
        current: dict[int, str] = {}
        stack: list[tuple[int | None, str | None]] = []  # (mcid, actual text) per open sequence
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                actual = str(props.ActualText) if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props \
                    else None
                stack.append((mcid, actual))
                owner = next((m for m, _ in reversed(stack) if m is not None), None)
                if actual is not None and owner is not None and not any(a for _, a in stack[:-1]):
                    result[(index, owner)] = result.get((index, owner), "") + actual
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                current = maps.get(str(operands[0]), {})
            elif op in ("Tj", "TJ"):
                owner = next((m for m, _ in reversed(stack) if m is not None), None)
                if owner is None or any(a is not None for _, a in stack):
                    continue
                strings = operands[0] if op == "TJ" else [operands[0]]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        glyphs = "".join(current.get(int.from_bytes(raw[i:i + 2], "big"), "")
                                         for i in range(0, len(raw) - 1, 2))
                        result[(index, owner)] = result.get((index, owner), "") + glyphs
    return result


def tagged_text(path: object) -> str:
    """The text a reader that follows the structure tree gets: elements in order, /ActualText honoured."""
    with pikepdf.open(path) as pdf:  # type: ignore[call-overload]
        texts = marked_text(pdf)
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        parts: list[str] = []

        def walk(element: pikepdf.Dictionary) -> None:
            if "/ActualText" in element:
                parts.append(str(element.ActualText))
                return
            kids = element.get("/K")
            if kids is None:
                return
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, int):
                    parts.append(texts.get((pages[element.Pg.objgen], int(kid)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    page = kid.get("/Pg", element.Pg)
                    parts.append(texts.get((pages[page.objgen], int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        return " ".join(parts)
