"""Fuzzing the reader: whatever the bytes, only a ThresholdError (a located, one-line message) escapes.

(a) random text and bytes, plain and YAML-flavoured, into ``parse_yaml``, ``load_yaml`` and ``load_case``;
(b) documents shaped like case files with random wrong values, written with ``yaml.safe_dump``, into
    ``load_case``: it succeeds, or raises a ThresholdError at ``path:line:column``; and what it accepts
    satisfies the published schema (schemas/case.schema.json): nothing is coerced into a valid case.

Example budgets are set by the profile (tests/fuzz/conftest.py): 500 per test in CI, 20,000 with
``HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st
from tests.conftest import PACKS, ROOT
from tests.hostile.corpus import WRONG_VALUES, field_locations, loc_name, with_value

from threshold_cli.io.loader import load_case
from threshold_cli.io.yamldoc import decode, load_yaml, parse_yaml
from threshold_cli.model.errors import ThresholdError

SCHEMA = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
_PACK = yaml.safe_load((PACKS / "norfolk.yaml").read_text(encoding="utf-8"))
INDICATORS = [i["id"] for d in _PACK["domains"] for a in d["areas"] for i in a["indicators"]][:20]
CRITERIA = [c["id"] for c in _PACK["statutory"]]
FUZZ = settings(settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci")))
"""The budget of every test here: tests/fuzz/conftest.py."""

# ---------------------------------------------------------------- (a) text and bytes

YAML_CHARS = " \t\n\r-:?,[]{}#&*!|>'\"%@`~.=_+0123456789abexyzAZ\\/<\x00\x0b\x1b\x7f\x85\xa0\ufeff\u2028😀é"
YAML_TOKENS = [
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    ": ",
    "? ",
    "---\n",
    "...\n",
    "concerns:",
    "child:",
    "age:",
    "text:",
    "decision:",
    "tier:",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!binary ",
    "!tag ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "0b",
    "0x",
    "0o",
    "_",
    ".nan",
    ".inf",
    "1e3",
    "~",
    "null",
    "yes",
    "true",
    "2026-11-20",
    "12:30:45",
    '"',
    "'",
    "\\x",
    "\\u",
    "|",
    ">-",
    "#",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\t",
]
yamlish = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(alphabet=YAML_CHARS, max_size=4)), max_size=60).map(
    "".join
)
any_text = st.one_of(yamlish, st.text(max_size=200))
any_bytes = st.one_of(
    st.binary(max_size=400),
    yamlish.map(lambda s: s.encode("utf-8", errors="surrogatepass")),
    st.tuples(yamlish, st.binary(max_size=8), yamlish).map(
        lambda t: t[0].encode("utf-8", errors="surrogatepass") + t[1] + t[2].encode("utf-8", errors="surrogatepass")
    ),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]), yamlish).map(
        lambda t: t[0] + t[1].encode("utf-8", errors="surrogatepass")
    ),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _only_threshold_errors(call: Any, path: str) -> None:
    try:
        call()
    except ThresholdError as exc:
        message = str(exc)
        assert message.startswith(path), message
        assert "\n" not in message, f"a message must be one line: {message!r}"


@FUZZ
@given(any_text)
def test_parse_yaml_raises_only_threshold_errors(text: str) -> None:
    _only_threshold_errors(lambda: parse_yaml(text, "fuzz.yaml"), "fuzz.yaml")


@FUZZ
@given(any_bytes)
def test_decode_raises_only_threshold_errors(raw: bytes) -> None:
    _only_threshold_errors(lambda: decode(raw, "fuzz.yaml"), "fuzz.yaml")


@FUZZ
@given(any_bytes)
def test_load_yaml_and_load_case_raise_only_threshold_errors(folder: Path, raw: bytes) -> None:
    path = folder / "case.yaml"
    path.write_bytes(raw)
    _only_threshold_errors(lambda: load_yaml(path), str(path))
    _only_threshold_errors(lambda: load_case(path), str(path))


# ---------------------------------------------------------------- (b) case-shaped, wrong values

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


def field(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a well-typed value, often anything at all."""
    return st.one_of(valid, valid, anything)


def _object(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    typo = st.dictionaries(st.sampled_from(["concern", "Text", "teir", "reason ", "x"]), anything, max_size=1)
    return st.tuples(st.fixed_dictionaries({}, optional=fields), st.one_of(st.just({}), st.just({}), typo)).map(
        lambda t: {**t[0], **t[1]}
    )


words = st.text(st.characters(codec="utf-8"), min_size=0, max_size=40)
said = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(lambda t: t.strip() != "")
indicator_ids = st.sampled_from(INDICATORS) | st.from_regex(r"[a-z]{1,5}\.[a-z]{1,5}\.[a-z]{1,5}", fullmatch=True)
statuses = st.sampled_from(["given", "refused", "not-sought", "Given"])
FACTS = ("mobile", "verbal", "disabled", "on_child_protection_plan", "looked_after")

# Loosely shaped: every field mostly well-typed, often anything, sometimes a typo'd key beside it.
child = _object(
    {
        "age": field(st.floats(0, 25) | st.integers(0, 25) | st.floats(-5, 100)),
        **{f: field(st.booleans()) for f in FACTS},
    }
)
entry = _object(
    {
        "text": field(words),
        "indicator": field(indicator_ids),
        "tier": field(st.integers(0, 5)),
        "statutory": field(st.sampled_from(CRITERIA)),
        "source": field(words),
        "date": field(st.sampled_from(["2026-11-20", "yesterday"])),
    }
)
loose_case = _object(
    {
        "reference": field(words),
        "child": field(child),
        "concerns": field(st.lists(st.one_of(words, entry, anything), max_size=4)),
        "working_well": field(st.lists(words, max_size=3)),
        "needs_to_happen": field(st.lists(words, max_size=3)),
        "scaling": field(st.integers(-1, 11)),
        "consent": field(_object({"status": field(statuses), "reason": field(words)})),
        "decision": field(
            _object(
                {"tier": field(st.integers(0, 5)), "reason": field(words), "by": field(words), "date": field(words)}
            )
        ),
    }
)

# Valid cases (by the schema and the model's own rules); one_wrong_value then replaces exactly one value.
valid_case = st.fixed_dictionaries(
    {
        "concerns": st.lists(
            said
            | st.builds(
                lambda t, i, n: {"text": t, "indicator": i, "tier": n},
                said,
                st.sampled_from(INDICATORS),
                st.integers(1, 4),
            )
            | st.builds(lambda c: {"statutory": c}, st.sampled_from(CRITERIA)),
            min_size=1,
            max_size=3,
        )
    },
    optional={
        "reference": words,
        "child": st.fixed_dictionaries({}, optional={"age": st.floats(0, 25), **{f: st.booleans() for f in FACTS}}),
        "working_well": st.lists(said, max_size=2),
        "needs_to_happen": st.lists(said, max_size=2),
        "scaling": st.integers(0, 10),
        "consent": st.fixed_dictionaries({"status": st.sampled_from(["given", "refused", "not-sought"])}),
        "decision": st.fixed_dictionaries({"tier": st.just(4), "reason": said}),
    },
)
wrong = st.one_of(st.sampled_from(list(WRONG_VALUES.values())), anything)


@st.composite
def one_wrong_value(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(valid_case)
    locations = [loc for loc in field_locations(SCHEMA, doc) if loc]
    loc = draw(st.sampled_from(locations))
    event(f"wrong value at {loc_name(tuple('N' if isinstance(s, int) else s for s in loc))}")
    changed: dict[str, Any] = with_value(doc, loc, draw(wrong))
    return changed


case = st.one_of(loose_case, one_wrong_value())
LOCATED = re.compile(r":\d+:\d+: \S")


def _write(folder: Path, doc: Any) -> Path:
    path = folder / "shaped.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@FUZZ
@given(case)
def test_case_shaped_documents_load_or_fail_at_a_location(folder: Path, doc: dict[str, Any]) -> None:
    path = _write(folder, doc)
    try:
        load_case(path)
        event("accepted")
    except ThresholdError as exc:
        event(f"refused: {type(exc).__name__}")
        message = str(exc)
        assert message.startswith(str(path)), message
        assert LOCATED.match(message, len(str(path))), f"no :line:column: {message!r}"
        assert "\n" not in message


@FUZZ
@given(one_wrong_value())
def test_what_load_case_accepts_satisfies_the_schema(folder: Path, doc: dict[str, Any]) -> None:
    path = _write(folder, doc)
    try:
        load_case(path)
    except ThresholdError:
        event("refused")
        return
    event("accepted")
    errors = list(VALIDATOR.iter_errors(doc))
    assert not errors, (
        f"load_case accepted a document the published schema refuses: {errors[0].message} at {list(errors[0].path)}"
    )


@FUZZ
@given(valid_case)
def test_valid_cases_are_accepted(folder: Path, doc: dict[str, Any]) -> None:
    # the generator's own check: what (b) starts from is a valid case, by the schema and by load_case
    assert not list(VALIDATOR.iter_errors(doc))
    load_case(_write(folder, doc))
