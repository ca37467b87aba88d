"""The only way WeasyPrint may read a resource: the project's own files, inside an allow-list.

WeasyPrint 70 calls ``url_fetcher(url)`` for every stylesheet, image and font it wants, expects a
``weasyprint.urls.URLFetcherResponse`` back, and reads ``url_fetcher._fail_on_errors``; any other
exception makes it skip the resource and log an error. :class:`AssetFetcher` subclasses its
``URLFetcher`` but never opens a connection: it serves ``file:`` URLs whose real path (symlinks resolved)
lies inside one of the allowed folders, or is one of the allowed files, and refuses everything else —
http(s), ftp, ``data:``, other hosts, ``..`` segments, symlinks that lead out, folders, special files.
Refusals are recorded so that the build can report them.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

MAX_BYTES = 64 * 1024 * 1024  # a CJK face is ~16 MB; nothing the project ships is larger


class FetchRefused(ValueError):
    """A URL the handout may not load (WeasyPrint skips the resource and logs it)."""


@dataclass(frozen=True)
class Refusal:
    url: str
    reason: str

    def format(self) -> str:
        return f"refused {self.url[:200]!r}: {self.reason}"


class AssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher for local assets inside an allow-list of folders and files."""

    def __init__(self, folders: Iterable[Path] = (), files: Iterable[Path] = ()) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self._lock = threading.Lock()
        self._folders: list[Path] = []
        self._files: set[Path] = set()
        self.refusals: list[Refusal] = []  # every refusal since the fetcher was made
        self.requests: list[str] = []  # every URL asked for, served or not
        for folder in folders:
            self.allow_folder(folder)
        for file in files:
            self.allow_file(file)

    # -- the allow-list

    def allow_folder(self, folder: Path) -> None:
        """Serve regular files anywhere under ``folder`` (after resolving symlinks)."""
        real = Path(os.path.realpath(folder))
        with self._lock:
            if real not in self._folders:
                self._folders.append(real)

    def allow_file(self, file: Path) -> None:
        """Serve exactly this file (a font from a system package, say)."""
        with self._lock:
            self._files.add(Path(os.path.realpath(file)))

    @property
    def folders(self) -> tuple[Path, ...]:
        return tuple(self._folders)

    # -- checks

    def _refuse(self, url: str, reason: str) -> FetchRefused:
        refusal = Refusal(url, reason)
        with self._lock:
            self.refusals.append(refusal)
        log.warning("handout resource %s", refusal.format())
        return FetchRefused(f"{reason}: {url[:200]}")

    def resolve(self, url: str) -> Path:
        """The real path ``url`` may be served from; raises FetchRefused (and records it) otherwise."""
        if not isinstance(url, str):
            raise self._refuse(repr(url), "not a URL")
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme != "file":
            what = f"the {scheme}: scheme" if scheme else "a relative or schemeless URL"
            raise self._refuse(url, f"{what} is not allowed; handouts use only the project's own files")
        try:
            parts = urlsplit(url)
        except ValueError:
            raise self._refuse(url, "malformed URL") from None
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, f"file URL on another host ({parts.netloc})")
        if parts.query:
            raise self._refuse(url, "file URL with a query")
        raw = unquote(parts.path)
        if "\x00" in raw or "\\" in raw:
            raise self._refuse(url, "invalid characters in the path")
        segments = raw.split("/")
        if ".." in segments or "." in segments:
            raise self._refuse(url, "'..' or '.' in the path")
        path = Path(url2pathname(parts.path))
        if not path.is_absolute():
            raise self._refuse(url, "not an absolute path")
        real = Path(os.path.realpath(path))
        with self._lock:
            allowed = real in self._files or any(real.is_relative_to(folder) for folder in self._folders)
        if not allowed:
            if real != path:
                raise self._refuse(url, f"a symlink leading outside the allowed folders (to {real})")
            raise self._refuse(url, "outside the allowed folders")
        return real

    # -- WeasyPrint's interface

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        with self._lock:
            self.requests.append(url)
        real = self.resolve(url)
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise self._refuse(url, f"cannot open the file ({exc.strerror})") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise self._refuse(url, "not a regular file")
            if info.st_size > MAX_BYTES:
                raise self._refuse(url, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_BYTES + 1)
        finally:
            os.close(fd)
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if real.suffix.lower() in (".ttf", ".otf"):
            content_type = "font/" + real.suffix.lower()[1:]
        return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type}, status=200)

    def open(self, url: object, data: object = None,
             timeout: object = None) -> URLFetcherResponse:
        """urllib's entry point: the same checks (a Request object gives its full URL)."""
        return self.fetch(str(getattr(url, "full_url", url)))

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)

    def mark(self) -> tuple[int, int]:
        """Positions in ``requests`` and ``refusals``; with :meth:`since`, what one render asked for."""
        with self._lock:
            return len(self.requests), len(self.refusals)

    def since(self, mark: tuple[int, int]) -> tuple[tuple[str, ...], tuple[Refusal, ...]]:
        with self._lock:
            return tuple(self.requests[mark[0]:]), tuple(self.refusals[mark[1]:])
