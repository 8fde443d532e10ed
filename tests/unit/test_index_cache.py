"""The index cache: rebuilt when damaged, and never grows without bound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from threshold_cli.io.loader import resolve_pack
from threshold_cli.retrieval.store import KEEP_INDEXES, _prune, _read, index_for


def test_prune_keeps_the_newest_files(tmp_path: Path) -> None:
    for n in range(KEEP_INDEXES + 5):
        path = tmp_path / f"index-{n:040d}.bin"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    _prune(tmp_path)
    left = sorted(p.name for p in tmp_path.glob("index-*.bin"))
    assert len(left) == KEEP_INDEXES
    assert left[0] == f"index-{5:040d}.bin"  # the five oldest went


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("THRESHOLD_NO_CACHE", raising=False)
    pack = resolve_pack("sutton")
    first = index_for([pack])
    (cached,) = tmp_path.glob("index-*.bin")
    assert _read(cached, "wrong key") is None
    cached.write_bytes(cached.read_bytes()[:100])  # truncated by a full disk
    again = index_for([pack])
    assert [e.ref for e in again.entries] == [e.ref for e in first.entries]


def test_changed_code_is_never_served_an_old_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key covers the code that builds an index, not only the packs' bytes and INDEX_FORMAT."""
    import threshold_cli.retrieval.store as store

    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("THRESHOLD_NO_CACHE", raising=False)
    pack = resolve_pack("sutton")
    index_for([pack])
    edited = tmp_path / "code"
    edited.mkdir()
    for module in store.BUILT_BY:
        (edited / module).parent.mkdir(parents=True, exist_ok=True)
        source = (store.PACKAGE_DIR / module).read_text(encoding="utf-8")
        (edited / module).write_text(source + ("\n# changed\n" if module == "text/words.py" else ""), encoding="utf-8")
    monkeypatch.setattr(store, "PACKAGE_DIR", edited)
    index_for([pack])
    assert len(list(tmp_path.glob("index-*.bin"))) == 2  # a second key: the edited tokeniser's own index


def test_a_checked_pack_is_served_only_for_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``assess`` keeps a pack that passed every check; a copy whose bytes differ is read and checked again."""
    import shutil

    from threshold_cli.engine.batch import open_pack
    from threshold_cli.retrieval.store import checked_pack

    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("THRESHOLD_NO_CACHE", raising=False)
    pack = tmp_path / "sutton.yaml"
    shutil.copy(resolve_pack("sutton"), pack)
    assert checked_pack(pack) is None
    fresh = open_pack(str(pack))
    cached = checked_pack(pack)
    assert cached is not None and cached[0] == fresh.pack and cached[1] == fresh.loaded.doc.sha256
    again = open_pack(str(pack))
    assert again.pack == fresh.pack and again.loaded.doc.sha256 == fresh.loaded.doc.sha256
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert checked_pack(pack) is None
