"""Names the reading rules' schema and the reader share, kept free of pydantic so that ``lookup``,
which reads a query's context too, starts without it."""

from __future__ import annotations

from typing import Literal

Assertion = Literal[
    "negated",
    "ruled-out",
    "historical",
    "hypothetical",
    "accidental",
    "corroborated",
    "fictional",
    "game",
    "someone-else",
    "suspected",
    "reported",
    "denied",
]
"""What context can say of a mention (docs/reading.md)."""
CHILD = "child"
"""The concept id of the child the case is about: the one a criterion's harm must reach."""
