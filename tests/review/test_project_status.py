"""The project's own pages and handouts say honestly that no clinician has reviewed them yet."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.project import load_project
from pipeline.render.handout import HandoutRenderer
from pipeline.render.pages import Page, Site, render_page

REPO = Path(__file__).resolve().parents[2]
NOT_REVIEWED = "Not yet reviewed by a clinician"


def test_every_page_and_handout_of_the_project_says_not_yet_reviewed(tmp_path: Path) -> None:
    project = load_project(REPO)
    config = project.config
    assert not (config.root / "reviews").exists()  # no clinician has signed anything yet
    profile = config.contact  # the site's own contact, as the public handouts are built
    assert profile is not None
    infos = tuple(t.locale for t in project.translations.values())
    site = Site(config.name, config.base_url, project.source, infos)
    renderer = HandoutRenderer(tmp_path / "cache", config.content_dir)
    for code, translations in project.translations.items():
        expected = translations.gettext(NOT_REVIEWED)
        assert translations.is_source or expected != NOT_REVIEWED, f"{code}: the status is not translated"
        for document in project.documents:
            assert not translations.signoffs[document.slug].valid
            page = render_page(Page(document, translations, site))
            status = re.search(r'<p class="review-status">(.*?)<br>', page, re.S)
            assert status and status.group(1).strip() == expected, (code, document.slug)
            assert "Last checked" not in page
            handout = renderer.html(document, translations, project.source, profile, config.base_url)
            shown = re.search(r'<p class="reviewed">\s*' + re.escape(expected) + r"\s*</p>", handout)
            assert shown, (code, document.slug)
