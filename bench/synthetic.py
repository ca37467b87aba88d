"""A large synthetic project for benchmarks: many documents, many locales, pseudo-translated catalogs."""

from __future__ import annotations

import random
import re
from pathlib import Path

import polib

WORDS = ("blood bone marrow cells care team doctor nurse fever rest water food sleep walk test scan "
         "treatment medicine child parent family week month day plan phase visit question answer "
         "body healthy infection germs signs tired pale bruise lump pain help call clinic").split()
LOCALES = ("es", "fr", "de", "it", "pt_BR", "nl", "pl", "sv", "vi", "ru")
_LATIN = str.maketrans("aeiouAEIOUnc", "áéíóúÁÉÍÓÚñç")
_CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "абцдефгхийклмнопярстуввхызАБЦДЕФГХИЙКЛМНОПЯРСТУВВХЫЗ")
_VIET = str.maketrans("aeiouAEIOUd", "ạẹịọụẠẸỊỌỤđ")

CONFIG = """\
[project]
name = "Synthetic benchmark project"
domain = "bench"
source_locale = "en"
locales = {locales}
base_url = "https://bench.example.org/"
default_profile = "clinic.toml"
"""

PROFILE = """\
[clinic]
name = "Bench Clinic"
phone = "+1 555 0100"
address = "1 Main Street"
paper = "A4"
"""


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _document(rng: random.Random, index: int) -> str:
    lines = ["---", f"title: Topic {index}, {_sentence(rng, 3)[:-1].lower()}", f"summary: {_sentence(rng, 9)}",
             "reviewed: 2026-11-01", "next_review: 2027-11-01", f"order: {index}", "sources:",
             "  - name: National Cancer Institute", "    url: https://www.cancer.gov/", "---", ""]
    for section in range(3):
        lines += [f"## Part {section + 1}: {_sentence(rng, 3)[:-1]}", ""]
        for _ in range(2):
            lines += [" ".join(_sentence(rng, rng.randint(6, 12)) for _ in range(3)), ""]
        lines += [f"- {_sentence(rng, rng.randint(3, 7))}" for _ in range(3)] + [""]
    lines += [f"Call {{clinic_name}} at {{clinic_phone}} about topic {index}.", ""]
    return "\n".join(lines)


_KEEP = re.compile(r"(\{[a-z_]+\}|%\([a-z_]+\)[sd]|\]\[\d+\])")


def pseudo_translate(text: str, locale: str) -> str:
    """A stand-in translation in the locale's letters that keeps placeholders and markup intact."""
    table = _CYRILLIC if locale == "ru" else _VIET if locale == "vi" else _LATIN
    return "".join(part if _KEEP.fullmatch(part) else part.translate(table) for part in _KEEP.split(text))


def write_project(root: Path, documents: int, locales: tuple[str, ...], seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True, exist_ok=True)
    listed = "[" + ", ".join(f'"{code}"' for code in locales) + "]"
    (root / "pipeline.toml").write_text(CONFIG.format(locales=listed), encoding="utf-8")
    (root / "clinic.toml").write_text(PROFILE, encoding="utf-8")
    for index in range(1, documents + 1):
        (root / "content" / f"topic-{index:03d}.md").write_text(_document(rng, index), encoding="utf-8")


def fill_catalog(path: Path, locale: str) -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgid_plural:
            for index in entry.msgstr_plural:
                entry.msgstr_plural[index] = pseudo_translate(entry.msgid_plural, locale)
        else:
            entry.msgstr = pseudo_translate(entry.msgid, locale)
    catalog.metadata["X-Review-Status"] = "reviewed"
    catalog.metadata["X-Reviewed-By"] = "Benchmark"
    catalog.metadata["X-Review-Date"] = "2026-11-01"
    catalog.save()
