"""Safe YAML reading that keeps every value's position.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys (a lost descriptor, a lost
concern), expands alias bombs without limit and turns ``2026-11-20`` into a ``date``. So we compose
the node graph once, refuse what we do not want, and build plain Python data ourselves, keeping the
nodes so that any later error (schema, reference) can be reported at ``file:line:column``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from threshold_cli.model.errors import InputFileError, SourceLocation, YamlSyntaxError, quotable

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest file we read. A pack is ~200 KB and a case file a few KB; 8 MiB leaves room for big batches."""

MAX_NODES = 500_000
"""Most values a document may expand to (aliases included): bounds time and memory for alias bombs."""

MAX_DEPTH = 64
"""Deepest nesting we accept; real packs and cases are under 10 levels."""

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


try:  # libyaml parses ten times faster; PyYAML's own composer keeps nesting a catchable RecursionError
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _LIBYAML = False

    class _Loader(yaml.SafeLoader):
        """SafeLoader without the timestamp resolver: dates stay the strings the author wrote."""

else:
    _LIBYAML = True

    class _Loader(Composer, CParser, SafeConstructor, Resolver):  # type: ignore[no-redef]
        """libyaml events, PyYAML's composer and safe constructor, without the timestamp resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, with the node graph kept for locating values."""

    path: str
    data: Any
    root: Node | None
    sha256: str

    def locate(self, loc: Sequence[str | int]) -> SourceLocation:
        """Where the value at ``loc`` (keys and indexes, as in a Pydantic error) was written.

        Segments that are not in the document (union tags, validator names) are skipped, so a
        Pydantic ``loc`` can be passed as it is. A key that is absent points at its mapping.
        """
        node = self.root
        for segment in loc:
            if isinstance(node, MappingNode):
                child = _lookup(node, segment)
                if child is not None:
                    node = child
            elif isinstance(node, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
                node = node.value[segment]
        return self._at(node)

    def locate_key(self, loc: Sequence[str | int]) -> SourceLocation:
        """Where the *key* at the end of ``loc`` was written (for unknown or duplicated keys)."""
        parent = self.root
        for segment in loc[:-1]:
            if isinstance(parent, MappingNode):
                parent = _lookup(parent, segment) or parent
            elif isinstance(parent, SequenceNode) and isinstance(segment, int) and segment < len(parent.value):
                parent = parent.value[segment]
        if isinstance(parent, MappingNode) and loc:
            for key, _ in parent.value:
                if isinstance(key, ScalarNode) and key.value == str(loc[-1]):
                    return self._at(key)
        return self._at(parent)

    def _at(self, node: Node | None) -> SourceLocation:
        if node is None:
            return SourceLocation(self.path, 1, 1)
        mark = node.start_mark
        return SourceLocation(self.path, mark.line + 1, mark.column + 1)


_YAML_ORG = "tag:yaml.org,2002:"
_TAG_NAME = re.compile(r"[A-Za-z0-9_.:/\-]{1,64}")


def _describe_tag(tag: str) -> str:
    """A refused tag, for an error message. Only YAML's own ``!!`` vocabulary is quoted: a local tag
    (``!something``) is usually a word the author began with ``!`` for emphasis, so it is case text."""
    if tag.startswith(_YAML_ORG) and _TAG_NAME.fullmatch(tag[len(_YAML_ORG) :]):
        return f"unsupported YAML tag `!!{tag[len(_YAML_ORG) :]}`"
    return "unsupported YAML tag (a `!` at the start of a value starts a YAML tag: put the text in quotes)"


def _lookup(node: MappingNode, segment: str | int) -> Node | None:
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == str(segment):
            return cast(Node, value)
    return None


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def require_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, missing_ok: bool = False, folder_ok: bool = False
) -> None:
    """Refuse, without opening it, what is not a readable regular file of at most ``max_bytes``.

    A FIFO would block ``open()`` until a writer comes and ``/dev/zero`` never ends, so both are
    refused by their kind. With ``missing_ok``, a path that does not exist passes (its reader reports
    it); with ``folder_ok``, so does a folder (a command line may name folders of files).
    """
    where = SourceLocation(str(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        broken_link = path.is_symlink()
        if missing_ok and not broken_link:
            return
        missing = "no such file or folder" if folder_ok else "no such file"
        raise InputFileError(f"{missing} (a broken link)" if broken_link else missing, where) from None
    except PermissionError:
        raise InputFileError("permission denied", where) from None
    except OSError as exc:  # symlink loops, names too long, ...
        raise InputFileError(f"cannot read: {_strerror(exc, 'unreadable path')}", where) from None
    if folder_ok and stat.S_ISDIR(st.st_mode):
        return
    _check_stat(st, where, max_bytes)
    if not os.access(path, os.R_OK):
        raise InputFileError("permission denied", where)


def _check_stat(st: os.stat_result, where: SourceLocation, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError("is a directory, expected a YAML file", where)
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(st.st_mode)), "something else")
        raise InputFileError(f"not a regular file but {kind}; expected a YAML file", where)
    if st.st_size > max_bytes:
        raise InputFileError(f"file too large ({st.st_size:,} bytes; the limit is {max_bytes:,})", where)


def _strerror(exc: OSError, default: str) -> str:
    return (exc.strerror or default).lower()


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """Read a UTF-8 text file; returns ``(text, sha256)``. Refuses what is not a readable text file."""
    import hashlib

    where = SourceLocation(str(path))
    require_file(path, max_bytes=max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise InputFileError("permission denied", where) from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {_strerror(exc, 'open failed')}", where) from None
    try:
        with os.fdopen(fd, "rb") as handle:
            _check_stat(os.fstat(handle.fileno()), where, max_bytes)  # the file opened is the file checked
            raw = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputFileError("permission denied", where) from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {_strerror(exc, 'read failed')}", where) from None
    if len(raw) > max_bytes:
        raise InputFileError(f"file too large (more than {max_bytes:,} bytes)", where)
    return decode(raw, str(path)), hashlib.sha256(raw).hexdigest()


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed); UTF-16/32, NUL bytes and invalid UTF-8 are refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError("file is UTF-16 encoded; save it as UTF-8", SourceLocation(path, 1, 1))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputFileError("binary data (NUL byte); expected a UTF-8 YAML file", _offset_location(raw, nul, path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            "not valid UTF-8; save the file as UTF-8", _offset_location(raw, exc.start, path)
        ) from None


def _offset_location(raw: bytes, offset: int, path: str) -> SourceLocation:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return SourceLocation(path, line, column)


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _text_location(before: str, path: str) -> SourceLocation:
    """Where the character after ``before`` is, counting line breaks as YAML does."""
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return SourceLocation(path, len(breaks) + 1, len(before) - start + 1)


STDIN = "<stdin>"
"""How a document read from standard input (``threshold assess -``) is named in every location."""


def load_stdin(stream: BinaryIO, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read one YAML document from ``stream`` (bounded as a file is) and parse it, named ``<stdin>``."""
    import hashlib

    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputFileError(f"more than {max_bytes // (1024 * 1024)} MiB on standard input", SourceLocation(STDIN))
    return parse_yaml(decode(raw, STDIN), STDIN, hashlib.sha256(raw).hexdigest())


def load_yaml(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read and parse one YAML file safely (see the module docstring for what is refused)."""
    path = Path(path)
    text, sha256 = read_text(path, max_bytes=max_bytes)
    return parse_yaml(text, str(path), sha256)


def parse_yaml(text: str, path: str, sha256: str = "") -> YamlDocument:
    """Parse YAML text already in memory (one document). Every failure is a located :class:`YamlSyntaxError`."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as exc:  # a lone surrogate: only text built in memory can hold one
        where = _text_location(text[: exc.start], path)
        raise YamlSyntaxError("not valid text (a lone surrogate character)", where) from None
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise YamlSyntaxError(_unacceptable(exc.character), _reader_location(text, exc.position, path)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(path, mark.line + 1, mark.column + 1) if mark else SourceLocation(path, 1, 1)
        raise YamlSyntaxError(_problem(exc), where) from None
    except yaml.YAMLError:
        raise YamlSyntaxError("invalid YAML", SourceLocation(path, 1, 1)) from None
    except RecursionError:
        raise YamlSyntaxError(f"nesting too deep (limit {MAX_DEPTH} levels)", SourceLocation(path, 1, 1)) from None
    finally:
        loader.dispose()
    builder = _Builder(path, loader)
    data = builder.build(root, 0) if root is not None else None
    return YamlDocument(path=path, data=data, root=root, sha256=sha256)


_CONTROL_NAMES = {
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "delete",
}


def _unacceptable(code: int | str) -> str:
    """The message for a character YAML does not allow (libyaml gives its code point)."""
    point = code if isinstance(code, int) else ord(code[:1] or "\0")
    if point < 0x20 or 0x7F <= point <= 0x9F:
        name = _CONTROL_NAMES.get(point, "control character")
        return (
            f"invalid YAML: {name} (U+{point:04X}) is not allowed; delete it "
            "(copying from a word processor or a terminal can leave these behind)"
        )
    return f"invalid YAML: character U+{point:04X} is not allowed in a YAML file; delete it"


def _reader_location(text: str, position: int, path: str) -> SourceLocation:
    """libyaml counts the offset in UTF-8 bytes of the text; PyYAML's own reader in characters."""
    if _LIBYAML:
        prefix = text.encode("utf-8", errors="surrogatepass")[:position].decode("utf-8", errors="replace")
    else:  # pragma: no cover - PyYAML built without libyaml
        prefix = text[:position]
    return _text_location(prefix, path)


_QUOTED = re.compile(r"'[^']{2,}'|\"[^\"]{2,}\"")


def _problem(exc: yaml.MarkedYAMLError) -> str:
    """A parser's complaint as one line that quotes nothing from the file (an anchor name can be case text)."""
    problem = exc.problem or ""
    context = exc.context or ""
    if problem.startswith("found undefined alias"):
        return (
            "invalid YAML: undefined alias (a `*` at the start of a value refers to an anchor `&name`): "
            "put the text in quotes"
        )
    if context.startswith("found duplicate anchor") and exc.context_mark is not None:
        return f"invalid YAML: duplicate anchor (first defined on line {exc.context_mark.line + 1})"
    if context.startswith("expected a single document"):
        return "invalid YAML: more than one document (`---`) in the file; a file holds one"
    text = " ".join(_QUOTED.sub("", problem or context or "invalid YAML").split())
    return f"invalid YAML: {text}"


class _Builder:
    """Node graph → plain data, refusing duplicates, unknown tags and runaway expansion."""

    def __init__(self, path: str, loader: _Loader) -> None:
        self.path = path
        self.loader = loader
        self.count = 0

    def where(self, node: Node) -> SourceLocation:
        return SourceLocation(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlSyntaxError(
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)", self.where(node)
            )
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(f"nesting too deep (limit {MAX_DEPTH} levels)", self.where(node))
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise YamlSyntaxError(_describe_tag(node.tag), self.where(node))
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, KeyError, IndexError, TypeError, OverflowError):
                # explicit tags on the wrong text (`!!int three`, `!!bool maybe`) and huge integers
                raise YamlSyntaxError(f"cannot read value as {node.tag.rsplit(':', 1)[-1]}", self.where(node)) from None
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise YamlSyntaxError(_describe_tag(node.tag), self.where(node))
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise YamlSyntaxError(_describe_tag(node.tag), self.where(node))
            result: dict[Any, Any] = {}
            seen: dict[Any, Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlSyntaxError("merge keys (<<) are not supported; write the keys out", self.where(key_node))
                key = self.build(key_node, depth + 1)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise YamlSyntaxError("a mapping key must be a plain value", self.where(key_node))
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    name = f" {key!r}" if quotable(key) else ""
                    raise YamlSyntaxError(f"duplicate key{name} (first defined on line {first})", self.where(key_node))
                seen[key] = key_node
                result[key] = self.build(value_node, depth + 1)
            return result
        raise YamlSyntaxError("unsupported YAML node", self.where(node))
