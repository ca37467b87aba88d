"""Incremental builds: what each output was built from, and a manifest that lets a rebuild skip the rest."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from pipeline.fsutil import write_atomic

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
STATE_DIR = Path(".cache") / "build"  # under the project root: build state never goes into output/
FORMAT = 2
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def canonical(value: object) -> object:
    """A value as plain JSON data, the same in every process: sets sorted, mappings sorted by key,
    dataclasses as their fields by name, paths as text. Unknown objects are an error, never ``repr``."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__,
                **{f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, Mapping):
        items = [(canonical(k), canonical(v)) for k, v in value.items()]
        return {"__map__": sorted(items, key=lambda kv: json.dumps(kv[0], sort_keys=True))}
    if isinstance(value, (set, frozenset)):
        members = [canonical(v) for v in value]
        return {"__set__": sorted(members, key=lambda m: json.dumps(m, sort_keys=True))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def digest(*parts: object) -> str:
    """A stable hash of whole values: their canonical JSON form, never ``repr`` (whose set order varies)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(canonical(part), sort_keys=True, ensure_ascii=False,
                            separators=(",", ":")).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def file_digest(path: Path | None) -> str:
    """The hash of a file's bytes ("" when there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""


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
    """Every file whose change can change an output.

    ``extra``: the profile, the glossary (which may live outside ``locales/``), the sign-offs and the fonts.
    """
    files = [root / "pipeline.toml", *extra]
    files += sorted(p for p in content_dir.rglob("*") if p.is_file())
    files += sorted(p for p in locales_dir.rglob("*") if p.is_file() and p.suffix in (".po", ".toml"))
    files += sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files


def _shown(path: Path, root: Path | None) -> str:
    """A path for the manifest: relative to the project or to the pipeline's package, never the machine's."""
    for base, prefix in ((root, ""), (PACKAGE_DIR, "<pipeline>/")):
        if base is not None:
            try:
                return prefix + path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                pass
    return "<outside>/" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def stamps(files: Iterable[Path], root: Path | None = None) -> dict[str, list[int] | None]:
    result: dict[str, list[int] | None] = {}
    for path in files:
        stamp = file_stamp(path)
        result[_shown(path, root)] = list(stamp) if stamp else None
    return result


def manifest_name(shard: tuple[int, int] | None, output: str = "output") -> str:
    """One manifest per output folder and shard, so that shards' outputs merge into one folder."""
    stem = output.replace("/", "+")
    return f"{stem}.{MANIFEST_NAME}" if shard is None else f"{stem}.{shard[0]}of{shard[1]}.{MANIFEST_NAME}"


def state_path(root: Path, output_dir: Path, shard: tuple[int, int] | None = None) -> Path:
    """Where the build state of ``output_dir`` lives: ``.cache/build/`` in the project, not in the upload."""
    try:
        output = output_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        output = "outside-" + hashlib.sha256(str(output_dir.resolve()).encode()).hexdigest()[:16]
    return root / STATE_DIR / manifest_name(shard, output)


@dataclass
class Manifest:
    """Per output file: the fingerprint of its inputs and the stamp of the file written."""

    path: Path
    outputs: dict[str, dict[str, object]] = field(default_factory=dict)
    inputs: dict[str, list[int] | None] = field(default_factory=dict)
    options: str = ""
    # Per locale code, per published document slug: {"english": [msgids at publication], "updated": date}
    published: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    root: Path | None = None

    @classmethod
    def load(cls, output_dir: Path, shard: tuple[int, int] | None = None, root: Path | None = None) -> Manifest:
        root = root if root is not None else output_dir.parent
        path = state_path(root, output_dir, shard)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("old format")
            published = data.get("published", {})
            return cls(path, dict(data.get("outputs", {})), dict(data.get("inputs", {})), str(data.get("options", "")),
                       dict(published) if isinstance(published, dict) else {}, root)
        except (OSError, ValueError, AttributeError):
            return cls(path, root=root)

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
        if stamps(files, self.root) != self.inputs:
            return False
        for relative, entry in self.outputs.items():
            stamp = file_stamp(output_dir / relative)
            if stamp is None or list(stamp) != entry.get("stamp"):
                return False
        return True

    def save(self, files: Iterable[Path] = (), options: str = "") -> None:
        """Write the manifest; with no input files given, the next build cannot take the fast path."""
        self.inputs = stamps(files, self.root)
        self.options = options
        data = {"format": FORMAT, "options": options, "inputs": self.inputs,
                "outputs": dict(sorted(self.outputs.items())), "published": self.published}
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
