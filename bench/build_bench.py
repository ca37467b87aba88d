"""Benchmark the build on a large synthetic project and print the figures.

    python bench/build_bench.py [--documents 100] [--locales 10] [--jobs 2] [--skip-serial]

Figures: full build wall time and per-stage times; WeasyPrint's own time rendering the same
handout HTML (the floor) and the build's ratio to it; parallel speedup (1 job against the mean of
two --jobs builds, one before it and one after); no-op rebuild time (build() and the command);
rebuild time after one string changes in one locale's catalog (a fresh process with another
PYTHONHASHSEED); peak memory. The catalog update
against msgmerge is bench/catalog_bench.py.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import LOCALES, fill_catalog, write_project  # noqa: E402

from pipeline.build.manifest import input_files  # noqa: E402
from pipeline.build.run import build  # noqa: E402
from pipeline.catalogs import workflow  # noqa: E402
from pipeline.checks.gates import project_gate  # noqa: E402
from pipeline.config.schema import load_config  # noqa: E402
from pipeline.project import load_project  # noqa: E402


def _prepare(root: Path, documents: int, locales: tuple[str, ...]) -> None:
    write_project(root, documents, locales)
    config = load_config(root)
    workflow.extract(config)
    for code in locales:
        workflow.init(config, code, "reviewed")
        fill_catalog(config.catalog_path(code), code)
    workflow.update(config, locales)


def _build(root: Path, jobs: int) -> tuple[float, float, object]:
    """(seconds reading the project, seconds building it, the build's summary), in a fresh forked process.

    Each build starts as ``pipeline build`` does, with nothing imported or cached by an earlier build of
    the benchmark. Building includes deciding the publishing gates (``summary.timings["gates"]``).
    """
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=lambda: writer.send(_build_here(root, jobs)))
    child.start()
    result = reader.recv()
    child.join()
    return result


def _build_here(root: Path, jobs: int) -> tuple[float, float, object]:
    started = time.perf_counter()
    project = load_project(root)
    loaded = time.perf_counter() - started
    config = project.config
    inputs = input_files(config.root, config.content_dir, config.locales_dir,
                         [p for p in (config.default_profile, config.glossary_file) if p])
    started = time.perf_counter()
    gate = project_gate(project, jobs)
    gated = time.perf_counter() - started
    summary = build(project, jobs=jobs, gate=gate, inputs=inputs,
                    options="locales=all;profile=%s;shard=None" % (
                        config.relative(config.default_profile) if config.default_profile else None))
    summary.timings["gates"] = gated
    return loaded, time.perf_counter() - started, summary


def _summary(stdout: str) -> str:
    """The command's "built N, skipped M, ..." (or "nothing to do") line."""
    lines = stdout.strip().splitlines()
    return next((line for line in lines if line.startswith(("built ", "nothing to do"))), lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--locales", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--skip-serial", action="store_true", help="skip the 1-job build (no speedup figure)")
    args = parser.parse_args()
    locales = LOCALES[:args.locales]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        root = Path(tmp) / "project"
        started = time.perf_counter()
        _prepare(root, args.documents, locales)
        units = args.documents * (len(locales) + 1)
        print(f"project: {args.documents} documents x {len(locales) + 1} locales = {units} units "
              f"(prepared in {time.perf_counter() - started:.1f} s)")

        loaded, wall, summary = _build(root, args.jobs)
        print(f"full build, {args.jobs} jobs: {wall:.1f} s wall ({summary.built} built, "
              f"{summary.held_back and len(summary.held_back) or 0} held back); stages: "
              + ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items()))
        floor = summary.render_seconds / args.jobs
        print(f"WeasyPrint's own render time: {summary.render_seconds:.1f} s for {summary.built} handouts "
              f"({1000 * summary.render_seconds / max(summary.built, 1):.0f} ms each); floor = that / "
              f"{args.jobs} jobs = {floor:.1f} s; build / floor = {wall / floor:.3f} "
              f"({(loaded + wall) / floor:.3f} counting the {loaded:.1f} s of reading the project)")

        if not args.skip_serial:
            # A, B, A: the 1-job build between two 2-job builds of fresh copies, so that a machine that
            # slows down or speeds up over the minutes of the benchmark does not make up the speedup.
            serial_root, again_root = Path(tmp) / "serial", Path(tmp) / "again"
            for copy in (serial_root, again_root):
                shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".cache"))
            _, serial, alone = _build(serial_root, 1)
            _, again, after = _build(again_root, args.jobs)
            parallel = (wall + again) / 2
            print(f"full build, 1 job: {serial:.1f} s between {args.jobs}-job builds of {wall:.1f} s and "
                  f"{again:.1f} s; speedup with {args.jobs} jobs: {serial / parallel:.2f}x "
                  f"(from {serial / max(wall, again):.2f}x to {serial / min(wall, again):.2f}x)")
            each = [1000 * s.render_seconds / max(s.built, 1) for s in (summary, alone, after)]
            print(f"WeasyPrint's time per handout in those three builds: {each[0]:.0f} ms, {each[1]:.0f} ms "
                  f"(1 job), {each[2]:.0f} ms: more with {args.jobs} jobs, as the processes slow each other "
                  "down, and apart from that the machine's drift")
            shutil.rmtree(serial_root)
            shutil.rmtree(again_root)

        loaded, noop, summary = _build(root, args.jobs)
        print(f"no-op rebuild, build() checking every fingerprint: {noop:.2f} s after reading the project in "
              f"{loaded:.2f} s ({summary.built} built)")
        command = [sys.executable, "-m", "pipeline", "--project", str(root), "build", "--jobs", str(args.jobs)]
        before = {**os.environ, "PYTHONHASHSEED": "1"}
        subprocess.run(command, check=True, capture_output=True, env=before)  # records input stamps for the fast path
        started = time.perf_counter()
        out = _summary(subprocess.run(command, check=True, capture_output=True, text=True, env=before).stdout)
        print(f"no-op rebuild, as a command: {time.perf_counter() - started:.2f} s ({out})")

        po = load_config(root).catalog_path(locales[0])
        catalog = polib.pofile(str(po))
        entry = next(e for e in catalog
                     if e.msgstr and any(o[0].startswith("content/topic-001") for o in e.occurrences))
        entry.msgstr += " (edited)"
        catalog.save()
        # As a publisher runs it: a fresh process, with another PYTHONHASHSEED than the build before it
        # (the fingerprints must not depend on the order of sets or dicts in one process).
        env = {**os.environ, "PYTHONHASHSEED": "4242"}
        started = time.perf_counter()
        run = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - started
        out = _summary(run.stdout)
        print(f"rebuild after one string changed in {locales[0]}, as a command in a fresh process "
              f"(PYTHONHASHSEED=4242, the builds before it 1): {seconds:.2f} s ({out})")
        if not out.startswith("built 1, "):
            print("  (expected exactly one unit rebuilt: the fingerprints depend on something else)")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {peak_children:.0f} MB (the largest process of a build: its main process or a worker); "
          f"{peak_self:.0f} MB (this benchmark)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
