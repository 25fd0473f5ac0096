"""Reading a story's YAML safely, on PyYAML and libyaml.

libyaml (``yaml.CSafeLoader``) composes the node tree; our builder turns it into plain data and
enforces a story's rules on the way: only plain data (no tag that constructs an object, no
``!!binary``/``!!set``), dates and ``18:10`` kept as text for the schema to check, no merge keys,
no key given twice, nesting at most :data:`MAX_DEPTH` deep, and aliases bounded (a node used
again is built once; the values it stands for are counted, so a "billion laughs" file is refused
without being expanded). Positions are not recorded while building: :class:`LocatedData` finds a
value's line and column in the node tree (composed again from the text if it was let go) only
when a problem is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from geo.story.errors import StoryError

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64

Path_ = tuple[Any, ...]

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # wheels ship libyaml; same marks either way

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_PLAIN_SCALARS = {_STR, _TIMESTAMP, _INT, _FLOAT, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_MERGE = "tag:yaml.org,2002:merge"


class LocatedData:
    """Plain story data and where each value stood in its file (lines and columns from 1).

    Positions come from a ``positions`` mapping (tables, GeoJSON: a value's row or feature), or
    from the YAML ``text`` the data was read from, composed again on first use (``prepare`` turns
    the text into what libyaml reads, for a JSON story). Only problem reports ask for them.
    """

    def __init__(self, data: Any, file: str, positions: dict[Path_, tuple[int, int]] | None = None, *,
                 text: str | bytes | None = None, root: yaml.Node | None = None,
                 prepare: Callable[[str | bytes], str | bytes] | None = None):
        self.data = data
        self.file = file
        self._positions = positions
        self._text = text
        self._root = root
        self._prepare = prepare

    def __repr__(self) -> str:
        return f"LocatedData(file={self.file!r})"

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """The position of the value at ``path``, or of its nearest located parent; a mapping's
        value stands where its key does."""
        path = tuple(path)
        if self._positions is not None:
            while path and path not in self._positions:
                path = path[:-1]
            return self._positions.get(path, (None, None))
        node = self._node_tree()
        if node is None:
            return None, None
        mark = node.start_mark
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if _key_of(k) == step), None)
                if found is None:
                    break
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def forget_nodes(self) -> None:
        """Let the node tree go (a loaded story keeps only its text; positions compose it again)."""
        self._root = None

    def _node_tree(self) -> yaml.Node | None:
        if self._root is None and self._text is not None:
            text = self._prepare(self._text) if self._prepare is not None else self._text
            try:
                self._root = compose(text, self.file)
            except StoryError:
                return None
        return self._root


def _key_of(node: yaml.Node) -> Any:
    """A key node's value as the builder made it (keys are plain scalars)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return _scalar(node)


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
    """Read YAML text (or its UTF-8 bytes) into plain data, refusing unsafe or oversized input.

    Raises
    ------
    StoryError
        On a syntax error, a file over ``max_bytes``, more than ``max_nodes`` values (aliases
        counted as often as they are used), nesting deeper than ``MAX_DEPTH``, a tag that is not
        plain data, a merge key or a key given twice: located where the file has a place for it.

    Examples
    --------
    >>> read_yaml("day: 2016-12-15\\nat: 18:10\\n").data
    {'day': '2016-12-15', 'at': '18:10'}
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))
    if size > max_bytes:
        raise StoryError.single(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if not text or text.isspace():
        raise StoryError.single(file, "the file is empty")
    root = compose(text, file)
    data = _Builder(file, max_nodes).build_document(root)
    return LocatedData(data, file, text=text, root=root)


def compose(text: str | bytes, file: str) -> yaml.Node:
    """libyaml's node tree of a one-document text, or a located syntax error."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise StoryError.single(file, f"YAML syntax error: {what}", line, col) from None
    except yaml.YAMLError as exc:
        raise StoryError.single(file, f"YAML error: {exc}") from None
    if node is None:
        raise StoryError.single(file, "the file holds no YAML document")
    return node


_CONSTRUCTOR = yaml.SafeLoader("")  # its scalar constructors only (ints in any base, floats, booleans)


def _scalar(node: yaml.ScalarNode) -> Any:
    """A plain scalar's value: dates and ``18:10`` (base 60 in YAML 1.1) stay text."""
    tag = node.tag
    if tag == _STR or tag == _TIMESTAMP:
        return node.value
    if (tag == _INT or tag == _FLOAT) and ":" in node.value:
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return node.value


class _Builder:
    """Plain data from a node tree, checked against a story's rules (see the module's docstring)."""

    def __init__(self, file: str, max_nodes: int):
        self.file = file
        self.max_nodes = max_nodes
        self._built: dict[int, tuple[Any, int]] = {}  # node id -> (value, how many values it stands for)

    def _fail(self, node: yaml.Node, message: str) -> StoryError:
        return StoryError.single(self.file, message, node.start_mark.line + 1, node.start_mark.column + 1)

    def build_document(self, root: yaml.Node) -> Any:
        value, total = self._build(root, 0)
        unique = len(self._built)
        if total > self.max_nodes or total > max(10 * unique, 10_000):
            if total == unique:
                raise StoryError.single(self.file, f"the file holds {total:,} values; the limit is {self.max_nodes:,}")
            raise StoryError.single(self.file, f"YAML aliases expand this file from {unique:,} to {total:,} values "
                                               "(a 'billion laughs' file?); refused")
        return value

    def _build(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        known = self._built.get(id(node))
        if known is not None:  # an alias: the same value, counted again
            return known
        if depth > MAX_DEPTH:
            raise self._fail(node, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _PLAIN_SCALARS:
                raise self._fail(node, f"the YAML tag '{node.tag}' is not allowed in a story (plain data only)")
            built: tuple[Any, int] = (_scalar(node), 1)
        elif node.tag not in _COLLECTIONS:
            raise self._fail(node, f"the YAML tag '{node.tag}' is not allowed in a story (plain data only)")
        elif isinstance(node, yaml.SequenceNode):
            items, total = [], 1
            for item in node.value:
                value, size = self._build(item, depth + 1)
                items.append(value)
                total += size
            built = (items, total)
        else:
            built = self._mapping(node, depth)
        self._built[id(node)] = built
        if len(self._built) > self.max_nodes:
            raise self._fail(node, f"the file holds more than {self.max_nodes:,} values; refused")
        return built

    def _mapping(self, node: yaml.MappingNode, depth: int) -> tuple[dict[Any, Any], int]:
        result: dict[Any, Any] = {}
        total = 1
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self._fail(key_node, "YAML merge keys ('<<') are not supported in stories")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a mapping key must be a plain text")
            key, _ = self._build(key_node, depth + 1)
            if key is None or not isinstance(key, (str, int, float, bool)):
                raise self._fail(key_node, "a mapping key must be a plain text")
            if key in result:
                raise self._fail(key_node, f"the key '{key}' appears twice in the same mapping")
            value, size = self._build(value_node, depth + 1)
            result[key] = value
            total += 1 + size
        return result, total
