"""The files that ship inside the package: the built-in packs, the thesaurus, the context rules, the
concepts and the built-in packs' vectors for meaning search (the encoder's own weights are the separate
``threshold-minilm`` distribution, installed by the ``semantic`` extra).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The installed package's folder: every shipped file (packs, reading rules, the packs' vectors) is under it.
Found from this module's path rather than ``importlib.resources``, whose import alone (zipfile, and
more) costs about 20 ms of every cold start; the package is always installed as plain files."""


def builtin_dir() -> Path:
    return PACKAGE_DIR / "rulepacks"


def pack_vectors_path() -> Path:
    """The built-in packs' descriptor vectors for meaning search (``tools/embed_packs.py`` writes them)."""
    return PACKAGE_DIR / "vectors" / "packs.npz"


def builtin_pack_files() -> list[Path]:
    """The built-in packs: ``rulepacks/<id>.yaml``, not the thesaurus or ``<id>.tests.yaml``."""
    return sorted(p for p in builtin_dir().glob("*.yaml") if "." not in p.stem and p.stem not in SHARED)


SHARED = frozenset({"thesaurus", "context", "concepts", "triggers"})
"""Files beside the packs that every pack reads: the vocabulary, the context rules, the concepts and the
criteria's trigger patterns."""


def thesaurus_path() -> Path:
    return builtin_dir() / "thesaurus.yaml"


def context_path() -> Path:
    return builtin_dir() / "context.yaml"


def concepts_path() -> Path:
    return builtin_dir() / "concepts.yaml"


def triggers_path() -> Path:
    return builtin_dir() / "triggers.yaml"


def library_path(pack_path: Path) -> Path:
    """The shared trigger patterns a pack reads: the ``triggers.yaml`` beside it, else the built-in one
    (a pack copied out to be edited reads the patterns it was written with)."""
    beside = pack_path.parent / "triggers.yaml"
    return beside if beside.is_file() else triggers_path()


def referral_form_path(pack_path: Path) -> Path:
    """A pack's referral form sits beside it: ``sutton.yaml`` → ``sutton.referral.yaml``."""
    return pack_path.with_name(f"{pack_path.stem}.referral.yaml")


def file_kind(path: Path) -> str:
    """What a YAML file in a pack folder is, by its name."""
    name = path.name
    if name in {"thesaurus.yaml", "thesaurus.yml"}:
        return "thesaurus"
    if name in {"context.yaml", "context.yml"}:
        return "context"
    if name in {"concepts.yaml", "concepts.yml"}:
        return "concepts"
    if name in {"triggers.yaml", "triggers.yml"}:
        return "triggers"
    if name.endswith((".tests.yaml", ".tests.yml")):
        return "golden"
    if name.endswith((".referral.yaml", ".referral.yml")):
        return "referral"
    return "pack"
