"""``pipeline review``: clinical review packets, sign-offs that expire when the text changes, reviewers' comments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.commands.common import EXIT_OK, say
from pipeline.errors import PipelineError, UsageError

HELP = "clinical review: export packets, sign documents, import comments, show status"

PACKETS = "review-packets"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="review_command", required=True, parser_class=type(parser))
    export = sub.add_parser("export", help="write a bilingual review packet (HTML, PDF, comments sheet) per document")
    export.add_argument("locale", metavar="LOCALE", help="the locale to review (the source locale for the English)")
    export.add_argument("--document", action="append", dest="documents", metavar="SLUG",
                        help="only this document (repeatable); default: every document")
    export.add_argument("--output", type=Path, metavar="DIR",
                        help=f"where the packets go (default: {PACKETS}/ in the project, never output/)")
    export.add_argument("--no-pdf", action="store_true", help="write the HTML packet and the sheet only")

    sign = sub.add_parser("sign", help="record a reviewer's sign-off of exactly the text shown now")
    sign.add_argument("locale", metavar="LOCALE")
    which = sign.add_mutually_exclusive_group(required=True)
    which.add_argument("--document", action="append", dest="documents", metavar="SLUG",
                       help="the document signed (repeatable)")
    which.add_argument("--all", action="store_true", help="sign every document of the locale")
    sign.add_argument("--by", required=True, metavar='"NAME, ROLE"', help="who reviewed it, and their role")
    sign.add_argument("--date", metavar="YYYY-MM-DD",
                      help="the review date (default: SOURCE_DATE_EPOCH's day, else today)")
    sign.add_argument("--expect", metavar="DIGEST",
                      help="the text digest printed on the packet the reviewer read: refuse to sign if the text "
                           "has changed since (one document only)")

    imp = sub.add_parser("import", help="bring a reviewer's comments sheet (CSV) back into the catalog")
    imp.add_argument("file", type=Path, metavar="FILE", help="the comments sheet, as exported beside the packet")
    imp.add_argument("--by", metavar='"NAME, ROLE"', default="", help="who wrote the comments (default: the sheet's)")

    status = sub.add_parser("status", help="the review status of every document, computed from the sign-offs")
    status.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")
    status.add_argument("--format", choices=["text", "json"], default="text")

    sync = sub.add_parser("sync", help="set each catalog's X-Review-Status header from its sign-offs")
    sync.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")


def _sign(args: argparse.Namespace) -> int:
    from pipeline.project import load_project
    from pipeline.review.records import review_date
    from pipeline.review.signing import load_for, pick_documents, sign, sync_headers
    code = args.locale
    try:
        date = review_date(args.date)
    except ValueError:
        raise UsageError(f"--date {args.date!r} is not a date written YYYY-MM-DD") from None
    project = load_for(args.project, code)
    documents = pick_documents(project, args.documents)
    if args.expect:
        from pipeline.review.digest import document_texts, text_digest
        if len(documents) != 1:
            raise UsageError("--expect checks one document: give --document once")
        now = text_digest(document_texts(documents[0], project.translations[code]))
        if now != args.expect.strip():
            raise PipelineError(f"the text of {documents[0].slug} in {code} has changed since the packet was made "
                                f"(packet {args.expect.strip()}, now {now}); export a new packet "
                                f"(`pipeline review export {code} --document {documents[0].slug}`) and review it")
    for done in sign(project, code, documents, args.by, date):
        note = (f" ({done.english_shown} segment(s) not translated: the sign-off covers them as shown, in English)"
                if done.english_shown else "")
        say(f"{done.path}: signed by {done.record.reviewer} on {done.record.date}{note}")
    if code != project.config.source_locale:
        for path in sync_headers(load_project(args.project, [code]), [code]):
            say(f"{path}: X-Review-Status updated from the sign-offs")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from pipeline.project import load_project
    project = load_project(args.project, args.locales)
    rows = [(code, slug, review) for code, tr in project.translations.items()
            for slug, review in tr.signoffs.items()]
    if args.format == "json":
        say(json.dumps({"documents": [{"locale": c, "document": s, "state": r.state, "reviewer": r.reviewer,
                                       "role": r.role, "date": r.date.isoformat() if r.date else None,
                                       "changed_segments": r.changed} for c, s, r in rows]},
                       ensure_ascii=False, indent=2))
        return EXIT_OK
    for code, slug, review in rows:
        say(f"{code}: {slug}: {review.label}")
    return EXIT_OK


def _sync(args: argparse.Namespace) -> int:
    from pipeline.project import load_project
    from pipeline.review.signing import sync_headers
    project = load_project(args.project, args.locales)
    written = sync_headers(project, list(project.catalogs))
    for path in written:
        say(f"{path}: X-Review-Status updated from the sign-offs")
    if not written:
        say("every catalog's X-Review-Status already agrees with its sign-offs")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pipeline.review.packet import export_packets
    for line in export_packets(args.project, args.locale, args.documents, args.output, pdf=not args.no_pdf):
        say(line)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from pipeline.review.comments import import_sheet
    for line in import_sheet(args.project, args.file, args.by):
        say(line)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    verbs = {"sign": _sign, "status": _status, "sync": _sync, "export": _export, "import": _import}
    return verbs[args.review_command](args)
