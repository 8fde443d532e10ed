"""Hypothesis budgets for the fuzz tests, chosen with ``HYPOTHESIS_PROFILE`` (default ``ci``).

* ``ci``: 500 examples per test (3,000 inputs over the six tests, about 15 s on a 2-core machine),
  derandomized (the same inputs on every run), no example database: deterministic, for CI and the
  normal ``python -m pytest``.
* ``long``: 20,000 examples per test (120,000 inputs, about 15 minutes), random, with the example
  database (``.hypothesis/``) so that a failure found once is replayed first next time. For local runs
  before a release, and after any change to io/yamldoc.py, io/loader.py or model/::

      HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz --hypothesis-show-statistics

``--hypothesis-show-statistics`` reports the number of inputs each test tried. The profiles are
registered as ``fuzz-ci`` and ``fuzz-long`` and applied to each fuzz test explicitly (``FUZZ`` in
test_fuzz_yaml.py), never loaded globally, so other Hypothesis tests keep their own budgets.
"""

from __future__ import annotations

from tests.conftest import register_budgets

CI_EXAMPLES = 500
LONG_EXAMPLES = 20_000

register_budgets("fuzz-ci", "fuzz-long", CI_EXAMPLES, LONG_EXAMPLES)
