"""Edits of the Norfolk pack's YAML text, shared by the diff tests: each changes exactly one thing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import PACKS

NORFOLK = (PACKS / "norfolk.yaml").read_text(encoding="utf-8")
TRIGGERS = (PACKS / "triggers.yaml").read_text(encoding="utf-8")

MILESTONES_2 = "some developmental milestones are not being met which will be supported by universal services."
EET_3 = (
    "The young person refuses to engage with educational or employment opportunities and are increasingly "
    "socially isolated – there is concern that this results from or is impacting on their mental health."
)


def edit(text: str, old: str, new: str) -> str:
    """Replace ``old``, which must occur exactly once, so that an edit can never land somewhere else."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def reword(text: str) -> str:
    return edit(text, MILESTONES_2, MILESTONES_2.replace("universal", "community"))


def move_tier(text: str) -> str:
    return edit(text, f'3: "{EET_3}"\n        4: null', f'3: null\n        4: "{EET_3}"')


def rename(text: str) -> str:
    return edit(text, 'id: "development.health.health-condition"', 'id: "development.health.long-term-condition"')


def three_changes(text: str = NORFOLK) -> str:
    """A reworded descriptor, a descriptor moved to another tier and a renamed indicator: nothing else."""
    return rename(move_tier(reword(text)))


UNBUMPED = "the pack changed but its version did not (1.0.0): bump `version`"

THREE_CHANGES_TEXT = [
    "4 changes: 1 indicator renamed, 1 descriptor reworded, 1 descriptor moved, 1 setting changed",
    f"warning: {UNBUMPED}",
    "",
    "Indicators",
    "  renamed   development.health.health-condition → development.health.long-term-condition",
    "",
    "Descriptors",
    "  reworded  development.education.milestones, tier 2: some developmental milestones are not being met "
    "which will be supported by [-universal-]{+community+} services.",
    f'  moved     development.education.eet: tier 3 → tier 4: "{EET_3}"',
    "",
    "Settings",
    "  changed   cluster_min_indicators, value: 3 → 4",
    "",
]
"""`threshold diff`'s text for :func:`three_changes` plus the cluster setting 3 → 4, between header and cases."""


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` untouched by the user's own configuration (signing, hooks, templates)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()
