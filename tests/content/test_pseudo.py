"""Pseudo-locales: the real project built in en_XA (accented, longer) and ar_XB (right to left) shows no
English word, and at 320 px nothing is clipped or overflows."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from pipeline.build.run import build
from pipeline.catalogs import workflow
from pipeline.catalogs.pseudo import END, START, pseudo_text
from pipeline.checks.gates import project_gate
from pipeline.checks.translation import check_markup, check_placeholders
from pipeline.checks.unsafe import check_unsafe
from pipeline.config.schema import load_config
from pipeline.locales import locale_info
from pipeline.project import load_project

REPO = Path(__file__).resolve().parents[2]
PSEUDO = ("en_XA", "ar_XB")
ENGLISH_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{2,}(?![^\W\d_])")  # a run of ASCII letters, a whole word


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


@pytest.mark.parametrize("text", [
    "Call {clinic_name} at {clinic_phone} if signs last or worry you.",
    "Read [the guide][1] and take **two** tablets with `water`.",
    "Ask your care team what temperature counts as a fever for you.",
    "Page %(page)s of %(pages)s",
])
def test_pseudo_text_is_longer_accented_marked_and_keeps_markup(text: str) -> None:
    dressed = pseudo_text(text)
    assert dressed.startswith(START) and dressed.endswith(END)
    markup = r"\{\w+\}|%\(\w+\)s|\]\[1\]|`water`"
    grown = len(re.sub(markup, "", dressed)[1:-1]) / len(re.sub(markup, "", text)) - 1
    assert 0.3 <= grown <= 0.4, grown  # the text a reader sees is 30-40 % longer
    assert _letters(dressed) > _letters(text)
    kept = re.findall(r"\{\w+\}|%\(\w+\)s|\[|\]\[1\]|\*\*|`water`", text)
    assert re.findall(r"\{\w+\}|%\(\w+\)s|\[|\]\[1\]|\*\*|`water`", dressed) == kept
    assert not ENGLISH_WORD.search(re.sub(r"\{\w+\}|%\(\w+\)s|`water`", "", dressed))


def _errors(source: str, target: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def add(severity: str, code: str, message: str) -> None:
        if severity == "error":
            found.append((code, message))
    check_placeholders(source, target, add)
    check_markup(source, target, (), {}, add)
    check_unsafe(source, target, (), add)
    return found


def test_every_project_string_passes_the_translation_checks_in_pseudo() -> None:
    template = polib.pofile(str(REPO / "locales" / "patient-info.pot"))
    assert len(template) > 100
    for entry in template:
        assert _errors(entry.msgid, pseudo_text(entry.msgid)) == [], entry.msgid


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, its catalogs made by `pipeline pseudo`, built in the two pseudo-locales."""
    root = tmp_path_factory.mktemp("pseudo") / "project"
    root.mkdir()
    toml = (REPO / "pipeline.toml").read_text(encoding="utf-8")
    toml = re.sub(r"(?m)^locales = \[.*\]$", 'locales = ["en_XA", "ar_XB"]', toml)
    (root / "pipeline.toml").write_text(toml, encoding="utf-8")
    for folder in ("content", "profiles"):
        shutil.copytree(REPO / folder, root / folder)
    config = load_config(root)
    workflow.extract(config)
    workflow.pseudo(config, PSEUDO)
    project = load_project(root)
    summary = build(project, jobs=2, gate=project_gate(project, 2))
    assert dict(summary.held_back) == {}, summary.held_back
    return config.output_dir


class _Visible(HTMLParser):
    """Text a reader meets on a page (alt, aria-label and title too), without what is marked lang="en"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.english: list[bool] = []
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = any(self.english) or values.get("lang") == "en" or tag in ("script", "style", "title")
        if not skip:
            self.out += [values[k] or "" for k in ("alt", "aria-label", "title") if values.get(k)]
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source"):
            self.english.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source") and self.english:
            self.english.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.english):
            self.out.append(data)


def _allowed(root: Path) -> str:
    """What is English on purpose: the site's contact ([contact] in pipeline.toml, the publisher's own
    details, as a clinic's would be), and addresses (a handout prints the sources' addresses, the
    addresses of its links and its page's address, which pdftotext gives back broken over lines)."""
    config = load_config(root)
    contact = config.contact
    kept = [contact.name, contact.phone, contact.address, contact.website, contact.email] if contact else []
    for path in config.content_dir.glob("*.md"):
        source = path.read_text(encoding="utf-8")
        kept += re.findall(r"^\s*url: (\S+)", source, re.M) + re.findall(r"\]\((https?://[^)\s]+)\)", source)
        kept.append(f"{path.stem}.html")
    return " ".join(kept + [config.base_url] + [locale_info(code).tag for code in config.locales])


def _english_words(text: str, allowed: str) -> set[str]:
    text = re.sub(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w.-]+|\b[\w-]+(?:\.[\w-]+)+/\S*", " ", text)
    return set(ENGLISH_WORD.findall(text)) - set(ENGLISH_WORD.findall(allowed))


@pytest.mark.parametrize("code", PSEUDO)
def test_no_english_word_on_any_pseudo_page(site: Path, code: str) -> None:
    allowed = _allowed(site.parent)
    pages = sorted((site / locale_info(code).tag).glob("*.html"))
    assert len(pages) == 5  # three documents, the topic list and the search page
    for page in pages:
        parser = _Visible()
        parser.feed(page.read_text(encoding="utf-8"))
        assert _english_words(" ".join(parser.out), allowed) == set(), page.name
    assert f'dir="{locale_info(code).direction}"' in pages[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("code", PSEUDO)
def test_no_english_word_in_any_pseudo_handout(site: Path, code: str) -> None:
    """poppler's text of each handout; the notice is in English too on purpose, so its English is allowed."""
    allowed = _allowed(site.parent)
    template = polib.pofile(str(site.parent / "locales" / "patient-info.pot"))
    notice = " ".join(e.msgid for e in template if "templates/handout.html" in " ".join(o[0] for o in e.occurrences)
                      and ("translation" in e.msgid or "unclear" in e.msgid))
    handouts = sorted((site / locale_info(code).tag).glob("*.pdf"))
    assert len(handouts) == 3
    for handout in handouts:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(handout), "-"], capture_output=True, check=True,
                              text=True).stdout
        assert _english_words(text, allowed + " " + notice) == set(), handout.name


@pytest.mark.browser
def test_pseudo_pages_are_not_clipped_and_do_not_overflow_at_320_px(site: Path) -> None:
    from tests.conftest import require_tools
    from tests.webcheck import check_pages, validate_html
    tools = require_tools()
    pages = [p for code in PSEUDO for p in sorted((site / locale_info(code).tag).glob("*.html"))]
    violations = check_pages(site, pages, (320,), tools=tools)  # axe, reflow, text spacing, clipped text
    assert violations == [], "\n".join(v.format() for v in violations)
    errors = validate_html(pages, tools=tools, output_dir=site)  # lang="en-XA", dir="rtl": valid HTML
    assert errors == [], "\n".join(v.format() for v in errors)


def test_pseudo_command_writes_catalogs_that_gettext_accepts(project: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli(project, "extract").code == 0
    result = cli(project, "pseudo")
    assert result.code == 0, result.err
    assert "locales/en_XA/LC_MESSAGES/leaflets.po" in result.out and "never in the published one" in result.out
    for code in PSEUDO:
        path = project / "locales" / code / "LC_MESSAGES" / "leaflets.po"
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
        catalog = polib.pofile(str(path))
        assert catalog.metadata["X-Review-Status"] == "machine-draft" and catalog.metadata["Language"] == code
        assert all(e.msgstr.startswith(START) or e.msgstr_plural for e in catalog)
    again = cli(project, "pseudo", "en_XA")
    assert again.code == 0 and "unchanged" in again.out
    refused = cli(project, "pseudo", "es")
    assert refused.code == 2 and "not a pseudo-locale: es" in refused.err
