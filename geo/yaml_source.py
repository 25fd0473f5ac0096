"""Safe YAML reading that remembers where every value stood in the file.

Two readers give the same plain data; the positions are worked out only when asked for.

* The **located reader** (``read_yaml_located``): PyYAML's safe composer builds a node tree
  that keeps line and column marks; the values are then built from that tree by hand so that
  nothing but plain data can come out (no tags that construct objects), alias expansion is
  counted and a "billion laughs" file is refused at once, and every value's position is kept,
  keyed by its path (``("events", 3, "end")``). Thorough but slow: about 4 s a 10,000-event story.
* The **fast reader** (yaml-rs, a YAML parser in Rust that builds plain Python data, about
  ten times faster and leaner) is used only for text that both readers read alike. A scan of
  the raw text sends to the located reader anything with a tag, an anchor or alias, a
  directive, a YAML 1.1 number spelling (``017``, ``1_000``, ``1e3``), line separators or
  control characters that YAML 1.1 reads differently, and indentation deep enough to strain
  the parser; yaml-rs itself refuses duplicate keys and every alias; a walk over the result
  checks nesting, the number of values, key types and YAML 1.1's ``yes``/``no``/``on``/``off``,
  ``=`` and ``<<``. Whenever any of that fails, the located reader reads the text and says what
  is wrong exactly as before.

:class:`LocatedData` keeps the text: its ``positions`` (and its ``data``, once released with
:meth:`LocatedData.release_data`) are read again with the located reader on first use, which
only a problem report needs.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from geo.errors import StoryError

try:  # the fast reader; without it every file goes through the located reader
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - a requirement; kept optional so the app still runs
    _yaml_rs = None

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]

try:  # libyaml's composer is many times faster; it keeps the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _Loader = yaml.SafeLoader

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {_BOOL, _INT, _FLOAT, _NULL, _STR, _TIMESTAMP}


class LocatedData:
    """Plain data read from YAML, and the (line, column) of each value, 1-based.

    ``positions`` may be given (CSV, GeoJSON, the located reader) or, with ``source``, are
    read from the YAML text on first use.
    """

    def __init__(self, data: Any, file: str, positions: dict[Path_, tuple[int, int]] | None = None, *,
                 source: str | bytes | None = None, max_nodes: int = MAX_NODES):
        self._data = data
        self.file = file
        self._positions = positions if positions is not None or source is not None else {}
        self._source = source
        self._max_nodes = max_nodes
        self._located: LocatedData | None = None

    def __repr__(self) -> str:
        return f"LocatedData(file={self.file!r}, fast={self.fast})"

    @property
    def fast(self) -> bool:
        """Whether the data came from the fast reader (positions not read yet)."""
        return self._positions is None

    @property
    def data(self) -> Any:
        if self._data is None and self._source is not None:
            self._data = read_yaml(self._source, self.file, max_bytes=len(self._source) * 4 + 1,
                                   max_nodes=self._max_nodes).data
        return self._data

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        return self.located().positions if self._positions is None else self._positions

    def located(self) -> LocatedData:
        """The same text read by the located reader: its data and every position (read once)."""
        if self._positions is not None:
            return self
        if self._located is None:
            assert self._source is not None
            self._located = read_yaml_located(self._source, self.file, max_nodes=self._max_nodes)
        return self._located

    def release_data(self) -> None:
        """Let the plain data go (it is read again if asked for): a big story's models keep it all."""
        if self._source is not None:
            self._data = None

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """The position of the value at ``path``, or of its nearest located parent."""
        positions = self.positions
        path = tuple(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (None, None))


def decode_text(raw: bytes, file: str) -> str:
    """Decode a story file as UTF-8 (a BOM is allowed), or say plainly why not."""
    if b"\x00" in raw[:8192]:
        raise StoryError.single(file, "this is a binary file, not a text story (YAML, CSV or GeoJSON)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise StoryError.single(
            file, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8", line
        ) from None


def read_yaml(
    text: str | bytes,
    file: str = "<story>",
    *,
    max_bytes: int = MAX_BYTES,
    max_nodes: int = MAX_NODES,
) -> LocatedData:
    """Read YAML text into plain data with positions, refusing unsafe or oversized input.

    ``text`` may also be UTF-8 bytes (already checked by :func:`decode_text`): a big story
    then never sits in memory as a Python string.

    Raises
    ------
    StoryError
        On a syntax error, a file over ``max_bytes``, more than ``max_nodes`` values after
        alias expansion, nesting deeper than ``MAX_DEPTH``, or an object-constructing tag.
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))
    if size > max_bytes:
        raise StoryError.single(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if not text.strip():
        raise StoryError.single(file, "the file is empty")
    data = _fast_read(text, max_nodes)
    if data is not None:
        return LocatedData(data, file, source=text, max_nodes=max_nodes)
    return read_yaml_located(text, file, max_nodes=max_nodes)


# What the fast reader must not be given (the bytes of UTF-8 text; see the module's docstring).
# Each search starts with a literal byte or runs on a small translation of the text: a regex
# that starts with a character class would scan a 100 MB story for seconds.
_CONTROL = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_RARE = _CONTROL + b"\xc2\xe2\xef!&*%?"
_NOT_RARE = bytes(b for b in range(256) if b not in _RARE)
_RARE_CHECKS = {  # by the rare byte that starts them
    0xC2: re.compile(rb"\xc2[\x80-\x9f]"),  # C1 controls and NEL (a line break in YAML 1.1)
    0xE2: re.compile(rb"\xe2\x80[\xa8\xa9]"),  # line and paragraph separators (line breaks in YAML 1.1)
    0xEF: re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # a BOM, non-characters
    ord("!"): re.compile(rb"!(?<=[\s\[{,:]!)"),  # tags
    ord("&"): re.compile(rb"&(?<=[\s\[{,:]&)[^\s\[\]{},]"),  # anchors
    ord("*"): re.compile(rb"\*(?<=[\s\[{,:]\*)[^\s\[\]{},]"),  # aliases
    ord("%"): re.compile(rb"%(?<=\n%)"),  # directives
    ord("?"): re.compile(rb"\?(?<=[\[{,:]\?)|\?(?<=[\[{,:][ \t]\?)|\?(?<=[ \t][ \t]\?)"),  # "?" as a node in flow
}
_BARE_COLON = [re.compile(p) for p in (rb":[ \t]*:(?:[\s,\]}:]|$)", rb"\[[ \t]*:", rb"{[ \t]*:", rb",[ \t]*:(?:[\s,\]}:]|$)")]
# Block nesting is only as deep as a line's run of indentation and "- ", "? ", ": " indicators.
_NESTING = bytes.maketrans(b" \t-?:", b"|||||")
_TOO_DEEP = b"\n" + b"|" * 100
# Numbers YAML 1.1 spells its own way (017 is octal, 1_000 and 1e3 differ, ...), as whole plain scalars.
_ODD_NUMBER = re.compile(
    rb"(?:^|(?<=[\s\[{,:]))(?:[-+]?(?:0[0-9_]+|0[oObBxX][0-9a-fA-F_]*|[0-9.]*_[0-9_.]*"
    rb"|(?:[0-9]+\.?[0-9_]*|\.[0-9_]+)[eE][-+]?[0-9_]*|\.(?i:inf|nan))|[-+]\.[0-9_]+)"
    rb"[ \t]*(?:$|[,\]}#\r]|:(?:[\s,\]}]|$))", re.MULTILINE)
_NUMBER_HINTS = [re.compile(p) for p in (
    rb"0(?<=[\s\[{,:]0)[0-9_oObBxX]", rb"0(?<=[\s\[{,:][-+]0)[0-9_oObBxX]", rb"_(?<=[0-9.\s\[{,:+-]_)",
    rb"e(?<=[0-9.]e)", rb"E(?<=[0-9.]E)", rb"\.(?=[iInN])(?i:inf|nan)", rb"\.(?<=[-+]\.)[0-9]")]
# Plain scalars YAML 1.1 reads as booleans, a "value" or a merge key (and yaml-rs as text).
_YAML11_WORDS = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "=", "<<"})


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while millions of acyclic values are built (it would walk
    them all again and again: a third of a 100,000-event load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unlike_for_the_readers(raw: bytes) -> bool:
    """Whether the text has anything the two readers might read differently (numbers aside)."""
    rare = set(raw.translate(None, _NOT_RARE))
    if raw[:1] in (b"!", b"&", b"*", b"%", b"?") or any(byte in rare for byte in _CONTROL):
        return True
    if any(_RARE_CHECKS[byte].search(raw) for byte in rare):
        return True
    if any(check.search(raw) for check in _BARE_COLON):
        return True
    nesting = raw.translate(_NESTING)
    return nesting.startswith(_TOO_DEEP[1:]) or _TOO_DEEP in nesting


def _odd_numbers(raw: bytes) -> bool:
    """Whether some plain scalar is a number spelt the YAML 1.1 way."""
    for hint in _NUMBER_HINTS:
        for found in hint.finditer(raw):
            if _ODD_NUMBER.search(raw, max(0, found.start() - 80), found.end() + 80):
                return True
    return False


def _fast_read(text: str | bytes, max_nodes: int) -> Any | None:
    """Plain data from the fast reader, or None when the located reader must read this text."""
    if _yaml_rs is None:
        return None
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    if _unlike_for_the_readers(raw):
        return None
    options = {"parse_datetime": False, "alias_limits": _NO_ALIASES,
               "duplicate_key_policy": _yaml_rs.DuplicateKeyPolicy.Error}
    try:
        with paused_gc():
            data = _yaml_rs.loads(text, **options) if isinstance(text, str) else _yaml_rs.load(text, **options)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # any refusal (a Rust panic too): the located reader finds and words the problem
        return None
    if not isinstance(data, dict):
        return None
    numbers = _plain_enough(data, max_nodes)
    if numbers is None or (numbers and _odd_numbers(raw)):
        return None
    return data


_NO_ALIASES = _yaml_rs.AliasLimits(0, 0, 0) if _yaml_rs is not None else None


def _plain_enough(root: dict, max_nodes: int) -> int | None:
    """How many numbers the data holds, or None unless the located reader would build exactly
    this data: nesting, number of values, key types, no YAML 1.1 words."""
    count = numbers = 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        count += 1
        child = depth + 1
        if type(node) is dict:
            for key, value in node.items():
                if type(key) is not str or (len(key) < 4 and key in _YAML11_WORDS):
                    return None
                kind = type(value)
                count += 1
                if kind is dict or kind is list:
                    push((value, child))
                    continue
                count += 1
                if kind is str:
                    if len(value) < 4 and value in _YAML11_WORDS:
                        return None
                elif kind is int or kind is float:
                    numbers += 1
        else:  # a list
            for value in node:
                kind = type(value)
                if kind is dict or kind is list:
                    push((value, child))
                    continue
                count += 1
                if kind is str:
                    if len(value) < 4 and value in _YAML11_WORDS:
                        return None
                elif kind is int or kind is float:
                    numbers += 1
        if (child > MAX_DEPTH and node) or count > max_nodes:
            return None
    return numbers


def read_yaml_located(text: str | bytes, file: str = "<story>", *, max_nodes: int = MAX_NODES) -> LocatedData:
    """The located reader: plain data with the position of every value (see the module's docstring)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise StoryError.single(file, f"YAML syntax error: {what}", line, col) from None
    except yaml.YAMLError as exc:
        raise StoryError.single(file, f"YAML error: {exc}") from None
    except RecursionError:
        raise StoryError.single(file, f"the YAML is nested too deeply (limit {MAX_DEPTH} levels)") from None
    if node is None:
        raise StoryError.single(file, "the file holds no YAML document")
    _refuse_alias_bombs(node, file, max_nodes)
    builder = _Builder(file, max_nodes)
    data = builder.build(node, (), 0)
    return LocatedData(data, file, builder.positions)


def _refuse_alias_bombs(root: yaml.Node, file: str, max_nodes: int) -> None:
    """Refuse a document whose aliases expand it far beyond its own size, before building it."""
    sizes: dict[int, int] = {}
    unique = 0

    def expanded(node: yaml.Node, depth: int) -> int:
        nonlocal unique
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise StoryError.single(
                file, f"the YAML is nested more than {MAX_DEPTH} levels deep",
                node.start_mark.line + 1, node.start_mark.column + 1,
            )
        unique += 1
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(expanded(k, depth + 1) + expanded(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(expanded(item, depth + 1) for item in node.value)
        sizes[id(node)] = total
        return total

    total = expanded(root, 0)
    if total > max_nodes or total > max(10 * unique, 10_000):
        raise StoryError.single(
            file,
            f"YAML aliases expand this file from {unique:,} to {total:,} values "
            "(a 'billion laughs' file?); refused",
        )


class _Builder:
    """Builds plain Python data from a composed node tree, counting every value built."""

    def __init__(self, file: str, max_nodes: int):
        self.file = file
        self.max_nodes = max_nodes
        self.count = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self._constructor = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, message: str) -> StoryError:
        return StoryError.single(self.file, message, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise self._fail(
                node,
                f"the story expands to more than {self.max_nodes:,} values "
                "(YAML aliases repeated too often, e.g. a 'billion laughs' file); refused",
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            raise self._fail(node, f"the YAML tag '{node.tag}' is not allowed in a story (plain data only)")
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, "YAML merge keys ('<<') are not supported in stories")
                key = self.build(key_node, path + ("<key>",), depth + 1)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise self._fail(key_node, "a mapping key must be a plain text")
                if key in result:
                    raise self._fail(key_node, f"the key '{key}' appears twice in the same mapping")
                self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            raise self._fail(node, f"the YAML tag '{tag}' is not allowed in a story (plain data only)")
        raw = node.value
        if tag in (_STR, _TIMESTAMP):
            # dates stay text: the schema parses them and reports impossible ones with a location
            return raw
        if tag in (_INT, _FLOAT) and ":" in raw:
            return raw  # YAML 1.1 reads 18:10 as a base-60 number; a story means a time
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            return raw
