"""``pipeline new DIR``: a project that checks and builds at once, with a fictional example clinic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.config.profile import load_profile
from pipeline.config.schema import load_config

from ..conftest import Result


def test_new_project_builds_at_once(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = tmp_path / "leaflets"
    made = cli(tmp_path, "new", str(root))
    assert made.code == 0, made.err
    for name in ("pipeline.toml", "README.md", "content/hand-washing.md", "profiles/example-clinic.toml",
                 ".gitignore"):
        assert (root / name).is_file(), name
    config = load_config(root)
    assert config.locales == () and config.default_profile is None
    assert "#" in (root / "pipeline.toml").read_text(encoding="utf-8")
    profile = load_profile(root / "profiles" / "example-clinic.toml")
    assert "fictional" in profile.name and "555" in profile.phone
    check = cli(root, "check")
    assert check.code == 0 and "0 errors" in check.out
    built = cli(root, "build", "-j", "1")
    assert built.code == 0, built.err
    assert (root / "output" / "en" / "hand-washing.html").is_file()
    assert (root / "output" / "en" / "hand-washing.pdf").is_file()
    clinic = cli(root, "build", "-j", "1", "--profile", "profiles/example-clinic.toml")
    assert clinic.code == 0, clinic.err
    assert (root / "clinics" / "example-clinic" / "en" / "hand-washing.pdf").is_file()
    # the README's next steps work
    assert cli(root, "extract").code == 0 and cli(root, "init", "es").code == 0
    assert load_config(root).locales == ("es",)
    assert cli(root, "build", "-j", "1").code == 0
    assert (root / "preview" / "es" / "hand-washing.html").is_file()
    assert not (root / "output" / "es").exists()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli(tmp_path, "new", str(tmp_path / "old"))
    assert result.code == 2 and "not an empty folder" in result.err
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == ["notes.txt"]
