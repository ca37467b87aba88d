"""A sign-off reaches the built pages at the next build, and sign-offs of documents that are gone are reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..conftest import Result
from .test_signoff import BY


def test_a_new_sign_off_rebuilds_the_page_it_concerns(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0 and cli(project, "init", "es").code == 0
    first = cli(project, "build", "--locale", "es", "-j", "1")
    assert first.code == 0, first.err
    page = project / "output" / "en" / "back.html"
    assert "Not yet reviewed by a clinician" in page.read_text(encoding="utf-8")
    assert "nothing to do" in cli(project, "build", "--locale", "es", "-j", "1").out
    assert cli(project, "review", "sign", "en", "--document", "back", "--by", BY, "--date", "2026-12-01").code == 0
    again = cli(project, "build", "--locale", "es", "-j", "1")
    assert "nothing to do" not in again.out
    text = page.read_text(encoding="utf-8")
    assert re.search(r"Reviewed by <bdi>Dr Ana Ruiz</bdi> on <time datetime=\"2026-12-01\">", text)
    assert "Not yet reviewed by a clinician" in (project / "output" / "en" / "blood.html").read_text(encoding="utf-8")


def test_a_sign_off_of_a_removed_document_is_reported(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "review", "sign", "en", "--document", "back", "--by", BY, "--date", "2026-12-01").code == 0
    (project / "content" / "back.md").unlink()
    result = cli(project, "check", "--locale", "es")
    assert re.search(r"^reviews/en/back\.toml: warning: review-orphan: ", result.out, re.M), result.out
