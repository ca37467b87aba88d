"""`pipeline serve` as a user meets it: a taken port, what it serves and refuses, Ctrl-C, lazy handouts."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from tests.conftest import Result
from tests.preview.serving import serving


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _ready(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "extract").code == 0
    for code in ("es", "ar", "zh_Hans"):
        assert cli(project, "init", code).code == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "leaflets.po"
    catalog = polib.pofile(str(po))
    catalog.find("About blood").msgstr = "Sobre la sangre"
    catalog.save()


def test_a_taken_port_is_a_clear_error(project: Path, cli: Callable[..., Result]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli(project, "serve", "--port", str(port))
    assert result.code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.err
    assert "--port" in result.err and "Traceback" not in result.err
    assert not (project / ".cache" / "preview").exists()  # it stopped before building anything


def test_bad_port_is_a_usage_error(project: Path, cli: Callable[..., Result]) -> None:
    assert cli(project, "serve", "--port", "70000").code == 2


def test_serves_the_preview_and_stops_cleanly(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    with serving(project) as server:
        assert f"previewing at {server.url}/" in "".join(server.out)  # loopback unless --host says otherwise
        status, kind, body = _get(server.url + "/es/blood.html")  # held back: its draft preview is served
        page = body.decode("utf-8")
        assert status == 200 and kind.startswith("text/html")
        assert "Sobre la sangre" in page and 'data-pv-en="About blood"' in page
        assert '<script src="/__preview/preview.js"' in page
        status, _, body = _get(server.url + "/__preview/panel?page=/es/blood.html")
        panel = json.loads(body)
        assert panel["published"] is False and panel["reasons"] and panel["document"] == "content/blood.md"
        assert panel["handout"] is None  # a draft has no handout
        assert {lang["tag"] for lang in panel["languages"]} == {"en", "es", "ar", "zh-Hans"}
        for path in ("/../pipeline.toml", "/%2e%2e/pipeline.toml", "/.pipeline-manifest.json", "/nothing.html",
                     "/__preview/../../pipeline.toml"):
            assert _get(server.url + path)[0] == 404, path
        assert _get(server.url + "/")[0] == 200
        port = server.url.rsplit(":", 1)[1]
        for host, status in ((f"localhost:{port}", 200), (f"evil.example:{port}", 403)):
            request = urllib.request.Request(server.url + "/", headers={"Host": host})
            try:
                assert urllib.request.urlopen(request, timeout=60).status == status
            except urllib.error.HTTPError as exc:
                assert exc.code == status
    assert server.code == 0
    assert "stopped" in "".join(server.out) and "Traceback" not in "".join(server.err)


def test_the_published_build_has_no_preview_markup(project: Path, cli: Callable[..., Result]) -> None:
    from pipeline.build.run import build
    from pipeline.preview.state import Preview
    from pipeline.project import load_project

    _ready(project, cli)
    Preview(project).rebuild()  # the preview first: it must leave nothing behind in the build
    build(load_project(project), None)
    pages = list((project / "output").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "data-pv-" not in text and "__preview" not in text


@pytest.mark.slow
def test_a_handout_is_rendered_when_its_link_is_opened(project: Path, cli: Callable[..., Result]) -> None:
    _ready(project, cli)
    with serving(project) as server:
        assert not list((project / ".cache" / "preview").rglob("*.pdf"))  # none made before they are asked for
        status, _, body = _get(server.url + "/__preview/panel?page=/en/blood.html")
        link = json.loads(body)["handout"]
        assert link == "/en/blood.pdf"
        status, kind, pdf = _get(server.url + link)
        assert status == 200 and kind == "application/pdf" and pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "About blood" in text and "+1 555 0100" in text


def test_an_index_panel_lists_every_document_drafts_included(project: Path, cli: Callable[..., Result]) -> None:
    from pipeline.preview.server import panel
    from pipeline.preview.state import Preview

    _ready(project, cli)
    preview = Preview(project)
    preview.rebuild()
    index = project / ".cache" / "preview" / "es" / "index.html"
    if index.is_file():  # a language with nothing published has no index; the panel lists its drafts all the same
        assert "blood.html" not in index.read_text(encoding="utf-8")  # held back: the index does not list it
    listed = panel(preview, "/es/index.html")["documents"]
    preview.check_soon(delay=0)
    deadline = time.monotonic() + 120
    while (preview.checking or preview.report is None) and time.monotonic() < deadline:
        time.sleep(0.05)
    english = panel(preview, "/en/blood.html")["readability"]
    assert english["document"] == "content/blood.md" and english["words"] > 20  # type: ignore[index]
    assert panel(preview, "/es/blood.html")["readability"] is None  # figures of the English only
    assert {"title": "Sobre la sangre", "url": "/es/blood.html", "draft": True, "lang": "es", "dir": "ltr"} in listed
