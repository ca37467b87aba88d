"""The preview's work after a page is shown: the publishing decisions and ``pipeline check``, in a forked process.

Deciding the gates runs every check on the catalogs, and the checks read every file: done in the
server's process they would take the processor from the next save's rebuild (one interpreter runs
one thread at a time). A forked process inherits the project as the preview holds it.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from contextlib import AbstractContextManager
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.build.plan import Unit
from pipeline.checks.gates import project_gate
from pipeline.checks.report import CheckReport, check_project
from pipeline.errors import ReportedError
from pipeline.project import Project
from pipeline.render.pages import Site

log = logging.getLogger(__name__)

Decisions = dict[tuple[str, str], tuple[bool, tuple[str, ...]]]
CHECK_TIMEOUT = 300.0  # seconds; the checks of this project take about one


def _gates_and_checks(project: Project | None, root: Path) -> tuple[Decisions | None, CheckReport | None]:
    """The publishing decisions of ``project`` and ``pipeline check``'s report of the files in ``root``."""
    decisions = decide(project) if project is not None else None
    try:
        report = check_project(root)
    except ReportedError as exc:
        report = CheckReport(findings=list(exc.findings))
    return decisions, report


def _child(conn: Connection, project: Project | None, root: Path) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        conn.send(_gates_and_checks(project, root))
    except Exception as exc:  # reported by the server
        conn.send(exc)
    finally:
        conn.close()


def gates_and_checks(project: Project | None, root: Path,
                     forking: AbstractContextManager[object]) -> tuple[Decisions | None, CheckReport | None]:
    """:func:`_gates_and_checks` in a forked process (it inherits the project); in this one if it cannot fork.

    The process is forked inside ``forking``, which holds what renders in the server's threads: a
    lock that another thread holds at the fork (Babel's, Jinja's caches) would stay held in the child.
    """
    try:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, project, root), name="preview-checks", daemon=True)
        with forking:
            child.start()
    except (OSError, ValueError):
        log.warning("cannot start a process for the checks; running them in the server")
        try:
            return _gates_and_checks(project, root)
        except Exception:
            log.exception("the checks failed")
            return None, None
    send.close()
    try:
        result = receive.recv() if receive.poll(CHECK_TIMEOUT) else TimeoutError("the checks took too long")
    except EOFError:  # the process died
        result = RuntimeError(f"the checks stopped (exit code {child.exitcode})")
    finally:
        receive.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    if isinstance(result, BaseException):
        log.error("the checks failed: %s", result)
        return None, None
    decisions, report = result
    return decisions, report


def decide(project: Project) -> Decisions:
    """The publishing decision of every document in every locale, as the build takes them."""
    gate = project_gate(project)
    site = Site(project.config.name, project.config.base_url, project.source, ())
    return {(code, document.slug): gate(Unit(document, translations, site, {}, None, ""))
            for code, translations in project.translations.items() for document in project.documents}
