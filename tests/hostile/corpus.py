"""Generator of hostile case files: built at test time into a temporary folder, never committed.

Each :class:`Hostile` is one input a practitioner, a broken export or an attacker could hand to
``threshold``. :func:`materialize` writes it as ``<root>/<name>/case.yaml`` (for ``assess``,
``validate`` and ``lookup --pack``) and ``<root>/<name>/case.tests.yaml`` (the same object, for
``threshold test``, which only reads files named ``*.tests.yaml``).

To look at the corpus by hand::

    python -m tests.hostile.corpus /tmp/hostile      # writes every input (about 70 MB)

Inputs at a bound of ``threshold_cli.yamldoc`` or ``threshold_cli.models`` are built from the constants,
so the corpus follows a documented bound when it changes (SECURITY.md, "Input bounds").
"""

from __future__ import annotations

import copy
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threshold_cli.io.yamldoc import MAX_DEPTH, MAX_FILE_BYTES
from threshold_cli.model.case import MAX_ITEMS, MAX_LIST_CHARS, MAX_TEXT_CHARS

PWNED = "PWNED"
"""Name of the file a Python-tag payload would create if YAML tags were ever executed."""

SECRET = "ZZSECRET42"
"""A marker standing for case content: it must never appear in an error message."""

Content = Callable[[Path], bytes]


@dataclass(frozen=True)
class Hostile:
    """One hostile input.

    ``kind`` is ``file`` (``content`` is written), ``dir``, ``missing``, ``fifo``, ``unreadable``
    (a valid case file with mode 000), ``symlink-loop`` or ``devzero`` (a symlink to /dev/zero).
    ``valid`` inputs must be assessed (exit 0) with each of their ``concerns`` accounted for; an invalid
    input with a ``refusal`` must be refused by ``assess`` with a message containing it.
    """

    name: str
    kind: str = "file"
    content: Content | None = None
    valid: bool = False
    concerns: int = 0
    why: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)
    refusal: str = ""


def _text(s: str) -> Content:
    return lambda _dir: s.encode("utf-8")


def _raw(b: bytes) -> Content:
    return lambda _dir: b


VALID_HEAD = 'reference: "HOSTILE-1"\nchild:\n  age: 9\n'
ONE_CONCERN = VALID_HEAD + 'concerns:\n  - "Dad hits mum in front of the children"\n'

# ---------------------------------------------------------------- builders of the larger inputs


def alias_bomb(levels: int = 10, width: int = 10, under_concerns: bool = False) -> str:
    """The "billion laughs": each level lists the one above ``width`` times (10**10 values)."""
    lines = ['a0: &a0 ["lol"]'] if not under_concerns else ['x0: &a0 ["lol"]']
    for i in range(1, levels):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"x{i}: &a{i} [{refs}]")
    if under_concerns:
        # anchors must come first; the case keys after them are unknown keys, but expanding comes first
        lines.append(f"concerns: *a{levels - 1}")
    else:
        lines.append(f"concerns: [*a{levels - 1}]")
    return "\n".join(lines) + "\n"


def fifty_megabytes(_dir: Path) -> bytes:
    line = b'  - "Mum drinks every evening and the children put themselves to bed"\n'
    head = b"concerns:\n"
    return head + line * ((50 * 1024 * 1024 - len(head)) // len(line) + 1)


def exactly_at_size_limit(_dir: Path) -> bytes:
    """A valid case padded with comments to exactly MAX_FILE_BYTES: the largest file accepted."""
    head = (ONE_CONCERN).encode()
    line = b"# " + b"padding " * 12 + b"\n"
    body = head + line * ((MAX_FILE_BYTES - len(head)) // len(line))
    return body + b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n"


def one_byte_over(_dir: Path) -> bytes:
    body = exactly_at_size_limit(_dir)
    return body[:-1] + b"#\n"


def deep_flow_mapping(levels: int) -> str:
    return "concerns: " + "{a: " * levels + "x" + "}" * levels + "\n"


def deep_flow_sequence(levels: int) -> str:
    return "concerns: " + "[" * levels + '"x"' + "]" * levels + "\n"


def deep_block_sequence(levels: int) -> str:
    return "- " * levels + "x\n"


def deep_block_mapping(levels: int) -> str:
    return "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "x\n"


def python_tag(where: str) -> Content:
    def build(directory: Path) -> bytes:
        marker = directory / PWNED
        payload = f'!!python/object/apply:os.system ["touch {marker}"]'
        text = {
            "top": payload + "\n",
            "concern": f"concerns:\n  - {payload}\n",
            "key": f"concerns:\n  - {{? {payload} : x}}\n",
            "new": f'concerns:\n  - !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n',
            "name": "concerns:\n  - !!python/name:os.system\n",
            "module": "concerns:\n  - !!python/module:os\n",
        }[where]
        return text.encode()

    return build


WORDS = "mum dad said she he was not at school again and the house is cold there is no food".split()


def words_text(chars: int, seed: int = 1) -> str:
    """Plain words, exactly ``chars`` characters long, ending in a letter."""
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) for _ in range(chars // 3 + 1))[:chars]
    return text[:-1] + "x" if text.endswith(" ") else text


def long_concerns(chars: int, count: int = 1) -> Content:
    """``count`` concerns of exactly ``chars`` characters each."""

    def build(_dir: Path) -> bytes:
        items = "".join(f'  - "{words_text(chars, seed)}"\n' for seed in range(count))
        return (VALID_HEAD + "concerns:\n" + items).encode()

    return build


PHRASES = [
    "Dad hits mum in front of the children",
    "Not brought to the dentist; several teeth are decayed",
    "Has run away twice this term and nobody knows where she goes",
    "Mum drinks most evenings and falls asleep before the children are in bed",
    "Comes to school hungry and in dirty clothes",
    "Older boys collect him from school in a car",
    "Says she is scared to go home",
]


def many_texts(n: int) -> list[str]:
    rng = random.Random(2)
    return [f"{rng.choice(PHRASES)} ({i})" for i in range(n)]


def many_concerns(n: int) -> Content:
    def build(_dir: Path) -> bytes:
        lines = [f'  - "{text}"' for text in many_texts(n)]
        return (VALID_HEAD + "concerns:\n" + "\n".join(lines) + "\n").encode()

    return build


def within_case_bounds(texts: list[str]) -> bool:
    """Would ``concerns: texts`` be accepted by the case model's bounds (model/case.py)?"""
    return (
        len(texts) <= MAX_ITEMS
        and all(len(t) <= MAX_TEXT_CHARS for t in texts)
        and sum(map(len, texts)) <= MAX_LIST_CHARS
    )


MEGABYTE = 1024 * 1024
TEXT_LIMIT_COUNT = MAX_LIST_CHARS // MAX_TEXT_CHARS


EMOJI_RTL = (
    VALID_HEAD
    + "concerns:\n"
    + '  - "Dad hits mum 😢👨‍👩‍👧 in front of the children"\n'
    + '  - "الأب يضرب الأم أمام الأطفال"\n'  # Arabic: dad hits mum in front of the children
    + '  - "האב מכה את האם"\n'  # Hebrew
    + '  - "\u202eRTL override: nerdlihc eht fo tnorf ni mum stih daD\u202c"\n'
    + '  - "Cafe\u0301 combining accents, zero\u200bwidth space, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 maths letters"\n'
    + '  - "Line\u2028separator and paragraph\u2029separator inside a quoted concern"\n'
    + "working_well:\n"
    + '  - "Grandmother 👵 collects her from school"\n'
)

RANDOM_BINARY = random.Random(3).randbytes(64 * 1024)


def _dup(text: str) -> Content:
    return _text(VALID_HEAD + text)


# ---------------------------------------------------------------- the corpus

CORPUS: list[Hostile] = [
    # expansion and size bounds
    Hostile("alias-bomb", content=_text(alias_bomb()), why="10**10 values from 10 anchors", refusal="alias bomb"),
    Hostile("alias-bomb-as-concerns", content=_text(alias_bomb(under_concerns=True)), refusal="alias bomb"),
    Hostile(
        "alias-small-valid",
        content=_text(VALID_HEAD + 'concerns:\n  - &c "Dad hits mum"\n  - *c\n'),
        valid=True,
        concerns=2,
    ),
    Hostile("file-50mb", content=fifty_megabytes, refusal="file too large"),
    # nesting
    Hostile("deep-flow-mapping-10000", content=_text(deep_flow_mapping(10_000))),
    Hostile("deep-flow-sequence-10000", content=_text(deep_flow_sequence(10_000))),
    Hostile("deep-block-sequence-10000", content=_text(deep_block_sequence(10_000))),
    Hostile("deep-block-mapping-1000", content=_text(deep_block_mapping(1000))),
    Hostile("deep-just-over-limit", content=_text(deep_flow_sequence(MAX_DEPTH + 1)), refusal="nesting too deep"),
    Hostile("self-referencing-alias", content=_text("concerns: &a [*a]\n")),
    # code execution through tags
    *(
        Hostile(f"python-tag-{where}", content=python_tag(where), tags=frozenset({"pwned"}))
        for where in ("top", "concern", "key", "new", "name", "module")
    ),
    Hostile("other-tags", content=_text("concerns: !!set {a: null}\n")),
    Hostile("local-tag", content=_text("concerns:\n  - !ruby/object:Gem::Installer {a: 1}\n")),
    Hostile("binary-tag", content=_text("concerns:\n  - !!binary aGVsbG8=\n")),
    # duplicate keys, at the top and nested
    Hostile(
        "duplicate-top-concerns",
        refusal="duplicate key 'concerns'",
        content=_dup('concerns:\n  - "Dad hits mum"\nconcerns:\n  - "later"\n'),
    ),
    Hostile("duplicate-child-age", content=_text('child:\n  age: 3\n  age: 14\nconcerns:\n  - "Dad hits mum"\n')),
    Hostile(
        "duplicate-concern-text",
        content=_dup('concerns:\n  - text: "Dad hits mum"\n    text: "something else"\n'),
    ),
    Hostile(
        "duplicate-decision-tier",
        content=_dup('concerns:\n  - "Dad hits mum"\ndecision:\n  tier: 4\n  tier: 1\n  reason: "x"\n'),
    ),
    Hostile(
        "duplicate-consent-status", content=_dup('concerns: ["x"]\nconsent:\n  status: given\n  status: refused\n')
    ),
    # encodings and bytes
    Hostile("latin-1", content=_raw(('concerns:\n  - "Caf\xe9: l\'enfant a faim"\n').encode("latin-1"))),
    Hostile("utf-16-le-bom", content=_raw(ONE_CONCERN.encode("utf-16")), refusal="UTF-16"),
    Hostile("utf-16-be-bom", content=_raw(b"\xfe\xff" + ONE_CONCERN.encode("utf-16-be"))),
    Hostile("utf-16-no-bom", content=_raw(ONE_CONCERN.encode("utf-16-le"))),
    Hostile("utf-32-bom", content=_raw(ONE_CONCERN.encode("utf-32"))),
    Hostile("utf-8-bom", content=_raw(b"\xef\xbb\xbf" + ONE_CONCERN.encode()), valid=True, concerns=1),
    Hostile("nul-bytes", content=_raw(ONE_CONCERN.encode().replace(b"hits", b"hi\x00ts")), refusal="NUL byte"),
    Hostile("random-binary", content=_raw(RANDOM_BINARY)),
    Hostile(
        "crlf",
        content=_raw((ONE_CONCERN + 'working_well:\n  - "Nan helps"\n').replace("\n", "\r\n").encode()),
        valid=True,
        concerns=1,
    ),
    Hostile("cr-only", content=_raw(ONE_CONCERN.replace("\n", "\r").encode()), valid=True, concerns=1),
    Hostile("tabs-for-indentation", content=_text('concerns:\n\t- "Dad hits mum"\n')),
    Hostile("tabs-in-mapping", content=_text('child:\n\tage: 9\nconcerns:\n  - "x"\n')),
    # control characters a word processor or a terminal paste leaves behind
    Hostile(
        "vertical-tab-from-word",
        content=_text('concerns:\n  - "Dad hits mum\x0bin front of the children"\n'),
        refusal="vertical tab (U+000B) is not allowed",
    ),
    Hostile(
        "escape-sequence",
        content=_text('concerns:\n  - "\x1b[2J\x1b]0;owned\x07Dad hits mum"\n'),
        refusal="escape (U+001B) is not allowed",
    ),
    Hostile("delete-character", content=_text('concerns:\n  - "Dad hits mum\x7f"\n'), refusal="delete (U+007F)"),
    # nothing, or not a case
    Hostile("empty", content=_raw(b"")),
    Hostile("only-comments", content=_text("# a case file\n# with nothing in it\n")),
    Hostile("only-whitespace", content=_text("   \n\n  \n")),
    Hostile("only-document-marker", content=_text("---\n...\n")),
    Hostile("null-document", content=_text("~\n")),
    Hostile("top-level-list", content=_text('- "Dad hits mum"\n')),
    Hostile("top-level-scalar", content=_text('"Dad hits mum"\n')),
    Hostile("multiple-documents", content=_text('---\nconcerns: ["x"]\n---\nconcerns: ["y"]\n')),
    # YAML corners
    Hostile("merge-key", content=_text('base: &b {age: 9}\nchild:\n  <<: *b\nconcerns: ["x"]\n'), refusal="merge keys"),
    Hostile("complex-key", content=_text('? [a, b]\n: 1\nconcerns: ["x"]\n')),
    Hostile("undefined-alias", content=_text("concerns:\n  - *nothing\n")),
    Hostile("int-0b-underscore", content=_dup('concerns: ["x"]\nscaling: 0b_\n')),
    Hostile("int-tag-on-words", content=_dup('concerns: ["x"]\nscaling: !!int three\n')),
    Hostile("bool-tag-on-words", content=_text('child:\n  mobile: !!bool maybe\nconcerns: ["x"]\n')),
    Hostile("float-tag-on-nothing", content=_text('child:\n  age: !!float ""\nconcerns: ["x"]\n')),
    Hostile("int-5000-digits", content=_dup('concerns: ["x"]\nscaling: ' + "9" * 5000 + "\n")),
    Hostile("float-nan-age", content=_text('child: {age: .nan}\nconcerns: ["x"]\n')),
    Hostile("float-inf-age", content=_text('child: {age: .inf}\nconcerns: ["x"]\n')),
    Hostile("non-string-keys", content=_text('1: a\nnull: b\ntrue: c\nconcerns: ["x"]\n')),
    Hostile("unclosed-quote", content=_text('concerns:\n  - "Dad hits mum\n')),
    # not a regular file
    Hostile("directory", kind="dir", refusal="no case files"),
    Hostile("missing", kind="missing", refusal="no such file"),
    Hostile(
        "fifo",
        kind="fifo",
        why="a named pipe: open() blocks until a writer comes, so it must be refused unread",
        refusal="named pipe",
    ),
    Hostile("unreadable", kind="unreadable", content=_text(ONE_CONCERN), concerns=1),
    Hostile("symlink-loop", kind="symlink-loop"),
    Hostile(
        "symlink-to-dev-zero",
        kind="devzero",
        why="endless NUL bytes: must be refused, not read",
        refusal="a device",
    ),
    # big: far past a bound (assessed if the bounds are ever raised that far), and exactly at each bound
    Hostile(
        "concern-1mb",
        content=long_concerns(MEGABYTE),
        valid=within_case_bounds(["x" * MEGABYTE]),
        concerns=1,
        refusal="limit",
    ),
    Hostile(
        "concerns-10000",
        content=many_concerns(10_000),
        valid=within_case_bounds(many_texts(10_000)),
        concerns=10_000,
        refusal="limit",
    ),
    Hostile("concern-at-length-limit", content=long_concerns(MAX_TEXT_CHARS), valid=True, concerns=1),
    Hostile("concerns-at-count-limit", content=many_concerns(MAX_ITEMS), valid=True, concerns=MAX_ITEMS),
    Hostile(
        "concerns-at-text-limit",
        content=long_concerns(MAX_TEXT_CHARS, TEXT_LIMIT_COUNT),
        valid=True,
        concerns=TEXT_LIMIT_COUNT,
    ),
    # valid, but odd
    Hostile("emoji-and-rtl", content=_text(EMOJI_RTL), valid=True, concerns=6),
]
assert within_case_bounds(many_texts(MAX_ITEMS)), "the count-limit input must be within the other bounds"

NAMES = [h.name for h in CORPUS]
assert len(set(NAMES)) == len(NAMES), "corpus names must be unique"


# ---------------------------------------------------------------- every wrong type for every field

WRONG_VALUES: dict[str, Any] = {
    "int": 7,
    "list": [1, "two"],
    "mapping": {"k": "v"},
    "null": None,
    "bool": True,
}


def base_case(pack: dict[str, Any]) -> dict[str, Any]:
    """A valid case using every field, with ids taken from ``pack`` (the parsed built-in pack)."""
    indicator = pack["domains"][0]["areas"][0]["indicators"][0]["id"]
    criterion = next(c["id"] for c in pack["statutory"] if c["section"] == "s47")
    return {
        "reference": "HOSTILE-WT",
        "child": {
            "age": 9,
            "mobile": True,
            "verbal": True,
            "disabled": False,
            "on_child_protection_plan": False,
            "looked_after": False,
        },
        "concerns": [
            "Dad hits mum in front of the children",
            {"text": "Not brought to the dentist", "indicator": indicator, "tier": 2, "source": "School", "date": "x"},
            {"statutory": criterion},
        ],
        "working_well": ["Grandmother collects her from school"],
        "needs_to_happen": ["Early help assessment"],
        "scaling": 5,
        "consent": {"status": "given", "reason": ""},
        "decision": {"tier": 4, "reason": "Discussed with the DSL", "by": "DSL", "date": "2026-11-22"},
    }


Loc = tuple[str | int, ...]


def field_locations(schema: dict[str, Any], doc: Any) -> list[Loc]:
    """Every place a value can go in ``doc`` by ``schema``: each property of each object (present or
    not) and each item of each list, walked from the root (the root itself is ``()``)."""
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any], value: Any) -> dict[str, Any] | None:
        if "$ref" in node:
            return resolve(defs[node["$ref"].rsplit("/", 1)[-1]], value)
        for key in ("anyOf", "oneOf"):
            if key in node:  # the alternative that describes what is there now
                for alternative in node[key]:
                    target = resolve(alternative, value)
                    if target is not None and _shape(target) == _shape_of(value):
                        return target
                return None
        return node

    out: list[Loc] = []

    def walk(node: dict[str, Any], value: Any, loc: Loc) -> None:
        out.append(loc)
        target = resolve(node, value)
        if target is None:
            return
        if isinstance(value, dict):
            for name, sub in target.get("properties", {}).items():
                walk(sub, value.get(name), (*loc, name))
        elif isinstance(value, list) and "items" in target:
            for i, item in enumerate(value):
                walk(target["items"], item, (*loc, i))

    walk(schema, doc, ())
    return out


def _shape(node: dict[str, Any]) -> str:
    return {"object": "object", "array": "array"}.get(node.get("type", ""), "scalar")


def _shape_of(value: Any) -> str:
    return "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "scalar"


def with_value(doc: Any, loc: Loc, value: Any) -> Any:
    """A deep copy of ``doc`` with ``value`` at ``loc`` (a missing key is added)."""
    if not loc:
        return copy.deepcopy(value)
    out = copy.deepcopy(doc)
    parent = out
    for segment in loc[:-1]:
        parent = parent[segment]
    parent[loc[-1]] = copy.deepcopy(value)
    return out


def loc_name(loc: Loc) -> str:
    text = ""
    for segment in loc:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return text or "<root>"


def wrong_type_documents(schema: dict[str, Any], base: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(name, document)`` for every field location of ``base`` times every value of WRONG_VALUES."""
    return [
        (f"{loc_name(loc)}={kind}", with_value(base, loc, value))
        for loc in field_locations(schema, base)
        for kind, value in WRONG_VALUES.items()
    ]


@dataclass(frozen=True)
class Materialized:
    hostile: Hostile
    directory: Path
    case: Path  # <dir>/case.yaml
    golden: Path  # <dir>/case.tests.yaml


def materialize(hostile: Hostile, root: Path) -> Materialized:
    """Create ``hostile`` under ``root/<name>/`` as ``case.yaml`` and ``case.tests.yaml``."""
    directory = root / hostile.name
    directory.mkdir(parents=True)
    case, golden = directory / "case.yaml", directory / "case.tests.yaml"
    if hostile.kind in {"file", "unreadable"}:
        assert hostile.content is not None
        case.write_bytes(hostile.content(directory))
        os.link(case, golden)
        if hostile.kind == "unreadable":
            case.chmod(0)
    elif hostile.kind == "dir":
        case.mkdir()
        golden.mkdir()
    elif hostile.kind == "fifo":
        os.mkfifo(case)
        os.mkfifo(golden)
    elif hostile.kind == "symlink-loop":
        case.symlink_to(case.name)
        golden.symlink_to(golden.name)
    elif hostile.kind == "devzero":
        case.symlink_to("/dev/zero")
        golden.symlink_to("/dev/zero")
    elif hostile.kind != "missing":
        raise ValueError(f"unknown kind {hostile.kind}")
    return Materialized(hostile, directory, case, golden)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.hostile.corpus OUTPUT_DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    for hostile in CORPUS:
        materialize(hostile, root)
    print(f"{len(CORPUS)} hostile inputs written under {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
