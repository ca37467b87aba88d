"""Shared fixtures: a tiny project tree written into a temporary folder, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.commands.main import main

REPO = Path(__file__).resolve().parent.parent

CONFIG = """\
[project]
name = "Test leaflets"
domain = "leaflets"
source_locale = "en"
locales = ["es", "ar", "zh_Hans"]
base_url = "https://example.org/leaflets/"
default_profile = "clinic.toml"
"""

PROFILE = """\
[clinic]
name = "Test Clinic"
phone = "+1 555 0100"
address = "1 Main Street"
website = "https://clinic.example.org"
email = "team@clinic.example.org"
paper = "A4"
"""

BLOOD = """\
---
title: About blood
summary: What blood does in your body.
disclaimer: This sheet does not replace advice from your care team.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 1
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## What blood does

Blood carries **oxygen** to every part of your body.

<!-- i18n: "Marrow" is the soft tissue inside bones. -->
Blood cells are made in the *bone marrow*.

- Red cells carry oxygen.
- White cells fight germs.
- Platelets help stop bleeding.

| Cell | Job |
| --- | --- |
| Red cell | Carries oxygen |
| Platelet | Stops bleeding |

Learn more at [the National Cancer Institute](https://www.cancer.gov/).

<!-- critical -->
## When to call

Call {clinic_name} at {clinic_phone} if you have a fever.
"""

BACK = """\
---
title: Your back
summary: Back pain and what to do.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 2
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## Back pain

<!-- i18n-context: body part -->
Back

Rest and gentle walks can help.
"""


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny project: two documents, three target locales, one clinic profile."""
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    (root / "pipeline.toml").write_text(CONFIG, encoding="utf-8")
    (root / "clinic.toml").write_text(PROFILE, encoding="utf-8")
    (root / "content" / "blood.md").write_text(BLOOD, encoding="utf-8")
    (root / "content" / "back.md").write_text(BACK, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command line in-process and capture what it prints."""
    def run(root: Path, *args: str) -> Result:
        capsys.readouterr()
        code = main(["--project", str(root), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return run


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def have_gettext() -> bool:
    return shutil.which("msgfmt") is not None and shutil.which("msgcat") is not None


def require_gettext() -> None:
    """GNU gettext is part of the set-up: skip locally without it, fail in CI."""
    if not have_gettext():
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (msgfmt, msgcat) is missing; run `make setup`")
        pytest.skip("GNU gettext is not installed")


def require_tools():  # type: ignore[no-untyped-def]
    """The browser-check tools; skip when missing locally, but fail under CI so CI never silently skips."""
    from tests.webcheck import ToolMissing, find_tools
    try:
        return find_tools()
    except ToolMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc} (CI is set, so missing tools fail instead of skipping)")
        pytest.skip(str(exc))
