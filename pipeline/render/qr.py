"""QR codes as inline SVG markup (no data: URL, nothing for a fetcher to load)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

from markupsafe import Markup, escape

# segno's mask selection (ISO/IEC 18004 §7.8.3: the mask with the lowest penalty wins) tries all eight masks
# with per-module Python loops, most of the cost of a code. Here segno builds the symbol once with mask 0 and
# the eight penalties are scored on big integers that hold every row and every column of the matrix as bits.
# The scores copy segno 1.6's ``mask_scores`` exactly, quirks included, so the symbol is bit for bit the one
# ``segno.make`` chooses (tests/test_qr.py checks this against segno itself).

BORDER = 4  # the standard quiet zone, in modules
GAP = 4  # light bits after each line of the bit string: no run crosses them, they stand for the quiet zone
DATA, FUNCTION, RESERVED = 0, 1, 2  # module kinds: masked data, fixed pattern, format or version information
_TO_TEXT = bytes.maketrans(b"\x00\x01", b"01")
_UNRESERVED = bytes((1, 1, 0)) + bytes(253)  # translates a module kind: 1 but for RESERVED
_DATA = bytes((1,)) + bytes(255)  # 1 for DATA only
_STRETCH = re.compile("1+|0*\n[0\n]*|0+")  # a dark run, a gap to the next row, a gap
_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


class Geometry(NamedTuple):
    """Where things are in the bit string of an n × n matrix: its n rows, then its n columns, each + GAP bits.

    The first module of the first row is the most significant bit, so ``x >> k`` lines up each module with
    the one k places before it in its line and ``x << k`` with the one k places after it.
    """

    size: int
    stride: int  # bits from one line to the next
    length: int  # bits in the whole string
    inner: int  # every module but the first of each line
    lower: int  # row modules with a module above and one to the left (the corner of a 2 × 2 block)


class Layout(NamedTuple):
    """What differs between the eight masks of one QR version, as bit strings laid out by ``Geometry``."""

    geometry: Geometry
    unreserved: int  # every module but format and version information and the dark module
    flips: tuple[int, ...]  # mask k's data modules that differ from mask 0's
    infos: tuple[int, ...]  # with mask k: the dark modules of format and version information


class Symbol(NamedTuple):
    """A QR code: its version, its data mask and its rows of modules as ``"0"``/``"1"`` strings."""

    version: int
    mask: int
    rows: tuple[str, ...]


def qr_svg(url: str, title: str) -> Markup:
    """An SVG QR code for ``url``; ``title`` becomes its <title> (the PDF's /Alt) and its aria-label.

    Error correction level M survives a crease or a smudge on paper; the quiet zone is the standard four
    modules. The size is left to CSS (``viewBox`` only).
    """
    text = title.striptags() if isinstance(title, Markup) else str(title)
    return svg_markup(qr_symbol(str(url)), text)


def qr_symbol(url: str) -> Symbol:
    """The symbol ``segno.make(url, error="m", micro=False, boost_error=False)`` makes, made faster."""
    import segno

    code = segno.make(url, error="m", micro=False, boost_error=False, mask=0)
    version = int(code.version)  # a number: micro QR codes (versions "M1" to "M4") are not made
    candidates = masked(code.matrix, version)
    mask = best_mask(candidates, len(code.matrix))
    return Symbol(version, mask, finished(candidates[mask], version, mask))


def masked(matrix: Sequence[bytes | bytearray], version: int) -> list[int]:
    """The eight masked matrices, as bit strings, that segno scores for a ``matrix`` made with mask 0.

    segno scores a matrix before it adds the format and version information: those modules and the dark
    module are light.
    """
    layout = _layout(version)
    base = line_bits(matrix, layout.geometry.size) & layout.unreserved
    return [base ^ flip for flip in layout.flips]


def best_mask(candidates: Sequence[int], size: int) -> int:
    """The mask with the lowest penalty; the first of equal ones, as in segno (ISO/IEC 18004 §7.8.3)."""
    shape = geometry(size)
    scores = [penalty(x, shape) for x in candidates]
    return scores.index(min(scores))


def finished(candidate: int, version: int, mask: int) -> tuple[str, ...]:
    """The rows (``"0"``/``"1"`` strings) of a masked matrix, with format and version information added."""
    layout = _layout(version)
    return _rows(candidate ^ layout.infos[mask], layout.geometry)


def svg_markup(symbol: Symbol, title: str) -> Markup:
    """Inline SVG for ``symbol``: one stroked path of horizontal runs, ``title`` escaped everywhere."""
    label = escape(title)
    width = len(symbol.rows) + 2 * BORDER
    return Markup(f'<svg role="img" aria-label="{label}" viewBox="0 0 {width} {width}" class="qr-code">'
                  f'<title>{label}</title><path class="qr-modules" stroke="#000" d="{_path(symbol.rows)}"/></svg>')


def penalty(x: int, shape: Geometry) -> int:
    """segno's penalty score (N1 + N2 + N3 + N4) of the matrix held in the bit string ``x``."""
    same = ~(x ^ (x >> 1)) & shape.inner  # a module like the one before it
    return _runs(same) + _blocks(x, same, shape) + _finders(x) + _balance(x, shape.size)


def _runs(same: int) -> int:
    """N1: a run of 5 + i modules of one colour in a line scores 3 + i."""
    fives = same & (same >> 1) & (same >> 2) & (same >> 3)  # the last module of five alike
    return fives.bit_count() + 2 * (fives & ~(fives >> 1)).bit_count()


def _blocks(x: int, same: int, shape: Geometry) -> int:
    """N2: 3 for each 2 × 2 block of one colour (overlapping blocks count)."""
    above = shape.stride
    return 3 * (same & (same >> above) & ~(x ^ (x >> above)) & shape.lower).bit_count()


def _finders(x: int) -> int:
    """N3: 40 for each dark-light-dark-dark-dark-light-dark with four light modules before or after it.

    Outside the symbol counts as light, as in segno. segno searches on 7 modules past a pattern it counted,
    so of two counted patterns that overlap (4 or 6 apart: a pattern in the middle of a chain never has light
    modules beside it) only the first counts.
    """
    start = x & (x << 2) & (x << 3) & (x << 4) & (x << 6) & ~((x << 1) | (x << 5))
    dark = x | (x >> 1)
    dark |= dark >> 2  # some dark module among this one and the three before it
    counted = start & ~((dark >> 1) & (dark << 10))
    return 40 * (counted.bit_count() - (counted & ((counted >> 4) | (counted >> 6))).bit_count())


def _balance(x: int, size: int) -> int:
    """N4: 10 for each full 5 % that the share of dark modules is away from half (segno's float arithmetic)."""
    percent = float(x.bit_count() // 2) / (size ** 2)  # every module is in one row and in one column
    return 10 * int(abs(percent * 100 - 50) / 5)


def _path(rows: Sequence[str]) -> str:
    """Path data for the dark runs of ``rows``, in segno's relative form (``M4 4.5h7m2 0h5m-33 1h1…``)."""
    text = "\n".join(rows).rstrip("0\n")
    first = text.find("1")
    if first < 0:
        return ""
    top, left = divmod(first, len(rows[0]) + 1)
    commands = _commands(len(rows[0]))  # a dict: the stretches repeat, their commands are worked out once
    return f"M{left + BORDER} {top + BORDER}.5" + "".join(map(commands.__getitem__, _STRETCH.findall(text, first)))


class _Commands(dict[str, str]):
    """The path command for each stretch of ``"0"``/``"1"`` rows (a dark run, or the gap up to the next)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __missing__(self, stretch: str) -> str:
        if stretch[0] == "1":
            command = f"h{len(stretch)}"
        elif "\n" not in stretch:
            command = f"m{len(stretch)} 0"
        else:  # from the end of a row's last run to the start of a later row's first run
            before, after = stretch.index("\n"), len(stretch) - 1 - stretch.rindex("\n")
            down = stretch.count("\n")
            command = f"m{after - (self.size - before)} {down}"
        self[stretch] = command
        return command


@cache
def _commands(size: int) -> _Commands:
    return _Commands(size)


def line_bits(matrix: Sequence[bytes | bytearray], size: int) -> int:
    """The rows and then the columns of a 0/1 matrix as one bit string (``Geometry``)."""
    flat = b"".join(matrix)
    lines = [flat[i:i + size] for i in range(0, size * size, size)] + [flat[j::size] for j in range(size)]
    lines.append(b"")  # light bits after the last line too
    return int(bytes(GAP).join(lines).translate(_TO_TEXT), 2)


def _rows(x: int, shape: Geometry) -> tuple[str, ...]:
    """The rows of the bit string ``x`` as ``"0"``/``"1"`` strings."""
    size, stride = shape.size, shape.stride
    text = format(x >> (shape.length - size * stride), f"0{size * stride}b")
    return tuple(text[i:i + size] for i in range(0, size * stride, stride))


@cache
def geometry(size: int) -> Geometry:
    """The bit string layout of a ``size`` × ``size`` matrix."""
    stride = size + GAP
    line = "0" + "1" * (size - 1) + "0" * GAP
    inner = int(line * (2 * size), 2)
    lower = int("0" * stride + line * (size - 1) + "0" * stride * size, 2)
    return Geometry(size, stride, 2 * size * stride, inner, lower)


@cache
def _layout(version: int) -> Layout:
    kinds = module_kinds(version)
    size = len(kinds)
    unreserved = [row.translate(_UNRESERVED) for row in kinds]
    data = [int.from_bytes(row.translate(_DATA), "big") for row in kinds]
    flips = [_flips(mask, data) for mask in _MASKS]
    infos = [information(version, k) for k in range(len(_MASKS))]
    return Layout(geometry(size), line_bits(unreserved, size), tuple(line_bits(flip, size) for flip in flips),
                  tuple(line_bits(info, size) for info in infos))


def _flips(mask: Callable[[int, int], bool], data: list[int]) -> list[bytes]:
    """The data modules (``data``: a bit mask per row) where ``mask`` differs from mask 0, as a 0/1 matrix."""
    size = len(data)
    rows = []
    for i, row in enumerate(data):
        period = bytes(mask(i, j) != _MASKS[0](i, j) for j in range(6))  # every mask repeats every 6 columns
        rows.append((int.from_bytes((period * (size // 6 + 1))[:size], "big") & row).to_bytes(size, "big"))
    return rows


def module_kinds(version: int) -> list[bytearray]:
    """Each module's kind (DATA, FUNCTION or RESERVED) in a QR code of ``version`` (ISO/IEC 18004 §6.3)."""
    size = 17 + 4 * version
    kinds = [bytearray(size) for _ in range(size)]
    for i in range(8):  # finder patterns with their separators
        for j in range(8):
            kinds[i][j] = kinds[i][size - 1 - j] = kinds[size - 1 - i][j] = FUNCTION
    for t in range(8, size - 8):  # timing patterns
        kinds[6][t] = kinds[t][6] = FUNCTION
    for i, j in _alignment_centres(version):
        for r in range(i - 2, i + 3):
            kinds[r][j - 2:j + 3] = bytes((FUNCTION,)) * 5
    for i, j in _information_modules(version):
        kinds[i][j] = RESERVED
    return kinds


def information(version: int, mask: int) -> list[bytearray]:
    """The format information (level M, ``mask``), version information and dark module, as a 0/1 matrix."""
    size = 17 + 4 * version
    matrix = [bytearray(size) for _ in range(size)]
    fmt = _format_bits(mask)
    for t in range(8):
        matrix[t + (t >= 6)][8] = matrix[8][size - 1 - t] = (fmt >> t) & 1
        matrix[8][t + (t >= 6)] = matrix[size - 1 - t][8] = (fmt >> (14 - t)) & 1
    matrix[size - 8][8] = 1  # the dark module
    if version >= 7:
        bits = _version_bits(version)
        for t in range(18):
            matrix[t // 3][size - 11 + t % 3] = matrix[size - 11 + t % 3][t // 3] = (bits >> t) & 1
    return matrix


def _information_modules(version: int) -> list[tuple[int, int]]:
    size = 17 + 4 * version
    cells = [(t, 8) for t in range(9) if t != 6] + [(8, t) for t in range(9) if t != 6]
    cells += [(8, size - 1 - t) for t in range(8)] + [(size - 1 - t, 8) for t in range(8)]  # and the dark one
    if version >= 7:
        cells += [(i, j) for i in range(6) for j in range(size - 11, size - 8)]
        cells += [(j, i) for i in range(6) for j in range(size - 11, size - 8)]
    return cells


def _alignment_centres(version: int) -> list[tuple[int, int]]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    places = [6] + [17 + 4 * version - 7 - step * k for k in range(count - 2, -1, -1)]
    corners = {(6, 6), (6, places[-1]), (places[-1], 6)}
    return [(i, j) for i in places for j in places if (i, j) not in corners]


def _format_bits(mask: int) -> int:
    """Level M (00) and ``mask`` with their BCH(15, 5) check bits, XOR 101010000010010 (§7.9.1)."""
    data = mask  # level M is 00
    check = data << 10
    for bit in range(14, 9, -1):
        if check >> bit & 1:
            check ^= 0b10100110111 << (bit - 10)
    return (data << 10 | check) ^ 0b101010000010010


def _version_bits(version: int) -> int:
    """``version`` with its BCH(18, 6) check bits (§7.10)."""
    check = version << 12
    for bit in range(17, 11, -1):
        if check >> bit & 1:
            check ^= 0b1111100100101 << (bit - 12)
    return version << 12 | check
