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
  control characters that YAML 1.1 reads differently, indentation deep enough to strain the
  parser, and what yaml-rs takes more leniently than libyaml (flow collections across lines,
  "|" or ":" starting a scalar in one, tabs among indentation, a lone CR, "..." before the
  document, a block scalar that ends the text empty or without a line break: found by
  fuzzing, ``tests/test_story_properties.py``); yaml-rs itself refuses duplicate keys and every
  alias; a walk over the result
  checks nesting, the number of values, key types and YAML 1.1's ``yes``/``no``/``on``/``off``,
  ``=`` and ``<<``. Whenever any of that fails, the located reader reads the text and says what
  is wrong exactly as before.
* A big story is read by the fast reader **in pieces** (:func:`read_yaml_in_pieces`): the
  top-level mapping down to its ``events:`` line, then its events a few hundred at a time (each
  chunk after an ``events:`` line and before the next chunk's first line, as in the text), the
  last with the rest of the mapping; each piece scanned, read and checked as a whole text would
  be, so the plain data of the whole story (five times the file's size) never exists at once.
  Chunks start at lines that can only begin an event; a chunk that ends inside a quoted scalar
  or a flow collection does not parse, and any piece the fast reader cannot take sends the whole
  text the usual way.

:class:`LocatedData` keeps the text (a big file's left in the file, :class:`FileText`; a big text
given as bytes zlib-packed, :class:`PackedText`): its
``positions`` (and its ``data``, once released with :meth:`LocatedData.release_data`) are read
again on first use, which only a problem report needs.
"""

from __future__ import annotations

import gc
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from geo.story.errors import StoryError


def _import_fast_reader() -> Any:
    """yaml-rs if this module is imported by the main thread; else None, and every file goes
    through the located reader (slower, but safe).

    yaml-rs (0.1.6) crashes the whole process (a segmentation fault) when it is called after the
    thread that first imported it has ended (``tests/test_yaml_source.py`` shows it). Streamlit
    runs each script run in a thread of its own that ends with the run: a page script importing
    yaml-rs first would bring the server down on the next story read (another story, an upload).
    ``app.py`` imports this module in the server's main thread, which lives as long as the
    process; so do the CLI, the tests and the benchmarks.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - a requirement; kept optional so the app still runs
        return None
    return yaml_rs


_yaml_rs = _import_fast_reader()

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


class PackedText:
    """A big story's text kept zlib-compressed (a tenth of its size for generated stories, a third
    for prose): it is read again only to locate a problem. It is packed in a thread while the story
    is read (zlib lets go of the GIL, so on a second core this costs no time) and the text itself
    is let go once packed."""

    def __init__(self, text: bytes):
        self._text: bytes | None = text
        self._packed: bytes | None = None
        self._thread = threading.Thread(target=self._pack, name="pack-story-text", daemon=True)
        self._thread.start()

    def _pack(self) -> None:
        try:
            self._packed = zlib.compress(self._text, 1)  # type: ignore[arg-type]
        except MemoryError:  # pragma: no cover - then the text is simply kept
            return
        self._text = None

    def unpack(self) -> bytes:
        self._thread.join()
        return self._text if self._text is not None else zlib.decompress(self._packed)  # type: ignore[arg-type]


class FileText:
    """A big story file's text, read again from the file only if a problem needs positions:
    nothing kept in memory, nothing to compress while the story loads (on two cores, packing
    125 MB took the second core from the browser booting the page). The file is the deployer's
    own, on the server; if it changed since, the story cache loads it again anyway."""

    def __init__(self, path: Path):
        self.path = path

    def unpack(self) -> bytes:
        return self.path.read_bytes()


class LocatedData:
    """Plain data read from YAML, and the (line, column) of each value, 1-based.

    ``positions`` may be given (CSV, GeoJSON, the located reader) or, with ``source``, are
    read from the YAML text (maybe packed, :class:`PackedText`, or left in its file, :class:`FileText`)
    on first use; ``prepare`` turns
    the source into the text the YAML readers read (a JSON story's: :mod:`geo.story.json_reader`).
    """

    def __init__(self, data: Any, file: str, positions: dict[Path_, tuple[int, int]] | None = None, *,
                 source: str | bytes | PackedText | FileText | None = None, max_nodes: int = MAX_NODES,
                 value_count: int | None = None, prepare: Callable[[str | bytes], str | bytes] | None = None):
        self._data = data
        self._prepare = prepare
        self.file = file
        self.value_count = value_count  # values counted against max_nodes (keys too), when known
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

    def _text(self) -> str | bytes | None:
        """The text to read again; None if its file cannot be read any more."""
        assert self._source is not None
        try:
            text = self._source if isinstance(self._source, (str, bytes)) else self._source.unpack()
        except OSError:
            return None
        return self._prepare(text) if self._prepare is not None else text

    @property
    def data(self) -> Any:
        if self._data is None and self._source is not None and (text := self._text()) is not None:
            self._data = read_yaml(text, self.file, max_bytes=len(text) * 4 + 1, max_nodes=self._max_nodes).data
        return self._data

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        return self.located().positions if self._positions is None else self._positions

    def located(self) -> LocatedData:
        """The same text read by the located reader: its data and every position (read once)."""
        if self._positions is not None:
            return self
        if self._located is None:
            text = self._text()
            self._located = LocatedData(None, self.file, {}) if text is None else \
                read_yaml_located(text, self.file, max_nodes=self._max_nodes)  # gone: no positions
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
    if not text or text.isspace():  # what ``not text.strip()`` says, without copying a big text
        raise StoryError.single(file, "the file is empty")
    data = _fast_read(text, max_nodes)
    if data is not None:
        return LocatedData(data, file, source=text, max_nodes=max_nodes)
    return read_yaml_located(text, file, max_nodes=max_nodes)


# What the fast reader must not be given (the bytes of UTF-8 text; see the module's docstring).
# Each search starts with a literal byte or runs on a small translation of the text: a regex
# that starts with a character class would scan a 100 MB story for seconds.
_CONTROL = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_RARE = _CONTROL + b"\xc2\xe2\xef!&*%?{["
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
# Colons libyaml reads otherwise than yaml-rs (or refuses): one after "[", "{", "," or ":" and blanks,
# one starting a line, one right before ",", "]" or "}" ("[x:]", "[:x]", "{a, :b}", ": :").
_BARE_COLON = [re.compile(p) for p in (rb":[ \t]*:", rb"\[[ \t]*:", rb"{[ \t]*:", rb",[ \t]*:", rb"\n[ \t]*:",
                                       rb":[,\]}]")]
# A "|" or ">" starting a scalar in a flow collection (yaml-rs reads "[|x]" and "{a: |}" as text; libyaml
# refuses them): after "[", "{" or ",", or after ":" and not a block scalar's header (": |-2 # c").
_FLOW_INDICATOR = [re.compile(p) for p in (rb"\[[ \t]*[|>]", rb"{[ \t]*[|>]", rb",[ \t]*[|>]",
                                           rb":[ \t]*[|>](?![-+0-9]*(?:[ \t]+#[^\n]*)?[ \t]*(?:\r?\n|\Z))")]
# Each search is a pass over the text: first one pass for what any of them needs, with blanks deleted
# and bytes in classes (":" B; "[{" A; "," D; "]}" C; "|>" P; "-+" and digits H; "#" M; line breaks N).
_CLASSES = {b":": b"B", b"[{": b"A", b",": b"D", b"]}": b"C", b"|>": b"P", b"-+0123456789": b"H", b"#": b"M", b"\n": b"N"}
_COLON_PAIRS = bytes(next((ord(code) for chars, code in _CLASSES.items() if c in chars), ord(b"x")) for c in range(256))
_COLON_PAIR = re.compile(rb"B(?:(?<=[ABDN]B)|(?=[CD]))")
_INDICATOR_PAIR = re.compile(rb"P(?:(?<=[AD]P)|(?<=BP)(?!H*(?:M[^N]*)?(?:N|\Z)))")
# yaml-rs takes some tabs in a line's indentation and indicators that libyaml refuses ("a: |\n \tb",
# "a: b\n\t\n", "- \tb").
_TAB_INDENT = re.compile(rb"[ ?:-]*\t")  # matched at the start, searched for after a line break
_TAB_INDENT_LINE = re.compile(rb"\n[ ?:-]*\t")
_LEADING_COLON = re.compile(rb"[ \t]*:")
# Block nesting is only as deep as a line's run of indentation and "- ", "? ", ": " indicators.
_TOO_DEEP = re.compile(rb"[ \t?:-]{100}")
_LINE_START = re.compile(rb"\n(?:[ \t?:-]{100}|\.\.\.)")  # a literal first: a fast search
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
    marks = raw.translate(None, _NOT_RARE_FLOW_OR_LINE_BREAK)  # small: rare bytes, brackets, line breaks
    rare = set(marks.translate(None, b"\n]}"))
    if raw[:1] in (b"!", b"&", b"*", b"%", b"?") or any(byte in rare for byte in _CONTROL):
        return True
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):  # a line break of its own (here, lines end in LF)
        return True
    if any(_RARE_CHECKS[byte].search(raw) for byte in rare if byte in _RARE_CHECKS):
        return True
    if (ord("{") in rare or ord("[") in rare) and _flow_across_lines(marks.translate(None, _RARE_NOT_FLOW)):
        return True
    pairs = raw.translate(_COLON_PAIRS, b" \t")
    if _LEADING_COLON.match(raw) or (_COLON_PAIR.search(pairs) and any(check.search(raw) for check in _BARE_COLON)):
        return True
    if (b"|" in raw or b">" in raw) and _INDICATOR_PAIR.search(pairs) and any(c.search(raw) for c in _FLOW_INDICATOR):
        return True
    if b"\t" in raw and (_TAB_INDENT.match(raw) or _TAB_INDENT_LINE.search(raw)
                         or any(indicator in raw for indicator in (b"-\t", b"?\t", b":\t"))):
        return True
    # nesting too deep; a document end ("..."), which yaml-rs takes before the document too
    return raw.startswith(b"...") or _TOO_DEEP.match(raw) is not None or _LINE_START.search(raw) is not None


_NOT_RARE_FLOW_OR_LINE_BREAK = bytes(b for b in range(256) if b not in _RARE + b"[]{}\n")
_RARE_NOT_FLOW = bytes(b for b in _RARE if b not in b"[{")


def _flow_across_lines(brackets: bytes) -> bool:
    """Whether a flow collection ([...], {...}) may span lines, given the text's brackets and line
    breaks only: libyaml refuses a key broken over lines there (``{a\n b: 1}``), or a "|" that
    ends a line in one, which yaml-rs reads as text. Brackets in quotes count too: unmatched ones
    send the text to the located reader (slower), and so does nesting deeper than MAX_DEPTH, which
    it refuses: each round takes the innermost pairs away, so deep nesting would take rounds
    without end (100,000 brackets deep: a minute)."""
    previous = b""
    for _ in range(MAX_DEPTH + 1):
        if brackets == previous:
            return any(bracket in brackets for bracket in (b"[", b"]", b"{", b"}"))
        previous, brackets = brackets, brackets.replace(b"[]", b"").replace(b"{}", b"")
    return True


_BLOCK_SCALAR_HEADER = re.compile(rb"(?:^|[ \t])[|>][-+0-9]*(?:[ \t]+#.*)?[ \t]*\r?$")


def _block_scalar_at_end(raw: bytes) -> bool:
    """Whether a block scalar (``|``, ``>``) may run to the end of the text empty, or without a
    final line break: yaml-rs then reads a line break that libyaml does not. Lines are read back
    from the end: a header line with every later line more indented than it says so; a line at
    the margin that is not a header ends any scalar before it."""
    if b"|" not in raw and b">" not in raw:
        return False
    after = None  # the least indentation of the lines after the one read, blank ones aside
    end = len(raw)
    while end > 0:
        start = raw.rfind(b"\n", 0, end - 1) + 1
        line = raw[start:end].rstrip(b"\r\n")
        end = start
        content = line.lstrip(b" ")
        if not content.strip() or content.startswith(b"#"):
            continue
        indent = len(line) - len(content)
        if _BLOCK_SCALAR_HEADER.search(line) and (after is None or after > indent):
            return after is None or not raw.endswith(b"\n")
        if indent == 0:
            return False
        after = indent if after is None else min(after, indent)
    return False


# What may stand right before a plain scalar (the look-behind of _ODD_NUMBER).
_BEFORE_SCALAR = tuple(bytes([b]) for b in b" \t\n\r\f\v[{,:")
_LONGEST_NUMBER = 4096  # a longer run of number-like bytes is left to the located reader


def _odd_numbers(raw: bytes) -> bool:
    """Whether some plain scalar is a number spelt the YAML 1.1 way."""
    for hint in _NUMBER_HINTS:
        for found in hint.finditer(raw):
            # search from where the scalar around the hint starts, however far back: "1111…1e5"
            # with the "e" 100 bytes in is text to the located reader and a number to yaml-rs
            near = max(0, found.start() - _LONGEST_NUMBER)
            start = max(raw.rfind(before, near, found.start()) for before in _BEFORE_SCALAR)
            if start < 0 and near > 0:
                return True
            if _ODD_NUMBER.search(raw, max(0, start), found.end() + 80):
                return True
    return False


def _fast_read(text: str | bytes, max_nodes: int) -> Any | None:
    """Plain data from the fast reader, or None when the located reader must read this text."""
    if _yaml_rs is None:
        return None
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    if _unlike_for_the_readers(raw) or _block_scalar_at_end(raw):
        return None
    with paused_gc():
        read = _yaml_rs_read(text, dict, max_nodes, 0)
    if read is None or (read[2] and _odd_numbers(raw)):
        return None
    return read[0]


_NO_ALIASES = _yaml_rs.AliasLimits(0, 0, 0) if _yaml_rs is not None else None
_OPTIONS = {"parse_datetime": False, "alias_limits": _NO_ALIASES,
            "duplicate_key_policy": _yaml_rs.DuplicateKeyPolicy.Error if _yaml_rs is not None else None}


def _yaml_rs_read(text: str | bytes, kind: type, max_nodes: int, depth: int,
                  next_item: bool = False) -> tuple[Any, int, int] | None:
    """yaml-rs's data for ``text`` if it is a ``kind`` the located reader would build alike (numbers
    aside), with how many values and numbers it holds; ``depth``: where the text's root stands.
    ``next_item``: the text's ``events`` list ends with an item to drop (see :func:`_read_piece`)."""
    try:
        data = _yaml_rs.loads(text, **_OPTIONS) if isinstance(text, str) else _yaml_rs.load(text, **_OPTIONS)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # any refusal (a Rust panic too): the located reader finds and words the problem
        return None
    if type(data) is not kind:
        return None
    if next_item:  # the item of the line after a chunk of events: read for its context only
        events = data.get("events")
        if type(events) is not list or len(events) < 2:
            return None
        events.pop()
    counted = _plain_enough(data, max_nodes, depth)
    return None if counted is None else (data, *counted)


def _plain_enough(root: dict | list, max_nodes: int, depth: int = 0) -> tuple[int, int] | None:
    """How many values (keys included, as the located reader counts them) and numbers the data
    holds, or None unless the located reader would build exactly this data: nesting, number of
    values, key types, no YAML 1.1 words. ``depth``: the root's depth in the whole document."""
    count = numbers = 0
    level: list[Any] = [root]  # a level of nesting at a time: no (node, depth) pairs to make
    no_words_in = _YAML11_WORDS.isdisjoint
    while level:
        deeper: list[Any] = []
        push = deeper.append
        for node in level:
            if type(node) is dict:
                count += 1 + len(node)  # the mapping and its keys
                if not no_words_in(node):
                    return None
                for key in node:
                    if type(key) is not str:
                        return None
                values: Any = node.values()
            else:  # a list
                count += 1
                values = node
            for value in values:
                kind = type(value)
                if kind is str:
                    count += 1
                    if len(value) < 4 and value in _YAML11_WORDS:
                        return None
                elif kind is dict or kind is list:
                    push(value)
                else:
                    count += 1
                    if kind is int or kind is float:
                        numbers += 1
        if count > max_nodes or (depth >= MAX_DEPTH and any(level)):  # something nested below MAX_DEPTH
            return None
        level = deeper
        depth += 1
    return count, numbers


# --- a big story in pieces --------------------------------------------------------------------------

class PieceRefused(Exception):
    """The fast reader cannot take a piece of the text as it is: read the whole text as usual."""


_CHUNK_BYTES = 64 * 1024  # events read at a time (some 50): their plain data stays in the CPU's caches
# a document marker ("---", "...") starting a line: pieces would read as several documents
_MARKERS = (b"\n---", b"\n...")
_EVENTS_LINE_END = re.compile(rb"[ \t]*\r?\n")
_SKIPPED_LINE = re.compile(rb"[ \t]*(?:#[^\n]*)?\r?\n")  # blank or comment only
_FIRST_ITEM = re.compile(rb"( *)-(?: |\r?\n)")


def _block_end(indent: int) -> re.Pattern[bytes]:
    """A line that ends a block sequence whose items are at ``indent``: less indented (comments
    and blank lines aside), or as indented but not an item."""
    item_level = rb" {%d}(?:[^ \-#\r\n]|-[^ \r\n])" % indent
    if indent == 0:
        return re.compile(rb"\n" + item_level)
    return re.compile(rb"\n(?: {0,%d}[^ #\r\n]|%s)" % (indent - 1, item_level))


def _read_piece(piece: bytes, max_nodes: int, *, first: bool = False, chunk: bool = False,
                next_line: bytes = b"") -> tuple[Any, int]:
    """A piece of the text, read and checked as :func:`_fast_read` reads a whole text, and how many
    values it holds. A piece other than the ``first`` starts a line in the middle of the text.

    A ``chunk`` of events (and what follows the last one) is read where it stands in the text:
    after an ``events:`` line, and with the ``next_line`` that follows it in the text (the first
    line of the next chunk, an item whose value is dropped), so that its last value ends as it
    does there, not at the end of a text (yaml-rs reads an empty ``|`` scalar at the end as a line
    break). Its data is then ``{"events": [...], **what follows the events}``.
    """
    scanned = piece if first else b"\n" + piece  # the line break before it, for checks at line starts
    # (a chunk holds no document marker: a line starting "---" or "..." ends the events' block)
    if (not next_line and any(marker in scanned for marker in _MARKERS)) or _unlike_for_the_readers(scanned):
        raise PieceRefused
    if chunk and not next_line and _block_scalar_at_end(piece):  # the last piece runs to the text's end
        raise PieceRefused
    try:
        piece.decode("utf-8")  # yaml-rs would replace what is not UTF-8
    except UnicodeDecodeError:
        raise PieceRefused from None
    # bytes, not str: yaml-rs would have to encode a str back to UTF-8 (a fifth of its time)
    text = b"events:\n" + piece + next_line if chunk else piece
    read = _yaml_rs_read(text, dict, max_nodes + 2 * chunk, 0, next_line != b"")
    if read is None or (read[2] and _odd_numbers(scanned)):
        raise PieceRefused
    data, count = read[0], read[1]
    if chunk:
        if type(data.get("events")) is not list:
            raise PieceRefused
        count -= 2  # the mapping and the "events" key around the chunk: the head counted them
    return data, count


class YamlPieces:
    """A story's YAML read by the fast reader in pieces (see :func:`read_yaml_in_pieces`).

    Iterate :meth:`events` to the end (chunks of the ``events`` list's plain data), then
    :meth:`rest` gives the top-level mapping (``events`` still None). Either raises
    :class:`PieceRefused` when the text has to be read the usual way. ``values`` counts the
    values read so far, as the located reader counts them for ``max_nodes``.
    """

    def __init__(self, raw: bytes, head: dict[str, Any], values: int, start: int, first_item: int, indent: int,
                 max_nodes: int):
        self._raw = raw
        self._head = head
        self.values = values
        self._start = start  # where the events' lines start (blank lines and comments first, maybe)
        self._first_item = first_item  # where the first item's line starts
        self._indent = indent
        self._max_nodes = max_nodes
        self._rest: dict[str, Any] | None = None  # what follows the events, read with the last chunk

    def events(self, chunk_bytes: int = _CHUNK_BYTES) -> Iterator[list[Any]]:
        raw, end = self._raw, len(self._raw)
        item = b"\n" + b" " * self._indent + b"-"
        block_end = _block_end(self._indent)
        pos, first_item = self._start, self._first_item
        while pos < end:
            # the chunk ends where an item line starts, some chunk_bytes further on (one item at least)
            cut = max(pos + chunk_bytes, first_item + 1)
            while (found := raw.find(item, cut)) >= 0 and raw[found + len(item):found + len(item) + 1] not in b" \r\n":
                cut = found + 1
            stop = end if found < 0 else found + 1
            last = block_end.search(raw, pos - 1, stop)  # pos - 1: the line break before the chunk
            if last is not None or stop == end:  # the last chunk: read with what follows it
                if last is not None and raw[last.start() + 1:last.start() + 2] in b" \t":
                    raise PieceRefused  # what follows the events must start a line of the top-level mapping
                data, count = _read_piece(raw[pos:], self._max_nodes - self.values + 1, chunk=True)
                chunk = data.pop("events")
                if not data.keys().isdisjoint(self._head):
                    raise PieceRefused  # a key twice in the top-level mapping: the located reader says where
                self._rest = data
            else:
                line_end = raw.find(b"\n", stop)
                next_line = raw[stop:] if line_end < 0 else raw[stop:line_end + 1]
                data, count = _read_piece(raw[pos:stop], self._max_nodes - self.values + 1, chunk=True,
                                          next_line=next_line)
                chunk = data["events"]
            self.values += count - 1  # the list itself was counted in the head, as None
            pos = end if self._rest is not None else stop
            del data
            yield chunk
            del chunk

    def rest(self) -> dict[str, Any]:
        if self._rest is None:
            raise PieceRefused  # read the events first: the last chunk is read with the rest
        return {**self._head, **self._rest}


def read_yaml_in_pieces(text: str | bytes, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> YamlPieces | None:
    """The text for the fast reader a few events at a time, or None when it cannot be read so.

    It can when yaml-rs is there, the text is within ``max_bytes``, its top-level mapping's
    ``events:`` line stands alone at the start of a line, followed by a block sequence
    (``- `` items at one indentation), and the mapping down to that line reads as one. What the
    pieces hold is then exactly what :func:`read_yaml` would read from the whole text; a piece
    that cannot be taken raises :class:`PieceRefused` (see :class:`YamlPieces`) and the text is
    read as a whole: nothing here is ever reported to the author.
    """
    if _yaml_rs is None:
        return None
    if isinstance(text, str):
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
    else:
        raw = text
    if len(raw) > max_bytes:
        return None
    at = 0 if raw.startswith(b"events:") else raw.find(b"\nevents:") + 1
    if at == 0 and not raw.startswith(b"events:"):
        return None
    line_end = _EVENTS_LINE_END.match(raw, at + len(b"events:"))
    if line_end is None:
        return None
    start = pos = line_end.end()
    while (skipped := _SKIPPED_LINE.match(raw, pos)) is not None and skipped.end() > pos:
        pos = skipped.end()
    first_item = _FIRST_ITEM.match(raw, pos)
    if first_item is None:
        return None
    try:
        head, values = _read_piece(raw[:start], max_nodes, first=True)
    except PieceRefused:
        return None
    if next(reversed(head), None) != "events" or head["events"] is not None:
        return None
    return YamlPieces(raw, head, values, start, pos, len(first_item.group(1)), max_nodes)


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
    return LocatedData(data, file, builder.positions, value_count=builder.count)


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
