"""Write the hostile-input corpus (tests/hostile/files/) and its manifest (tests/hostile/cases.toml).

Run ``.venv/bin/python tests/hostile/make_corpus.py`` after changing a case; the files and the
manifest are committed, so the test reads them without running this script. Each case is one file
put into the tiny project of :mod:`tests.hostile.tinyproject` (as the Spanish catalog, the template,
a content file, the glossary or pipeline.toml), the commands to run on it, the exit code of each,
and the finding (code and line) every failing command must print.
"""

from __future__ import annotations

import codecs
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

TARGETS = {
    "catalog": "locales/es/LC_MESSAGES/leaflets.po",
    "template": "locales/leaflets.pot",
    "glossary": "locales/glossary.toml",
    "config": "pipeline.toml",
}
# Which commands read each kind of file, and so must fail on a broken one.
COMMANDS = {
    "catalog": ("update", "build", "check"),
    "template": ("update", "check"),
    "content": ("extract", "build", "check"),
    "glossary": ("check",),
    "config": ("extract", "update", "build", "check"),
}


@dataclass
class Case:
    name: str
    target: str  # catalog, template, content, glossary, config
    data: bytes
    code: str
    line: int | None
    note: str
    exits: dict[str, int] = field(default_factory=dict)  # command → exit code; default 1 for every command
    save_as: str | None = None  # content file name (default: <name>.md)
    pending: dict[str, str] = field(default_factory=dict)  # command → the fix it waits for (xfail)


HEADER = [
    "# Spanish translation of Fever leaflets.",
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: Fever leaflets\\n"',
    '"Language: es\\n"',
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    '"X-Review-Status: translated\\n"',
    '"X-Reviewed-By: \\n"',
    '"X-Review-Date: \\n"',
    "",
]
ENTRIES = [
    "#. fever: title",
    "#: content/fever.md:2",
    'msgid "Fever during treatment"',
    'msgstr "Fiebre durante el tratamiento"',
    "",
    "#. fever: paragraph, section “What a fever is”",
    "#: content/fever.md:14",
    'msgid "A fever is a temperature of 38 °C or higher."',
    'msgstr "La fiebre es una temperatura de 38 °C o más."',
    "",
    "#. fever: paragraph, section “When to call” (critical section: must be complete to publish)",
    "#: content/fever.md:23",
    "#, python-brace-format",
    'msgid "Call {clinic_name} at {clinic_phone} if your temperature is 38 °C or higher."',
    'msgstr "Llame a {clinic_name} al {clinic_phone} si su temperatura es de 38 °C o más."',
]


def po(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def line_of(lines: list[str], needle: str, nth: int = 1) -> int:
    count = 0
    for number, line in enumerate(lines, start=1):
        if needle in line:
            count += 1
            if count == nth:
                return number
    raise ValueError(needle)


def base() -> list[str]:
    return HEADER + ENTRIES


def with_entry(msgid: str, msgstr: str) -> tuple[list[str], int]:
    """The base catalog plus one entry; return the lines and the entry's first line."""
    lines = base() + ["", f'msgid "{msgid}"', f'msgstr "{msgstr}"']
    return lines, len(lines) - 1


def replace_line(lines: list[str], old: str, new: str) -> list[str]:
    return [new if line == old else line for line in lines]


HEAD_MD = ("---\ntitle: Broken\nsummary: A broken file.\nreviewed: 2026-11-01\nnext_review: 2027-11-01\n"
           "sources:\n  - name: National Cancer Institute\n    url: https://www.cancer.gov/\n---\n\n")
BODY_LINE = HEAD_MD.count("\n") + 1  # the first body line


def md(text: str) -> bytes:
    return text.encode("utf-8")


def catalog_cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append
    lines = base()
    # --- damaged bytes and encodings ---
    nul = po(lines).replace(b"Fiebre durante", b"Fie\x00bre durante")
    add(Case("nul-bytes", "catalog", nul, "po-binary", line_of(lines, "Fiebre durante"), "a NUL byte inside a string"))
    add(Case("utf16-bom", "catalog", codecs.BOM_UTF16_LE + po(lines).decode().encode("utf-16-le"), "po-encoding", 1,
             "the catalog saved as UTF-16"))
    garbage = bytes(range(0x80, 0x100)) * 8 + b"\n" + bytes((i * 37) % 255 + 1 for i in range(400))
    add(Case("binary-garbage", "catalog", garbage, "po-encoding", 1, "random binary without NUL bytes"))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    add(Case("png-image", "catalog", png, "po-binary", 3, "an image saved over the catalog"))
    bad = po(lines).replace(b"Fiebre", b"Fi\xffbre")
    add(Case("invalid-utf8", "catalog", bad, "po-encoding", line_of(lines, "Fiebre durante"),
             "a byte that is not UTF-8 in a catalog that declares UTF-8"))
    latin = "\n".join(lines).replace("°", "°").encode("latin-1", errors="replace") + b"\n"
    add(Case("latin1-declared-utf8", "catalog", latin, "po-encoding", line_of(lines, "38 °C"),
             "Latin-1 bytes in a catalog that declares UTF-8"))
    as_latin = po(replace_line(lines, '"Content-Type: text/plain; charset=UTF-8\\n"',
                               '"Content-Type: text/plain; charset=ISO-8859-1\\n"'))
    add(Case("utf8-declared-latin1", "catalog", as_latin, "po-charset-mismatch", line_of(lines, "Content-Type"),
             "UTF-8 text in a catalog that declares ISO-8859-1 (reading it would garble every accent)"))
    add(Case("unknown-charset", "catalog", po(replace_line(lines, '"Content-Type: text/plain; charset=UTF-8\\n"',
                                                           '"Content-Type: text/plain; charset=KLINGON-8\\n"')),
             "po-charset", line_of(lines, "Content-Type"), "a charset no codec knows"))
    add(Case("utf16-charset", "catalog", po(replace_line(lines, '"Content-Type: text/plain; charset=UTF-8\\n"',
                                                         '"Content-Type: text/plain; charset=UTF-16\\n"')),
             "po-charset", line_of(lines, "Content-Type"), "a charset that is not ASCII-compatible"))
    add(Case("rot13-charset", "catalog", po(replace_line(lines, '"Content-Type: text/plain; charset=UTF-8\\n"',
                                                         '"Content-Type: text/plain; charset=rot13\\n"')),
             "po-charset", line_of(lines, "Content-Type"), "a codec that is not a text encoding"))
    add(Case("charset-placeholder", "catalog", po(replace_line(lines, '"Content-Type: text/plain; charset=UTF-8\\n"',
                                                               '"Content-Type: text/plain; charset=CHARSET\\n"')),
             "po-encoding", line_of(lines, "“What a fever is”"), "charset=CHARSET (never set) with non-ASCII text"))
    # --- truncation ---
    text = po(lines)
    cut = text[: text.index(b"si su temperatura")]
    add(Case("truncated-string", "catalog", cut, "po-syntax", len(lines), "the file ends inside a string"))
    cut = po(lines[: line_of(lines, 'msgid "A fever')])
    add(Case("truncated-entry", "catalog", cut, "po-syntax", line_of(lines, 'msgid "A fever'),
             "the file ends after a msgid: the msgstr is missing"))
    cut = po(lines[:6])[:-20]
    add(Case("truncated-header", "catalog", cut, "po-syntax", 6, "the file ends inside the header"))
    # --- syntax ---
    add(Case("unescaped-quote", "catalog",
             po(replace_line(lines, 'msgstr "Fiebre durante el tratamiento"',
                             'msgstr "Fiebre "durante" el tratamiento"')),
             "po-syntax", line_of(lines, "Fiebre durante"), "a quote inside a string not written \\\""))
    add(Case("escaped-backslash-quote", "catalog",
             po(replace_line(lines, 'msgstr "Fiebre durante el tratamiento"', 'msgstr "Fiebre \\\\"durante"')),
             "po-syntax", line_of(lines, "Fiebre durante"), "\\\\\" closes the string early (polib reads it as one)"))
    add(Case("bad-escape", "catalog",
             po(replace_line(lines, 'msgstr "Fiebre durante el tratamiento"', 'msgstr "Fiebre\\q durante"')),
             "po-syntax", line_of(lines, "Fiebre durante"), "an escape sequence gettext does not know"))
    swapped = list(lines)
    i = line_of(lines, 'msgid "Fever during')
    swapped[i - 1], swapped[i] = swapped[i], swapped[i - 1]
    add(Case("msgstr-before-msgid", "catalog", po(swapped), "po-syntax", i, "msgstr before its msgid"))
    twice = replace_line(lines, 'msgstr "Fiebre durante el tratamiento"', 'msgid "Fever again"')
    add(Case("double-msgid", "catalog", po(twice), "po-syntax", line_of(lines, "Fiebre durante"),
             "two msgids in a row"))
    plural = base() + ["", 'msgid "One page"', 'msgid_plural "%(num)s pages"', 'msgstr[0] "Una página"',
                       'msgstr[2] "%(num)s páginas"']
    add(Case("plural-index-gap", "catalog", po(plural), "po-syntax", len(plural), "msgstr[0] then msgstr[2]"))
    plural = base() + ["", 'msgid "One page"', 'msgstr[0] "Una página"']
    add(Case("plural-without-msgid-plural", "catalog", po(plural), "po-syntax", len(plural),
             "msgstr[0] in an entry without msgid_plural"))
    plural = base() + ["", 'msgid "One page"', 'msgid_plural "%(num)s pages"', 'msgstr "Una página"']
    add(Case("msgstr-in-plural-entry", "catalog", po(plural), "po-syntax", len(plural),
             "msgstr instead of msgstr[N] after msgid_plural"))
    add(Case("unknown-keyword", "catalog", po(replace_line(lines, 'msgid "Fever during treatment"',
                                                           'msgtxt "Fever during treatment"')),
             "po-syntax", line_of(lines, "Fever during"), "a misspelt keyword"))
    junk = list(lines)
    junk.insert(line_of(lines, "#. fever: title") - 1, "this line is not PO at all")
    add(Case("garbage-line", "catalog", po(junk), "po-syntax", line_of(lines, "#. fever: title"),
             "a line of prose between entries"))
    add(Case("bad-comment", "catalog", po(replace_line(lines, "#. fever: title", "#fever: title")),
             "", None, "a comment without a space after #: GNU gettext reads it as a translator comment",
             exits={"update": 0, "build": 0}))
    inside = list(lines)
    inside.insert(line_of(lines, 'msgstr "Fiebre durante') - 1, "# a comment between msgid and msgstr")
    add(Case("comment-inside-entry", "catalog", po(inside), "po-syntax", line_of(lines, 'msgstr "Fiebre durante'),
             "a comment between msgid and msgstr"))
    add(Case("two-strings-one-line", "catalog",
             po(replace_line(lines, 'msgstr "Fiebre durante el tratamiento"', 'msgstr "Fiebre" "durante"')),
             "", None, "two strings on one line: valid PO (GNU gettext joins them)", exits={"update": 0, "build": 0}))
    add(Case("control-character", "catalog",
             po(replace_line(lines, 'msgstr "Fiebre durante el tratamiento"', 'msgstr "Fiebre\x01durante"')),
             "invisible-char", line_of(lines, 'msgstr "Fiebre durante'),
             "a raw control character in a string: valid PO, but check refuses it",
             exits={"update": 0, "build": 0, "check": 1}))
    mixed = replace_line(lines, 'msgid "Fever during treatment"', '#~ msgid "Fever during treatment"')
    add(Case("mixed-obsolete", "catalog", po(mixed), "po-syntax", line_of(lines, 'msgstr "Fiebre durante'),
             "an entry half obsolete (#~) and half active"))
    add(Case("html-page", "catalog", b"<!DOCTYPE html>\n<html><body><h1>Not a catalog</h1></body></html>\n",
             "po-syntax", 1, "an HTML page saved as the catalog"))
    add(Case("path-as-content", "catalog", b"/etc/passwd\n", "po-syntax", 1,
             "a file whose text is a path (polib would open that path)"))
    # --- entries and header ---
    dup = base() + ["", 'msgid "Fever during treatment"', 'msgstr "Fiebre otra vez"']
    add(Case("duplicate-entry", "catalog", po(dup), "po-duplicate", len(dup) - 1, "the same msgid twice"))
    dup = base() + ["", 'msgid ""', 'msgstr "Language: fr\\n"']
    add(Case("duplicate-header", "catalog", po(dup), "po-duplicate", len(dup) - 1, "a second header entry"))
    add(Case("missing-header", "catalog", po(ENTRIES), "po-header-missing", 1, "entries without a header"))
    add(Case("empty-file", "catalog", b"", "po-header-missing", 1, "a zero-byte catalog"))
    add(Case("only-comments", "catalog", b"# Spanish translation\n# (nothing else)\n", "po-header-missing", 1,
             "a catalog with comments only"))
    for name, value, note in (
            ("plural-division-by-zero", "nplurals=2; plural=n/0;", "a plural rule that divides by zero"),
            ("plural-forms-garbage", "two forms please", "Plural-Forms that is not a rule"),
            ("plural-out-of-range", "nplurals=2; plural=n;", "a rule that picks form 2 of 2"),
            ("plural-code-injection", "nplurals=2; plural=__import__('os').system('id');", "Python in the rule")):
        add(Case(name, "catalog", po(replace_line(lines, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                                                  f'"Plural-Forms: {value}\\n"')),
                 "po-plural-forms", line_of(lines, "Plural-Forms"), note))
    long_lines = base() + ["", 'msgid "Long"', 'msgstr "' + "a" * 1_100_000 + '"']
    add(Case("enormous-line", "catalog", po(long_lines), "po-line-too-long", len(long_lines),
             "a line of more than a million characters"))
    # --- readable catalogs whose translations check must reject ---
    checked = {"update": 0, "build": 0, "check": 1}
    for name, msgid, msgstr, code, note in (
            ("bidi-override", "Fever during treatment", "Fiebre \u202edurante\u202c el tratamiento", "bidi-control",
             "a right-to-left override that reorders the text"),
            ("zero-width-space", "Fever during treatment", "Fiebre\u200b durante el tratamiento", "invisible-char",
             "an invisible space (warning) next to a tag character (error)"),
            ("line-separator", "Fever during treatment", "Fiebre\u2028durante el tratamiento", "invisible-char",
             "U+2028 inside a string (str.splitlines would split the line)"),
            ("script-tag", "Fever during treatment", "<script>alert(1)</script>Fiebre", "unsafe-html",
             "a script element"),
            ("event-handler", "Fever during treatment", "<img src=x onerror=alert(1)>Fiebre", "unsafe-html",
             "an event handler"),
            ("javascript-url", "Fever during treatment", "Fiebre [aquí](javascript:alert(1))", "unsafe-url",
             "a javascript: link"),
            ("remote-url", "Fever during treatment", "Fiebre, ver https://evil.example.com/", "url-added",
             "an address the English does not have"),
            ("jinja-syntax", "Fever during treatment", "Fiebre {{ config.items() }}", "template-syntax",
             "template syntax"),
            ("css-injection", "Fever during treatment", "Fiebre url(https://x.example/a.png)", "unsafe-css",
             "CSS"),
            ("placeholder-translated", "Call {clinic_name} at {clinic_phone} if your temperature is 38 °C or higher.",
             "Llame a {clinica} al {clinic_phone} si su temperatura es de 38 °C o más.", "placeholder-unknown",
             "a placeholder whose name was translated"),
            ("number-changed", "A fever is a temperature of 38 °C or higher.",
             "La fiebre es una temperatura de 39 °C o más.", "number-changed", "38 °C became 39 °C")):
        if name == "zero-width-space":
            msgstr = "Fiebre\u200b durante\U000e0041 el tratamiento"
        lines2 = base()
        index = lines2.index(f'msgid "{msgid}"')
        lines2[index + 1] = f'msgstr "{msgstr}"'
        # check names the msgstr line, as msgfmt -c does
        add(Case(name, "catalog", po(lines2), code, index + 2, note, dict(checked)))
    header = replace_line(lines, '"Language: es\\n"', '"Language: fr\\n"')
    add(Case("language-mismatch", "catalog", po(header), "po-language", line_of(lines, "Language:"),
             "Language: fr in the es folder", dict(checked)))
    header = replace_line(lines, '"X-Review-Status: translated\\n"', '"X-Review-Status: reviewed\\n"')
    add(Case("review-incomplete", "catalog", po(header), "po-review-incomplete", line_of(lines, "X-Review-Status"),
             "reviewed, but nobody and no date", dict(checked)))
    header = replace_line(lines, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                          '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"')
    plural = header + ["", 'msgid "One page"', 'msgid_plural "%(num)s pages"', 'msgstr[0] "Una página"',
                       'msgstr[1] "%(num)s páginas"']
    add(Case("plural-count", "catalog", po(plural), "plural-count", len(header) + 4,
             "nplurals=3 in the header, but an entry with 2 forms (the rule itself is only a warning)",
             dict(checked)))
    header = replace_line(lines, '"X-Review-Status: translated\\n"', '"X-Review-Status: looks fine\\n"')
    add(Case("review-status-unknown", "catalog", po(header), "po-review-status", line_of(lines, "X-Review-Status"),
             "an unknown review status", dict(checked)))
    return cases


def other_cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append
    pot = ('# Translation template.\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
           'msgid "Fever during treatment"\nmsgstr ""\n\nmsgid "Unclosed\nmsgstr ""\n')
    add(Case("broken-template", "template", pot.encode(), "po-syntax", 9, "a template with a broken string",
             {"update": 1, "check": 1}))
    # --- content ---
    add(Case("no-front-matter", "content", md("# Title\n\nText.\n"), "front-matter-missing", 1,
             "no front matter at all"))
    add(Case("unclosed-front-matter", "content", md("---\ntitle: T\nsummary: S\n\nText.\n"), "front-matter-unclosed", 1,
             "front matter without its closing ---"))
    add(Case("yaml-syntax", "content", md("---\ntitle: [oops\nsummary: S\n---\n\nText.\n"), "front-matter-syntax", 3,
             "front matter that is not YAML"))
    add(Case("yaml-not-mapping", "content", md("---\n- a\n- b\n---\n\nText.\n"), "front-matter-syntax", 2,
             "front matter that is a list"))
    add(Case("yaml-tab", "content", md("---\ntitle:\tT\n\tsummary: S\n---\n"), "front-matter-syntax", 2,
             "a tab in the front matter"))
    add(Case("impossible-date", "content", md(HEAD_MD.replace("reviewed: 2026-11-01", "reviewed: 2026-13-45")
                                              + "Text.\n"), "front-matter-date", 4,
             "a date YAML reads as a timestamp and Python cannot make"))
    laughs = ("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
              "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
              "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
              "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
              "title: *g\nsummary: S\nreviewed: 2026-11-01\nnext_review: 2027-11-01\nsources: *g\n---\n\nText.\n")
    add(Case("billion-laughs", "content", md(laughs), "front-matter-syntax", 3,
             "YAML aliases that expand to millions of strings"))
    deep = "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\nsummary: S\n---\n\nText.\n"
    add(Case("deep-yaml", "content", md(deep), "front-matter-syntax", 2, "front matter nested 3000 levels deep"))
    add(Case("missing-fields", "content", md("---\ntitle: Only a title\n---\n\nText.\n"), "front-matter-field", 1,
             "required fields missing"))
    add(Case("sources-not-list", "content", md(HEAD_MD.replace(
        "sources:\n  - name: National Cancer Institute\n    url: https://www.cancer.gov/\n", "sources: 12\n")
        + "Text.\n"), "front-matter-field", 6, "sources that is a number"))
    add(Case("raw-html-block", "content", md(HEAD_MD + "<script>alert(1)</script>\n"), "raw-html", BODY_LINE,
             "a script block in the Markdown"))
    add(Case("raw-html-inline", "content", md(HEAD_MD + "Text with <b onclick=\"x()\">bold</b>.\n"), "raw-html",
             BODY_LINE, "inline HTML with an event handler"))
    add(Case("second-h1", "content", md(HEAD_MD + "# Another title\n"), "heading-h1", BODY_LINE,
             "a level-1 heading in the body"))
    add(Case("image-without-alt", "content", md(HEAD_MD + "![](picture.png)\n"), "image-alt-missing", BODY_LINE,
             "an image without alt text"))
    add(Case("remote-image", "content", md(HEAD_MD + "![A nurse](https://evil.example.com/x.png)\n"),
             "image-not-local", BODY_LINE, "an image loaded from another site"))
    add(Case("invalid-utf8-content", "content", HEAD_MD.encode() + b"Caf\xe9 au lait.\n", "encoding", BODY_LINE,
             "Latin-1 bytes in a content file"))
    add(Case("nul-in-content", "content", HEAD_MD.encode() + b"Text\x00.\n", "binary", BODY_LINE,
             "a NUL byte in a content file"))
    add(Case("unknown-placeholder", "content", md(HEAD_MD + "Call {clinic_fax} today.\n"), "unknown-placeholder",
             BODY_LINE, "a placeholder the profile does not have"))
    add(Case("bad-file-name", "content", md(HEAD_MD + "Text.\n"), "slug", None, "a file name with capitals and a space",
             save_as="Bad Name.md"))
    add(Case("unknown-annotation", "content", md(HEAD_MD + "<!-- i18n-notes: hello -->\nText.\n"),
             "unknown-annotation", BODY_LINE, "a misspelt i18n annotation"))
    add(Case("heading-skip", "content", md(HEAD_MD + "## Part\n\n#### Detail\n\nText.\n"), "heading-skip",
             BODY_LINE + 2, "a level-4 heading after level 2", {"extract": 0, "build": 0, "check": 1}))
    add(Case("empty-link-text", "content", md(HEAD_MD + "Read [](https://www.cancer.gov/) now.\n"), "link-empty",
             BODY_LINE, "a link without text", {"extract": 0, "build": 0, "check": 1}))
    add(Case("bidi-in-content", "content", md(HEAD_MD + "Take 1 \u202epill\u202c a day.\n"), "bidi-control",
             BODY_LINE, "a right-to-left override in the English", {"extract": 0, "build": 0, "check": 1}))
    # --- glossary and configuration ---
    add(Case("glossary-syntax", "glossary", b"[terms.\"ALL\"\nes = \"LLA\"\n", "glossary-syntax", 1,
             "a glossary that is not TOML"))
    add(Case("glossary-bad-link", "glossary",
             b"[links.\"https://www.cancer.gov/fever\"]\nes = \"javascript:alert(1)\"\n",
             "glossary-link", 2, "a localized link that is not an http(s) address"))
    add(Case("config-syntax", "config", b"[project\nname = \"x\"\n", "config-syntax", 1,
             "pipeline.toml that is not TOML"))
    return cases


def write() -> list[Case]:
    cases = catalog_cases() + other_cases()
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    out = ["# Hostile and broken inputs: written by make_corpus.py (edit that, then run it).",
           "# file: in files/ (.gz: stored compressed); target: where it goes in the tiny project;",
           "# exits: command → exit code; pending: command → the fix it waits for (expected to fail until then);",
           "# code and line: the finding every failing command prints (line 0: none).", ""]
    for case in cases:
        suffix = {"catalog": ".po", "template": ".pot", "content": ".md", "glossary": ".toml", "config": ".toml"}
        file_name = case.name + suffix[case.target]
        if len(case.data) > 100_000:  # stored compressed; the test decompresses it
            file_name += ".gz"
            (FILES / file_name).write_bytes(gzip.compress(case.data, mtime=0))
        else:
            (FILES / file_name).write_bytes(case.data)
        exits = case.exits or {command: 1 for command in COMMANDS[case.target]}
        out.append("[[case]]")
        out.append(f"name = {json.dumps(case.name)}")
        out.append(f"file = {json.dumps(file_name)}")
        out.append(f"target = {json.dumps(case.target)}")
        if case.save_as:
            out.append(f"save_as = {json.dumps(case.save_as)}")
        out.append("exits = { " + ", ".join(f"{k} = {v}" for k, v in exits.items()) + " }")
        out.append(f"code = {json.dumps(case.code)}")
        out.append(f"line = {case.line or 0}")
        out.append(f"note = {json.dumps(case.note, ensure_ascii=False)}")
        if case.pending:
            out.append("pending = { " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in case.pending.items()) + " }")
        out.append("")
    (HERE / "cases.toml").write_text("\n".join(out), encoding="utf-8")
    return cases


if __name__ == "__main__":
    written = write()
    print(f"{len(written)} cases written to {FILES}")
