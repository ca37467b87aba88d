"""Format directives in a string, marked where gettext's format parsers mark them.

msgcat never breaks a line inside a valid directive of the entry's format language; these are
gettext 0.21's parsers for the languages the project uses (python-format, python-brace-format),
ported to byte offsets as gettext works on them.
"""

from __future__ import annotations

START, END, ERROR = 1, 2, 4  # gettext's FMTDIR_* marks
Marks = dict[int, int]  # byte offset -> FMTDIR_* bits


def _byte(data: bytes, k: int) -> int:
    """The byte at K, or 0 past the end (C strings are NUL-terminated)."""
    return data[k] if k < len(data) else 0


def _mark(marks: Marks, offset: int, bit: int) -> None:
    marks[offset] = marks.get(offset, 0) | bit


def _error(marks: Marks, offset: int) -> Marks:
    _mark(marks, offset, ERROR)
    return marks


def _digits(data: bytes, k: int) -> int:
    """Skip the ASCII digits at K."""
    while 48 <= _byte(data, k) <= 57:
        k += 1
    return k


def _skip_name(data: bytes, k: int, digits: bool) -> int | None:
    """Skip an identifier (or, with DIGITS, a number) at K; None if there is none."""
    c = _byte(data, k)
    if c == 95 or 65 <= c <= 90 or 97 <= c <= 122:
        while (c := _byte(data, k)) == 95 or 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122:
            k += 1
        return k
    return _digits(data, k) if digits and 48 <= c <= 57 else None


def _brace_directive(data: bytes, start: int, toplevel: bool, marks: Marks) -> int | None:
    """Parse one python-brace directive at START like gettext 0.21's parse_directive.

    Returns the index after it, or None when it is invalid.  Marks are recorded
    at offsets counted from the directive's own "{": gettext 0.21 does that
    (its FDI_SET uses the directive's start, not the string's), and the
    wrapping depends on this quirk.
    """
    def fail(k: int) -> None:
        _mark(marks, k - start, ERROR)

    p = start + 1
    if _byte(data, p) == ord("{"):
        return p + 1
    q = _skip_name(data, p, digits=True)
    if q is None:
        fail(p - 1 if _byte(data, p) == 0 else p)
        return None
    p = q
    while _byte(data, p) in b".[":
        bracket = _byte(data, p) == ord("[")
        q = _skip_name(data, p + 1, digits=bracket)
        if q is None:
            fail(p if _byte(data, p + 1) == 0 else p + 1)
            return None
        if bracket and _byte(data, q) != ord("]"):
            fail(q - 1)
            return None
        p = q + bracket
    if _byte(data, p) == ord(":"):
        if not toplevel:
            fail(p)
            return None
        p += 1
        if _byte(data, p) == ord("{"):
            q = _brace_directive(data, p, False, marks)
            if q is None:
                return None
            p = q
        elif _byte(data, p) == 0:
            fail(p - 1)
            return None
        else:
            p += 2 if _byte(data, p + 1) in b"<>=^" else _byte(data, p) in b"<>=^"
            for optional in (b"+- ", b"#", b"0"):
                p += _byte(data, p) in optional
            p = _digits(data, p)
            if _byte(data, p) == ord(".") and 48 <= _byte(data, p + 1) <= 57:
                p = _digits(data, p + 1)
            p += _byte(data, p) in b"bcdoxXneEfFgG%"
    if _byte(data, p) != ord("}"):
        fail(p - 1)
        return None
    if toplevel:
        _mark(marks, 0, START)
        _mark(marks, p - start, END)
    return p + 1


def _brace_marks(data: bytes) -> Marks:
    """FMTDIR marks of gettext 0.21's python-brace-format parser (stops at an error)."""
    marks: Marks = {}
    p = data.find(b"{")
    while p >= 0 and (q := _brace_directive(data, p, True, marks)) is not None:
        p = data.find(b"{", q)
    return marks


def _python_marks(data: bytes) -> Marks:
    """FMTDIR marks of gettext 0.21's python-format parser (stops at an error)."""
    marks: Marks = {}
    named = unnamed = 0
    p = data.find(b"%")
    while p >= 0:
        _mark(marks, p, START)
        p += 1
        has_name = _byte(data, p) == ord("(")
        if has_name:
            depth, p = 0, p + 1
            while (c := _byte(data, p)) != 0 and not (c == ord(")") and depth == 0):
                depth += (c == ord("(")) - (c == ord(")"))
                p += 1
            if _byte(data, p) == 0:
                return _error(marks, p - 1)
            p += 1
        while _byte(data, p) in b"-+ #0":
            p += 1
        for part in ("width", "precision"):
            if part == "precision" and _byte(data, p) != ord("."):
                break
            p += part == "precision"
            if _byte(data, p) == ord("*"):
                p += 1
                if named:
                    return _error(marks, p - 1)
                unnamed += 1
            else:
                p = _digits(data, p)
        p += _byte(data, p) in b"hlL"
        c = _byte(data, p)
        if c == 0 or c not in b"%csridouxXeEfgG":
            return _error(marks, p - 1 if c == 0 else p)
        if (has_name and unnamed) or (not has_name and c != ord("%") and named):
            return _error(marks, p)
        named += has_name
        unnamed += not has_name and c != ord("%")
        _mark(marks, p, END)
        p = data.find(b"%", p + 1)
    return marks


PARSERS = {"python-brace": _brace_marks, "python": _python_marks}
