"""QR codes: the fast mask choice makes segno's own symbol bit for bit; the SVG is compact and escaped."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
import segno
from markupsafe import Markup
from segno import encoder

from pipeline.render.qr import (
    DATA,
    best_mask,
    finished,
    geometry,
    line_bits,
    masked,
    module_kinds,
    penalty,
    qr_svg,
    qr_symbol,
    svg_markup,
)

_RUN = r"([Mm])(-?\d+(?:\.5)?) (-?\d+(?:\.5)?)h(\d+)"
_PIECES = ("patient-info", "zh-Hans", "topic-042.html", "%E4%B8%AD%E6%96%87", "中文", "Ünïcödé", "ß",
           "0123456789", "ABC-DEF", "?q=1&lang=ar", "#top", "handout.pdf", "2026", "a", "-", "_", "~", "%20")


def make(url: str, **options: int) -> segno.QRCode:
    """The symbol as the pipeline asks segno for it (segno chooses the mask unless one is given)."""
    return segno.make(url, error="m", micro=False, boost_error=False, **options)


def svg_modules(svg: str) -> list[str]:
    """The modules, quiet zone included, that the ``<path>`` of an SVG QR code draws, as "0"/"1" rows.

    The path must be nothing but horizontal runs (``M``/``m`` x y, ``h`` length) that never draw a module twice.
    """
    width = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    data = re.search(r'<path [^>]*\bd="([^"]*)"', svg).group(1)
    assert re.fullmatch(f"(?:{_RUN})+", data), data[:80]
    grid = [bytearray(b"0" * width) for _ in range(width)]
    x = y = 0.0
    for move, dx, dy, length in re.findall(_RUN, data):
        x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
        assert y % 1 == 0.5 and x % 1 == 0, (x, y)
        start, end = int(x), int(x) + int(length)
        assert grid[int(y)][start:end] == b"0" * (end - start), f"a module in {start}:{end}, {y} drawn twice"
        grid[int(y)][start:end] = b"1" * (end - start)
        x = end
    return [row.decode() for row in grid]


def segno_modules(code: segno.QRCode) -> list[str]:
    """segno's matrix with the quiet zone of four modules, as "0"/"1" rows."""
    quiet = ["0" * (len(code.matrix) + 8)] * 4
    return quiet + ["0000" + "".join(map(str, row)) + "0000" for row in code.matrix] + quiet


def urls(count: int, seed: int) -> list[str]:
    """Varied URLs: every length up to about 250 characters, upper case, digits, percent-encoding, non-ASCII."""
    rnd = random.Random(seed)
    found = ["https://a.io", "HTTPS://A.IO/1", "0123456789", "https://x.org/ab", "HTTPS://EXAMPLE.ORG/LEAFLET-7"]
    while len(found) < count:
        url = rnd.choice(("https://", "HTTPS://", "http://")) + rnd.choice(
            ("a.io", "health.example.org", "WWW.EXAMPLE.ORG", "xn--bcher-kva.example", "192.0.2.7:8080")) + "/"
        goal = rnd.choice((rnd.randint(0, 20), rnd.randint(0, 90), rnd.randint(0, 230)))
        while len(url) < goal:
            url += rnd.choice(_PIECES) + rnd.choice("/-._")
        found.append(url)
    return found


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The matrices (as bit strings) and penalty scores that segno evaluates while it chooses a mask."""
    seen: list[tuple[int, int]] = []
    evaluate: Callable[..., int] = encoder.evaluate_mask

    def record(matrix: list[bytearray], width: int, height: int) -> int:
        score = evaluate(matrix, width, height)
        seen.append((line_bits(matrix, width), score))
        return score

    monkeypatch.setattr(encoder, "evaluate_mask", record)
    return seen


def test_symbol_is_segnos_bit_for_bit(scored: list[tuple[int, int]]) -> None:
    versions = set()
    for url in urls(300, seed=18004):
        scored.clear()
        expected = make(url)  # segno's own mask choice: it scores all eight masks (recorded by ``scored``)
        symbol = qr_symbol(url)  # what qr_svg draws
        assert (symbol.version, symbol.mask) == (expected.version, expected.mask), url
        assert svg_modules(svg_markup(symbol, "QR")) == segno_modules(expected), url
        # Each of the eight candidates is the matrix segno scores, and scores the same.
        candidates = masked(make(url, mask=0).matrix, expected.version)
        assert candidates == [x for x, _ in scored], url
        shape = geometry(len(expected.matrix))
        assert [penalty(x, shape) for x in candidates] == [score for _, score in scored], url
        versions.add(expected.version)
    assert set(range(1, 11)) <= versions and max(versions) >= 12  # with and without version information


@pytest.mark.parametrize("version", range(1, 41))
def test_data_modules_are_segnos(version: int) -> None:
    size = 17 + 4 * version
    function = encoder.make_matrix(size, size)  # as segno's find_and_apply_best_mask finds the data modules
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 1
    assert [[kind == DATA for kind in row] for row in module_kinds(version)] == \
        [[value > 1 for value in row] for row in function]


@pytest.mark.parametrize("version", [1, 2, 6, 7, 8, 13, 14, 20, 21, 27, 28, 32, 34, 35, 40])
def test_masks_and_information_are_segnos(version: int) -> None:
    """Every mask (with its format information) and the version information, as segno lays them out."""
    url = "https://health.example.org/patient-info/es/blood-tests.html"[:10 + version]
    candidates = masked(make(url, version=version, mask=0).matrix, version)
    for mask in (range(8) if version in (1, 7) else [version % 8]):
        expected = ["".join(map(str, row)) for row in make(url, version=version, mask=mask).matrix]
        assert list(finished(candidates[mask], version, mask)) == expected


def test_penalty_is_segnos_on_any_matrix() -> None:
    rnd = random.Random(7)
    pieces = ("1011101", "10111011101", "1011101011101", "0000", "00001011101", "10111010000", "111110", "1100")
    for _ in range(1500):
        size = rnd.randint(7, 30)
        matrix = []
        for _row in range(size):
            if rnd.random() < 0.6:  # runs and finder-like patterns, overlapping ones included
                text = ""
                while len(text) < size + 10:
                    text += rnd.choice(pieces + ("0", "1"))
                start = rnd.randint(0, 10)
                matrix.append(bytearray(int(c) for c in text[start:start + size]))
            else:
                share = rnd.random()
                matrix.append(bytearray(rnd.random() < share for _ in range(size)))
        if rnd.random() < 0.5:
            matrix = [bytearray(column) for column in zip(*matrix, strict=True)]
        assert penalty(line_bits(matrix, size), geometry(size)) == sum(encoder.mask_scores(matrix, size, size))


@pytest.mark.parametrize(("line", "n3"), [
    ("0000101110111010000000", 40),  # two overlapping patterns, light on the outside: segno counts one
    ("10111010111010000", 40),  # overlapping by one module
    ("0000101110100001011101", 80),
    ("0101110100000000", 40),  # near the edge: outside the symbol is light
    ("1011101111111111", 40),  # at the edge
    ("1110111011101110", 0),
])
def test_finder_like_patterns_count_as_segno_counts_them(line: str, n3: int) -> None:
    size = len(line)
    matrix = [bytearray(int(c) for c in line)] + [bytearray(size) for _ in range(size - 1)]
    assert encoder.mask_scores(matrix, size, size)[2] == n3
    assert penalty(line_bits(matrix, size), geometry(size)) == sum(encoder.mask_scores(matrix, size, size))


def test_first_of_equal_penalties_wins() -> None:
    shape = geometry(21)
    same = line_bits([bytearray(21)] * 21, 21)
    assert best_mask([same] * 8, 21) == 0
    other = line_bits([bytearray(j % 2 for j in range(21))] * 21, 21)
    assert penalty(other, shape) < penalty(same, shape)
    assert best_mask([same, same, other, same, other, same, same, same], 21) == 2


@pytest.mark.parametrize("title", [
    '"><script>alert(1)</script>', "' onload='alert(1)", "</title><script>x</script>", "a & b < c > d",
    Markup("<b>QR</b> &amp; <script>x</script>code"), "QR-Code, der diese Seite öffnet",
    "فتح هذه النشرة",
])
def test_title_is_escaped_everywhere(title: str) -> None:
    svg = str(qr_svg("https://health.example.org/patient-info/ar/blood.html", title))
    text = title.striptags() if isinstance(title, Markup) else title
    assert "<script" not in svg.lower()
    root = ET.fromstring(svg)  # well formed: nothing the title holds breaks out of its attribute or element
    assert root.tag == "svg" and set(root.attrib) == {"role", "aria-label", "viewBox", "class"}
    assert root.attrib["role"] == "img" and root.attrib["class"] == "qr-code"
    assert root.attrib["aria-label"] == text and root.findtext("title") == text
    assert [child.tag for child in root] == ["title", "path"] and root[1].attrib["class"] == "qr-modules"


def test_svg_is_compact() -> None:
    url = "https://health.example.org/patient-info/zh-Hans/topic-042.html"
    svg = str(qr_svg(url, "QR"))
    ours = re.search(r' d="([^"]+)"', svg).group(1)
    theirs = re.search(r' d="([^"]+)"', make(url).svg_inline(scale=1, border=4, omitsize=True)).group(1)
    assert len(ours) <= len(theirs)
    assert svg.startswith('<svg role="img" aria-label="QR" viewBox="0 0 41 41" class="qr-code"><title>QR</title>')
    assert "width=" not in svg and "height=" not in svg
