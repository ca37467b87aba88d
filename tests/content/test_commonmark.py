"""The 652 examples of the CommonMark 0.31.2 specification as content: each comes out of extract, an
identity translation and a pseudo-translation as the specification says, or is refused by a named rule
that docs/authoring.md lists with its reason. None changes silently, none crashes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from .commonmark import Outcome, examples, run_all

DOCS = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return list(run_all())


def test_all_examples_are_run(outcomes: list[Outcome]) -> None:
    assert len(examples()) == 652 and len(outcomes) == 652


def test_no_example_changes_silently_or_crashes(outcomes: list[Outcome]) -> None:
    bad = [o for o in outcomes if o.kind not in ("same", "refused")]
    report = "\n".join(f"example {o.example.number} ({o.example.section}) {o.kind}: {o.example.markdown!r}\n"
                       f"{o.detail}" for o in bad)
    assert bad == [], report
    kinds = Counter(o.kind for o in outcomes)
    assert kinds["same"] >= 546, kinds  # what round-trips today; a change that refuses more must say why


def test_every_refusal_names_a_rule_documented_with_its_reason(outcomes: list[Outcome]) -> None:
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", DOCS.read_text(encoding="utf-8"), re.M))
    for outcome in outcomes:
        if outcome.kind == "refused":
            assert outcome.codes, outcome.example.number
            assert set(outcome.codes) <= documented, (outcome.example.number, outcome.codes)


def test_refusals_are_the_expected_constructs(outcomes: list[Outcome]) -> None:
    """Each refusal rule stops what its name says: e.g. raw-html only examples that hold HTML."""
    for outcome in outcomes:
        markdown = outcome.example.markdown
        if "raw-html" in outcome.codes:
            assert "<" in markdown, outcome.example.number
        if "heading-h1" in outcome.codes:
            assert re.search(r"#(?:[ \t]|$)|^\W*=+[ \t]*$", markdown, re.M), outcome.example.number
        if "image-not-local" in outcome.codes:
            assert "![" in markdown, outcome.example.number
