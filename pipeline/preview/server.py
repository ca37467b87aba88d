"""The preview's web server: the private build's files, pages with the preview panel, and reload events.

Standard library only (:class:`http.server.ThreadingHTTPServer`). Browsers are told of a rebuild
through Server-Sent Events (``/__preview/events``), which the panel script listens to; nothing
is fetched from outside. Only files inside the private build folder are served.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from pipeline.catalogs.translations import localize
from pipeline.errors import PipelineError
from pipeline.preview.segments import annotate, inject
from pipeline.preview.state import Preview, Rebuilt, Unit
from pipeline.preview.watcher import Watcher
from pipeline.render.pages import page_path

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
PREFIX = "/__preview/"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".woff2": "font/woff2", ".pdf": "application/pdf",
         ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".webp": "image/webp", ".gif": "image/gif",
         ".json": "application/json"}
KEEPALIVE_SECONDS = 10.0
MISSING = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not in the preview</title></head>'
           '<body><main><h1>Not in the preview</h1><p>{} has not been built: the panel says why. It appears here '
           'once it is.</p><p><a href="/">All languages</a></p></main></body></html>')


class PortError(PipelineError):
    """The port cannot be listened on (taken, or not allowed)."""


class Events:
    """Numbered events for the browsers; each event stream sends what happened after the page it serves."""

    def __init__(self, keep: int = 200) -> None:
        self._cond = threading.Condition()
        self._log: list[tuple[int, str, str]] = []
        self._keep = keep
        self.seq = 0
        self.closed = False

    def publish(self, name: str, data: object) -> None:
        with self._cond:
            self.seq += 1
            self._log = [*self._log[-self._keep + 1:], (self.seq, name, json.dumps(data))]
            self._cond.notify_all()

    def after(self, seq: int, timeout: float) -> list[tuple[int, str, str]]:
        """The events after ``seq``, waiting up to ``timeout`` seconds for one; a lost one reloads everything."""
        with self._cond:
            if seq > self.seq:  # a page served by an earlier run of the server
                return [(self.seq, "reload", json.dumps({"pages": ["*"]}))]
            self._cond.wait_for(lambda: self.seq > seq or self.closed, timeout)
            if self._log and self._log[0][0] > seq + 1:
                return [(self.seq, "reload", json.dumps({"pages": ["*"]}))]
            return [event for event in self._log if event[0] > seq]

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        self.events = Events()
        preview.on_checked = lambda: self.events.publish("panel", {})
        preview.on_rebuilt = lambda result: self.events.publish("reload", _reload_data(result))
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)


def open_server(preview: Preview, host: str, port: int) -> PreviewServer:
    """Listen on ``host:port``; a taken or forbidden port is a :class:`PortError` that says what to do."""
    try:
        return PreviewServer((host, port), preview)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortError(f"port {port} on {host} is already in use (is another `pipeline serve` running?); "
                            f"stop that program or choose another port, e.g. `pipeline serve --port {port + 1}`"
                            ) from None
        if exc.errno == errno.EACCES:
            raise PortError(f"not allowed to listen on port {port} on {host} (ports below 1024 need "
                            f"administrator rights); choose a port above 1024 with --port") from None
        raise PortError(f"cannot listen on {host}:{port}: {exc.strerror}; check --host and --port") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_of(server: PreviewServer) -> str:
    host, port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def announce(server: PreviewServer, result: Rebuilt) -> None:
    """Tell the browsers what a rebuild changed, then check the project in the background."""
    server.events.publish("reload", _reload_data(result))
    server.preview.check_soon()


def _reload_data(result: Rebuilt) -> dict[str, object]:
    return {"pages": list(result.pages), "ok": result.ok, "seconds": round(result.seconds, 3)}


def watch(server: PreviewServer, interval: float = 0.03) -> Watcher:
    """Start watching the project's inputs; each batch of saves rebuilds and is announced."""
    preview = server.preview

    def changed(paths: set[Path]) -> None:
        announce(server, preview.rebuild(paths))

    watcher = Watcher(preview.watched, changed, interval, exclude=preview.written)
    watcher.start()
    return watcher


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        log.debug("%s - %s", self.address_string(), format % args)

    # -- answers --------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, message.encode("utf-8"), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:  # noqa: N802 - the standard library's name
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not self._host_allowed():
            self._text(HTTPStatus.FORBIDDEN, f"the preview answers only at {url_of(self.server)}")
            return
        try:
            if path.startswith(PREFIX):
                self._preview_route(path[len(PREFIX):], parse_qs(parts.query))
            else:
                self._site(path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # show the problem in the browser, keep serving
            log.exception("preview: %s failed", path)
            self._text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the preview could not answer {path}: "
                                                         f"{type(exc).__name__}: {exc}")

    def _host_allowed(self) -> bool:
        """On a loopback address, only requests for a loopback name (a web page elsewhere cannot rebind to it)."""
        if not is_loopback(str(self.server.server_address[0])):
            return True
        host = urlsplit("//" + (self.headers.get("Host") or "")).hostname or ""
        return is_loopback(host)

    def _preview_route(self, name: str, query: dict[str, list[str]]) -> None:
        if name == "events":
            self._events(int((query.get("since") or ["0"])[0] or 0))
        elif name == "panel":
            self._send(HTTPStatus.OK, json.dumps(panel(self.server.preview, (query.get("page") or ["/"])[0]),
                                                 ensure_ascii=False).encode("utf-8"), TYPES[".json"])
        elif name in ("preview.js", "preview.css"):
            self._send(HTTPStatus.OK, (ASSETS_DIR / name).read_bytes(), TYPES[Path(name).suffix])
        else:
            self._text(HTTPStatus.NOT_FOUND, "no such preview resource")

    def _events(self, since: int) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        events = self.server.events
        seq = since
        self.wfile.write(b"retry: 500\n\n")
        self.wfile.flush()
        while not events.closed:
            batch = events.after(seq, KEEPALIVE_SECONDS)
            if not batch:
                self.wfile.write(b": still here\n\n")
            for seq, name, data in batch:
                self.wfile.write(f"id: {seq}\nevent: {name}\ndata: {data}\n\n".encode())
            self.wfile.flush()

    def _site(self, path: str) -> None:
        preview = self.server.preview
        root = preview.output_dir.resolve()
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (root / rel).resolve()
        if not target.is_relative_to(root) or any(part.startswith(".") for part in Path(rel).parts):
            self._text(HTTPStatus.NOT_FOUND, "not found")
            return
        unit = _unit_at(preview, rel)
        if rel.endswith(".pdf") and unit is not None:
            self._handout(unit)
            return
        if rel.endswith(".html") and not target.is_file():
            target = target.with_name(target.name[: -len(".html")] + ".draft.html")  # held back: its draft
        if not target.is_file():
            if rel.endswith(".html"):  # a page not built (yet): the panel says why, and it appears once built
                missing = page(preview, MISSING.format(html.escape(path)), "/" + rel, None, self.server.events.seq)
                self._send(HTTPStatus.NOT_FOUND, missing.encode("utf-8"), TYPES[".html"])
            else:
                self._text(HTTPStatus.NOT_FOUND, f"{path} is not in the preview")
            return
        body = target.read_bytes()
        if target.suffix == ".html":
            body = page(preview, body.decode("utf-8"), "/" + rel, unit, self.server.events.seq).encode("utf-8")
        self._send(HTTPStatus.OK, body, TYPES.get(target.suffix, "application/octet-stream"))

    def _handout(self, unit: Unit) -> None:
        key = f"{unit.code}/{unit.document.slug}"
        if key in self.server.preview.held_back:
            self._text(HTTPStatus.NOT_FOUND, "this translation is held back (a draft): it has no handout")
            return
        pdf = self.server.preview.handout(unit)
        if pdf is None:
            self._text(HTTPStatus.NOT_FOUND, "no clinic profile (default_profile or --profile): no handouts")
            return
        self._send(HTTPStatus.OK, pdf, TYPES[".pdf"])


def _unit_at(preview: Preview, rel: str) -> Unit | None:
    """The document and locale of ``<tag>/<slug>.html`` (or its draft or handout), if it is one."""
    parts = rel.split("/")
    if len(parts) != 2:
        return None
    tag, name = parts
    for suffix in (".draft.html", ".html", ".pdf"):
        if name.endswith(suffix):
            slug = name[: -len(suffix)]
            return preview.unit(tag, slug) if slug != "index" else None
    return None


def page(preview: Preview, text: str, address: str, unit: Unit | None, seq: int) -> str:
    """A page of the private build with the panel script, and its segments annotated for translator mode."""
    if unit is not None:
        text = annotate(text, preview.notes(unit))
    head = f'<link rel="stylesheet" href="{PREFIX}preview.css">'
    tail = (f'<script src="{PREFIX}preview.js" data-page="{html.escape(address, quote=True)}" '
            f'data-since="{seq}"></script>')
    return inject(text, head, tail)


def panel(preview: Preview, address: str) -> dict[str, object]:
    """What the preview panel shows for the page at ``address``: status, languages, handout, findings."""
    rel = address.lstrip("/") or "index.html"
    unit = _unit_at(preview, rel)
    problems = [f.as_dict() for found in preview.problems.values() for f in found]
    data: dict[str, object] = {"problems": problems, "checking": preview.checking or preview.report is None}
    project = preview.project
    if unit is None and project is not None:
        data["documents"] = _documents(preview, rel.split("/")[0])
    if unit is None or project is None:
        return data
    key = f"{unit.code}/{unit.document.slug}"
    reasons = preview.held_back.get(key)
    info = unit.translations.locale
    data.update({
        "document": unit.document.path, "locale": unit.code, "tag": info.tag,
        "review": unit.translations.review.status if not unit.translations.is_source else "source",
        "published": reasons is None, "reasons": list(reasons or ()),
        "handout": f"/{info.tag}/{unit.document.slug}.pdf" if preview.profile is not None and reasons is None
        else None,
        "languages": list(_languages(preview, unit)),
        "findings": [f.as_dict() for f in preview.findings(unit)],
        "readability": next((r for r in (preview.report.readability if preview.report else ())
                             if r["document"] == unit.document.path and unit.translations.is_source), None),
    })
    return data


def _documents(preview: Preview, tag: str) -> list[dict[str, object]] | None:
    """The documents of the locale whose index (or other page) is shown, drafts included: the index lists none."""
    project = preview.project
    assert project is not None
    found = next(((code, t) for code, t in project.translations.items() if t.locale.tag == tag), None)
    if found is None:
        return None
    code, translations = found
    values = preview.profile.placeholders() if preview.profile else {}
    info = translations.locale
    return [{"title": localize(d.title, translations).plain(values), "lang": info.tag, "dir": info.direction,
             "url": "/" + page_path(info, d.slug),
             "draft": f"{code}/{d.slug}" in preview.held_back} for d in project.documents]


def _languages(preview: Preview, unit: Unit) -> Iterable[dict[str, object]]:
    project = preview.project
    assert project is not None
    for code, translations in project.translations.items():
        info = translations.locale
        yield {"tag": info.tag, "name": info.autonym, "dir": info.direction,
               "url": "/" + page_path(info, unit.document.slug),
               "draft": f"{code}/{unit.document.slug}" in preview.held_back, "current": code == unit.code}
