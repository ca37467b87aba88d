"""Every handout of the project itself, rendered once per test session (all documents in all locales)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config.profile import Profile, load_profile
from pipeline.project import Project, load_project
from pipeline.render.handout import HandoutRenderer

ROOT = Path(__file__).resolve().parents[2]
PAGE_URL = "https://health.example.org/patient-info/page.html"


@dataclass(frozen=True)
class Rendered:
    """One handout: its locale, document, HTML and the PDF written to a file."""

    locale: str
    document: str
    html: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.locale}/{Path(self.document).stem}"


@pytest.fixture(scope="session")
def real_project() -> Project:
    return load_project(ROOT)


@pytest.fixture(scope="session")
def real_profile(real_project: Project) -> Profile:
    """The fictional example clinic's profile: a clinic's handouts, as a clinic builds them."""
    return load_profile(ROOT / "profiles" / "example-clinic.toml", "profiles/example-clinic.toml")


@pytest.fixture(scope="session")
def handout_renderer(tmp_path_factory: pytest.TempPathFactory) -> HandoutRenderer:
    return HandoutRenderer(tmp_path_factory.mktemp("cache"), ROOT / "content")


@pytest.fixture(scope="session")
def handouts(real_project: Project, real_profile: Profile, handout_renderer: HandoutRenderer,
             tmp_path_factory: pytest.TempPathFactory) -> list[Rendered]:
    project, profile, renderer = real_project, real_profile, handout_renderer
    folder = tmp_path_factory.mktemp("handouts")
    result = []
    for code, translations in project.translations.items():
        for document in project.documents:
            handout = renderer.render(document, translations, project.source, profile, PAGE_URL)
            path = folder / f"{code}-{Path(document.path).stem}.pdf"
            path.write_bytes(handout.pdf)
            html = renderer.html(document, translations, project.source, profile, PAGE_URL)
            result.append(Rendered(code, document.path, html, path))
    return result
