"""Hypothesis profiles for the fuzz tests, chosen with ``HYPOTHESIS_PROFILE`` (default ``ci``).

* ``ci``: 300 examples per test, derandomized (the same inputs on every run), no example database:
  deterministic and a few seconds per test, for CI and the normal ``python -m pytest``.
* ``long``: 20,000 examples per test, random, with the example database (``.hypothesis/``) so a failure
  found once is replayed first next time. For local runs before a release::

      HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz --hypothesis-show-statistics
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=20_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
