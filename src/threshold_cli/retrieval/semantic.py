"""Meaning-based re-ranking for ``lookup``: a sentence encoder in plain NumPy, fully offline.

The lexical engine finds the guide's words and the thesaurus's synonyms; it cannot see that
"dad hits mum" and "violence between the parents" mean the same. This module embeds text with
all-MiniLM-L6-v2 (Apache-2.0), whose weights are int8 with one scale per row (made by
``tools/export_minilm.py``) and ship as their own distribution, ``threshold-minilm``, so nothing is
fetched at run time and no torch is needed. It is an extra: ``pip install 'threshold[semantic]'`` adds
NumPy and the weights; without either ``available()`` is false and lookup stays lexical. Nothing
here reads case files or writes anything.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threshold_cli.io.resources import pack_vectors_path

if TYPE_CHECKING:
    import numpy as np


MODEL_ID = "all-MiniLM-L6-v2/int8-1"  # bump when the exported weights or the pooling change
DIMENSIONS = 384
MAX_TOKENS = 256  # the sentence-transformers config of the model
HEADS = 12
LAYER_NORM_EPS = 1e-12


@cache
def model_dir() -> Path | None:
    """Where the ``threshold-minilm`` distribution put the weights, or ``None`` when it is not installed
    (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("threshold_minilm")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _model_file(name: str) -> Path:
    found = model_dir()
    if found is None:
        raise FileNotFoundError("threshold-minilm is not installed")
    return found / name


def available() -> bool:
    """True when NumPy imports and the encoder's weights are installed (a broken NumPy means words only)."""
    found = model_dir()
    if found is None or not (found / "weights.safetensors").is_file():
        return False
    try:
        import numpy  # noqa: F401  (only asked for when meaning would be used, so never wasted)
    except ImportError:
        return False
    return True


@cache
def _vocab() -> dict[str, int]:
    lines = _model_file("vocab.txt").read_text(encoding="utf-8").splitlines()
    return {token: n for n, token in enumerate(lines)}


def _basic_tokens(text: str) -> list[str]:
    """Lower-case, drop accents and control characters, split on spaces and around punctuation."""
    text = unicodedata.normalize("NFD", text.lower())
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn" or ch == "\ufffd" or (cat.startswith("C") and ch not in "\t\n\r"):
            continue
        if ch.isspace():
            if word:
                out.append("".join(word))
                word = []
        elif _is_punctuation(ch, cat) or _is_cjk(ch):
            if word:
                out.append("".join(word))
                word = []
            out.append(ch)
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


def _is_punctuation(ch: str, cat: str) -> bool:
    code = ord(ch)
    return 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126 or cat.startswith("P")


CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
"""BERT splits CJK ideographs into one token each."""


def _is_cjk(ch: str) -> bool:
    return any(low <= ord(ch) <= high for low, high in CJK_BLOCKS)


def token_ids(text: str) -> list[int]:
    """``[CLS] wordpieces [SEP]``, longest-match-first as BERT's tokenizer does, cut to MAX_TOKENS.

    Only the first ``MAX_TOKENS`` × 100 characters are read: a pasted document costs no more than a page.
    """
    text = text[: MAX_TOKENS * 100]
    vocab = _vocab()
    unknown = vocab["[UNK]"]
    ids = [vocab["[CLS]"]]
    for word in _basic_tokens(text):
        if len(word) > 100:
            ids.append(unknown)
            continue
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    pieces.append(vocab[piece])
                    break
                end -= 1
            if end == start:
                pieces = [unknown]
                break
            start = end
        ids.extend(pieces)
    return [*ids[: MAX_TOKENS - 1], vocab["[SEP]"]]


SAFETENSORS_DTYPES = {"F32": "float32", "F16": "float16", "I8": "int8", "I64": "int64"}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (8-byte header size, JSON header, raw little-endian data)."""
    import numpy as np

    raw = path.read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    tensors = {}
    for name, meta in header.items():
        if name != "__metadata__":
            start, end = meta["data_offsets"]
            dtype = np.dtype(SAFETENSORS_DTYPES[meta["dtype"]])
            tensors[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(meta["shape"])
    return tensors


@cache
def _weights() -> dict[str, np.ndarray]:
    """The model as float32, but for the word embeddings: a query needs only its own rows of those."""
    import numpy as np

    stored = read_safetensors(_model_file("weights.safetensors"))
    weights: dict[str, np.ndarray] = {}
    for name, value in stored.items():
        scale = stored.get(name + ".scale")
        if scale is not None and name != "word":
            weights[name] = np.multiply(value, scale[:, None], dtype=np.float32)
        else:
            weights[name] = value
    return weights


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed: np.ndarray = (x - mean) / (var + LAYER_NORM_EPS) ** 0.5 * gain + bias
    return normed


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with erf from Abramowitz & Stegun 7.1.26 (error < 2e-7)."""
    import numpy as np

    z = np.abs(x) * np.float32(0.7071067811865476)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    out: np.ndarray = 0.5 * x * (1.0 + erf)
    return out


def _encode_batch(batch: list[list[int]]) -> np.ndarray:
    import numpy as np

    w = _weights()
    width = max(len(ids) for ids in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.float32)
    for n, row in enumerate(batch):
        ids[n, : len(row)] = row
        mask[n, : len(row)] = 1.0
    words = w["word"][ids].astype(np.float32) * w["word.scale"][ids][..., None]
    x = _layer_norm(words + w["position"][:width] + w["token_type"][0], w["embed.ln.g"], w["embed.ln.b"])
    size, dim = x.shape[0], x.shape[2]
    head = dim // HEADS
    blocked = (1.0 - mask)[:, None, None, :] * -1e9
    layer = 0
    while f"{layer}.q" in w:
        p = f"{layer}."

        def heads(t: np.ndarray) -> np.ndarray:
            split: np.ndarray = t.reshape(size, width, HEADS, head).transpose(0, 2, 1, 3)
            return split

        q = heads(x @ w[p + "q"].T + w[p + "q.b"])
        k = heads(x @ w[p + "k"].T + w[p + "k.b"])
        v = heads(x @ w[p + "v"].T + w[p + "v.b"])
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(head**-0.5) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        attention = scores / scores.sum(-1, keepdims=True)
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(size, width, dim)
        x = _layer_norm(x + context @ w[p + "o"].T + w[p + "o.b"], w[p + "ln1.g"], w[p + "ln1.b"])
        inner = _gelu(x @ w[p + "up"].T + w[p + "up.b"])
        x = _layer_norm(x + inner @ w[p + "down"].T + w[p + "down.b"], w[p + "ln2.g"], w[p + "ln2.b"])
        layer += 1
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def entry_text(label: str, text: str) -> str:
    """What is embedded for an entry: its indicator (or criterion) label gives a descriptor its topic."""
    return f"{label}: {text}"


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length sentence vectors, one row per text (mean-pooled, as the model was trained)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    tokenised = [token_ids(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda n: len(tokenised[n]))  # similar lengths pad less
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        out[chunk] = _encode_batch([tokenised[n] for n in chunk])
    return out


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()[:16]


@cache
def shipped_vectors() -> dict[bytes, Any]:
    """The built-in packs' entry vectors (``tools/embed_packs.py`` writes them), by ``text_key``."""
    import numpy as np

    try:
        with np.load(pack_vectors_path(), allow_pickle=False) as data:
            if str(data["model"]) != MODEL_ID:
                return {}
            return dict(zip((k.tobytes() for k in data["keys"]), data["vectors"].astype(np.float32), strict=True))
    except (OSError, KeyError, ValueError):
        return {}
