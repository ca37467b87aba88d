"""Run `pipeline serve` in a child process for the browser test and the benchmark: start, wait for it, stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running preview server: its address, and what it printed (filled in as it prints)."""

    url: str
    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    code: int | None = None


def _pump(stream: object, lines: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)


@contextmanager
def serving(root: Path, *extra: str, port: int | None = None, start_timeout: float = 180.0) -> Iterator[Served]:
    """`pipeline -C root serve --port N`; yields once it says it is previewing; interrupts it (Ctrl-C) at the end."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", str(port),
                                "--jobs", "1", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=str(root))
    served = Served(f"http://127.0.0.1:{port}", process)
    pumps = [threading.Thread(target=_pump, args=(process.stdout, served.out), daemon=True),
             threading.Thread(target=_pump, args=(process.stderr, served.err), daemon=True)]
    for pump in pumps:
        pump.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not any("previewing at" in line for line in served.out):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pipeline serve did not start:\n" + "".join(served.out + served.err))
            time.sleep(0.05)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pump in pumps:
            pump.join(timeout=5)
        served.code = process.returncode
