"""Fuzzing lookup's query readers: whatever text a practitioner pastes, lookup answers or says plainly
that nothing matched; the meaning encoder's tokens stay BERT-shaped and its vectors unit length.

Budgets come from the fuzz profiles (tests/fuzz/conftest.py); the lookup and vector tests run a twentieth of them, as
each example searches both packs.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threshold_cli.retrieval import semantic
from threshold_cli.retrieval.lookup import lookup

FUZZ = settings(settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci")))  # as test_fuzz_yaml
SOME = settings(FUZZ, max_examples=max(FUZZ.max_examples // 20, 20))

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400) | st.from_regex(
    r"[a-zA-Z' ,.!?\-]{1,120}", fullmatch=True
)


@FUZZ
@given(texts)
def test_token_ids_are_always_bert_shaped(text: str) -> None:
    ids = semantic.token_ids(text)
    vocab = semantic._vocab()
    assert ids[0] == vocab["[CLS]"] and ids[-1] == vocab["[SEP]"]
    assert 2 <= len(ids) <= semantic.MAX_TOKENS
    assert all(0 <= i < len(vocab) for i in ids)


@SOME
@given(texts.filter(str.strip))
def test_lookup_answers_any_text(text: str) -> None:
    meanings = [False, True] if semantic.available() else [False]
    for meaning in meanings:
        result = lookup(text, [], limit=5, meaning=meaning)
        assert len(result.hits) <= 5
        assert len({(h.entry.pack, h.entry.ref) for h in result.hits}) == len(result.hits)
        for hit in result.hits:
            assert hit.entry.kind != "tier" and hit.score > 0
            assert hit.matched or hit.similarity is not None  # every hit says why it is there


@pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed")
@SOME
@given(st.lists(texts, min_size=1, max_size=4))
def test_vectors_are_unit_length(batch: list[str]) -> None:
    import numpy as np

    vectors = semantic.embed(batch)
    assert vectors.shape == (len(batch), semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
