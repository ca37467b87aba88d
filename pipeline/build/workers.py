"""Run the build's units of work in worker processes, each with its own long-lived handout renderer."""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from pipeline.errors import Finding, RenderError

log = logging.getLogger(__name__)

# A worker's state: the units (inherited when the process forks, never pickled) and its renderer,
# created once per worker so that WeasyPrint's import and font loading happen once per worker.
_STATE: dict[str, Any] = {}


@dataclass(frozen=True)
class UnitResult:
    index: int
    output: Any  # what the work returned; None when it failed, and then its findings say why
    findings: tuple[Finding, ...]
    seconds: float


def _init(units: Sequence[Any], make_renderer: Callable[[], Any] | None, work: Callable[..., Any]) -> None:
    _STATE["units"] = units
    _STATE["work"] = work
    _STATE["renderer"] = make_renderer() if make_renderer is not None else None


def _run_one(index: int) -> UnitResult:
    started = time.perf_counter()
    try:
        output = _STATE["work"](_STATE["units"][index], _STATE["renderer"])
        return UnitResult(index, output, (), time.perf_counter() - started)
    except RenderError as exc:
        return UnitResult(index, None, exc.findings, time.perf_counter() - started)


def run_units(units: Sequence[Any], work: Callable[[Any, Any], Any], workers: int,
              make_renderer: Callable[[], Any] | None,
              on_done: Callable[[UnitResult], None] | None = None) -> list[UnitResult]:
    """Run ``work(unit, renderer)`` for every unit; in ``workers`` processes when there is more than one.

    Workers are forked, so ``units`` and ``make_renderer`` are inherited rather than pickled; each
    worker calls ``make_renderer`` once.
    """
    results: list[UnitResult] = []
    if not units:
        return results  # nothing to render: no worker, no renderer (WeasyPrint is not even imported)
    workers = max(1, min(workers, len(units)))
    if workers == 1:
        _init(units, make_renderer, work)
        try:
            for index in range(len(units)):
                result = _run_one(index)
                results.append(result)
                if on_done:
                    on_done(result)
        finally:
            _STATE.clear()
        return results
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                             initargs=(units, make_renderer, work)) as pool:
        futures = [pool.submit(_run_one, index) for index in range(len(units))]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if on_done:
                on_done(result)
    results.sort(key=lambda r: r.index)
    return results
