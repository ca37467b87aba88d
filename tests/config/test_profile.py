"""Clinic profiles: a declared schema, phone numbers that are phone numbers, the contact block on the handout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs.translations import source_translations
from pipeline.config.profile import load_profile
from pipeline.content.reader import read_documents
from pipeline.errors import ConfigError
from pipeline.locales import locale_info

from ..conftest import PROFILE

REPO = Path(__file__).resolve().parents[2]


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile(path, "clinic.toml")
    return [f.format() for f in caught.value.findings]


def test_misspelt_key_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    found = _errors(tmp_path, PROFILE.replace("website =", "websit ="))
    assert len(found) == 1
    assert found[0].startswith('clinic.toml:5: error: profile-unknown: unknown key [clinic] websit '
                               '(did you mean "website"?)')


def test_paper_is_required(tmp_path: Path) -> None:
    found = _errors(tmp_path, PROFILE.replace('paper = "A4"\n', ""))
    assert found == ['clinic.toml:1: error: profile-missing: [clinic] paper is required (the paper the clinic\'s '
                     'printer takes, "A4" or "Letter" (the usual size in the US and Canada)); add paper = "A4"']


@pytest.mark.parametrize("phone, country", [("call us!", ""), ("12", ""), ("020 7946 0958", "")])
def test_phone_must_be_a_phone_number(tmp_path: Path, phone: str, country: str) -> None:
    found = _errors(tmp_path, PROFILE.replace('"+1 555 0100"', f'"{phone}"'))
    assert len(found) == 1 and found[0].startswith("clinic.toml:3: error: profile-value: [clinic] phone:")
    assert "+1 202 555 0100" in found[0] or "digits" in found[0]


def test_national_phone_number_with_country(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(PROFILE.replace('"+1 555 0100"', '"020 7946 0958"') + 'country = "GB"\n', encoding="utf-8")
    profile = load_profile(path)
    assert profile.phone == "020 7946 0958" and profile.country == "GB" and profile.paper == "A4"


def test_every_problem_at_once(tmp_path: Path) -> None:
    found = _errors(tmp_path, '[clinic]\nname = ""\nphone = "call us!"\nemail = "nobody"\npaper = "A5"\n'
                              'website = "clinic.org"\n')
    assert [f.split(": error: ")[0] for f in found] == [f"clinic.toml:{n}" for n in (2, 3, 4, 5, 6)]


def test_example_profile_is_valid_and_marked_fictional() -> None:
    profile = load_profile(REPO / "profiles" / "example-clinic.toml")
    assert "fictional" in profile.name.lower() and "555" in profile.phone


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler pdftotext is not installed")
def test_handout_prints_the_contact_block(project: Path, tmp_path: Path) -> None:
    from pipeline.render.handout import HandoutRenderer
    profile = load_profile(project / "clinic.toml", "clinic.toml")
    document = next(d for d in read_documents(project / "content", project) if d.slug == "blood")
    english = locale_info("en")
    renderer = HandoutRenderer(tmp_path / "cache", project / "content")
    handout = renderer.render(document, source_translations(english), english, profile,
                              "https://example.org/leaflets/en/blood.html")
    (tmp_path / "blood.pdf").write_bytes(handout.pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "blood.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for value in ("1 Main Street", "clinic.example.org", "team@clinic.example.org"):
        assert value in text
