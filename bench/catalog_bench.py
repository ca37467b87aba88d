"""Benchmark pipeline.catalogs.merge.merge_catalog against GNU msgmerge on a synthetic catalog."""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.catalogs.merge import FUZZY_THRESHOLD, merge_catalog, similarity  # noqa: E402

Key = tuple[str | None, str]

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
    translations_kept: int  # old (key, translation) pairs still in the file, active or obsolete


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


def assess(case: Case, merged: polib.POFile) -> Quality:
    active = {(e.msgctxt, e.msgid): e for e in merged if not e.obsolete}
    edited_right = 0
    for new_key, old_key in case.edited.items():
        entry = active.get(new_key)
        if (
            entry is not None
            and entry.fuzzy
            and entry.msgstr == case.translations[old_key]
            and entry.previous_msgid == old_key[1]
        ):
            edited_right += 1
    added_fuzzy = sum(1 for key in case.added if key in active and active[key].fuzzy)
    pairs = {((e.msgctxt, e.msgid), e.msgstr) for e in merged}
    kept = sum(1 for pair in case.translations.items() if pair in pairs)
    return Quality(edited_right=edited_right, added_fuzzy=added_fuzzy, translations_kept=kept)


def compare(label: str, total: int, ours: Quality, theirs: Quality | None, field: str) -> str:
    line = f"{label:<52}ours {getattr(ours, field)}/{total}"
    return line + (f"   msgmerge {getattr(theirs, field)}/{total}" if theirs is not None else "")


def best_of(runs: int, action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    best = float("inf")
    for _ in range(runs):
        start = clock()
        action()
        best = min(best, clock() - start)
    return best


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user + system time of the child process


def run_msgmerge(catalog: Path, template: Path, output: Path) -> Timing | None:
    """Time one msgmerge run; None if it exceeds the timeout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        subprocess.run(
            ["msgmerge", "--quiet", "--previous", "--output-file", str(output), str(catalog), str(template)],
            check=True,
            timeout=MSGMERGE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall=wall, cpu=cpu)


def fuzzy_sources(po: polib.POFile) -> dict[Key, Key | None]:
    """For each active entry: the key its fuzzy translation came from, or None."""
    return {
        (e.msgctxt, e.msgid): ((e.previous_msgctxt, e.previous_msgid) if e.fuzzy else None)
        for e in po
        if not e.obsolete
    }


def grams4(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}


@dataclass(frozen=True)
class Probe:
    """Fuzzy decisions on pairs near the threshold, ours against msgmerge's."""

    pairs: int
    compared: int  # pairs msgmerge can see: sharing a 4-gram, no source from another context
    agree: int
    at_least: int  # compared pairs with similarity >= 0.6
    exactly: int  # compared pairs with similarity exactly 0.6


def threshold_probe(rng: random.Random, workdir: Path, pairs: int) -> Probe | None:
    """Pairs with similarity near 0.6, one context each, merged by both tools."""
    old_entries: list[polib.POEntry] = []
    new_entries: list[polib.POEntry] = []
    alphabet = "abcdefghijklmnopqrstuvwxyz  "
    while len(old_entries) < pairs:
        original = sentence(rng)
        chars = list(original)
        target = rng.uniform(0.55, 0.65)
        while similarity(original, "".join(chars)) > target and chars:
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        changed = "".join(chars)
        context = f"probe {len(old_entries)}"
        old_entries.append(polib.POEntry(msgctxt=context, msgid=original, msgstr=f"T{len(old_entries)}"))
        new_entries.append(polib.POEntry(msgctxt=context, msgid=changed))
    header = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    catalog, template = make_file(header, old_entries), make_file(header, new_entries)
    catalog.save(str(workdir / "probe.po"))
    template.save(str(workdir / "probe.pot"))
    if run_msgmerge(workdir / "probe.po", workdir / "probe.pot", workdir / "probe.out.po") is None:
        return None
    theirs = fuzzy_sources(polib.pofile(str(workdir / "probe.out.po")))
    ours = fuzzy_sources(merge_catalog(template, catalog).catalog)
    compared = agree = at_least = exactly = 0
    for old, new in zip(old_entries, new_entries):
        key = (new.msgctxt, new.msgid)
        if not grams4(old.msgid) & grams4(new.msgid) or theirs[key] not in (None, (old.msgctxt, old.msgid)):
            continue
        compared += 1
        agree += ours[key] == theirs[key]
        at_least += ours[key] is not None
        exactly += abs(similarity(old.msgid, new.msgid) - FUZZY_THRESHOLD) < 1e-12
    return Probe(pairs=pairs, compared=compared, agree=agree, at_least=at_least, exactly=exactly)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5000, help="entries in the old catalog")
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--probe-pairs", type=int, default=400, help="pairs for the threshold check")
    args = parser.parse_args(argv)

    case = generate(args.entries, args.seed)
    eligible = sum(
        1 for new, old in case.edited.items() if similarity(new[1], old[1]) >= FUZZY_THRESHOLD - 1e-9
    )
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as tmp:
        workdir = Path(tmp)
        pot_path, po_path = workdir / "messages.pot", workdir / "es.po"
        case.template.save(str(pot_path))
        case.catalog.save(str(po_path))

        template, catalog = polib.pofile(str(pot_path)), polib.pofile(str(po_path))
        merge_time = best_of(3, lambda: merge_catalog(template, catalog))
        merge_cpu = best_of(3, lambda: merge_catalog(template, catalog), clock=time.process_time)
        result = merge_catalog(template, catalog)
        ours_out = workdir / "ours.po"
        start = time.perf_counter()
        merge_catalog(polib.pofile(str(pot_path)), polib.pofile(str(po_path))).catalog.save(str(ours_out))
        end_to_end = time.perf_counter() - start

        have_msgmerge = shutil.which("msgmerge") is not None
        theirs_out = workdir / "msgmerge.po"
        msgmerge_time = run_msgmerge(po_path, pot_path, theirs_out) if have_msgmerge else None
        theirs_po = polib.pofile(str(theirs_out)) if msgmerge_time is not None else None
        probe = threshold_probe(random.Random(args.seed + 1), workdir, args.probe_pairs) if have_msgmerge else None

    ours = assess(case, result.catalog)
    print(f"machine            {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (wall times suffer under load)")
    print(f"entries            {args.entries} (template {len(case.template)})")
    print(f"edited/removed/added {len(case.edited)}/{len(case.removed)}/{len(case.added)}"
          f"  (edited with similarity >= 0.6 to the original: {eligible})")
    print(f"merge_catalog      {merge_time * 1000:.1f} ms wall, {merge_cpu * 1000:.1f} ms CPU (best of 3; "
          f"parse+merge+save once: {end_to_end * 1000:.0f} ms)")
    print(f"  counts           exact {result.exact}, fuzzy {result.fuzzy}, new {result.new}, "
          f"obsoleted {result.obsoleted}, revived {result.revived}")
    if not have_msgmerge:
        print("msgmerge           not installed")
    elif msgmerge_time is None:
        print(f"msgmerge           did not finish within {MSGMERGE_TIMEOUT_S:.0f} s")
    else:
        print(f"msgmerge --quiet --previous  {msgmerge_time.wall * 1000:.0f} ms wall, "
              f"{msgmerge_time.cpu * 1000:.0f} ms CPU (once, including file I/O)")
    theirs = assess(case, theirs_po) if theirs_po is not None else None
    total = len(case.translations)
    print(compare("edited -> right fuzzy translation + previous msgid", len(case.edited), ours, theirs, "edited_right"))
    print(compare("added -> got a (wrong) fuzzy match", len(case.added), ours, theirs, "added_fuzzy"))
    print(compare("old (msgid, translation) pairs still in the file", total, ours, theirs, "translations_kept"))
    if theirs_po is not None:
        ours_src, theirs_src = fuzzy_sources(result.catalog), fuzzy_sources(theirs_po)
        unmatched = [key for key in ours_src if key not in case.translations]
        same = sum(1 for key in unmatched if ours_src[key] == theirs_src.get(key))
        print(f"{'fuzzy decisions identical to msgmerge':<52}{same}/{len(unmatched)} unmatched template entries")
    if probe is not None:
        print(f"{'threshold probe (similarity 0.55-0.65)':<52}{probe.agree}/{probe.compared} decisions agree "
              f"({probe.at_least} >= 0.6, {probe.exactly} exactly 0.6; "
              f"{probe.pairs - probe.compared} of {probe.pairs} pairs skipped: no shared 4-gram or other context)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
