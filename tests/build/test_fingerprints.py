"""Each kind of input edit rebuilds exactly the units it affects, in a fresh process with another PYTHONHASHSEED."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.build.manifest import canonical, digest
from pipeline.render.assets import fonts_css_path
from pipeline.render.fonts import FONT_DIR_VARIABLE, NOTO_DIR

from ..conftest import REPO, Result
from .site import built_counts, pipeline, translate

pytestmark = pytest.mark.slow


def _project(root: Path, cli: Callable[..., Result]) -> Path:
    assert cli(root, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(root, "init", code).code == 0
    for code in ("es", "ar"):  # zh_Hans stays untranslated: its two documents are held back (drafts)
        translate(root, code)
    return root


def _build(root: Path, seed: str, code_dir: Path = REPO, *args: str) -> tuple[int, int]:
    result = pipeline(root, "build", "--jobs", "1", *args, seed=seed, code_dir=code_dir)
    assert result.returncode == 0, result.stderr
    return built_counts(result.stdout)


def test_digest_is_the_same_whatever_the_set_order() -> None:
    one = frozenset({("zh-Hans", "back"), ("zh-Hans", "blood"), ("ar", "x")})
    two = frozenset(sorted(one, reverse=True))
    assert digest(one) == digest(two) and digest({"b": 1, "a": 2}) == digest({"a": 2, "b": 1})
    assert json.dumps(canonical({"a": frozenset({3, 1, 2})}))  # plain JSON data
    with pytest.raises(TypeError):
        digest(object())  # no repr() fallback


def test_each_input_edit_rebuilds_exactly_its_units(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    assert _build(project, "11") == (8, 0)
    assert _build(project, "12") == (0, -1)  # nothing to do
    # Config: base_url is on every page (canonical address) and handout (QR code): every unit.
    config = project / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/leaflets/",
                                                                 "https://example.org/info/"), encoding="utf-8")
    assert _build(project, "13") == (8, 0)
    # The contact (here the older default_profile file): every unit shows it.
    contact = project / "clinic.toml"
    contact.write_text(contact.read_text(encoding="utf-8").replace("+1 555 0100", "+1 555 0199"), encoding="utf-8")
    assert _build(project, "14") == (8, 0)
    # A catalog's own header (its Plural-Forms rule, written another way): that locale's units only.
    catalog = polib.pofile(str(project / "locales" / "ar" / "LC_MESSAGES" / "leaflets.po"))
    nplurals, rule = catalog.metadata["Plural-Forms"].split("plural=", 1)
    catalog.metadata["Plural-Forms"] = f"{nplurals}plural=({rule.rstrip(';').strip()});"
    catalog.save()
    assert _build(project, "15") == (2, 6)
    # The same inputs, another seed: nothing to do, and no unit rebuilt even without the fast path.
    assert _build(project, "16") == (0, -1)
    (project / ".cache" / "build" / "output.manifest.json").write_text(
        (project / ".cache" / "build" / "output.manifest.json").read_text(encoding="utf-8")
        .replace('"inputs"', '"ignored-inputs"'), encoding="utf-8")
    assert _build(project, "17") == (0, 8)


def test_a_template_edit_rebuilds_every_unit(project: Path, cli: Callable[..., Result], tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(REPO / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    _project(project, cli)
    assert _build(project, "21", code) == (8, 0)
    template = code / "pipeline" / "templates" / "blocks.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    assert _build(project, "22", code) == (8, 0)
    assert _build(project, "23", code) == (0, -1)


def test_a_clinic_profile_edit_rebuilds_that_clinics_units_only(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    clinic = project / "northside.toml"
    clinic.write_text('[clinic]\nname = "Northside Clinic"\nphone = "+1 202 555 0142"\npaper = "Letter"\n',
                      encoding="utf-8")
    assert _build(project, "31") == (8, 0)  # the site
    assert _build(project, "32", REPO, "--profile", "northside.toml") == (8, 0)  # the clinic's own copy
    clinic.write_text(clinic.read_text(encoding="utf-8").replace("0142", "0143"), encoding="utf-8")
    # Every unit of the clinic shows its phone number; the site shows none of the clinic's details.
    assert _build(project, "33", REPO, "--profile", "northside.toml") == (8, 0)
    assert _build(project, "34") == (0, -1)
    assert "0143" in (project / "clinics" / "northside" / "es" / "blood.html").read_text(encoding="utf-8")
    assert _build(project, "35", REPO, "--profile", "northside.toml") == (0, -1)


def test_a_sign_off_rebuilds_the_signed_unit_only(project: Path, cli: Callable[..., Result]) -> None:
    _project(project, cli)
    assert _build(project, "51") == (8, 0)
    signed = cli(project, "review", "sign", "es", "--document", "back", "--by", "Dr Ana Ruiz, paediatric haematologist",
                 "--date", "2026-12-01")
    assert signed.code == 0, signed.err
    # The page and handout of es/back now name the reviewer; the other Spanish unit shows nothing of it.
    assert _build(project, "52") == (1, 7)
    assert "Dr Ana Ruiz" in (project / "output" / "es" / "back.html").read_text(encoding="utf-8")
    assert _build(project, "53") == (0, -1)
    # The last Spanish document signed: the catalog's status becomes "reviewed", which no page shows.
    assert cli(project, "review", "sign", "es", "--document", "blood", "--by", "Dr Ana Ruiz, paediatric haematologist",
               "--date", "2026-12-01").code == 0
    assert _build(project, "54") == (1, 7)
    # Proof: every unit built again from scratch gives the same es/back page and handout.
    kept = {name: (project / "output" / "es" / name).read_bytes() for name in ("back.html", "back.pdf")}
    shutil.rmtree(project / ".cache" / "build")
    assert _build(project, "55") == (8, 0)
    assert kept == {name: (project / "output" / "es" / name).read_bytes() for name in ("back.html", "back.pdf")}


def _new_release(path: Path) -> None:
    """The font file as a new release of it would be: another version string, the same glyphs."""
    from fontTools.ttLib import TTFont
    font = TTFont(str(path))
    font["head"].fontRevision += 1
    font["name"].setName("Version 9.000", 5, 3, 1, 0x409)
    font.save(str(path))


def test_a_font_edit_rebuilds_the_units_of_the_locales_set_in_it(
        project: Path, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    arabic = fonts / "NotoSansArabic-Regular.ttf"
    shutil.copyfile(NOTO_DIR / arabic.name, arabic)  # the Arabic face used instead of the installed one
    monkeypatch.setenv(FONT_DIR_VARIABLE, str(fonts))
    _project(project, cli)
    assert _build(project, "41") == (8, 0)
    assert _build(project, "42") == (0, -1)
    css = {tag: project / "output" / fonts_css_path(tag) for tag in ("ar", "es")}
    before = {tag: path.read_text(encoding="utf-8") for tag, path in css.items()}
    _new_release(arabic)
    # The two Arabic units (page and handout) only; the Arabic web fonts are cut again from the new file.
    assert _build(project, "43") == (2, 6)
    assert css["ar"].read_text(encoding="utf-8") != before["ar"]
    assert css["es"].read_text(encoding="utf-8") == before["es"]
    # The same bytes copied again (a new modification time): looked at, but nothing rebuilt.
    data = arabic.read_bytes()
    arabic.unlink()
    arabic.write_bytes(data)
    os.utime(arabic, ns=(arabic.stat().st_atime_ns, arabic.stat().st_mtime_ns + 10**9))
    assert _build(project, "44") == (0, 8)
    # Back to the installed file: the Arabic units again.
    arabic.unlink()
    assert _build(project, "45") == (2, 6)
