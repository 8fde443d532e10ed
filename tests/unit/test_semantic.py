"""The meaning encoder: BERT's tokenisation exactly, the original model's vectors within int8 error,
shipped vectors that cover the built-in packs, a vector cache that is rebuilt when stale, and a fusion
that only adds what the lexical ranking lacks.

``tests/data/minilm_reference.json`` holds token ids and vectors made once by the original
sentence-transformers model (float32, torch), so these tests need neither.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from threshold_cli.io.resources import builtin_pack_files  # noqa: E402
from threshold_cli.model.lookup import Entry, Hit  # noqa: E402
from threshold_cli.retrieval import semantic  # noqa: E402
from threshold_cli.retrieval.fusion import MEANING_FLOOR, fuse_by_meaning  # noqa: E402
from threshold_cli.retrieval.index import build_index  # noqa: E402
from threshold_cli.retrieval.store import entry_vectors, index_for  # noqa: E402

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", sorted(REFERENCE["tokens"]))
def test_token_ids_are_berts(text: str) -> None:
    assert semantic.token_ids(text) == REFERENCE["tokens"][text]


def test_a_text_longer_than_the_model_reads_is_cut_and_still_closed() -> None:
    ids = semantic.token_ids("neglect " * 400)
    assert len(ids) == semantic.MAX_TOKENS
    assert ids[0] == semantic.token_ids("")[0] and ids[-1] == semantic.token_ids("")[-1]


@pytest.mark.parametrize("text", sorted(REFERENCE["vectors"]))
def test_vectors_match_the_original_model(text: str) -> None:
    want = np.array(REFERENCE["vectors"][text], dtype=np.float32)
    (got,) = semantic.embed([text])
    assert abs(float(np.linalg.norm(got)) - 1.0) < 1e-4
    assert float(got @ want) > 0.995


def test_batching_and_padding_do_not_change_a_vector() -> None:
    texts = ["mum is low", "dad drinks every night and shouts at the children until they cry", "bruise"]
    together = semantic.embed(texts, batch_size=3)
    alone = np.vstack([semantic.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_meaning_brings_paraphrase_close() -> None:
    dad, violence, housing = semantic.embed(
        ["dad hits mum", "violence between the parents in the home", "the house is damp and overcrowded"]
    )
    assert float(dad @ violence) > float(dad @ housing) + 0.2


def test_shipped_vectors_cover_every_built_in_entry() -> None:
    shipped = semantic.shipped_vectors()
    index = index_for(builtin_pack_files())
    missing = [e.ref for e in index.entries if semantic.text_key(semantic.entry_text(e.label, e.text)) not in shipped]
    assert not missing, f"a built-in pack changed: run `python tools/embed_packs.py` ({len(missing)} entries)"


def test_a_local_pack_is_encoded_once_then_read_from_the_cache(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path / "cache"))
    edited = tmp_path / "sutton.yaml"
    source = (Path(__file__).parents[2] / "rulepacks" / "sutton.yaml").read_text(encoding="utf-8")
    edited.write_text(source.replace("constitutes health and safety hazards", "constitutes a serious fire risk"))
    index = index_for([edited])
    notes: list[str] = []
    vectors = entry_vectors(index, notes.append)
    changed = [n for n, e in enumerate(index.entries) if "serious fire risk" in e.text]
    assert len(changed) == 2  # the Tier 3 and Tier 4 housing descriptors
    want = semantic.embed([semantic.entry_text(index.entries[n].label, index.entries[n].text) for n in changed])
    assert np.all(np.sum(vectors[changed] * want, axis=1) > 0.999)
    assert notes == []  # two entries to encode are quick: nothing to announce
    assert len(list((tmp_path / "cache").glob("vectors-*.npy"))) == 1

    def no_encoding(texts: list[str], batch_size: int = 32) -> Any:
        raise AssertionError(f"encoded {len(texts)} texts: the cache was not used")

    monkeypatch.setattr(semantic, "embed", no_encoding)
    again = entry_vectors(index)
    assert np.allclose(again, vectors, atol=1e-3)  # cached as float16


def test_a_damaged_vector_cache_is_rebuilt(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path))
    index = index_for(builtin_pack_files()[:1])
    first = entry_vectors(index)
    (cached,) = tmp_path.glob("vectors-*.npy")
    cached.write_bytes(b"\x93NUMPY broken")
    assert np.allclose(entry_vectors(index), first, atol=1e-3)


# ---------------------------------------------------------------- fusion (pure)


def _entry(ref: str, tier: int, text: str) -> Entry:
    return Entry("p", "descriptor", ref, "family", "Area", ref, tier, text, "src")


def test_fusion_keeps_lexical_hits_adds_meaning_only_ones_and_drops_unrelated() -> None:
    entries = [
        _entry("a", 2, "violence in the family"),
        _entry("a", 4, "serious violence in the family"),
        _entry("b", 3, "the home is dirty"),
        _entry("c", 2, "poor attendance at school"),
    ]
    index = build_index(entries, [])
    lexical = [Hit(entries[1], 5.0, 1.0, ("violenc",)), Hit(entries[3], 1.0, 0.2, ("school",))]
    similarity = [0.30, 0.62, 0.55, MEANING_FLOOR - 0.01]
    fused = fuse_by_meaning(index, lexical, similarity, keep=lambda e: True)
    assert [(h.entry.ref, h.entry.tier) for h in fused] == [("a", 4), ("b", 3), ("c", 2)]
    assert fused[0].matched == ("violenc",) and fused[0].similarity == pytest.approx(0.62)
    assert fused[1].matched == () and fused[1].similarity == pytest.approx(0.55)  # found by meaning alone
    assert fused[2].similarity is None  # below the floor: kept for its words, not for its meaning
    assert fused[0].score > fused[1].score == fused[2].score  # one rank each: a tie, in guide order


def test_fusion_respects_the_filters() -> None:
    entries = [_entry("a", 2, "violence"), _entry("b", 3, "dirty home")]
    index = build_index(entries, [])
    fused = fuse_by_meaning(index, [], [0.9, 0.8], keep=lambda e: e.tier == 3)
    assert [h.entry.ref for h in fused] == ["b"]


def test_encoding_many_entries_says_so_on_stderr_without_case_content(tmp_path: Path, monkeypatch: Any) -> None:
    import threshold_cli.retrieval.store as store

    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(store, "MISSING_VECTORS_NOTE", 1)
    edited = tmp_path / "sutton.yaml"
    source = (Path(__file__).parents[2] / "rulepacks" / "sutton.yaml").read_text(encoding="utf-8")
    edited.write_text(source.replace("constitutes health and safety hazards", "is a fire risk"))
    notes: list[str] = []
    entry_vectors(index_for([edited]), notes.append)
    assert notes == ["reading 2 descriptors for meaning search (once per pack version)…"]


@pytest.mark.parametrize(("protective", "tier"), [(False, 3), (True, 1)])
def test_a_row_found_by_meaning_alone_is_shown_at_a_tier_of_the_statements_polarity(
    protective: bool, tier: int
) -> None:
    entries = [_entry("a", 1, "no injuries"), _entry("a", 3, "injuries"), _entry("a", 4, "serious injuries")]
    index = build_index(entries, [])
    (hit,) = fuse_by_meaning(index, [], [0.70, 0.60, 0.50], keep=lambda e: True, protective=protective)
    assert hit.entry.tier == tier
