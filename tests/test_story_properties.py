"""Property tests: generated valid stories load and export; corrupted YAML never crashes the loader.

The default is 50 examples per property, fast enough for every run. For a long fuzz run:

    FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/test_story_properties.py -q -p no:cacheprovider
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.story.errors import StoryError
from geo.render.export import to_geojson
from geo.places.geocode import geocode_story
from geo.story.load import parse_story

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
# any text with something visible in it (stripped empty titles are refused, rightly); includes
# Vietnamese, CJK, emoji and the characters of script payloads
texts = st.text(
    # YAML allows no raw control characters, surrogates or U+FFFE/U+FFFF in a file
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(list("<>`${}\\\"'&ĐđỞởệ国後島😀\u2028")),
    min_size=0, max_size=40,
).map(lambda s: s + " x").filter(lambda s: s.strip())
days = st.dates(dt.date(2016, 12, 1), dt.date(2016, 12, 31))
places = st.sampled_from(["otani-sanso", "Kantei", "Кунашир", "国後島", "Đảo Iturup", "nagato", "Vladivostok"])


@st.composite
def stories(draw):
    ids = draw(st.lists(slugs, min_size=1, max_size=6, unique=True))
    events = []
    for event_id in ids:
        start = draw(st.none() | days)
        end = None
        if start is not None and draw(st.booleans()):
            end = start + dt.timedelta(days=draw(st.integers(0, 5)))
        event = {
            "id": event_id, "layer": "talks",
            "title": {"vi": draw(texts), "en": draw(texts)},
            "summary": {"vi": draw(texts), "en": draw(texts)},
            "quote_vi": draw(texts), "quote_en": draw(texts),
            "places": draw(st.lists(places, min_size=1, max_size=3)),
            "line": draw(st.booleans()),
        }
        if start is not None:
            event["start"] = start.isoformat()
        if end is not None:
            event["end"] = end.isoformat()
        events.append(event)
    return {
        "story": {"id": "generated", "title": {"vi": draw(texts), "en": draw(texts)}, "timezone": "Asia/Tokyo"},
        "layers": [{"id": "talks", "name": {"vi": draw(texts), "en": draw(texts)}, "color": "#0072B2"}],
        "events": events,
    }


def _strip(text: str) -> str:
    return text.strip()


@FUZZ
@given(stories())
def test_generated_stories_load_and_round_trip_through_geojson(data):
    # JSON is YAML, once the characters YAML reads as line breaks are written as escapes
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    loaded = parse_story(text, "generated.yaml")
    fc = to_geojson(geocode_story(loaded))
    features = fc["features"]
    assert [f["id"] for f in features] == [e["id"] for e in data["events"]]
    for feature, event in zip(features, data["events"]):
        props = feature["properties"]
        assert props["title_vi"] == _strip(event["title"]["vi"])
        assert props["title_en"] == _strip(event["title"]["en"])
        assert props["quote_vi"] == _strip(event["quote_vi"])
        assert props["start"] == event.get("start")
        assert props["end"] == event.get("end")
    json.dumps(fc, allow_nan=False)


MINI_TEXT = None


def _edited(text: str, changes) -> str:
    """``text`` with each (operation, position, characters) edit applied in turn (positions wrap)."""
    for op, pos, chars in changes:
        pos %= len(text) + 1
        end = pos if op == "insert" else pos + 1
        text = text[:pos] + ("" if op == "delete" else chars) + text[end:]
    return text


def _mini_text():
    global MINI_TEXT
    if MINI_TEXT is None:
        from pathlib import Path

        MINI_TEXT = (Path(__file__).parent / "data" / "mini" / "story.yaml").read_text(encoding="utf-8")
    return MINI_TEXT


edits = st.lists(
    st.tuples(st.sampled_from(["delete", "insert", "replace"]), st.integers(0, 10_000),
              st.sampled_from(list(":-[]{}#&*!|>'\"\n\t ,?%@`<>") + ["\u2028", "\x00", "é", "  ", "- ", ": "])),
    min_size=1, max_size=8,
)


@FUZZ
@given(edits)
def test_corrupted_mini_yaml_loads_or_raises_story_error(changes):
    text = _mini_text()
    text = _edited(text, changes)
    try:
        parse_story(text, "fuzzed.yaml")
    except StoryError as exc:
        assert exc.problems
        assert all(p.file == "fuzzed.yaml" for p in exc.problems)
        str(exc)


# Texts around a story's events, corrupted at random: the reader reads them as libyaml's safe loader
# does, or refuses them with a located StoryError, never anything else.
PIECES_TEXT = """story:
  id: s
  title: {vi: a, en: b}
events:
- id: one
  title: {vi: "Một - hai", en: 'one: two'}
  places: [tokyo, 'Hạ Long']
- id: two
  summary: |
    - not an item
  places:
  - nagato
# between
- id: three
  note: >-
    folded
    text
- id: four
  tour: {order: 3, zoom: 7}
  line: true
layers:
- id: talks
  color: '#000000'
"""

# the same events indented under "events:", and a block scalar ending the last event before the rest
def _indented_events(text: str) -> str:
    head, rest = text.split("events:\n")
    events, tail = rest.split("layers:\n")
    return head + "events:\n" + "".join("  " + line for line in events.splitlines(keepends=True)) + "layers:\n" + tail


PIECES_TEXTS = [PIECES_TEXT, _indented_events(PIECES_TEXT),
                PIECES_TEXT.replace("  line: true\n", "  note: |+\n    kept\n\n")]

piece_edits = st.lists(
    st.tuples(st.sampled_from(["delete", "insert", "replace"]), st.integers(0, 10_000),
              st.sampled_from(list(":-[]{}#&*!|>'\"\n\t ,?%@`=~") + [
                  "\r", "\r\n", "- ", "\n- ", "\n  ", ": ", "\n---\n", "\n...\n", "events:\n", "yes", "017", "1e3",
                  "\n\t", "\nx: 1\n", " #", "  - ", "é", ": |\n", ": >-\n    ", "\n    x", ": [", "{a: ", "\n  - "])),
    min_size=1, max_size=6,
)


@FUZZ
@given(st.sampled_from(PIECES_TEXTS), piece_edits)
def test_the_reader_reads_any_text_as_libyaml_does_or_says_why_not(text, changes):
    import yaml

    from geo.story.yaml_reader import read_yaml
    from tests.test_yaml_reader import as_text

    text = _edited(text, changes)
    try:
        ours = read_yaml(text, "f.yaml").data
    except StoryError as exc:
        assert exc.problems and all(p.file == "f.yaml" for p in exc.problems)
        return
    try:
        theirs = yaml.load(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError, TypeError):
        return  # a timestamp libyaml's constructor cannot build: kept as text by ours
    if not re.search(r"[0-9]:[0-9]", text):  # "18:10" is text to ours and a base-60 number to YAML 1.1
        assert repr(ours) == repr(as_text(theirs))
