"""Time the handout QR code, ms per code: segno's own mask choice (the old way) against pipeline.render.qr.qr_svg."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import segno

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.render.qr import qr_svg  # noqa: E402

TITLE = "QR code that opens this handout on the web"
LOCALES = ("en", "es", "ar", "zh-Hans", "pt-BR", "hi", "ru", "fr", "de", "vi")


def old_way(url: str) -> str:
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, title=TITLE, svgclass="qr-code",
                           lineclass="qr-modules")


def new_way(url: str) -> str:
    return str(qr_svg(url, TITLE))


def segno_mask0(url: str) -> str:
    return str(segno.make(url, error="m", micro=False, boost_error=False, mask=0).version)


def ms_per_code(ways: list[Callable[[str], str]], urls: list[str], rounds: int) -> list[float]:
    """For each way, the best of ``rounds`` runs over ``urls`` in ms per code; rounds interleave the ways."""
    best = [float("inf")] * len(ways)
    for _ in range(rounds):
        for index, make in enumerate(ways):
            start = time.perf_counter()
            for url in urls:
                make(url)
            best[index] = min(best[index], (time.perf_counter() - start) / len(urls) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    urls = [f"https://health.example.org/patient-info/{LOCALES[i % len(LOCALES)]}/topic-{i:03d}.html"
            for i in range(args.codes)]
    new_way(urls[0])  # the layout of the version is worked out once per process
    assert all(new_way(url).count("<path") == 1 for url in urls[:5])
    versions = sorted({segno.make(url, error="m", micro=False, boost_error=False).version for url in urls})
    old, new, mask0 = ms_per_code([old_way, new_way, segno_mask0], urls, args.rounds)
    size = statistics.mean(len(new_way(url)) for url in urls)
    print(f"{args.codes} codes (versions {', '.join(map(str, versions))}), best of {args.rounds} rounds")
    print(f"old  segno.make + svg_inline   {old:6.2f} ms per code")
    print(f"new  qr_svg                    {new:6.2f} ms per code  ({old / new:.1f}x faster)")
    print(f"     of which segno, mask 0    {mask0:6.2f} ms per code")
    print(f"SVG: {size:.0f} characters per code on average")


if __name__ == "__main__":
    main()
