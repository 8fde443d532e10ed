"""Search indexes for packs, built once per pack version and cached.

The cache key is the sha256 of the exact pack, thesaurus, context and concepts bytes, the index format,
the tool's version and the source of the modules that build an index (:data:`BUILT_BY`), so neither an
edited pack nor changed code can be served a stale index. A cache file that is missing, unreadable,
corrupt or of another format is ignored and rebuilt; a cache that cannot be written is simply not
written. The cache holds only text from the packs (never case content). ``THRESHOLD_NO_CACHE=1`` turns
it off; ``THRESHOLD_CACHE_DIR`` moves it.

This module is on ``lookup``'s cold path: pydantic and YAML are imported only on a cache miss.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from threshold_cli import __version__
from threshold_cli.io.resources import PACKAGE_DIR, concepts_path, context_path, library_path, thesaurus_path
from threshold_cli.model.lookup import Entry
from threshold_cli.retrieval.index import INDEX_FORMAT, Index, build_index

if TYPE_CHECKING:
    from threshold_cli.model.pack import Pack
    from threshold_cli.text.concepts import CompiledConcepts
    from threshold_cli.text.context import Compiled


_MAGIC = b"threshold-index\n"


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


def _thesaurus(path: Path) -> tuple[list[tuple[list[str], list[str], str, str | None]], dict[str, list[str]]]:
    from threshold_cli.io.loader import load_model
    from threshold_cli.model.thesaurus import Thesaurus

    thesaurus = load_model(path, Thesaurus).model
    cues = {
        "negation": thesaurus.negation_cues,
        "protective": thesaurus.protective_cues,
        "harm": thesaurus.harm_cues,
        "need": thesaurus.need_cues,
        "reassurance": thesaurus.reassurance_cues,
        "response": thesaurus.response_cues,
    }
    for tier, phrases in thesaurus.severity_cues.items():
        cues[f"severity-{tier}"] = phrases
    return [(e.terms, e.means, e.kind, e.note) for e in thesaurus.entries], cues


BUILT_BY = ("text/words.py", "text/compile.py", "retrieval/index.py", "retrieval/store.py")
"""The modules whose code decides what an index holds (tokens, stems, compiled rules, entries)."""


def index_for(pack_paths: list[Path], loaded: dict[Path, Pack] | None = None) -> Index:
    """The index over ``pack_paths`` (validated packs), from cache when the bytes are unchanged."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{__version__}\n".encode())
    code = [PACKAGE_DIR / module for module in BUILT_BY]
    for path in [*pack_paths, thesaurus_path(), context_path(), concepts_path(), *code]:
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


CHECKED_BY = ("model/pack.py", "model/checks.py", "model/types.py", "io/loader.py", "io/yamldoc.py", "engine/batch.py")
"""The modules whose code decides whether a pack is valid (schema, lint, the concept check)."""
_PACK_MAGIC = b"threshold-pack\n"


def _pack_key(path: Path) -> tuple[str, str] | None:
    """The pack's sha256 and the key of its checked copy: its bytes, the shared trigger patterns it reads,
    the concepts its triggers name and the code that checks it. ``None`` when it cannot be read (the
    loader reports that properly)."""
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        digest = hashlib.sha256(f"{INDEX_FORMAT}\n{__version__}\n{sha}\n".encode())
        for extra in [library_path(path), concepts_path(), *(PACKAGE_DIR / module for module in CHECKED_BY)]:
            digest.update(hashlib.sha256(extra.read_bytes()).digest())
    except OSError:
        return None
    return sha, digest.hexdigest()


def checked_pack(path: Path) -> tuple[Pack, str, dict[str, Any]] | None:
    """A pack that passed every check before from these very bytes, and its sha256, from cache: reading
    a pack's YAML with the positions every error needs is most of ``assess``'s start (the packs hold
    thousands of trigger phrases), and a pack that has not changed cannot have a new error. With it come
    its trigger phrases as stems (``Index.phrase_stems``), which cost as much again to work out."""
    from threshold_cli.model.pack import Pack

    key = _pack_key(path)
    directory = cache_dir()
    if key is None or directory is None:
        return None
    try:
        raw = (directory / f"pack-{key[1][:40]}.bin").read_bytes()
        if not raw.startswith(_PACK_MAGIC):
            return None
        data = marshal.loads(raw[len(_PACK_MAGIC) :])
        if not isinstance(data, dict) or data.get("key") != key[1]:
            return None
        return Pack.model_validate(data["pack"]), key[0], data["phrase_stems"]
    except Exception:  # a missing or damaged cache file means: read the YAML
        return None


def remember_pack(path: Path, pack: Pack, index: Index) -> None:
    """Keep a pack that passed every check, and its trigger phrases as stems, for :func:`checked_pack`."""
    key = _pack_key(path)
    directory = cache_dir()
    if key is None or directory is None:
        return
    phrases = {p for c in pack.statutory for t in c.triggers for p in [*(p for g in t.all for p in g), *t.unless]}
    stems = {p: index.phrase_stems(p) for p in sorted(phrases)}
    payload = _PACK_MAGIC + marshal.dumps({"key": key[1], "pack": pack.model_dump(), "phrase_stems": stems})
    _write_file(directory, f"pack-{key[1][:40]}.bin", lambda handle: handle.write(payload))


def build(pack_paths: list[Path], loaded: dict[Path, Pack]) -> Index:
    from threshold_cli.io.loader import load_pack

    entries: list[Entry] = []
    for path in pack_paths:
        pack = loaded.get(path) or load_pack(str(path)).model
        entries.extend(entries_from_pack(pack))
    rows, cues = _thesaurus(thesaurus_path())
    index = build_index(entries, rows, cues)
    index.clause_breaks, index.context, index.concepts = _reading_rules(index)
    return index


def _reading_rules(index: Index) -> tuple[list[str], list[Compiled], CompiledConcepts]:
    from threshold_cli.io.loader import load_model
    from threshold_cli.model.reading_rules import Concepts, ContextRules
    from threshold_cli.text.compile import compile_concepts, compile_rules

    def stems(phrase: str) -> list[str]:
        return index.phrase_stems(phrase)[0]

    breaks, rules = compile_rules(load_model(context_path(), ContextRules).model, stems)
    return breaks, rules, compile_concepts(load_model(concepts_path(), Concepts).model, stems)


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
    data = index.to_data()
    data["key"] = key
    payload = _MAGIC + marshal.dumps(data)
    _write_file(directory, name, lambda handle: handle.write(payload))


def _write_file(directory: Path, name: str, write: Callable[[BinaryIO], object]) -> None:
    """Write a cache file atomically; a read-only or full disk costs speed, never correctness."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, directory / name)
        _prune(directory)
    except (OSError, ValueError):
        pass


def entry_vectors(index: Index, progress: Callable[[str], None] | None = None) -> Any:
    """Each entry's sentence vector (rows in ``index.entries`` order), for meaning re-ranking.

    The built-in packs' vectors ship in ``vectors/packs.npz``, keyed by a digest of the embedded
    text, so the first lookup does not wait for the encoder; entries of an edited or local pack are
    encoded once (about 30 ms each) and cached, keyed by the model and every entry's text.
    """
    import numpy as np

    from threshold_cli.retrieval import semantic

    texts = [semantic.entry_text(e.label, e.text) for e in index.entries]
    digest = hashlib.sha256(semantic.MODEL_ID.encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode()).digest())
    key = digest.hexdigest()[:40]
    directory = cache_dir()
    if directory:
        try:
            cached = np.load(directory / f"vectors-{key}.npy", allow_pickle=False)
            if cached.shape == (len(texts), semantic.DIMENSIONS):
                return cached.astype(np.float32)
        except (OSError, ValueError):
            pass  # missing or damaged: rebuild below
    shipped = semantic.shipped_vectors()
    vectors = np.zeros((len(texts), semantic.DIMENSIONS), dtype=np.float32)
    missing = []
    for n, text in enumerate(texts):
        row = shipped.get(semantic.text_key(text))
        if row is None:
            missing.append(n)
        else:
            vectors[n] = row
    if missing:
        if progress and len(missing) > MISSING_VECTORS_NOTE:
            progress(f"reading {len(missing)} descriptors for meaning search (once per pack version)…")
        vectors[missing] = semantic.embed([texts[n] for n in missing])
    if directory:
        _write_file(directory, f"vectors-{key}.npy", lambda handle: np.save(handle, vectors.astype(np.float16)))
    return vectors


MISSING_VECTORS_NOTE = 50
"""Encoding more entries than this takes seconds: say so on stderr rather than seem to hang."""


KEEP_INDEXES = 8
"""Cache files kept (most recently written): one per pack set and pack version in use."""


def _prune(directory: Path) -> None:
    """Old pack versions and index formats leave files behind: keep the newest few of each kind."""
    for pattern in ("index-*.bin", "vectors-*.npy"):
        files = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_INDEXES:]:
            old.unlink(missing_ok=True)
