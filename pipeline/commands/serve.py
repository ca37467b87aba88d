"""``pipeline serve``: a live preview of every page, drafts included, rebuilt and reloaded on each save."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config
from pipeline.errors import UsageError

log = logging.getLogger(__name__)

HELP = "preview the pages in a browser; rebuild and reload on every save"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1, this computer only)")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="clinic profile (TOML); default from pipeline.toml")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes for the first build (default: the number of cores)")


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be a number from 0 to 65535")
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    from pipeline.preview.server import announce, is_loopback, open_server, url_of, watch
    from pipeline.preview.state import Preview

    config = load_config(args.project)  # a broken pipeline.toml stops here, with its findings
    profile = args.profile.resolve() if args.profile else None
    preview = Preview(config.root, profile, jobs=args.jobs)
    server = open_server(preview, args.host, args.port)  # a taken port stops here, before the first build
    previous = signal.signal(signal.SIGTERM, _stop) if _main_thread() else None
    watcher = None
    try:
        if not preview.claim_folder():
            say(f"another `pipeline serve` uses {config.relative(preview.output_dir.parent)}/; "
                "this one builds into a temporary folder")
        say(f"building the preview into {config.relative(preview.output_dir)}/ "
            "(the first time takes a while; output/ is not touched)")
        result = preview.rebuild()
        preview.jobs = 1  # a save changes a few units: no worker processes
        for found in preview.problems.values():
            for finding in found:
                print(finding.format(), file=sys.stderr)
        say(f"built {result.built} pages in {result.seconds:.1f} s")
        announce(server, result)
        watcher = watch(server)
        if not is_loopback(args.host):
            say(f"warning: --host {args.host} lets other computers on the network see the preview, drafts "
                "included; use the default (127.0.0.1) unless you mean to")
        say(f"previewing at {url_of(server)} (drafts included); saves are shown at once; press Ctrl-C to stop")
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopped")
    finally:
        if watcher is not None:
            watcher.stop()
        server.events.close()
        server.server_close()
        preview.release_folder()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()
