"""Catalog writes are atomic: a killed or failing ``pipeline update`` leaves each catalog old or new, never half.

``pipeline update`` writes each catalog to a hidden temporary file beside it and renames it over the
old one (``pipeline.fsutil.write_atomic``). These tests kill a real ``pipeline update`` with SIGKILL at
random moments, and make a write fail part-way in-process, then look at every catalog.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import fsutil
from pipeline.catalogs import workflow
from pipeline.catalogs.files import read_catalog, write_catalog
from pipeline.config.schema import load_config

from .hostile.tinyproject import make_project, po_path

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("es", "ar")
PARAGRAPHS = 1000


def _big_content(edited: bool) -> str:
    head = ("---\ntitle: A long leaflet\nsummary: Many paragraphs.\nreviewed: 2026-11-01\nnext_review: 2027-11-01\n"
            "sources:\n  - name: National Cancer Institute\n    url: https://www.cancer.gov/\n---\n\n")
    body = []
    for i in range(PARAGRAPHS):
        changed = edited and i % 7 == 0
        body.append(f"Paragraph {i} says that your care team checks {'your' if changed else 'the'} "
                    f"blood count {i % 13 + 1} times a week and writes it down.\n")
    return head + "\n".join(body)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project with large catalogs made from the old content, a template from the new content,
    and the bytes each catalog has before and after a complete update."""
    root = make_project(tmp_path_factory.mktemp("atomic") / "proj", translate=False)
    (root / "content" / "big.md").write_text(_big_content(edited=False), encoding="utf-8")
    config = load_config(root)
    workflow.extract(config)
    workflow.update(config, LOCALES)
    for code in LOCALES:
        catalog = read_catalog(po_path(root, code))
        for entry in catalog:
            if not entry.msgid_plural:
                entry.msgstr = f"[{code}] {entry.msgid}"
        write_catalog(po_path(root, code), catalog)
    (root / "content" / "big.md").write_text(_big_content(edited=True), encoding="utf-8")
    workflow.extract(config)
    old = {code: po_path(root, code).read_bytes() for code in LOCALES}
    done = root.parent / "done"
    shutil.copytree(root, done)
    workflow.update(load_config(done), LOCALES)
    new = {code: po_path(done, code).read_bytes() for code in LOCALES}
    assert all(old[code] != new[code] for code in LOCALES)
    return root, old, new


def _visible_strays(root: Path) -> list[str]:
    """Files gettext tools would pick up besides the catalogs themselves."""
    strays = []
    for path in (root / "locales").rglob("*"):
        if path.is_file() and not path.name.startswith(".") and path.name not in ("leaflets.po", "leaflets.pot"):
            strays.append(path.relative_to(root).as_posix())
    return strays


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    return env


def _update(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--project", str(root), "update"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=str(root))


def test_sigkill_at_random_moments_leaves_old_or_new(prepared: tuple[Path, dict[str, bytes], dict[str, bytes]],
                                                     tmp_path: Path) -> None:
    root, old, new = prepared
    timing = tmp_path / "timing"
    shutil.copytree(root, timing)
    started = time.monotonic()
    process = _update(timing)
    _, err = process.communicate(timeout=300)
    duration = time.monotonic() - started
    assert process.returncode == 0, err.decode()
    assert {code: po_path(timing, code).read_bytes() for code in LOCALES} == new
    rng = random.Random(20261122)
    outcomes: dict[str, int] = {}
    for attempt in range(8):
        work = tmp_path / f"kill{attempt}"
        shutil.copytree(root, work)
        process = _update(work)
        # spread the kills over the whole run, with a bias towards its end, where the writes are
        time.sleep(duration * (0.4 + 0.7 * rng.random()))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        for code in LOCALES:
            data = po_path(work, code).read_bytes()
            assert data in (old[code], new[code]), f"attempt {attempt}: {code} catalog is neither old nor new"
            state = "new" if data == new[code] else "old"
            outcomes[f"{code}:{state}"] = outcomes.get(f"{code}:{state}", 0) + 1
            read_catalog(po_path(work, code))  # and it still reads
        assert not _visible_strays(work), _visible_strays(work)
        if attempt < 2:  # an interrupted update is finished by running it again
            process = _update(work)
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err.decode()
            assert {code: po_path(work, code).read_bytes() for code in LOCALES} == new
    print("kill outcomes:", outcomes)
    assert sum(outcomes.values()) == 8 * len(LOCALES)


def _fail_after_one_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first rename of a temporary file over its file succeeds; the next fails as on a full disk."""
    real_replace = os.replace
    calls: list[str] = []

    def replace_once(src: str, dst: str) -> None:
        if calls:
            raise OSError(28, "No space left on device")
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", replace_once)


def test_failure_between_writes_leaves_each_catalog_whole(
        prepared: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root, old, new = prepared
    work = tmp_path / "proj"
    shutil.copytree(root, work)
    _fail_after_one_rename(monkeypatch)
    with pytest.raises(OSError):
        workflow.update(load_config(work), LOCALES)
    monkeypatch.undo()
    states = [po_path(work, code).read_bytes() for code in LOCALES]
    assert states[0] == new["es"] and states[1] == old["ar"]
    assert not list((work / "locales").rglob(".*.tmp")), "the temporary file of the failed write was left"
    assert not _visible_strays(work)


def test_failure_while_writing_data_keeps_the_old_file(
        prepared: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root, old, _ = prepared
    work = tmp_path / "proj"
    shutil.copytree(root, work)

    def no_sync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fsutil.os, "fsync", no_sync)
    with pytest.raises(OSError):
        workflow.update(load_config(work), LOCALES)
    monkeypatch.undo()
    assert {code: po_path(work, code).read_bytes() for code in LOCALES} == old
    assert not list((work / "locales").rglob(".*.tmp"))


def test_batched_output_writes_are_whole_and_leave_no_temporaries(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The build writes its outputs in one batch (one flush for all); a failure keeps each file old or new."""
    out = tmp_path / "output"
    (out / "es").mkdir(parents=True)
    (out / "es" / "a.html").write_bytes(b"old a")
    (out / "es" / "same.html").write_bytes(b"same")
    os.chmod(out / "es" / "a.html", 0o640)
    items = [(out / "es" / "a.html", b"new a"), (out / "es" / "same.html", b"same"),
             (out / "fr" / "b.pdf", b"%PDF new b")]
    assert fsutil.write_all_if_changed(items) == 2
    assert (out / "es" / "a.html").read_bytes() == b"new a" and (out / "fr" / "b.pdf").read_bytes() == b"%PDF new b"
    assert (out / "es" / "a.html").stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert fsutil.write_all_if_changed(items) == 0  # nothing changed: nothing written

    _fail_after_one_rename(monkeypatch)
    with pytest.raises(OSError):
        fsutil.write_all_if_changed([(out / "es" / "a.html", b"newer a"), (out / "fr" / "b.pdf", b"%PDF newer b")])
    monkeypatch.undo()
    assert (out / "es" / "a.html").read_bytes() == b"newer a"
    assert (out / "fr" / "b.pdf").read_bytes() == b"%PDF new b"
    assert not list(out.rglob("*.tmp")), "a temporary file of the failed batch was left"
