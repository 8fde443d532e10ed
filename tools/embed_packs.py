"""Write the built-in packs' entry vectors, so the first meaning search need not encode ~1,600 texts.

    python tools/embed_packs.py

Run after editing a built-in pack (``tests/unit/test_semantic.py`` fails until you do) or after a new
model export. Entries missing here still work: they are encoded on first use and cached.
"""

from __future__ import annotations

import numpy as np

from threshold_cli.io.resources import builtin_pack_files, pack_vectors_path
from threshold_cli.retrieval import semantic
from threshold_cli.retrieval.store import build


def main() -> None:
    index = build(builtin_pack_files(), {})
    texts = sorted({semantic.entry_text(e.label, e.text) for e in index.entries})
    vectors = semantic.embed(texts)
    keys = np.frombuffer(b"".join(semantic.text_key(t) for t in texts), dtype=np.uint8).reshape(-1, 16)
    np.savez(pack_vectors_path(), model=np.array(semantic.MODEL_ID), keys=keys,
             vectors=vectors.astype(np.float16))  # fmt: skip
    print(f"{len(texts)} entry vectors -> {pack_vectors_path()}")


if __name__ == "__main__":
    main()
