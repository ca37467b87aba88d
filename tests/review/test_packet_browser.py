"""Review packets are valid HTML and pass axe-core, reflow and text-spacing checks, changes highlighted included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.webcheck import check_pages, validate_html

from ..conftest import Result, require_tools
from .test_signoff import NEW, OLD, signed  # noqa: F401 (signed is a fixture)

pytestmark = pytest.mark.browser


def test_packets_pass_the_browser_checks(signed: Path, cli: Callable[..., Result]) -> None:  # noqa: F811
    tools = require_tools()
    path = signed / "content" / "blood.md"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    for code in ("en", "es", "ar"):
        assert cli(signed, "review", "export", code, "--no-pdf").code == 0
    base = signed / "review-packets"
    pages = sorted(base.rglob("*.html"))
    assert len(pages) == 6 and "<ins>" in (base / "ar" / "blood.html").read_text(encoding="utf-8")
    violations = validate_html(pages, tools, base) + check_pages(base, pages, tools=tools)
    assert not violations, "\n".join(v.format() for v in violations)
