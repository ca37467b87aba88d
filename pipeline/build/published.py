"""What is online: which documents each locale publishes after a build, what a build may remove, and the record of it.

The record (``Manifest.published``) keeps, per locale and document, the English the published
translation was made for (and since when the English differs): partial builds take the locales and
documents they do not build from it, and :mod:`pipeline.build.catchup` compares against it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.build.manifest import Manifest

if TYPE_CHECKING:
    from pipeline.project import Project

log = logging.getLogger(__name__)


def online(project: Project, manifest: Manifest, held: Collection[str], built: Collection[str],
           sharded: bool, partial: bool = False) -> dict[str, set[str]]:
    """Locale code → slugs whose pages are online after this build.

    A unit this build decides (built here, or by another shard of the same build) is online unless
    held back; any other (a locale not loaded, a document not asked for) is online exactly when an
    earlier build published it. A ``partial`` build (some locales or documents) removes nothing: a
    unit it holds back that an earlier build published stays online as published (:func:`kept_online`).
    """
    config = project.config
    shown: dict[str, set[str]] = {}
    for code in (config.source_locale, *config.locales):
        earlier = manifest.published.get(code, {})
        for document in project.documents:
            key = f"{code}/{document.slug}"
            decided = code in project.translations and (key in built or sharded)
            if (key not in held or (partial and document.slug in earlier)) if decided else (document.slug in earlier):
                shown.setdefault(code, set()).add(document.slug)
    return shown


def kept_online(held: Collection[str], built: Collection[str], shown: Mapping[str, Collection[str]]) -> set[str]:
    """Units this build held back whose earlier published page stays online (a partial build): "locale/slug"."""
    return {key for key in held if key in built and key.split("/", 1)[1] in shown.get(key.split("/", 1)[0], ())}


def remember(manifest: Manifest, project: Project, units: Iterable[tuple[str, bool, list[str]]],
             built: Collection[str], catching_up: Mapping[str, str], full: bool,
             kept: Collection[str] = ()) -> None:
    """Record the units built here: (key "locale/slug", published, the English of its segments).

    A unit kept online while its translation catches up keeps the English it was translated from;
    so does a held back unit whose published page a partial build keeps (``kept``).
    A full build also forgets locales and documents that are no longer configured.
    """
    if full:
        configured = {project.config.source_locale, *project.config.locales}
        slugs = {d.slug for d in project.documents}
        manifest.published = {code: {slug: r for slug, r in records.items() if slug in slugs}
                              for code, records in manifest.published.items() if code in configured}
    for key, published, english in units:
        if key not in built or key in kept:
            continue
        code, slug = key.split("/", 1)
        records = manifest.published.setdefault(code, {})
        if not published:
            records.pop(slug, None)
        elif key in catching_up and slug in records:
            records[slug] = {**records[slug], "updated": catching_up[key]}
        else:
            records[slug] = {"english": english}


def prune(output_dir: Path, manifest: Manifest, produced: set[str]) -> int:
    """Remove what an earlier build wrote and this one no longer makes (a page now held back, a locale).

    Only files recorded in the manifest are removed: nothing else in output/ is touched. Called on
    full builds and shards (a shard's manifest holds only what that shard wrote, and the shards
    decide every unit together): a partial build (some locales or documents) never removes a page.
    """
    gone = [rel for rel in manifest.outputs if rel not in produced]
    for rel in gone:
        (output_dir / rel).unlink(missing_ok=True)
        manifest.outputs.pop(rel, None)
    return len(gone)


def drop_fonts(output_dir: Path, manifest: Manifest, stale: set[str]) -> int:
    """Remove font files a rebuilt font style sheet no longer uses, unless another style sheet still does."""
    still_used = {f for css in manifest.outputs for f in manifest.files(css)}
    unused = sorted(stale - still_used)
    for rel in unused:
        (output_dir / rel).unlink(missing_ok=True)
    return len(unused)


def forget_old_layout(output_dir: Path) -> int:
    """Remove what earlier versions of the build left in output/ that must not be uploaded.

    Their build manifests (``.pipeline-manifest*.json``, with the build machine's paths) and draft
    previews (``<lang>/<slug>.draft.html``, now written to ``preview/``). Only those names are touched.
    """
    old = [*output_dir.glob(".pipeline-manifest*.json"), *output_dir.glob("*/*.draft.html")]
    for path in old:
        path.unlink(missing_ok=True)
    if old:
        log.info("removed %d files an earlier version of the build left in %s", len(old), output_dir)
    return len(old)
