"""The set-up provides what the build relies on: the pinned fonts and HarfBuzz's subsetter for WeasyPrint."""

from __future__ import annotations

from packaging.version import Version

from pipeline.render.fonts import PINNED, installed_versions


def test_the_pinned_font_packages_are_installed() -> None:
    installed = installed_versions()
    for package, version in PINNED.items():
        assert installed[package] is not None, f"{package} is not installed: run `make setup`"
        if package.startswith("fontpkg-"):
            assert Version(installed[package] or "0") == Version(version), package
        else:
            assert installed[package] == version, package


def test_weasyprint_subsets_fonts_with_harfbuzz() -> None:
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools, several times slower."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    assert harfbuzz_subset, "libharfbuzz-subset0 is missing: run `make setup`"
    assert harfbuzz.hb_version_atleast(4, 1, 0)
