"""The seven publisher's findings of issue 12, replayed as command sequences: the site stays whole and uploadable."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont

from pipeline.config.schema import load_config

from ..conftest import REPO, Result
from .site import broken_links, catalog_path, pipeline, published_pages, sitemap_urls, translate

pytestmark = pytest.mark.slow


def _project(root: Path, cli: Callable[..., Result], translated: tuple[str, ...] = ("es", "ar", "zh_Hans")) -> Path:
    assert cli(root, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(root, "init", code).code == 0
    for code in translated:
        translate(root, code)
    return root


def _build(cli: Callable[..., Result], root: Path, *args: str) -> Result:
    result = cli(root, "build", "--jobs", "1", *args)
    assert result.code == 0, result.err
    return result


def _files(output: Path) -> dict[str, bytes]:
    """Every file the build writes (the search index is Pagefind's, built over the merged folder)."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and not p.relative_to(output).as_posix().startswith("pagefind/")}


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# 1. `pipeline build --locale ru` after a full build deleted every other locale's pages.

def test_a_locale_build_after_a_full_build_keeps_every_other_locale(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    _build(cli, project)
    out = project / "output"
    before = _files(out)
    po = catalog_path(project, "ar")
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").msgstr = "الراحة والمشي الخفيف يساعدان."
    catalog.save()
    result = _build(cli, project, "--locale", "ar")
    assert "built 1," in result.out
    after = _files(out)
    # Nothing of another locale removed: only the Arabic web fonts, subset again for the new text.
    assert all("noto-sans-arabic" in rel for rel in set(before) ^ set(after))
    changed = {rel for rel in set(after) & set(before) if after[rel] != before[rel]}
    assert "ar/back.html" in changed and "ar/back.pdf" in changed
    assert not {rel for rel in changed if rel.startswith(("es/", "zh-Hans/", "en/"))}
    assert broken_links(out) == []


# 2. One msgstr changed rebuilt every unit (set order in the fingerprint); a glossary link edit rebuilt none.

def test_one_catalog_edit_rebuilds_one_unit_in_a_fresh_process_with_another_hash_seed(
        project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli, translated=("es", "ar"))  # zh_Hans held back: the build has drafts
    first = pipeline(project, "build", "--jobs", "1", seed="1")
    assert first.returncode == 0, first.stderr
    assert "held back zh_Hans/back" in first.stdout
    po = catalog_path(project, "es")
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").msgstr = "El descanso y los paseos suaves ayudan."
    catalog.save()
    second = pipeline(project, "build", "--jobs", "1", seed="2")
    assert second.returncode == 0, second.stderr
    assert re.search(r"built 1, skipped 7, held back 2", second.stdout), second.stdout
    assert "El descanso y los paseos suaves ayudan." in (project / "output/es/back.html").read_text(encoding="utf-8")


def test_a_glossary_link_edit_rebuilds_the_pages_that_show_the_link(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    glossary = project / "locales" / "glossary.toml"
    glossary.write_text('[links."https://www.cancer.gov/"]\nes = "https://www.cancer.gov/espanol/"\n', encoding="utf-8")
    assert pipeline(project, "build", "--jobs", "1", seed="3").returncode == 0
    before = {p: p.read_bytes() for p in (project / "output").rglob("*.html")}
    glossary.write_text('[links."https://www.cancer.gov/"]\nes = "https://www.cancer.gov/espanol/cancer/"\n',
                        encoding="utf-8")
    again = pipeline(project, "build", "--jobs", "1", seed="4")
    assert again.returncode == 0, again.stderr
    # The Spanish page whose text links there, and only it, is rebuilt.
    assert "built 1, skipped 7" in again.stdout, again.stdout
    changed = {p.relative_to(project / "output").as_posix() for p, data in before.items() if p.read_bytes() != data}
    assert changed == {"es/blood.html"}
    assert 'href="https://www.cancer.gov/espanol/cancer/"' in (project / "output/es/blood.html").read_text(
        encoding="utf-8")


# 3. A comma added to the English took the document down in every language.

NUMBERS = "Drink 8 cups of water a day."
WATER = "Drink water every day."


def test_an_english_edit_keeps_published_pages_online(project: Path, cli: Callable[..., Result]) -> None:
    back = project / "content" / "back.md"
    back.write_text(back.read_text(encoding="utf-8") + f"\n{NUMBERS}\n\n{WATER}\n", encoding="utf-8")
    _project(project, cli)
    _build(cli, project)
    # A comma, a changed number, and a new sentence that fuzzy matching pairs with another one.
    back.write_text(back.read_text(encoding="utf-8")
                    .replace("Rest and gentle walks can help.", "Rest, and gentle walks, can help.")
                    .replace(NUMBERS, "Drink 6 cups of water a day.")
                    .replace(WATER, f"{WATER}\n\nDrink water every day, even in winter."), encoding="utf-8")
    assert cli(project, "extract").code == 0
    assert cli(project, "update").code == 0
    borrowed = polib.pofile(str(catalog_path(project, "es"))).find("Drink water every day, even in winter.")
    assert borrowed is not None and "fuzzy" in borrowed.flags and borrowed.previous_msgid == WATER
    result = _build(cli, project)
    assert "held back 0" in result.out
    assert "kept online es/back" in result.out
    out = project / "output"
    for tag in ("es", "ar", "zh-Hans"):
        page = (out / tag / "back.html").read_text(encoding="utf-8")
        code = tag.replace("-", "_")
        # The slightly edited sentence keeps its translation; the changed number is shown in new English.
        assert f"Rest and gentle walks can help. ~{code}" in page
        assert re.search(r'<p lang="en"[^>]*>Drink 6 cups of water a day\.</p>', page), page
        assert "8 cups" not in page
        # Borrowed by fuzzy matching from another sentence that is still there: not kept, shown in English.
        assert re.search(r'<p lang="en"[^>]*>Drink water every day, even in winter\.</p>', page), page
        assert f"{WATER} ~{code}" in page
        assert 'class="notice notice-updated"' in page and 'datetime="2026-09-21"' in page
        assert (out / tag / "back.pdf").is_file()
    handout = _pdf_text(out / "es" / "back.pdf")
    assert "updated" in handout and "Drink 6 cups" in handout and "8 cups" not in handout
    assert broken_links(out) == []


def test_a_sentence_added_to_a_published_paragraph_is_shown_in_english(project: Path,
                                                                      cli: Callable[..., Result]) -> None:
    """New advice is never hidden behind the translation of the paragraph it joined."""
    back = project / "content" / "back.md"
    _project(project, cli)
    _build(cli, project)
    added = "Rest and gentle walks can help. Keep a list of the signs you notice."
    back.write_text(back.read_text(encoding="utf-8").replace("Rest and gentle walks can help.", added),
                    encoding="utf-8")
    assert cli(project, "extract").code == 0
    assert cli(project, "update").code == 0
    entry = polib.pofile(str(catalog_path(project, "es"))).find(added)
    assert entry is not None and "fuzzy" in entry.flags and entry.previous_msgid == "Rest and gentle walks can help."
    result = _build(cli, project)
    assert "held back 0" in result.out and "kept online es/back" in result.out
    for tag in ("es", "ar"):
        page = (project / "output" / tag / "back.html").read_text(encoding="utf-8")
        shown = r'<p lang="en"[^>]*>Rest and gentle walks can help\. Keep a list of the signs you notice\.</p>'
        assert re.search(shown, page), page
        assert f"Rest and gentle walks can help. ~{tag}" not in page
    assert "Keep a list of the signs" in _pdf_text(project / "output" / "es" / "back.pdf")


# 4. The example clinic's details on the public site; a --profile build wrote into output/.

CONTACT = """
[contact]
name = "the Health Line"
phone = "+1 202 555 0177"
paper = "A4"
"""

CLINIC = """\
[clinic]
name = "Northside Clinic"
phone = "+1 202 555 0142"
paper = "Letter"
"""


def test_the_public_site_never_shows_a_clinic_and_clinic_builds_have_their_own_folder(
        project: Path, cli: Callable[..., Result]) -> None:
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('default_profile = "clinic.toml"\n', "") + CONTACT,
                      encoding="utf-8")
    (project / "northside.toml").write_text(CLINIC, encoding="utf-8")
    _project(project, cli)
    _build(cli, project)
    site = _files(project / "output")
    _build(cli, project, "--profile", str(project / "northside.toml"))
    assert _files(project / "output") == site  # the clinic's build did not touch the site
    for rel, data in site.items():
        assert b"Northside" not in data and b"0142" not in data, rel
    assert "the Health Line" in (project / "output/en/blood.html").read_text(encoding="utf-8")
    clinic = project / "clinics" / "northside"
    assert "Northside Clinic" in (clinic / "es/blood.html").read_text(encoding="utf-8")
    assert "0142" in _pdf_text(clinic / "en/blood.pdf")


def test_the_example_profile_is_fictional_and_not_used_by_default() -> None:
    config = load_config(REPO)
    assert config.default_profile is None and config.contact is not None
    example = (REPO / "profiles" / "example-clinic.toml").read_text(encoding="utf-8")
    assert "fictional" in example.lower() and "Riverside" not in example
    assert "base_url" not in example.split("[clinic]")[1]


# 5. The profile's base_url won over pipeline.toml's for the QR code and printed address.

def test_handouts_point_to_the_sites_one_base_url(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli, translated=())
    profile = project / "clinic.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + 'base_url = "https://elsewhere.example.com/"\n',
                       encoding="utf-8")
    refused = cli(project, "build", "--jobs", "1")
    assert refused.code == 1 and "clinic.toml:8: error: profile-value: [clinic] base_url is set only in pipeline.toml" \
        in refused.err
    profile.write_text(profile.read_text(encoding="utf-8").replace('base_url = "https://elsewhere.example.com/"\n', ""),
                       encoding="utf-8")
    _build(cli, project)
    text = _pdf_text(project / "output/en/back.pdf")
    assert "example.org/leaflets/en/back.html" in re.sub(r"\s+", "", text)


ARABIC_404 = "هذه الصفحة غير موجودة أو نُقلت."


# 6. output/ held the manifest with absolute paths and the drafts; no 404, sitemap, robots, favicon.

def test_output_is_exactly_what_gets_uploaded(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli, translated=("es",))
    po = catalog_path(project, "ar")  # ar: one document complete, the other held back
    translate(project, "ar")
    catalog = polib.pofile(str(po))
    catalog.find("Rest and gentle walks can help.").msgstr = ""
    catalog.find("This page does not exist or has moved.").msgstr = ARABIC_404
    catalog.save()
    _build(cli, project)
    out = project / "output"
    names = set(_files(out))
    assert not [n for n in names if "manifest" in n or n.startswith(".") or "/." in n]
    assert not [n for n in names if "draft" in n]
    assert (project / "preview" / "ar" / "back.html").is_file() and not (out / "ar" / "back.html").exists()
    assert (project / "preview" / "zh-Hans" / "blood.html").is_file()
    state = b"".join(p.read_bytes() for p in (project / ".cache" / "build").glob("*.json"))
    assert state and str(project).encode() not in state and b"/tmp/" not in state
    assert json.loads((project / ".cache/build/output.manifest.json").read_text(encoding="utf-8"))["published"]
    # Root index: en, es and ar (ar has one published document); zh-Hans has none yet.
    root = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="es/index.html"' in root and 'href="ar/index.html"' in root and "zh-Hans" not in root
    assert not (out / "zh-Hans" / "index.html").exists()
    for index in ("index.html", "es/index.html", "ar/index.html"):
        assert re.search(r'<meta name="description" content="[^"]{20,}">', (out / index).read_text(encoding="utf-8"))
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'lang="es"' in not_found and "Page not found ~es" not in not_found  # one line per language
    assert "This page does not exist or has moved. ~es" in not_found
    assert 'href="https://example.org/leaflets/ar/index.html"' in not_found
    # Its lines are set in the site's own web fonts (the source language's subsets cover every line),
    # from the same host at whatever address the page is served.
    assert '<link rel="stylesheet" href="/leaflets/assets/fonts/en.css">' in not_found
    css = (out / "assets/fonts/en.css").read_text(encoding="utf-8")
    covered = set().union(*(TTFont(out / "assets/fonts" / name)["cmap"].getBestCmap().keys()
                            for name in re.findall(r'url\("([^"]+)"\)', css)))
    assert {ord(c) for c in ARABIC_404 if not c.isspace()} <= covered
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/leaflets/sitemap.xml" in robots
    assert (out / "assets/favicon.svg").read_bytes().startswith(b"<svg")
    assert '<link rel="icon" href="../assets/favicon.svg"' in (out / "es/blood.html").read_text(encoding="utf-8")
    locs, alternates = sitemap_urls(out)
    assert locs == published_pages(out)
    assert "https://example.org/leaflets/ar/back.html" not in locs | alternates
    assert broken_links(out) == []


# 7. An unclosed quote in one catalog stopped build, update and stats for every locale.

def test_a_broken_catalog_stops_only_its_locale(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    po = catalog_path(project, "ar")
    text = po.read_text(encoding="utf-8")
    line = text.splitlines().index('msgid "Rest and gentle walks can help."') + 2
    po.write_text(text.replace('msgstr "Rest and gentle walks can help. ~ar"', 'msgstr "unclosed'), encoding="utf-8")
    build = cli(project, "build", "--jobs", "1")
    assert build.code == 1
    assert f"locales/ar/LC_MESSAGES/leaflets.po:{line}:" in build.err
    assert "not built: ar" in build.out
    out = project / "output"
    assert (out / "es/back.html").is_file() and (out / "zh-Hans/back.pdf").is_file()
    assert not (out / "ar").exists() and "ar/index.html" not in (out / "index.html").read_text(encoding="utf-8")
    assert broken_links(out) == []
    update = cli(project, "update")
    assert update.code == 1 and "leaflets.po" in update.out and f"leaflets.po:{line}:" in update.err
    assert "locales/es/LC_MESSAGES/leaflets.po" in update.out
    stats = cli(project, "stats")
    assert stats.code == 1 and "es " in stats.out and f"leaflets.po:{line}:" in stats.err


def test_fixing_the_broken_catalog_builds_its_locale_and_keeps_the_rest(project: Path,
                                                                        cli: Callable[..., Result]) -> None:
    _project(project, cli)
    po = catalog_path(project, "ar")
    good = po.read_text(encoding="utf-8")
    po.write_text(good.replace('msgstr "Rest and gentle walks can help. ~ar"', 'msgstr "unclosed'), encoding="utf-8")
    assert cli(project, "build", "--jobs", "1").code == 1
    shutil.copy(po, po.with_suffix(".bad"))
    po.write_text(good, encoding="utf-8")
    _build(cli, project)
    out = project / "output"
    assert (out / "ar/back.html").is_file() and 'href="ar/index.html"' in (out / "index.html").read_text(
        encoding="utf-8")
    assert broken_links(out) == []


def test_what_an_earlier_version_left_in_output_is_removed(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    out = project / "output"
    (out / "es").mkdir(parents=True)
    (out / ".pipeline-manifest.json").write_text('{"inputs": {"/home/builder/project/pipeline.toml": null}}')
    (out / "es" / "back.draft.html").write_text("<p>Do not give it to patients.</p>")
    (out / "es" / "notes.txt").write_text("not the build's")
    _build(cli, project)
    assert not (out / ".pipeline-manifest.json").exists() and not (out / "es" / "back.draft.html").exists()
    assert (out / "es" / "notes.txt").is_file()
