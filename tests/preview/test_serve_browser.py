"""`pipeline serve` in headless Chromium: saved catalog and document edits appear without reloading by hand.

Also what translator mode shows (English, msgctxt, catalog path:line), the check findings in the
panel, and that a hostile translation stays text in the page, the panel and the tooltips.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest

from tests.conftest import Result, require_tools
from tests.preview.serving import Served, serving
from tests.webcheck import _AXE_JS, AXE_TAGS, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.pwned=1">Las plaquetas'


def _msgstr_line(po: Path, msgid: str) -> int:
    """The line of the msgstr of ``msgid``, read from the file itself."""
    lines = po.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgid "{msgid}"')
    return next(n for n in range(at, len(lines)) if lines[n].startswith("msgstr")) + 1


@pytest.fixture
def served(project: Path, cli: Callable[..., Result]) -> Iterator[tuple[Path, Served]]:
    require_tools()
    assert cli(project, "extract").code == 0
    assert cli(project, "init", "es").code == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("About blood").msgstr = "Sobre la sangre"
    catalog.find("Blood carries **oxygen** to every part of your body.").msgstr = \
        "La sangre lleva **oxígeno** a todo el cuerpo."
    catalog.find("Platelets help stop bleeding.").msgstr = HOSTILE
    catalog.find("Back", msgctxt="body part").msgstr = "Espalda"
    catalog.save()
    with serving(project) as server:
        yield project, server
    assert server.code == 0, "".join(server.err)
    assert "Traceback" not in "".join(server.err)
    assert "stopped" in "".join(server.out)


def test_saved_edits_show_in_the_open_page(served: tuple[Path, Served]) -> None:
    from playwright.sync_api import sync_playwright

    root, server = served
    po = root / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    tools = require_tools()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(tools.chromium), args=list(CHROMIUM_ARGS))
        try:
            tab = browser.new_page()
            tab.set_default_timeout(30_000)
            tab.goto(server.url + "/es/blood.html")
            # Held back (mostly untranslated): the preview shows its draft, and says so in the panel.
            assert "La sangre lleva" in tab.inner_text("main")
            tab.wait_for_selector("#pv-panel .pv-draft")

            # 1. A catalog entry saved: the open page shows it, nobody reloads.
            text = po.read_text(encoding="utf-8")
            po.write_text(text.replace("La sangre lleva", "La sangre transporta"), encoding="utf-8")
            tab.wait_for_function("document.querySelector('main').innerText.includes('La sangre transporta')")

            # 2. A document saved: the page shows the new English (no translation for it yet).
            md = root / "content" / "blood.md"
            md.write_text(md.read_text(encoding="utf-8").replace(
                "White cells fight germs.", "White cells fight germs and infections."), encoding="utf-8")
            tab.wait_for_function(
                "document.querySelector('main').innerText.includes('White cells fight germs and infections.')")

            # The hostile translation is text: shown literally, never run.
            assert HOSTILE in tab.inner_text("main")
            assert tab.evaluate("window.pwned") is None

            # 3. Translator mode: hovering a passage shows its English, msgctxt and catalog line.
            tab.check("#pv-translator")
            tab.hover("main p:has-text('La sangre transporta')")
            tip = tab.inner_text("#pv-tip")
            assert "Blood carries **oxygen** to every part of your body." in tip
            line = _msgstr_line(po, "Blood carries **oxygen** to every part of your body.")
            assert f"locales/es/LC_MESSAGES/leaflets.po:{line}" in tip
            assert "content/blood.md:" in tip
            tab.goto(server.url + "/es/back.html")
            tab.focus("main p:text-is('Espalda')")  # focus works as hover does (keyboard users)
            tip = tab.inner_text("#pv-tip")
            assert "body part" in tip and f"leaflets.po:{_msgstr_line(po, 'Back')}" in tip

            # 4. The panel lists the check findings of this document and locale, with path:line.
            tab.goto(server.url + "/es/blood.html")
            tab.wait_for_function("document.querySelector('.pv-findings-title') &&"
                                  " !document.querySelector('.pv-findings-title').innerText.includes('running')")
            findings = tab.inner_text("#pv-panel")
            assert re.search(r"locales/es/LC_MESSAGES/leaflets\.po:\d+: (error|warning): ", findings), findings
            assert tab.evaluate("window.pwned") is None

            # 5. The panel and translator mode pass axe-core, tooltip shown.
            tab.focus("main h1")
            assert tab.is_visible("#pv-tip")
            tab.add_script_tag(path=str(tools.axe_js))
            assert tab.evaluate(_AXE_JS, list(AXE_TAGS)) == []
        finally:
            browser.close()
