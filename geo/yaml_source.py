"""Safe YAML reading that remembers where every value stood in the file.

PyYAML's safe composer builds a node tree that keeps line and column marks; the values
are then built from that tree by hand so that

* nothing but plain data can come out (no tags that construct objects),
* alias expansion is counted and a "billion laughs" file is refused at once,
* every value's position is kept, keyed by its path (``("events", 3, "end")``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from geo.errors import StoryError

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


@dataclass
class LocatedData:
    """Plain data read from YAML, and the (line, column) of each value, 1-based."""

    data: Any
    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """The position of the value at ``path``, or of its nearest located parent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))


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
    text: str,
    file: str = "<story>",
    *,
    max_bytes: int = MAX_BYTES,
    max_nodes: int = MAX_NODES,
) -> LocatedData:
    """Read YAML text into plain data with positions, refusing unsafe or oversized input.

    Raises
    ------
    StoryError
        On a syntax error, a file over ``max_bytes``, more than ``max_nodes`` values after
        alias expansion, nesting deeper than ``MAX_DEPTH``, or an object-constructing tag.
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise StoryError.single(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if not text.strip():
        raise StoryError.single(file, "the file is empty")
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
