"""The files of the site as a whole: indexes, search pages, ``404.html``, ``sitemap.xml`` (hreflang), ``robots.txt``.

Pure: every function takes the published state (which documents are online in which locale) and
returns ``{path relative to output/: bytes}``; the build decides what is written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Set
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from pipeline.locales import locale_info
from pipeline.render.assets import static_files
from pipeline.render.pages import (
    ASSETS,
    STYLESHEET,
    IndexEntry,
    Site,
    index_path,
    page_path,
    render_index,
    render_not_found,
    render_root,
    render_search,
)

if TYPE_CHECKING:
    from pipeline.project import Project

log = logging.getLogger(__name__)


def site_files(project: Project, site: Site, shown: Mapping[str, Set[str]]) -> dict[str, bytes]:
    """Indexes of the locales built here (those with a published document), the root index, 404, sitemap, robots."""
    config = project.config
    files: dict[str, bytes] = {}
    for code, translations in project.translations.items():
        if not site.is_listed(translations.locale):
            continue
        entries = tuple(IndexEntry(d, f"{d.slug}.html") for d in project.documents if d.slug in shown.get(code, ()))
        files[index_path(translations.locale)] = render_index(translations, site, entries).encode("utf-8")
        files[f"{translations.locale.tag}/search.html"] = render_search(translations, site).encode("utf-8")
    source = project.translations[config.source_locale]
    files["index.html"] = render_root(site, source).encode("utf-8")
    ordered = [project.translations[c] for c in (config.source_locale, *config.locales) if c in project.translations]
    static = static_files()
    files["404.html"] = render_not_found(site, source, ordered, static[STYLESHEET].decode("utf-8"),
                                         static[f"{ASSETS}/favicon.svg"]).encode("utf-8")
    files["sitemap.xml"] = sitemap(site, [d.slug for d in project.documents],
                                   {locale_info(code).tag: slugs for code, slugs in shown.items()}).encode("utf-8")
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {site.base_url}sitemap.xml\n".encode()
    return files


def sitemap(site: Site, slugs: list[str], shown: Mapping[str, Set[str]]) -> str:
    """Every published page and index, each with its alternates in the other languages (and x-default)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
             f"<url><loc>{escape(site.base_url)}</loc></url>"]
    listed = [info for info in site.locales if site.is_listed(info) and (info.tag in shown or info == site.source)]
    groups: list[list[tuple[str, str]]] = [[(info.tag, index_path(info)) for info in listed]]
    for slug in slugs:
        groups.append([(info.tag, page_path(info, slug)) for info in site.locales if slug in shown.get(info.tag, ())])
    for group in groups:
        default = next((rel for tag, rel in group if tag == site.source.tag), None)
        for _, rel in group:
            lines.append(f"<url><loc>{escape(site.base_url + rel)}</loc>")
            for tag, other in group:
                lines.append(f'  <xhtml:link rel="alternate" hreflang={quoteattr(tag)} '
                             f"href={quoteattr(site.base_url + other)}/>")
            if default:
                lines.append(f'  <xhtml:link rel="alternate" hreflang="x-default" '
                             f"href={quoteattr(site.base_url + default)}/>")
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
