"""Property: any sequence of source edits followed by extract + update never drops a translation."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import workflow
from pipeline.config.schema import load_config

from ..conftest import write_project

WORDS = ["blood", "cells", "fever", "marrow", "rest", "call", "your", "team", "often", "the", "bone", "germs"]
HEAD = ("---\ntitle: Doc\nsummary: Sum.\nreviewed: 2026-01-01\nnext_review: 2027-01-01\nsources:\n"
        "  - name: NCI\n    url: https://www.cancer.gov/\n---\n\n")

sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
edit = st.one_of(
    st.tuples(st.just("change"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("remove"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("add"), st.integers(0, 50), sentence),
    st.tuples(st.just("restore"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("context"), st.integers(0, 50), st.sampled_from(["noun", "verb"])),
    st.tuples(st.just("retranslate"), st.integers(0, 50), st.just("")),
)


def _write(root: Path, paragraphs: list[tuple[str | None, str]]) -> None:
    body = ""
    for context, text in paragraphs:
        if context:
            body += f"<!-- i18n-context: {context} -->\n"
        body += text + "\n\n"
    (root / "content" / "doc.md").write_text(HEAD + body, encoding="utf-8")


def _translate_new(po: Path, made: set[str], counter: list[int], fix_fuzzy_at: int | None = None) -> None:
    catalog = polib.pofile(str(po))
    fuzzy = [e for e in catalog if "fuzzy" in e.flags and not e.obsolete]
    for entry in catalog:
        if entry.obsolete or entry.msgstr or any(entry.msgstr_plural.values()):
            continue
        counter[0] += 1
        if entry.msgid_plural:  # page chrome such as "%(num)s page": fill every plural form
            for index in entry.msgstr_plural:
                entry.msgstr_plural[index] = f"T{counter[0]}/{index} {entry.msgid_plural}"
                made.add(entry.msgstr_plural[index])
            continue
        entry.msgstr = f"T{counter[0]} {entry.msgid}"
        made.add(entry.msgstr)
    if fix_fuzzy_at is not None and fuzzy:
        entry = fuzzy[fix_fuzzy_at % len(fuzzy)]
        counter[0] += 1
        entry.msgstr = f"T{counter[0]} fixed {entry.msgid}"
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        made.add(entry.msgstr)
    catalog.save()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(sentence, min_size=1, max_size=6, unique=True), edits=st.lists(edit, min_size=1, max_size=6))
def test_no_translation_is_ever_lost(start: list[str], edits: list[tuple[str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, {})
        paragraphs: list[tuple[str | None, str]] = [(None, s) for s in start]
        removed: list[tuple[str | None, str]] = []
        _write(root, paragraphs)
        config = load_config(root)
        workflow.extract(config)
        workflow.init(config, "es")
        po = config.catalog_path("es")
        made: set[str] = set()
        counter = [0]
        _translate_new(po, made, counter)
        for kind, index, value in edits:
            fix = None
            if kind == "change" and paragraphs:
                context, text = paragraphs[index % len(paragraphs)]
                words = text.rstrip(".").split()
                words[index % len(words)] = value
                paragraphs[index % len(paragraphs)] = (context, " ".join(words).capitalize() + ".")
            elif kind == "remove" and paragraphs:
                removed.append(paragraphs.pop(index % len(paragraphs)))
            elif kind == "add":
                paragraphs.insert(index % (len(paragraphs) + 1), (None, value))
            elif kind == "restore" and removed:
                paragraphs.append(removed.pop(index % len(removed)))
            elif kind == "context" and paragraphs:
                _, text = paragraphs[index % len(paragraphs)]
                paragraphs[index % len(paragraphs)] = (value, text)
            elif kind == "retranslate":
                fix = index
            if not paragraphs:
                paragraphs.append((None, "Rest often."))
            _write(root, paragraphs)
            workflow.extract(config)
            workflow.update(config, ("es",))
            _translate_new(po, made, counter, fix)
        final = polib.pofile(str(po))
        kept = {e.msgstr for e in final if e.msgstr} | {v for e in final for v in e.msgstr_plural.values() if v}
        assert made <= kept, f"lost: {sorted(made - kept)}"
