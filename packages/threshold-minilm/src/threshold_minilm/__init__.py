"""The all-MiniLM-L6-v2 sentence encoder's weights (int8, one scale per row) and vocabulary, for
``threshold lookup --meaning``. Data only: ``threshold_cli.retrieval.semantic`` reads the files beside
this module with NumPy. Apache-2.0 (``LICENSE``, ``NOTICE.md``)."""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
