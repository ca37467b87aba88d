"""The project's own content and catalogs: complete, accepted by GNU gettext, stable under extract + update."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, Result, require_gettext

LOCALES = ("es", "fr", "vi", "zh_Hans", "ar", "ru", "hi")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository's project (configuration, content, catalogs, profile) in a scratch folder."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("pipeline.toml", "content", "locales", "profiles"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def _catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))


def test_every_configured_locale_has_a_catalog(repo_copy: Path) -> None:
    assert sorted(p.parent.parent.name for p in _catalogs(repo_copy)) == sorted(LOCALES)


def test_gnu_gettext_accepts_the_catalogs_and_keeps_them_byte_for_byte(repo_copy: Path) -> None:
    require_gettext()
    for path in _catalogs(repo_copy) + [repo_copy / "locales" / "patient-info.pot"]:
        if path.suffix == ".po":
            check = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
                                   capture_output=True, text=True)
            assert check.returncode == 0, f"{path.name}: {check.stderr}"
        out = path.with_suffix(".msgcat")
        subprocess.run(["msgcat", str(path), "-o", str(out)], check=True)
        assert out.read_bytes() == path.read_bytes(), f"msgcat rewrites {path.relative_to(repo_copy)}"


def test_extract_and_update_again_change_nothing(repo_copy: Path, cli: Callable[..., Result]) -> None:
    before = {p: p.read_bytes() for p in sorted((repo_copy / "locales").rglob("*.po*"))}
    assert cli(repo_copy, "extract").code == 0
    result = cli(repo_copy, "update")
    assert result.code == 0, result.err
    assert result.out.count("(unchanged)") == len(LOCALES)
    after = {p: p.read_bytes() for p in sorted((repo_copy / "locales").rglob("*.po*"))}
    assert after == before


def test_translations_are_complete_and_honestly_marked(repo_copy: Path, cli: Callable[..., Result]) -> None:
    result = cli(repo_copy, "stats", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)["locales"]
    assert sorted(data) == sorted(LOCALES)
    for code, figures in data.items():
        assert figures["total"]["percent"] == 100.0 and figures["total"]["fuzzy"] == 0, code
        catalog = figures["catalog"]
        assert (catalog["translated"], catalog["fuzzy"]) == (catalog["entries"], 0), code
    for path in _catalogs(repo_copy):
        assert "X-Review-Status: machine-draft\\n" in path.read_text(encoding="utf-8"), path


def test_strict_check_passes_with_readability_within_limits(repo_copy: Path, cli: Callable[..., Result]) -> None:
    result = cli(repo_copy, "check", "--strict", "--format", "json")
    data = json.loads(result.out)
    assert result.code == 0, [f for f in data["findings"]]
    assert len(data["summary"]["readability"]) == 3
    for figures in data["summary"]["readability"]:
        assert figures["within_limits"] and figures["grade"] <= 6.0, figures
    assert all(gate["published"] for gate in data["summary"]["publishing"])
