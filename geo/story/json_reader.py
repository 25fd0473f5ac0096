"""Stories written as JSON: the YAML schema in JSON's syntax, read fast.

JSON is YAML's subset that programs write, so a story file (or upload) in JSON is a story file:
the YAML readers read it and locate every problem. A big generated story (a year of incidents)
is best written so: pydantic's JSON reader builds its models straight from the bytes, and the
100,000-event benchmark story loads in some 3 s instead of 6.6 s as YAML, whose readers and our
checks that they read alike take the difference (``docs/performance.md``). :func:`geo.story.load.load_story` tries that way first and falls back to
the YAML readers whenever the story is not valid, so problems are reported as for any story.

Two things the YAML readers refuse that JSON readers let through are checked here: a name given
twice in one object (JSON readers keep the last value; we refuse, as for YAML) and, for the
located reader, escapes of characters beyond the Basic Multilingual Plane as surrogate pairs,
which libyaml cannot read (``json.dumps`` writes emoji so).
"""

from __future__ import annotations

import functools
import json
import operator
import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from geo.story.schema import Story

# a story in JSON: an object first (after a UTF-8 BOM and white space)
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")
_JSON_START_TEXT = re.compile(r"\ufeff?[ \t\r\n]*\{")
# Where a name's closing quote is not followed by its colon at once. JSON writers never write so
# (json.dumps, JSON.stringify, jq); there the names are counted the slow, exact way.
_SPACE_BEFORE_COLON = re.compile(rb'"[ \t\r\n]+:')
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
# a literal first: a fast search (see geo.story.yaml_reader); whether the backslash is an escape's own
# is told by the backslashes before it
_SURROGATE_PAIR = re.compile(rb"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def looks_like_json(text: str | bytes) -> bool:
    """Whether the story text is a JSON object (else it is read as YAML only)."""
    return bool((_JSON_START if isinstance(text, bytes) else _JSON_START_TEXT).match(text))


def without_bom(text: str | bytes) -> str | bytes:
    """The text without its UTF-8 byte order mark (JSON readers refuse one)."""
    if isinstance(text, bytes):
        return text[3:] if text.startswith(b"\xef\xbb\xbf") else text
    return text[1:] if text.startswith("\ufeff") else text


def name_count(raw: bytes) -> int:
    """How many names (keys) the objects of a valid JSON text hold, repeats included: in valid
    JSON a colon outside strings always follows a name (exact, and slow: 1.6 s for 120 MB)."""
    return _STRING.sub(b"", raw).count(b":")


def names_repeat(raw: str | bytes, names: int) -> bool:
    """Whether the valid JSON text ``raw`` gives a name twice in some object, its models holding
    ``names`` names (:func:`model_names`). Fast for JSON as writers write it; exact always."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    # Without white space between a name and its colon, ``raw.count(b'":')`` counts every name,
    # plus any text that starts with a colon or holds an escaped quote before one: never fewer
    # than the names, so equal to the (fewer, if repeated) names the models hold, none repeats.
    if _SPACE_BEFORE_COLON.search(raw) is None and raw.count(b'":') == names:
        return False
    return name_count(raw) != names


def model_names(value: Any) -> int:
    """How many names the input gave to build ``value``: each model's fields set (names given,
    defaults aside) and each plain mapping's keys, recursively."""
    return _names([value])


def _names(values: list[Any]) -> int:
    """The names ``values`` hold; the models of a class counted together, field by field (a big
    story's events: a few passes over one list, not a walk through each event)."""
    total = 0
    models: dict[type[BaseModel], list[BaseModel]] = {}
    inner: list[Any] = []
    kinds = set(map(type, values))
    if len(kinds) == 1 and issubclass(kind := kinds.pop(), BaseModel):  # a field's models, a story's events
        models[kind] = values
        values = []
    for value in values:
        if isinstance(value, BaseModel):
            models.setdefault(type(value), []).append(value)
        elif isinstance(value, dict):
            total += len(value)
            inner += value.values()
        elif isinstance(value, (list, tuple)):
            inner += value
    for model, items in models.items():
        total += sum(map(len, map(_FIELDS_SET, items)))
        for name in _nested_fields(model):
            total += _names(list(filter(_GIVEN, map(operator.attrgetter(name), items))))
    return total + (_names(inner) if inner else 0)


_FIELDS_SET = operator.attrgetter("__pydantic_fields_set__")
_GIVEN = functools.partial(operator.is_not, None)


@functools.cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that may hold names: a model, a mapping, or any value."""
    def may_hold_names(annotation: Any) -> bool:
        if annotation is Any or annotation is dict or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return True
        return typing.get_origin(annotation) is dict or any(map(may_hold_names, typing.get_args(annotation)))

    return tuple(name for name, info in model.model_fields.items() if may_hold_names(info.annotation))


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
