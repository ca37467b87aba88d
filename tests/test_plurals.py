"""Plural forms as GNU gettext reads them: the catalog's own rule at run time, check, update and init."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from pipeline.catalogs import workflow
from pipeline.catalogs.files import read_catalog, write_catalog
from pipeline.catalogs.translations import translations_from_catalog
from pipeline.commands.main import main
from pipeline.config.schema import load_config
from pipeline.locales import locale_info
from pipeline.plurals import (
    MSGINIT_TABLE,
    PluralFormsError,
    cldr_rule,
    default_rule,
    differing_numbers,
    parse_plural_forms,
)
from pipeline.render.chrome import Chrome

from .conftest import BACK, config_text, require_gettext, write_project

GNU_ES = "nplurals=2; plural=(n != 1);"
CLDR_ES = "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"
MSGINIT_PT_BR = "nplurals=2; plural=(n > 1);"
HI_NOT_ONE = "nplurals=2; plural=(n != 1);"
PAGES = ("%(num)s page", "%(num)s pages")

# The page-count forms each catalog gets: distinct words per form, so the chosen form shows.
FORMS = {
    "es-gnu": (GNU_ES, {0: "%(num)s página", 1: "%(num)s páginas"}),
    "es-cldr": (CLDR_ES, {0: "%(num)s página", 1: "%(num)s de páginas", 2: "%(num)s páginas"}),
    "pt_BR": (MSGINIT_PT_BR, {0: "%(num)s página", 1: "%(num)s páginas"}),
    "hi": (HI_NOT_ONE, {0: "%(num)s पृष्ठ", 1: "%(num)s पृष्ठों"}),
}
# What a reader sees for 0, 1, 3 and a million pages with the catalog's own rule (golden strings).
GOLDEN = {
    "es-gnu": ("0 páginas", "1 página", "3 páginas", "1000000 páginas"),
    "es-cldr": ("0 páginas", "1 página", "3 páginas", "1000000 de páginas"),
    "pt_BR": ("0 página", "1 página", "3 páginas", "1000000 páginas"),
    "hi": ("0 पृष्ठों", "1 पृष्ठ", "3 पृष्ठों", "1000000 पृष्ठों"),
}


def _project(root: Path, variant: str) -> tuple[Path, str]:
    """A one-document project whose catalog for ``variant``'s locale has that variant's Plural-Forms."""
    code = variant.split("-")[0]
    write_project(root, {"back": BACK}, config=config_text(locales=[code]))
    config = load_config(root)
    workflow.extract(config)
    outcome = workflow.init(config, code, "translated")
    header, forms = FORMS[variant]
    catalog = read_catalog(outcome.path)
    catalog.metadata["Plural-Forms"] = header
    for entry in catalog:
        if entry.msgid_plural:
            entry.msgstr_plural = dict(forms) if entry.msgid == PAGES[0] else \
                {n: entry.msgid_plural for n in range(parse_plural_forms(header).nplurals)}
        elif entry.msgid:
            entry.msgstr = entry.msgid
    write_catalog(outcome.path, catalog)
    return outcome.path, code


@pytest.mark.parametrize("value", [
    GNU_ES, CLDR_ES, MSGINIT_PT_BR, "nplurals=1; plural=0;",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
])
def test_well_formed_rules_are_read(value: str) -> None:
    rule = parse_plural_forms(value)
    assert rule.header.startswith(f"nplurals={rule.nplurals}; plural=")


@pytest.mark.parametrize(("value", "why"), [
    ("nplurals=2; plural=n;", "gives form 2 for n=2"),
    ("nplurals=0; plural=0;", "between 1 and 10"),
    ("nplurals=2; plural=n/0;", "not a valid C expression"),
    ("nplurals=2; plural=os.system('x');", "not a valid C expression"),
    ("plural=(n != 1);", "not of the form"),
    ("nplurals=2; plural=" + "(" * 200 + "n" + ")" * 200 + ";", "not a valid C expression"),
])
def test_malformed_rules_are_refused(value: str, why: str) -> None:
    with pytest.raises(PluralFormsError, match=re.escape(why)):
        parse_plural_forms(value)


@pytest.mark.parametrize("variant", sorted(GOLDEN))
def test_page_counts_use_the_catalogs_own_rule(tmp_path: Path, variant: str) -> None:
    path, code = _project(tmp_path / "proj", variant)
    translations = translations_from_catalog(read_catalog(path), locale_info(code))
    ngettext = Chrome(translations, locale_info("en")).ngettext
    shown = tuple(str(ngettext(*PAGES, n)) for n in (0, 1, 3, 1_000_000))
    assert shown == GOLDEN[variant]


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(GOLDEN))
def test_each_header_builds_and_publishes(tmp_path: Path, variant: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    path, code = _project(root, variant)
    assert main(["--project", str(root), "check"]) == 0, capsys.readouterr()
    assert main(["--project", str(root), "build", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "held back 0" in out, out
    tag = code.replace("_", "-")
    page = (root / "output" / tag / "back.html").read_text(encoding="utf-8")
    with pikepdf.open(root / "output" / tag / "back.pdf") as pdf:
        pages = len(pdf.pages)
    translations = translations_from_catalog(read_catalog(path), locale_info(code))
    expected = translations.plural_form(PAGES[0], pages)
    assert expected is not None and expected % {"num": pages} in page


def test_a_rule_other_than_cldrs_is_a_warning_naming_the_numbers(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    _project(root, "hi")
    assert main(["--project", str(root), "check"]) == 0
    out = capsys.readouterr().out
    (line,) = [text for text in out.splitlines() if "po-plural-rule" in text]
    cldr = cldr_rule("hi")
    numbers = differing_numbers(parse_plural_forms(HI_NOT_ONE), cldr)
    assert numbers and f"for n = {', '.join(map(str, numbers))}" in line and cldr.header in line
    assert ": warning: po-plural-rule:" in line


@pytest.mark.parametrize("variant", ["es-gnu", "es-cldr", "pt_BR"])
def test_msginit_and_cldr_rules_raise_no_warning(tmp_path: Path, variant: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    _project(root, variant)
    main(["--project", str(root), "check"])
    out = capsys.readouterr().out
    assert "0 errors" in out and "po-plural-rule" not in out, out


def test_changing_nplurals_then_update_gives_every_entry_that_many_forms(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    require_gettext()
    root = tmp_path / "proj"
    path, _ = _project(root, "es-gnu")
    catalog = read_catalog(path)
    catalog.metadata["Plural-Forms"] = CLDR_ES
    write_catalog(path, catalog)
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0
    assert main(["--project", str(root), "update"]) == 0
    catalog = read_catalog(path)
    entry = next(e for e in catalog if e.msgid == PAGES[0])
    # The new form starts as a copy of the last one, and the entry is fuzzy until the translator checks it.
    assert entry.msgstr_plural == {0: "%(num)s página", 1: "%(num)s páginas", 2: "%(num)s páginas"}
    assert "fuzzy" in entry.flags
    gnu = subprocess.run(["msgfmt", "-c", "--use-fuzzy", "-o", "/dev/null", str(path)], capture_output=True,
                         text=True)
    assert gnu.returncode == 0, gnu.stderr
    capsys.readouterr()
    assert main(["--project", str(root), "check"]) == 0
    assert "leaflets.po" in capsys.readouterr().out  # the fuzzy entry is reported to the translator
    # Fewer forms: the text of the removed forms stays in the translator comment.
    catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    entry.msgstr_plural = {0: "%(num)s página", 1: "%(num)s páginas", 2: "%(num)s de páginas"}
    write_catalog(path, catalog)
    assert main(["--project", str(root), "update"]) == 0
    entry = next(e for e in read_catalog(path) if e.msgid == PAGES[0])
    assert entry.msgstr_plural == {0: "%(num)s página"} and "fuzzy" in entry.flags
    assert "msgstr[1] before nplurals=1: %(num)s páginas" in entry.tcomment
    assert "msgstr[2] before nplurals=1: %(num)s de páginas" in entry.tcomment
    gnu = subprocess.run(["msgfmt", "-c", "--use-fuzzy", "-o", "/dev/null", str(path)], capture_output=True,
                         text=True)
    assert gnu.returncode == 0, gnu.stderr


def test_msginit_table_is_what_gnu_msginit_writes(tmp_path: Path) -> None:
    require_gettext()
    if shutil.which("msginit") is None:
        pytest.skip("msginit is not installed")
    pot = tmp_path / "t.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n',
                   encoding="utf-8")
    for code, value in MSGINIT_TABLE.items():
        out = subprocess.run(["msginit", "--no-translator", "-i", str(pot), "-l", code, "-o", "-"],
                             capture_output=True, text=True).stdout.replace('"\n"', "")
        found = re.search(r"Plural-Forms: ([^\\]*)", out)
        assert found and found.group(1) == value, code


@pytest.mark.parametrize(("code", "source"), [("es", "msginit"), ("fr", "msginit"), ("pt_BR", "msginit"),
                                              ("ru", "msginit"), ("hi", "cldr"), ("ar", "cldr"), ("zh_Hans", "cldr")])
def test_init_writes_msginits_rule_else_cldrs(tmp_path: Path, code: str, source: str) -> None:
    root = tmp_path / "proj"
    write_project(root, {"back": BACK}, config=config_text(locales=[code]))
    config = load_config(root)
    workflow.extract(config)
    header = read_catalog(workflow.init(config, code, "translated").path).metadata["Plural-Forms"]
    expected = MSGINIT_TABLE.get(code) if source == "msginit" else cldr_rule(code).header
    assert header == expected == default_rule(code).header
