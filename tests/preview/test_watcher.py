"""The watcher sees files saved, added and removed, and not editors' backup files."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.preview.watcher import Watcher


def test_changes_are_seen_once(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    doc = tmp_path / "content" / "a.md"
    doc.write_text("one", encoding="utf-8")
    config = tmp_path / "pipeline.toml"
    config.write_text("[project]", encoding="utf-8")
    seen: list[set[Path]] = []
    watcher = Watcher(lambda: [tmp_path / "content", config, tmp_path / "missing"], seen.append)
    assert watcher.poll() == set()
    doc.write_text("two", encoding="utf-8")
    os.utime(doc, ns=(1, 1))  # a save within the file system's time resolution still changes the stamp
    (tmp_path / "content" / "b.md").write_text("new", encoding="utf-8")
    (tmp_path / "content" / "a.md~").write_text("backup", encoding="utf-8")
    assert watcher.poll() == {doc, tmp_path / "content" / "b.md"}
    assert watcher.poll() == set()
    config.unlink()
    assert watcher.poll() == {config}


def test_what_the_builds_write_is_not_watched(tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    profile = tmp_path / "clinic.toml"
    profile.write_text("[clinic]", encoding="utf-8")
    seen: list[set[Path]] = []
    watcher = Watcher(lambda: [tmp_path], seen.append, exclude=lambda: [tmp_path / "output", tmp_path / ".cache"])
    (tmp_path / "output" / "index.html").write_text("built", encoding="utf-8")
    (tmp_path / ".cache" / "preview").mkdir(parents=True)
    (tmp_path / ".cache" / "preview" / "index.html").write_text("built", encoding="utf-8")
    assert watcher.poll() == set()
    profile.write_text("[clinic]\nname = 'x'", encoding="utf-8")
    assert watcher.poll() == {profile}
