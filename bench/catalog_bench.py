"""`pipeline update` against `msgmerge --previous` and translate-toolkit's `pot2po`, as whole commands.

A synthetic catalog where 10 % of the English was edited, 5 % removed and 5 % added is merged by
each tool, each run as the command a user types (start-up, reading, merging, writing; the
`pipeline` script beside this Python, with its bytecode cached, as installed), on the catalog as
the last `pipeline update` left it. `pipeline update` is also timed on the same file unknown to
it, as when a translator last saved it with another editor (it then formats every entry instead
of reusing the lines of unchanged ones). msgmerge searches on as many threads as the machine has
cores; it is also timed on one thread (OMP_NUM_THREADS=1) up to --one-thread-max entries. The
tools take turns, one run each per round, so that a change in the machine's load weighs on all
of them alike. Printed per size: wall and CPU time of each tool (the median of --repeat rounds;
above 5,000 entries msgmerge and pot2po run in the first round only), the ratios to `pipeline
update` (each round's ratio, then their median), and quality: edited strings given their old
translation as fuzzy (with the previous msgid where the tool records it), added strings given a
(wrong) fuzzy translation, old translations lost (their text in no entry, active or obsolete).

    python bench/catalog_bench.py --sizes 1000,5000 [--pot2po PATH] [--msgmerge-max 20000]

pot2po is given with --pot2po, or the POT2PO environment variable, or looked up on PATH (install
translate-toolkit in a separate virtualenv, e.g. ``python3 -m venv /tmp/ttk && /tmp/ttk/bin/pip install
translate-toolkit rapidfuzz``, then ``--pot2po /tmp/ttk/bin/pot2po``: it is not a dependency of the project);
the bench says so when it is missing. msgmerge is skipped above --msgmerge-max entries (it grows as n²:
about 20 minutes at 50,000). The last lines give the growth of `pipeline update` from size to size
against n log n. Run large sizes once, on an idle machine.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.catalogs.files import read_catalog  # noqa: E402
from pipeline.catalogs.write import format_po  # noqa: E402
from pipeline.content.model import Key  # noqa: E402

MSGMERGE_TIMEOUT_S = 60.0
CONTEXTS = ("heading", "button", "body part", "table header")

WORDS = tuple(
    """
    your care team doctor nurse clinic hospital blood test result medicine dose
    treatment chemotherapy radiation therapy infection fever temperature pain
    port line catheter vein arm skin bone marrow cell cells white red platelet
    count week weeks day days hour hours morning evening night before after during
    while until call phone ask tell bring take stop start keep eat drink rest sleep
    wash hands water food meal meals small often slowly gently carefully always
    never usually sometimes may might can should must will need needs want feel
    feeling tired sick better worse normal high low new old same different other
    child children parent parents family friend school work home room bed bath
    shower mouth teeth tongue throat stomach belly head chest back leg legs foot
    feet eye eyes ear nose hair side effect effects sign signs symptom symptoms
    rash bruise bleeding swelling cough breath breathing vomit nausea appetite
    weight energy mood worry questions answers information leaflet page list
    plan visit appointment next first last every each any some many few more
    less most least very quite much little good bad safe unsafe clean dirty warm
    cold hot right left near far soon later today tomorrow weekly daily twice
    once three four five ten minutes help support check watch write note keep
    record diary card number name address pharmacy prescription tablet liquid
    injection drip needle scan test sample urine stool heart lung kidney liver
    brain spine nerve muscle joint this that these those it they we you he she
    the a an and or but if when because so with without for from to into onto
    about over under between through of in on at by as is are was were be been
    has have had do does did not no yes all both either neither
    """.split()
)


@dataclass(frozen=True)
class Case:
    """A synthetic merge: template, old catalog and what was changed between them."""

    template: polib.POFile
    catalog: polib.POFile
    translations: dict[Key, str]  # every old key -> its translation
    edited: dict[Key, Key]  # new key -> old key it was edited from
    removed: tuple[Key, ...]
    added: tuple[Key, ...]


@dataclass(frozen=True)
class Quality:
    """How well one merge result treats the synthetic edits."""

    edited_right: int
    added_fuzzy: int
    translations_kept: int  # old translations whose text is still in the file, active or obsolete


def sentence(rng: random.Random) -> str:
    """A plausible sentence of 5-18 words, sometimes with a clinic placeholder."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 18))]
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words) + 1), "{clinic_phone}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!:")


def edit_sentence(rng: random.Random, text: str) -> str:
    """Change one or two words, the way an author revises a sentence."""
    words = text[:-1].split(" ")
    end = text[-1]
    for _ in range(rng.choice((1, 1, 2))):
        position = rng.randrange(len(words))
        operation = rng.choice(("replace", "replace", "insert", "delete", "swap", "punctuation"))
        if operation == "replace":
            words[position] = rng.choice(WORDS)
        elif operation == "insert":
            words.insert(position, rng.choice(WORDS))
        elif operation == "delete" and len(words) > 4:
            del words[position]
        elif operation == "swap" and position + 1 < len(words):
            words[position], words[position + 1] = words[position + 1], words[position]
        else:
            end = rng.choice(".?!:;")
    edited = " ".join(words) + end
    return edited[0].upper() + edited[1:]


def pseudo_translation(index: int, text: str) -> str:
    """A unique stand-in for a Spanish translation."""
    return f"[es {index}] " + " ".join(word[::-1] for word in text.split(" "))


def make_entry(key: Key, index: int, msgstr: str = "") -> polib.POEntry:
    flags = ["python-brace-format"] if "{clinic_" in key[1] else []
    return polib.POEntry(
        msgctxt=key[0],
        msgid=key[1],
        msgstr=msgstr,
        occurrences=[(f"content/doc-{index // 40:03d}.md", str(index % 40 + 1))],
        comment="Segment note for translators." if index % 17 == 0 else "",
        flags=flags,
    )


def make_file(metadata: dict[str, str], entries: Sequence[polib.POEntry]) -> polib.POFile:
    po = polib.POFile(check_for_duplicates=False)
    po.metadata = dict(metadata)
    po.extend(entries)
    return po


def generate(entries: int, seed: int) -> Case:
    """Build a translated catalog and a template where 10% of strings were edited, 5% removed, 5% added."""
    rng = random.Random(seed)
    seen: set[str] = set()

    def fresh() -> str:
        while (text := sentence(rng)) in seen:
            pass
        seen.add(text)
        return text

    old_keys: list[Key] = [
        (rng.choice(CONTEXTS) if rng.random() < 0.03 else None, fresh()) for _ in range(entries)
    ]
    translations = {key: pseudo_translation(i, key[1]) for i, key in enumerate(old_keys)}
    header = {
        "Project-Id-Version": "patient-info 1.0",
        "POT-Creation-Date": "2026-01-01 10:00+0000",
        "PO-Revision-Date": "2026-01-15 12:00+0000",
        "Language": "es",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    catalog = make_file(
        header, [make_entry(key, i, translations[key]) for i, key in enumerate(old_keys)]
    )

    shuffled = list(range(entries))
    rng.shuffle(shuffled)
    n_removed, n_edited, n_added = entries * 5 // 100, entries * 10 // 100, entries * 5 // 100
    removed = set(shuffled[:n_removed])
    edited_positions = set(shuffled[n_removed : n_removed + n_edited])
    new_keys: list[Key] = []
    edited: dict[Key, Key] = {}
    for i, key in enumerate(old_keys):
        if i in removed:
            continue
        if i in edited_positions:
            while (text := edit_sentence(rng, key[1])) in seen:
                pass
            seen.add(text)
            edited[(key[0], text)] = key
            new_keys.append((key[0], text))
        else:
            new_keys.append(key)
    added: list[Key] = []
    for _ in range(n_added):
        key = (None, fresh())
        new_keys.insert(rng.randrange(len(new_keys) + 1), key)
        added.append(key)
    template = make_file(
        {**header, "POT-Creation-Date": "2026-03-01 10:00+0000", "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE"},
        [make_entry(key, i) for i, key in enumerate(new_keys)],
    )
    return Case(
        template=template,
        catalog=catalog,
        translations=translations,
        edited=edited,
        removed=tuple(old_keys[i] for i in sorted(removed)),
        added=tuple(added),
    )


def assess(case: Case, merged: polib.POFile, with_previous: bool = True) -> Quality:
    active = {(e.msgctxt, e.msgid): e for e in merged if not e.obsolete}
    edited_right = 0
    for new_key, old_key in case.edited.items():
        entry = active.get(new_key)
        if (
            entry is not None
            and entry.fuzzy
            and entry.msgstr == case.translations[old_key]
            and (not with_previous or entry.previous_msgid == old_key[1])
        ):
            edited_right += 1
    added_fuzzy = sum(1 for key in case.added if key in active and active[key].fuzzy and active[key].msgstr)
    texts = {e.msgstr for e in merged}  # a translation kept under its old or its new English, active or obsolete
    kept = sum(1 for text in case.translations.values() if text in texts)
    return Quality(edited_right=edited_right, added_fuzzy=added_fuzzy, translations_kept=kept)


ORDER = ("pipeline update", "  saved by another tool", "msgmerge --previous", "  on one thread", "pot2po")


@dataclass(frozen=True)
class Run:
    tool: str
    wall: float | None  # None: not run or failed
    cpu: float | None
    quality: Quality | None
    note: str = ""
    rounds: int = 0
    wall_ratio: float | None = None  # median of the rounds' ratios of this tool's time to pipeline update's
    cpu_ratio: float | None = None


def timed(command: Sequence[str], env: dict[str, str] | None = None, timeout: float = 3600) -> tuple[float, float]:
    """Wall and CPU (user + system of the child) seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, timeout=timeout, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


CONFIG = """[project]
name = "Catalog benchmark"
domain = "bench"
source_locale = "en"
locales = ["es"]
base_url = "https://bench.example.org/"
"""


def write_project(case: Case, root: Path) -> tuple[Path, Path]:
    """A project holding only what `pipeline update` reads: the template and the catalog, in canonical form."""
    (root / "locales" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (root / "pipeline.toml").write_text(CONFIG, encoding="utf-8")
    pot, po = root / "locales" / "bench.pot", root / "locales" / "es" / "LC_MESSAGES" / "bench.po"
    pot.write_text(format_po(case.template), encoding="utf-8")
    po.write_text(format_po(case.catalog), encoding="utf-8")
    return pot, po


def python_env(workdir: Path) -> dict[str, str]:
    """The environment of `pipeline update`: this checkout, and its bytecode cached (in ``workdir``) as an
    installed package has it; a first untimed run writes the cache."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(workdir / "pycache")}


def run_size(entries: int, seed: int, pot2po: str | None, msgmerge_max: int,
             workdir: Path, repeat: int, pot2po_max: int = 10**9, one_thread_max: int = 5000) -> tuple[list[Run], Case]:
    case = generate(entries, seed)
    root = workdir / f"project-{entries}"
    pot, po = write_project(case, root)
    runs: list[Run] = []
    env = python_env(workdir.parent)
    # The command a user types: the `pipeline` script beside this Python (as `make setup` installs it).
    script = Path(sys.executable).with_name("pipeline")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    command = [*start, "-C", str(root), "update", "es"]
    # The catalog as the last update left it: updated against the template it was translated from
    # (untimed; this also writes the bytecode cache). Every tool starts from this file.
    old_template = make_file(dict(case.template.metadata),
                             [make_entry((e.msgctxt, e.msgid), i) for i, e in enumerate(case.catalog)])
    pot.write_text(format_po(old_template), encoding="utf-8")
    timed(command, env=env)
    pot.write_text(format_po(case.template), encoding="utf-8")
    old = workdir / f"old-{entries}.po"
    shutil.copyfile(po, old)
    record = root / ".cache" / "canonical-catalogs"
    kept = record.read_bytes()

    def restore(with_record: bool) -> None:
        shutil.copyfile(old, po)
        if with_record:
            record.write_bytes(kept)
        else:
            record.unlink(missing_ok=True)

    # Each round runs every tool once, in turn, so that the machine's changing load weighs on
    # all of them alike; the median of the rounds is printed.
    tools: list[tuple[str, Sequence[str], Callable[[], object], dict[str, str] | None, Callable[[], Quality]]] = [
        ("pipeline update", command, lambda: restore(True), env, lambda: assess(case, read_catalog(po))),
        ("  saved by another tool", command, lambda: restore(False), env, lambda: assess(case, read_catalog(po))),
    ]
    skipped: list[Run] = []
    if shutil.which("msgmerge") is None:
        skipped.append(Run("msgmerge --previous", None, None, None, "not installed"))
    elif entries > msgmerge_max:
        skipped.append(Run("msgmerge --previous", None, None, None, f"not run above {msgmerge_max} entries"))
    else:
        out = workdir / f"msgmerge-{entries}.po"
        merge = ["msgmerge", "--quiet", "--previous", "-o", str(out), str(old), str(pot)]
        tools.append(("msgmerge --previous", merge, lambda: None, None,
                      lambda: assess(case, polib.pofile(str(out)))))
        if entries <= one_thread_max:
            # msgmerge searches on as many threads as there are cores (OpenMP); on one core:
            tools.append(("  on one thread", merge, lambda: None, {**os.environ, "OMP_NUM_THREADS": "1"},
                          lambda: assess(case, polib.pofile(str(out)))))
    if pot2po is None:
        skipped.append(Run("pot2po", None, None, None, "not found (use --pot2po)"))
    elif entries > pot2po_max:
        skipped.append(Run("pot2po", None, None, None, f"not run above {pot2po_max} entries"))
    else:
        out2 = workdir / f"pot2po-{entries}.po"
        # pot2po writes no previous msgid (#|) for its fuzzy matches.
        tools.append(("pot2po", [pot2po, "-t", str(old), "-i", str(pot), "-o", str(out2)], lambda: None, None,
                      lambda: assess(case, polib.pofile(str(out2)), with_previous=False)))
    times: dict[str, list[tuple[float, float] | None]] = {name: [] for name, *_ in tools}
    quality: dict[str, Quality] = {}
    others = repeat if entries <= 5000 else 1  # msgmerge and pot2po take minutes above 5,000 entries
    for round_number in range(repeat):
        for name, tool_command, before, tool_env, judge in tools:
            if round_number >= others and name not in ORDER[:2]:
                times[name].append(None)
                continue
            before()
            times[name].append(timed(tool_command, env=tool_env))
            if name not in quality:
                quality[name] = judge()
    ours = times[ORDER[0]]
    for name, *_ in tools:
        done = [(taken, mine) for taken, mine in zip(times[name], ours, strict=True) if taken is not None and mine]
        walls, cpus = [taken[0] for taken, _ in done], [taken[1] for taken, _ in done]
        # The ratio to pipeline update in each round (run a few seconds apart), then their median.
        wall_ratio = statistics.median(taken[0] / mine[0] for taken, mine in done)
        cpu_ratio = statistics.median(taken[1] / mine[1] for taken, mine in done)
        runs.append(Run(name, statistics.median(walls), statistics.median(cpus), quality[name],
                        rounds=len(done), wall_ratio=wall_ratio, cpu_ratio=cpu_ratio))
    runs += skipped
    runs.sort(key=lambda run: ORDER.index(run.tool))
    return runs, case


def pot2po_is_fast(pot2po: str) -> bool:
    """Whether pot2po's Python has RapidFuzz: without it translate-toolkit falls back to a matcher
    about 100 times slower, and the comparison would flatter pipeline update."""
    python = Path(pot2po).with_name("python3")
    if not python.exists():
        return True  # cannot tell; pot2po prints a warning of its own
    found = subprocess.run([str(python), "-c", "import rapidfuzz"], capture_output=True, check=False)
    return found.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000,50000", help="entries in the old catalog, comma-separated")
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--pot2po", default=os.environ.get("POT2PO") or shutil.which("pot2po"),
                        help="the pot2po program of translate-toolkit (default: $POT2PO, then PATH)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds per size (the median is printed); above 5,000 entries msgmerge and pot2po "
                             "run in the first round only")
    parser.add_argument("--msgmerge-max", type=int, default=20000, help="skip msgmerge above this many entries")
    parser.add_argument("--pot2po-max", type=int, default=10**9, help="skip pot2po above this many entries")
    parser.add_argument("--one-thread-max", type=int, default=5000,
                        help="also time msgmerge on one thread (OMP_NUM_THREADS=1) up to this many entries")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(wall times suffer under load; CPU times less so)")
    if args.pot2po is None:
        print("pot2po: not found; install translate-toolkit and give --pot2po PATH (or set POT2PO)")
    elif not pot2po_is_fast(args.pot2po):
        print("pot2po: its Python has no RapidFuzz, so it uses its slow matcher; install rapidfuzz next to "
              "translate-toolkit for a fair comparison")
        return 2
    ours_cpu: list[tuple[int, float]] = []
    for size in (int(part) for part in args.sizes.split(",")):
        repeat = args.repeat
        with tempfile.TemporaryDirectory(prefix="catalog-bench-") as tmp:
            runs, case = run_size(size, args.seed, args.pot2po, args.msgmerge_max, Path(tmp) / "work", repeat,
                                  args.pot2po_max, args.one_thread_max)
        print(f"\n{size} entries: {len(case.edited)} edited, {len(case.removed)} removed, {len(case.added)} added; "
              f"the median of {repeat} rounds" + ("" if size <= 5000 else " (msgmerge and pot2po: one)")
              + "; ratios: the median of the rounds' ratios")
        ours = runs[0]
        if ours.cpu:
            ours_cpu.append((size, ours.cpu))
        for run in runs:
            if run.wall is None or run.cpu is None or run.quality is None:
                print(f"  {run.tool:<22} {run.note}")
                continue
            ratio = ""
            if run is not ours and run.wall_ratio and run.cpu_ratio:
                ratio = f"  ({run.wall_ratio:.1f}x wall, {run.cpu_ratio:.1f}x CPU of pipeline update)"
            q = run.quality
            print(f"  {run.tool:<22} {run.wall:7.2f} s wall {run.cpu:7.2f} s CPU{ratio}")
            print(f"  {'':<22} edited kept as fuzzy {q.edited_right}/{len(case.edited)}, "
                  f"wrong fuzzy on added {q.added_fuzzy}/{len(case.added)}, "
                  f"translations lost {len(case.translations) - q.translations_kept}/{len(case.translations)}")
    if len(ours_cpu) > 1:
        print("\ngrowth of pipeline update (CPU) against n log n:")
        for (n1, t1), (n2, t2) in zip(ours_cpu, ours_cpu[1:], strict=False):
            nlogn = (n2 * math.log(n2)) / (n1 * math.log(n1))
            print(f"  {n1} -> {n2} entries: time x{t2 / t1:.2f}, n x{n2 / n1:.2f}, n log n x{nlogn:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
