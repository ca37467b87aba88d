"""Files the pages use besides themselves: the style sheet, content images and web fonts.

Each function returns ``{path relative to output/: bytes}``; nothing here writes to output/, so
the build can check every path for collisions before the first file is written.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from pipeline.content.model import Document, iter_images
from pipeline.errors import Finding, error
from pipeline.render import fonts
from pipeline.render.fontfiles import FontStack, font_face_css, web_fonts
from pipeline.render.pages import ASSETS, STYLESHEET, Site

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FONTS_DIR = "assets/fonts"


def static_files() -> dict[str, bytes]:
    """The site style sheet, the favicon and the search script (the static files the pages link to)."""
    return {STYLESHEET: (STATIC_DIR / "site.css").read_bytes(),
            f"{ASSETS}/favicon.svg": (STATIC_DIR / "favicon.svg").read_bytes(),
            f"{ASSETS}/search.js": (STATIC_DIR / "search.js").read_bytes()}


def media_files(documents: Iterable[Document], content_dir: Path) -> tuple[dict[str, bytes], list[Finding]]:
    """The images the documents show, copied from content/ to ``output/media/`` under the same names."""
    files: dict[str, bytes] = {}
    findings: list[Finding] = []
    for document in documents:
        for image in iter_images(document.blocks):
            rel = f"media/{image.src}"
            if rel in files:
                continue
            try:
                files[rel] = (content_dir / image.src).read_bytes()
            except OSError as exc:
                findings.append(error(document.path, image.line, "image-missing",
                                      f"cannot read the image {image.src!r}: {exc.strerror}; "
                                      "put the file in the content folder"))
    return files, findings


def fonts_css_path(tag: str) -> str:
    return f"{FONTS_DIR}/{tag}.css"


def font_files(site: Site, texts: Mapping[str, str]) -> dict[str, bytes]:
    """WOFF2 subsets for each locale's pages and a style sheet of @font-face rules per locale.

    ``texts`` maps a locale tag to every character its pages show. A page also shows the other
    languages' names in the language switcher and English where a translation is missing, so the
    locale's own stack comes first and the other locales' faces follow it: the subsetter gives each
    character to the first face that has it, and a face that gets none is left out.
    """
    stacks = {info.tag: fonts.font_stack(info.code) for info in site.locales}
    files: dict[str, bytes] = {}
    for tag, text in texts.items():
        own = stacks[tag]
        faces = list(own.faces)
        for other in stacks.values():
            faces += [face for face in other.faces if face not in faces]
        stack = FontStack(own.locale, tuple(faces), tuple(dict.fromkeys(f.family for f in faces)))
        with tempfile.TemporaryDirectory(prefix="webfonts-") as tmp:
            written = web_fonts(stack, text, Path(tmp))
            for font in written:
                files[f"{FONTS_DIR}/{font.filename}"] = (Path(tmp) / font.filename).read_bytes()
        used = [family for family in stack.families if any(f.family == family for f in written)]
        css = (f"/* Web fonts for the {tag} pages: subsets of {', '.join(used)}. */\n"
               + font_face_css(written)
               + ":root { --font-body: " + ", ".join(f'"{family}"' for family in used) + ", sans-serif; }\n")
        files[fonts_css_path(tag)] = css.encode("utf-8")
    return files
