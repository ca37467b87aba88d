"""The shared tiny project with catalogs, for the check, catalog and hostile-input tests: Spanish and Arabic.

``make_project(root)`` writes pipeline.toml, content/, the template and both catalogs (Spanish fully
translated, Arabic a machine draft with nothing translated) through the pipeline's own
workflow, so the files are exactly what ``pipeline extract`` and ``pipeline init`` write.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib

from pipeline.catalogs import workflow
from pipeline.catalogs.files import read_catalog, write_catalog
from pipeline.config.lines import msgstr_lines
from pipeline.config.schema import load_config

from ..conftest import BACK as SHARED_BACK
from ..conftest import SOURCE_DATE_EPOCH, config_text, write_project

# The shared tiny project's settings (tests/conftest.py), with this project's name, Spanish and Arabic
# only, and no clinic profile.
CONFIG = config_text(name="Fever leaflets", locales=["es", "ar"], default_profile=None)

FEVER = """\
---
title: Fever during treatment
summary: What to do when you have a fever.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 1
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## What a fever is

A fever is a temperature of 38 °C or higher.

Take 2.5 mg of the medicine every 8 hours.

Do **not** take aspirin. Read [the fever guide](https://www.cancer.gov/fever) and *rest*.

<!-- critical -->
## When to call

Call {clinic_name} at {clinic_phone} if your temperature is 38 °C or higher.

## More help

- Drink water.
- Rest often.
"""

# The shared back document without its one-word paragraph: the corpus's catalogs were written for this template.
BACK = SHARED_BACK.replace("<!-- i18n-context: body part -->\nBack\n\n", "")
assert BACK != SHARED_BACK

SPANISH = {
    "Fever during treatment": "Fiebre durante el tratamiento",
    "What to do when you have a fever.": "Qué hacer cuando tiene fiebre.",
    "What a fever is": "Qué es la fiebre",
    "A fever is a temperature of 38 °C or higher.": "La fiebre es una temperatura de 38 °C o más.",
    "Take 2.5 mg of the medicine every 8 hours.": "Tome 2,5 mg del medicamento cada 8 horas.",
    "Do **not** take aspirin. Read [the fever guide][1] and *rest*.":
        "**No** tome aspirina. Lea [la guía sobre la fiebre][1] y *descanse*.",
    "When to call": "Cuándo llamar",
    "Call {clinic_name} at {clinic_phone} if your temperature is 38 °C or higher.":
        "Llame a {clinic_name} al {clinic_phone} si su temperatura es de 38 °C o más.",
    "More help": "Más ayuda",
    "Drink water.": "Beba agua.",
    "Rest often.": "Descanse a menudo.",
    "National Cancer Institute": "Instituto Nacional del Cáncer",
    "Your back": "Su espalda",
    "Back pain and what to do.": "El dolor de espalda y qué hacer.",
    "Back pain": "Dolor de espalda",
    "Rest and gentle walks can help.": "Descansar y caminar con suavidad puede ayudar.",
}


def po_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / "leaflets.po"


def pot_path(root: Path) -> Path:
    return root / "locales" / "leaflets.pot"


def pseudo(msgid: str) -> str:
    """A stand-in Spanish for page chrome: the English between guillemets (markup and numbers kept)."""
    return f"«{msgid}»"


def make_project(root: Path, translate: bool = True) -> Path:
    """Write the tiny project into ``root`` (created) and return it."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    write_project(root, {"fever": FEVER, "back": BACK}, config=CONFIG, profile=None)
    config = load_config(root)
    workflow.extract(config)
    workflow.init(config, "es", "translated")
    workflow.init(config, "ar", "machine-draft")
    if translate:
        path = po_path(root, "es")
        catalog = read_catalog(path)
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
            else:
                entry.msgstr = SPANISH.get(entry.msgid) or pseudo(entry.msgid)
        write_catalog(path, catalog)
    return root


def set_translation(root: Path, locale: str, msgid: str, msgstr: str, *, fuzzy: bool = False,
                    previous: str | None = None, comment: str | None = None) -> int:
    """Change one translation in place (through polib) and return its entry's line number."""
    path = po_path(root, locale)
    catalog = read_catalog(path)
    entry = catalog.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if previous is not None:
        entry.previous_msgid = previous
    if comment is not None:
        entry.tcomment = comment
    write_catalog(path, catalog)
    return entry_line(root, locale, msgid)


def msgstr_line(path: Path, linenum: int) -> int:
    """The line of the entry's first msgstr: where msgfmt and ``pipeline check`` report its problems."""
    return min(msgstr_lines(path.read_text(encoding="utf-8").split("\n"), linenum).values())


def entry_line(root: Path, locale: str, msgid: str) -> int:
    """The line findings about an entry point at (its msgstr line, as msgfmt reports)."""
    entry = read_catalog(po_path(root, locale)).find(msgid)
    assert entry is not None, msgid
    return msgstr_line(po_path(root, locale), int(entry.linenum))


def new_polib_entry(msgid: str, msgstr: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr)
