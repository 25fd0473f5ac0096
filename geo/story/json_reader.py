"""Stories written as JSON: the story schema in JSON's syntax, as programs write it.

Read by Python's JSON reader into plain data (a name given twice in one object refused, as YAML
refuses a key given twice), then validated as any story. Positions for a problem come from the
same text composed by libyaml (JSON is YAML), once surrogate-pair escapes, which libyaml cannot
read, are joined.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from geo.story.errors import StoryError
from geo.story.schema import Story
from geo.story.yaml_reader import MAX_BYTES, MAX_NODES, LocatedData, read_yaml


# a story in JSON: an object first (after a UTF-8 BOM and white space)
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")
_JSON_START_TEXT = re.compile(r"\ufeff?[ \t\r\n]*\{")
# a literal first: a fast search (see geo.story.yaml_reader); whether the backslash is an escape's own
# is told by the backslashes before it
_SURROGATE_PAIR = re.compile(rb"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def looks_like_json(text: str | bytes) -> bool:
    """Whether the story text is a JSON object (else it is read as YAML only)."""
    return bool((_JSON_START if isinstance(text, bytes) else _JSON_START_TEXT).match(text))


def read_json(text: str, file: str = "<story>", *, max_bytes: int = MAX_BYTES,
              max_nodes: int = MAX_NODES) -> LocatedData:
    """A story written as JSON, as plain data with positions (on demand), under the YAML reader's
    rules: a name given twice in one object, nesting deeper than ``MAX_DEPTH`` or more than
    ``max_nodes`` values are refused. A text that is not JSON (a YAML flow mapping, a trailing
    comma, a comment) is read as YAML, which says what is wrong.

    Examples
    --------
    >>> read_json('{"story": {"id": "s"}, "events": []}').data
    {'story': {'id': 's'}, 'events': []}
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise StoryError.single(file, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        data = json.loads(without_bom(text), object_pairs_hook=_without_repeats)
    except (json.JSONDecodeError, RecursionError):
        return read_yaml(text, file, max_bytes=max_bytes, max_nodes=max_nodes)
    except _RepeatedName as repeated:
        read_yaml(for_the_located_reader(text), file, max_bytes=4 * max_bytes, max_nodes=max_nodes)  # says where
        raise StoryError.single(file, f"the name '{repeated.name}' appears twice in the same object") from None
    problem = _shape_problem(data, max_nodes)
    if problem is not None:
        raise StoryError.single(file, problem)
    return LocatedData(data, file, text=text, prepare=for_the_located_reader)


class _RepeatedName(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's names and values; JSON readers keep the last of a name given twice, we refuse it."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        raise _RepeatedName(next(name for name, _ in pairs if name in seen or seen.add(name)))
    return result


def _shape_problem(data: Any, max_nodes: int) -> str | None:
    """What the YAML reader would refuse in plain JSON data: nesting or too many values."""
    from geo.story.yaml_reader import MAX_DEPTH

    level, depth, count = [data], 0, 0
    while level:
        if depth > MAX_DEPTH:
            return f"the story is nested more than {MAX_DEPTH} levels deep"
        deeper: list[Any] = []
        for value in level:
            count += 1
            if type(value) is dict:
                count += len(value)
                deeper += value.values()
            elif type(value) is list:
                deeper += value
        if count > max_nodes:
            return f"the file holds more than {max_nodes:,} values; the limit is {max_nodes:,}"
        level, depth = deeper, depth + 1
    return None


def without_bom(text: str | bytes) -> str | bytes:
    """The text without its UTF-8 byte order mark (JSON readers refuse one)."""
    if isinstance(text, bytes):
        return text[3:] if text.startswith(b"\xef\xbb\xbf") else text
    return text[1:] if text.startswith("\ufeff") else text


def for_the_located_reader(raw: str | bytes) -> bytes:
    """A valid JSON text as the located (libyaml) reader reads it alike: surrogate pairs
    (``\\ud83d\\ude00``) written as one ``\\U0001f600`` escape. A position after one on its line
    is then two columns early."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if b"\\ud" not in raw and b"\\uD" not in raw:
        return raw

    def joined(match: re.Match[bytes]) -> bytes:
        start = first = match.start()
        while first and raw[first - 1] == 0x5C:  # the backslashes before it
            first -= 1
        if (start - first) % 2:  # an escaped backslash followed by the letters "ud8..."
            return match[0]
        high, low = int(match[1], 16), int(match[2], 16)
        return b"\\U%08x" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR.sub(joined, raw)


def story_json_chunks(head: dict[str, Any], events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A story's JSON text in chunks: ``head`` (``story``, ``layers``...) indented, then
    ``events``, one a line, so a big file reads, greps and diffs by event, and a problem's line
    is its event's. Plain data only (dates as ``YYYY-MM-DD`` text)."""
    opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n" if head else "{\n"
    yield opening + '  "events": [\n'
    separator = "    "
    for event in events:
        yield separator + json.dumps(event, ensure_ascii=False)
        separator = ",\n    "
    yield "\n  ]\n}\n"


def story_json_text(story: Story) -> str:
    """The story as JSON, as its author wrote it (defaults left out): loads to an equal story."""
    data = story.model_dump(mode="json", exclude_unset=True)
    events = data.pop("events")
    return "".join(story_json_chunks(data, events))
