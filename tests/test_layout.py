"""The README's layout table names exactly the package's folders, and every module says what it is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "pipeline"


def test_readme_layout_table_matches_the_package_folders() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`pipeline/([a-z_]+)/`", table))
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
               and (any(p.glob("*.py")) or p.name in ("templates", "static"))}
    folders -= {"scaffold"}  # data for `pipeline new`, not a stage
    assert named == folders


def test_every_module_opens_with_a_one_line_docstring() -> None:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8").lstrip()
        first = text.split("\n", 1)[0]
        if not (first.startswith('"""') and len(first) > 6):
            missing.append(str(path.relative_to(REPO)))
    assert not missing


def test_no_module_is_much_longer_than_400_lines() -> None:
    long = {str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}
    assert {name: count for name, count in long.items() if count > 420} == {}


def test_every_test_module_is_collected() -> None:
    """pytest skips some folder names by default ("build" among them): each tests/**/test_*.py must run."""
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                            cwd=REPO, capture_output=True, text=True, check=False).stdout
    collected = {line.split("::", 1)[0] for line in listed.splitlines() if "::" in line}
    modules = {str(path.relative_to(REPO)) for path in (REPO / "tests").rglob("test_*.py")}
    assert modules - collected == set()
