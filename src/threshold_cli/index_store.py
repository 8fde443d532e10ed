"""Search indexes for packs, built once per pack version and cached.

The cache key is the sha256 of the exact pack and thesaurus bytes plus the index format, so an edited
pack can never be served a stale index. A cache file that is missing, unreadable, corrupt or of another
format is ignored and rebuilt; a cache that cannot be written is simply not written. The cache holds only
text from the packs (never case content). ``THRESHOLD_NO_CACHE=1`` turns it off;
``THRESHOLD_CACHE_DIR`` moves it.

This module is on ``lookup``'s cold path: pydantic and YAML are imported only on a cache miss.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .search import INDEX_FORMAT, Entry, Index, build_index

if TYPE_CHECKING:
    from .models import Pack

_MAGIC = b"threshold-index\n"


def builtin_dir() -> Path:
    return Path(__file__).resolve().parent / "rulepacks"


def builtin_pack_files() -> list[Path]:
    """The built-in packs: ``rulepacks/<id>.yaml``, not the thesaurus or ``<id>.tests.yaml``."""
    return sorted(p for p in builtin_dir().glob("*.yaml") if "." not in p.stem and p.stem != "thesaurus")


def thesaurus_path() -> Path:
    return builtin_dir() / "thesaurus.yaml"


def cache_dir() -> Path | None:
    if os.environ.get("THRESHOLD_NO_CACHE"):
        return None
    configured = os.environ.get("THRESHOLD_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("threshold", appauthor=False))


def entries_from_pack(pack: Pack) -> list[Entry]:
    """Every searchable text of a pack: descriptors, statutory criteria and tier definitions."""
    out: list[Entry] = []
    for domain, area, indicator in pack.indicators():
        for tier, text in sorted(indicator.descriptors.items()):
            if text:
                out.append(
                    Entry(
                        pack.id,
                        "descriptor",
                        indicator.id,
                        domain.id,
                        area.name,
                        indicator.label,
                        tier,
                        text,
                        str(indicator.source),
                    )
                )
    for criterion in pack.statutory:
        criterion_tier = 4 if criterion.section == "s47" else None
        label = {
            "s47": "Section 47 enquiry",
            "s20": "Section 20 accommodation",
            "s31": "Section 31 care proceedings",
        }
        out.append(
            Entry(
                pack.id,
                "criterion",
                criterion.id,
                None,
                None,
                label[criterion.section],
                criterion_tier,
                criterion.text,
                str(criterion.source),
                criterion.section,
            )
        )
    for tier_def in pack.tiers:
        out.append(
            Entry(
                pack.id,
                "tier",
                f"tier-{tier_def.number}",
                None,
                None,
                tier_def.name,
                tier_def.number,
                f"{tier_def.heading}. {tier_def.matrix_heading}",
                str(tier_def.source),
            )
        )
    return out


def _thesaurus(path: Path) -> tuple[list[tuple[list[str], list[str], str]], dict[str, list[str]]]:
    from .loader import load_model
    from .thesaurus import Thesaurus

    thesaurus = load_model(path, Thesaurus).model
    cues = {
        "negation": thesaurus.negation_cues,
        "protective": thesaurus.protective_cues,
        "harm": thesaurus.harm_cues,
        "need": thesaurus.need_cues,
    }
    for tier, phrases in thesaurus.severity_cues.items():
        cues[f"severity-{tier}"] = phrases
    return [(e.terms, e.means, e.kind) for e in thesaurus.entries], cues


def index_for(pack_paths: list[Path], loaded: dict[Path, Pack] | None = None) -> Index:
    """The index over ``pack_paths`` (validated packs), from cache when the bytes are unchanged."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n".encode())
    for path in [*pack_paths, thesaurus_path()]:
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(str(path).encode())  # unreadable: the loader below reports it properly
    key = digest.hexdigest()
    directory = cache_dir()
    cached = _read(directory / f"index-{key[:40]}.bin", key) if directory else None
    if cached is not None:
        return cached
    index = build(pack_paths, loaded or {})
    if directory:
        _write(directory, f"index-{key[:40]}.bin", key, index)
    return index


def build(pack_paths: list[Path], loaded: dict[Path, Pack]) -> Index:
    from .loader import load_pack

    entries: list[Entry] = []
    for path in pack_paths:
        pack = loaded.get(path) or load_pack(str(path)).model
        entries.extend(entries_from_pack(pack))
    rows, cues = _thesaurus(thesaurus_path())
    return build_index(entries, rows, cues)


def _read(path: Path, key: str) -> Index | None:
    try:
        raw = path.read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        data = marshal.loads(raw[len(_MAGIC) :])
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return Index.from_data(data)
    except Exception:  # any damage to a cache file means: rebuild
        return None


def _write(directory: Path, name: str, key: str, index: Index) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        data = index.to_data()
        data["key"] = key
        payload = _MAGIC + marshal.dumps(data)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".index-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, directory / name)
        _prune(directory)
    except (OSError, ValueError):
        pass  # a read-only or full disk costs speed, never correctness


KEEP_INDEXES = 8
"""Cache files kept (most recently written): one per pack set and pack version in use."""


def _prune(directory: Path) -> None:
    """Old pack versions and index formats leave files behind: keep the newest few."""
    files = sorted(directory.glob("index-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_INDEXES:]:
        old.unlink(missing_ok=True)
