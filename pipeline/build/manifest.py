"""Incremental builds: what each output was built from, and a manifest that lets a rebuild skip the rest."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.fsutil import write_atomic

log = logging.getLogger(__name__)

MANIFEST_NAME = ".pipeline-manifest.json"
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def digest(*parts: object) -> str:
    """A stable hash of values whose ``repr`` is deterministic (frozen dataclasses, tuples, strings)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """The pipeline's own code, templates and style sheets: any edit rebuilds everything."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css", ".svg", ".js") \
                and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_size, st.st_mtime_ns)


def input_files(root: Path, content_dir: Path, locales_dir: Path, extra: Iterable[Path]) -> list[Path]:
    """Every file whose change can change an output (fonts are covered by the unit fingerprints)."""
    files = [root / "pipeline.toml", *extra]
    files += sorted(p for p in content_dir.rglob("*") if p.is_file())
    files += sorted(locales_dir.rglob("*.po"))
    files += sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files


def stamps(files: Iterable[Path]) -> dict[str, list[int] | None]:
    result: dict[str, list[int] | None] = {}
    for path in files:
        stamp = file_stamp(path)
        result[str(path)] = list(stamp) if stamp else None
    return result


def manifest_name(shard: tuple[int, int] | None) -> str:
    """One manifest per shard, so that shards' outputs merge into one folder without clashing."""
    return MANIFEST_NAME if shard is None else f".pipeline-manifest-{shard[0]}of{shard[1]}.json"


@dataclass
class Manifest:
    """Per output file: the fingerprint of its inputs and the stamp of the file written."""

    path: Path
    outputs: dict[str, dict[str, object]] = field(default_factory=dict)
    inputs: dict[str, list[int] | None] = field(default_factory=dict)
    options: str = ""

    @classmethod
    def load(cls, output_dir: Path, shard: tuple[int, int] | None = None) -> Manifest:
        path = output_dir / manifest_name(shard)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("old format")
            return cls(path, dict(data.get("outputs", {})), dict(data.get("inputs", {})), str(data.get("options", "")))
        except (OSError, ValueError, AttributeError):
            return cls(path)

    def is_current(self, output_dir: Path, relative: str, fingerprint: str) -> bool:
        """The output exists, is the file we wrote, and was built from the same inputs."""
        entry = self.outputs.get(relative)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        stamp = file_stamp(output_dir / relative)
        return stamp is not None and list(stamp) == entry.get("stamp")

    def chars(self, relative: str) -> str | None:
        """The characters a page recorded last time shows (for subsetting its fonts)."""
        entry = self.outputs.get(relative)
        value = entry.get("chars") if entry else None
        return value if isinstance(value, str) else None

    def files(self, relative: str) -> list[str]:
        entry = self.outputs.get(relative)
        value = entry.get("files") if entry else None
        return [str(v) for v in value] if isinstance(value, list) else []

    def set_files(self, relative: str, files: list[str]) -> None:
        self.outputs.setdefault(relative, {})["files"] = sorted(files)

    def record(self, output_dir: Path, relative: str, fingerprint: str,
               extra: Mapping[str, object] | None = None) -> None:
        stamp = file_stamp(output_dir / relative)
        self.outputs[relative] = {"fingerprint": fingerprint, "stamp": list(stamp) if stamp else None,
                                  **(extra or {})}

    def nothing_changed(self, output_dir: Path, files: Iterable[Path], options: str) -> bool:
        """The fast no-op check: same options, every input file and every output untouched since last time."""
        if not self.outputs or options != self.options or not self.inputs:
            return False
        if stamps(files) != self.inputs:
            return False
        for relative, entry in self.outputs.items():
            stamp = file_stamp(output_dir / relative)
            if stamp is None or list(stamp) != entry.get("stamp"):
                return False
        return True

    def save(self, files: Iterable[Path] = (), options: str = "") -> None:
        """Write the manifest; with no input files given, the next build cannot take the fast path."""
        self.inputs = stamps(files)
        self.options = options
        data = {"format": FORMAT, "options": options, "inputs": self.inputs,
                "outputs": dict(sorted(self.outputs.items()))}
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def shard_of(key: str, count: int) -> int:
    """Which of ``count`` shards (1-based) builds the unit ``key``: stable across runs and machines."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % count + 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` → (2, 4); ValueError with a readable message otherwise."""
    try:
        index_text, count_text = text.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ValueError(f"--shard takes I/N, such as 1/4, not {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: I must be between 1 and N")
    return index, count
