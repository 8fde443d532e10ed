"""Search indexes for packs, built once per pack version and cached.

The cache key is the sha256 of the exact pack and thesaurus bytes plus the index format, so an edited
pack can never be served a stale index. A cache file that is missing, unreadable, corrupt or of another
format is ignored and rebuilt; a cache that cannot be written is simply not written. The cache holds only
text from the packs (never case content). ``THRESHOLD_NO_CACHE=1`` turns it off;
``THRESHOLD_CACHE_DIR`` moves it.

This module is on ``lookup``'s cold path: pydantic and YAML are imported only on a cache miss.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The installed package's folder: every shipped file (packs, reading rules, encoder weights) is under it.
Found from this module's path rather than ``importlib.resources``, whose import alone (zipfile, and
more) costs about 20 ms of every cold start; the package is always installed as plain files."""


def builtin_dir() -> Path:
    return PACKAGE_DIR / "rulepacks"


def minilm_dir() -> Path:
    """The sentence encoder's weights and vocabulary (``tools/export_minilm.py``)."""
    return PACKAGE_DIR / "minilm"


def builtin_pack_files() -> list[Path]:
    """The built-in packs: ``rulepacks/<id>.yaml``, not the thesaurus or ``<id>.tests.yaml``."""
    return sorted(p for p in builtin_dir().glob("*.yaml") if "." not in p.stem and p.stem not in SHARED)


SHARED = frozenset({"thesaurus", "context", "concepts"})
"""Files beside the packs that every pack reads: the vocabulary, the context rules and the concepts."""


def thesaurus_path() -> Path:
    return builtin_dir() / "thesaurus.yaml"


def context_path() -> Path:
    return builtin_dir() / "context.yaml"


def concepts_path() -> Path:
    return builtin_dir() / "concepts.yaml"
