"""Hostile and broken input: every case of tests/hostile/cases.toml, and a property of the inline renderer.

Each corpus case puts one file into a copy of a tiny project and runs the commands that read it
through ``pipeline.commands.main.main``. A command must exit with the expected code, never with a traceback;
a failing one names the file, line and finding code; ``pipeline update`` never rewrites a catalog
it could not read (nor any other catalog: it reads them all before writing any).
"""

from __future__ import annotations

import gzip
import html.parser
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.commands.main import main
from pipeline.content.inline import render_html

from .hostile.tinyproject import make_project

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
TARGETS = {
    "catalog": "locales/es/LC_MESSAGES/leaflets.po",
    "template": "locales/leaflets.pot",
    "glossary": "locales/glossary.toml",
    "config": "pipeline.toml",
}


def _params() -> Iterator[object]:
    for case in CASES:
        for command, code in case["exits"].items():
            marks = []
            reason = case.get("pending", {}).get(command)
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=False))
            yield pytest.param(case, command, code, id=f"{case['name']}-{command}", marks=marks)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project, made once; each case works on a copy."""
    return make_project(tmp_path_factory.mktemp("hostile") / "base")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert (HOSTILE / "files" / case["file"]).is_file(), case["file"]
        assert case["target"] in (*TARGETS, "content")
        assert set(case["exits"]) <= {"extract", "update", "build", "check"}


@pytest.mark.parametrize(("case", "command", "expected"), list(_params()))
def test_hostile_input(case: dict, command: str, expected: int, baseline: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    shutil.copytree(baseline, root)
    data = (HOSTILE / "files" / case["file"]).read_bytes()
    if case["file"].endswith(".gz"):
        data = gzip.decompress(data)
    if case["target"] == "content":
        shown = f"content/{case.get('save_as') or case['name'] + '.md'}"
    else:
        shown = TARGETS[case["target"]]
    (root / shown).write_bytes(data)
    before = _snapshot(root)
    capsys.readouterr()
    code = main(["--project", str(root), command])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    assert code == expected, f"{case['name']}: {command} exited {code}, expected {expected}:\n{output[-3000:]}"
    if expected == 1:
        where = f"{shown}:{case['line']}" if case["line"] else shown
        assert f"{where}: error: {case['code']}:" in output, f"{case['name']}: {command} did not report " \
            f"{where}: error: {case['code']}:\n{output[-3000:]}"
        if command == "update":
            assert _snapshot(root) == before, "a catalog was written although update failed"
    leftovers = [p.name for p in (root / "locales").rglob(".*.tmp")]
    assert not leftovers, f"temporary files left behind: {leftovers}"


# -- property: translations never put markup, scripts or URLs into the rendered HTML -------------------

ENGLISH_LINKS = ("https://www.cancer.gov/fever", "https://www.cancer.org/a?b=1&c=2")
PIECES = ["<", ">", '"', "'", "&", "javascript:", "JaVaScRiPt:", "data:text/html,", "vbscript:", "http://evil.example/",
          "https://www.cancer.gov/fever", "//evil.example", "{{", "}}", "{%", "%}", "[", "]", "(", ")", "*", "**",
          "`", "``", "script", "<script>", "</script>", "onerror=", "onload=", "url(", "@import", "style=", "<img",
          "src=x", "<a href=", "&#106;", "&lt;", "\\", "\n", " ", "  \n", "x", "Fiebre", "[1]", "[2]", "[3]",
          "][1]", "](", "!", "<!--", "-->", "<svg", "title=", "{clinic_phone}", "\u202e", "\x00", "_", "#", "|"]

_atoms = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
_targets = st.one_of(st.sampled_from([*ENGLISH_LINKS, "javascript:alert(1)", "data:text/html,<b>x</b>",
                                      "http://evil.example/", "<https://www.cancer.gov/fever>", "#top", "/etc/passwd",
                                      "file:///etc/passwd", "//evil.example/x"]), _atoms)
_titles = st.one_of(st.just(""), st.builds(lambda q, t: f' {q[0]}{t}{q[1]}', st.sampled_from(['""', "''", "()"]),
                                            _atoms))
# Markdown-shaped pieces: links and images with titles, references, autolinks, emphasis around them.
_constructs = st.one_of(
    st.builds(lambda bang, text, url, title: f"{bang}[{text}]({url}{title})", st.sampled_from(["", "!"]), _atoms,
              _targets, _titles),
    st.builds(lambda text, n: f"[{text}][{n}]", _atoms, st.integers(0, 4)),
    st.builds(lambda url: f"<{url}>", _targets),
    st.builds(lambda mark, inner: f"{mark}{inner}{mark}", st.sampled_from(["*", "**", "`", "_", "__"]), _atoms),
)
fragments = st.lists(st.one_of(_atoms, _constructs), max_size=30).map("".join)


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.other.append(decl)

    def handle_pi(self, data: str) -> None:
        self.other.append(data)

    def unknown_decl(self, data: str) -> None:
        self.other.append(data)


ALLOWED_TAGS = {"em", "strong", "code", "br", "a"}


def assert_inert(rendered: str, links: tuple[str, ...]) -> None:
    parser = _Collector()
    parser.feed(rendered)
    parser.close()
    assert not parser.comments and not parser.other, rendered
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, rendered)
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"], (attrs, rendered)
            assert dict(attrs)["href"] in links, (attrs, rendered)
        else:
            assert attrs == [], (tag, attrs, rendered)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=fragments, english=st.sampled_from([(), ENGLISH_LINKS[:1], ENGLISH_LINKS]))
@example(text='[x](https://www.cancer.gov/fever "a title")', english=ENGLISH_LINKS[:1])
@example(text="<script>alert(1)</script>[a][1]", english=ENGLISH_LINKS[:1])
@example(text="[x](javascript:alert(1)) [y](data:text/html,<b>) ![i](https://evil.example/x.png)", english=())
def test_rendered_translation_is_inert(text: str, english: tuple[str, ...]) -> None:
    rendered = str(render_html(text, english))
    assert_inert(rendered, english)
    # what a reader sees never contains an address the English does not link to
    lowered = rendered.lower()
    for scheme in ("javascript:", "vbscript:", "data:"):
        for tag_start in ("href=\"" + scheme, "src=\"" + scheme):
            assert tag_start not in lowered


# -- property: the checks themselves survive any translation ------------------------------------------

_any_text = st.one_of(fragments, st.text(max_size=60),
                      st.text(alphabet=st.characters(codec="utf-8"), max_size=40))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(english=_any_text, translation=_any_text, previous=st.one_of(st.none(), _any_text),
       locale=st.sampled_from(["es", "ar", "zh_Hans", "hi", "ru", "fr"]))
def test_checks_never_raise(english: str, translation: str, previous: str | None, locale: str) -> None:
    import polib

    from pipeline.catalogs.glossary import EMPTY
    from pipeline.checks.catalog import _Context, check_entry
    from pipeline.locales import locale_info

    entry = polib.POEntry(msgid=english or "x", msgstr=translation, linenum=7,
                          flags=["fuzzy"] if previous is not None else [], previous_msgid=previous)
    ctx = _Context("x.po", locale_info(locale), locale, 2, EMPTY, {})
    for finding in check_entry(entry, ctx):
        assert finding.line == 7 and finding.severity in ("error", "warning") and finding.message
