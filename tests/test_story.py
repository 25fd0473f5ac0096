"""The shipped story (events.yaml), the mini story, and a valid story full of script payloads."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.places.facts import geodesic_distance_km
from geo.places.geocode import geocode_story
from geo.render.escaping import escape_html
from geo.story.errors import StoryError
from geo.story.load import load_story, parse_story

PAYLOADS = Path(__file__).parent / "data" / "script_payloads.yaml"
DAYS = {dt.date(2016, 12, 15), dt.date(2016, 12, 16)}
REQUIRED_IDS = [
    "abe-hometown-nagato", "talks-begin-nagato", "talks-one-on-one-nagato", "move-nagato-tokyo",
    "talks-continue-kantei", "agreements-68", "joint-investment-fund", "easier-visas", "joint-statement",
    "putin-peace-treaty-priority", "putin-steps-to-treaty", "abe-principle-unchanged",
    "island-iturup", "island-kunashir", "island-shikotan", "island-habomai",
    "joint-activity-plan", "ministries-instruction", "sector-fisheries", "sector-aquaculture",
    "sector-tourism", "sector-medicine", "sector-ecology", "russian-law-joint-management",
    "kistanov-commentary", "kistanov-nobel", "relations-usa", "dispute-south-korea", "dispute-china",
]
ISLANDS = ["island-iturup", "island-kunashir", "island-shikotan", "island-habomai"]


@pytest.fixture(scope="module")
def shipped_events(shipped):
    return geocode_story(shipped).set_index("id", drop=False)


def _event(loaded, event_id):
    return next(e for e in loaded.story.events if e.id == event_id)


def test_cli_check_accepts_the_shipped_story(repo_root):
    done = subprocess.run([sys.executable, "-m", "geo", "check", "events.yaml"], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "events.yaml: OK" in done.stdout
    assert done.stderr == ""


def test_size_and_layers(shipped):
    story = shipped.story
    assert len(story.events) >= 29
    assert len(story.layers) >= 5
    colours = [layer.color.lower() for layer in story.layers]
    assert len(set(colours)) == len(colours)
    used = {e.layer for e in story.events}
    assert used == {layer.id for layer in story.layers}, "every layer has events"


def test_required_events_exist(shipped):
    ids = [e.id for e in shipped.story.events]
    assert [i for i in REQUIRED_IDS if i not in ids] == []
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("event_id", ISLANDS)
def test_islands_are_polygons_and_background(shipped, shipped_events, event_id):
    row = shipped_events.loc[event_id]
    assert row.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert row.geometry.is_valid
    assert row["precision"] == "island"
    assert not _event(shipped, event_id).dated


def test_talks_begin_at_otani_sanso_not_at_the_city_point(shipped, shipped_events):
    event = _event(shipped, "talks-begin-nagato")
    assert event.places == ["otani-sanso"]
    assert event.start == dt.date(2016, 12, 15)
    geom = shipped_events.loc["talks-begin-nagato"].geometry
    otani = shipped.gazetteer.resolve("otani-sanso").geometry
    nagato_city = shipped.gazetteer.resolve("nagato").geometry
    assert geom.equals(otani)
    assert geodesic_distance_km(geom, nagato_city) > 2  # the ryokan is ~5 km south of the city hall
    assert shipped_events.loc["talks-begin-nagato", "precision"] == "venue"


def test_move_nagato_tokyo_is_a_line_on_the_16th(shipped, shipped_events):
    event = _event(shipped, "move-nagato-tokyo")
    assert event.start == dt.date(2016, 12, 16) and event.end is None
    geom = shipped_events.loc["move-nagato-tokyo"].geometry
    assert geom.geom_type == "LineString"
    coords = list(geom.coords)
    assert Point(coords[0]).equals(shipped.gazetteer.resolve("otani-sanso").geometry)
    assert Point(coords[-1]).equals(shipped.gazetteer.resolve("kantei").geometry)


def test_talks_continue_at_the_kantei_on_the_16th(shipped):
    event = _event(shipped, "talks-continue-kantei")
    assert event.start == dt.date(2016, 12, 16)
    assert event.places == ["kantei"]


def test_every_event_has_a_source_and_a_day_of_the_visit(shipped):
    for event in shipped.story.events:
        assert len(event.sources) >= 1, event.id
        if event.dated:
            assert event.start in DAYS, event.id
            assert (event.end or event.start) in DAYS, event.id
    assert {e.start for e in shipped.story.events if e.dated} == DAYS


def test_every_source_record_is_cited(shipped):
    cited = {s for e in shipped.story.events for s in e.sources}
    records = {r.id for r in shipped.story.story.sources}
    assert records <= cited


def test_tour_orders_are_unique(shipped):
    orders = [e.tour.order for e in shipped.story.events if e.tour and e.tour.order is not None]
    assert len(orders) == len(set(orders)) >= 5


def test_shipped_geometries_are_on_the_region(shipped, shipped_events):
    west, south, east, north = shipped.story.story.region
    assert shipped_events.crs.to_epsg() == 4326
    for event_id, geom in shipped_events.geometry.items():
        assert geom.is_valid, event_id
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90, event_id
        if shipped_events.loc[event_id, "layer"] in ("talks", "islands"):  # Moscow and Washington are outside
            assert west <= minx and maxx <= east and south <= miny and maxy <= north, event_id


def test_shipped_distances(shipped_events):
    facts = {f["label_en"]: f["value"] for f in shipped_events.loc["island-habomai", "facts"]
             if f["kind"] == "distance_km"}
    assert len(facts) == 1
    assert 3.5 <= next(iter(facts.values())) <= 8


# --- the mini story --------------------------------------------------------------------------


def test_mini_story_loads(mini_story_path):
    loaded = load_story(mini_story_path)
    story = loaded.story
    assert [e.id for e in story.events] == ["meet-nagato", "tokyo", "move", "span", "kunashir"]
    assert story.story.timezone == "Asia/Tokyo"
    assert _event(loaded, "meet-nagato").time == "17:00"
    assert _event(loaded, "span").end == dt.date(2016, 12, 17)
    assert _event(loaded, "tokyo").sources == ["article"]  # the default source
    assert loaded.article.startswith("Hai nhà lãnh đạo")
    assert len(loaded.sentences()) == 3
    assert story.record("record").publisher == "Someone"
    assert story.record("article") is None
    assert story.layer("islands").icon == "island"


def test_unquoted_time_is_read_as_a_time(mini_story_path):
    text = mini_story_path.read_text(encoding="utf-8").replace('time: "17:00"', "time: 17:00")
    from geo.story.load import parse_story

    loaded = parse_story(text, "t.yaml")
    assert _event(loaded, "meet-nagato").time == "17:00"


def test_story_local_places_do_not_leak_into_the_shipped_gazetteer(mini_story_path):
    from geo.places.gazetteer import Gazetteer
    from geo.story.load import parse_story

    text = mini_story_path.read_text(encoding="utf-8").replace(
        "distances:\n",
        "places:\n  - id: my-spot\n    kind: venue\n    names: {en: [My spot]}\n    point: [139.0, 35.0]\n"
        "distances:\n",
    ).replace("    places: [Kantei]\n", "    places: [My spot]\n")
    shared = Gazetteer.shipped()
    loaded = parse_story(text, "local.yaml", gazetteer=shared)
    assert loaded.gazetteer.resolve("My spot").place_id == "my-spot"
    assert shared.lookup("my spot") is None
    assert Gazetteer.shipped().lookup("my spot") is None


# --- script payloads in every text field: valid, kept verbatim --------------------------------


@pytest.fixture(scope="module")
def payload_story():
    return load_story(PAYLOADS)


PAYLOAD = '<img src=x onerror=alert(1)><script>alert("xss")</script>`${alert(1)}`{{7*7}}[x](javascript:alert(1))\\\' \u2028 &amp; end'


def _texts(loaded):
    story = loaded.story
    event = story.events[0]
    layer = story.layers[0]
    record = story.story.sources[0]
    yield "story.title.vi", story.story.title.vi, "vi story-title "
    yield "story.title.en", story.story.title.en, "en story-title "
    yield "record.title", record.title, "record-title "
    yield "record.publisher", record.publisher, "publisher "
    yield "layer.name", layer.name.en, "en layer-name "
    yield "layer.description", layer.description.vi, "vi layer-description "
    yield "title", event.title.en, "en title "
    yield "summary", event.summary.vi, "vi summary "
    yield "quote_vi", event.quote_vi, "quote-vi "
    yield "quote_en", event.quote_en, "quote-en "
    yield "places", event.places[0], "place "
    yield "actors", event.actors[0], "actor "
    yield "note", event.note.en, "en note "
    yield "distance.label", story.distances[0].label.vi, "vi distance-label "


def test_script_payloads_load_and_are_kept_verbatim(payload_story):
    for where, text, prefix in _texts(payload_story):
        assert text == prefix + PAYLOAD, where


def test_script_payloads_survive_geocoding_verbatim(payload_story):
    row = geocode_story(payload_story).iloc[0]
    assert row["title_en"] == "en title " + PAYLOAD
    assert row["place_en"] == "place-en " + PAYLOAD
    assert row["facts"][0]["label_en"] == "en distance-label " + PAYLOAD


def test_script_payloads_are_neutralised_by_escape_html(payload_story):
    for where, text, _ in _texts(payload_story):
        escaped = escape_html(text)
        for dangerous in ("<", ">", "`", "${", '"', "'", "\\"):
            assert dangerous not in escaped, (where, dangerous)
        assert "&lt;script&gt;" in escaped
        import html

        assert html.unescape(escaped) == text


def test_a_valid_story_keeps_no_node_tree_and_finds_positions_again(mini_story_path):
    """Positions are worked out only for a problem: a loaded story keeps its text, not libyaml's nodes."""
    loaded = load_story(mini_story_path)
    assert loaded.located._root is None and loaded.located.data is None
    assert loaded.position("events", 2, "layer") == (43, 5)


def test_a_synthetic_story_loads_every_event_in_order_and_geocodes():
    from benchmarks.synthetic import story_text

    loaded = parse_story(story_text(300).encode("utf-8"), "s.yaml", max_bytes=1 << 24)
    assert [e.id for e in loaded.story.events][:5] == ["island-iturup", "island-kunashir", "island-shikotan",
                                                        "island-habomai", "ev-000000"]
    assert len(loaded.story.events) == 300 and len({e.id for e in loaded.story.events}) == 300
    assert len(geocode_story(loaded)) == 300


def test_events_share_equal_parts_and_stay_equal_to_their_data():
    """geo.story.schema.SharedParts: equal field-name sets, lists, dates and quotes are one object; every
    event is still exactly what validating its data gives."""
    from benchmarks.synthetic import story_text
    from pydantic import ValidationError

    from geo.story.schema import Event

    import yaml

    text = story_text(200)
    loaded = parse_story(text.encode("utf-8"), "s.yaml")
    events = loaded.story.events
    plain = yaml.load(text, Loader=yaml.CSafeLoader)["events"]
    for event, data in zip(events, plain):
        fresh = Event.model_validate(data)
        assert event == fresh and event.model_fields_set == fresh.model_fields_set
        assert event.title.model_fields_set == {"vi", "en"}
    a, b = events[10], events[11]
    assert a.title.__pydantic_fields_set__ is b.summary.__pydantic_fields_set__
    same_fields = [e for e in events if e.model_fields_set == a.model_fields_set]
    assert len({id(e.__pydantic_fields_set__) for e in same_fields}) == 1
    assert len({id(e.sources) for e in events if e.sources == ["article"]}) == 1
    assert len({id(e.quote_vi) for e in events[4:]}) == 1
    with pytest.raises(ValidationError):
        a.id = "changed"  # frozen: nothing can change a shared part through a model
    copy = a.model_copy(update={"time": "10:00"})
    assert "time" in copy.model_fields_set and a.model_fields_set == Event.model_validate(plain[10]).model_fields_set


def test_a_problem_is_located_in_the_text(mini_story_path):
    text = mini_story_path.read_text(encoding="utf-8").replace("  - id: tokyo\n    layer: talks\n",
                                                               "  - id: tokyo\n    layer: talk\n")
    with pytest.raises(StoryError, match=r"bad\.yaml:35:5: event \"tokyo\": unknown layer 'talk'"):
        parse_story(text.encode("utf-8"), "bad.yaml")


MONOLINGUAL = """story:
  language: en
layers:
- {id: battles, name: Battles, color: '#0072B2'}
events:
- id: midway
  layer: battles
  start: 1942-06-04
  end: 1942-06-07
  date_precision: day
  title: Battle of Midway
  places: [Tokyo]
- id: okinawa
  layer: battles
  start: 1945-04-01
  end: 1945-06-30
  date_precision: month
  title: Battle of Okinawa
  summary: From April to June 1945.
  places: [Naha]
"""


def test_a_story_in_one_language_needs_no_translations_quotes_summary_or_title():
    """Issue 18: every text field takes a plain string; summary and quotes are optional; the title and
    id default to the file's name."""
    from geo.render.map_data import prepare_features

    loaded = parse_story(MONOLINGUAL, "pacific_war 1942-1945.yaml")
    story = loaded.story
    assert story.story.title.en == story.story.title.vi == "pacific war 1942-1945"
    assert story.story.id == "pacific-war-1942-1945"
    assert story.layers[0].name.single and story.layers[0].name.get("vi") == "Battles"
    midway, okinawa = story.events
    assert midway.summary is None and midway.quote_vi is None and okinawa.date_precision == "month"
    events = geocode_story(loaded)
    features = prepare_features(events, story, "vi")
    features.fill(events["id"])
    assert features["midway"]["properties"]["summary"] is None
    assert features["okinawa"]["properties"]["summary"] == "From April to June 1945."


def test_a_bilingual_story_keeps_both_languages(shipped):
    event = shipped.story.events[0]
    assert event.title.vi != event.title.en and not event.title.single
