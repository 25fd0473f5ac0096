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


def test_fast_and_located_readers_load_the_same_story(mini_story_path, monkeypatch):
    """The fast YAML reader gives the same story; positions are read on first use."""
    from geo.story import yaml_reader as yaml_source

    fast = load_story(mini_story_path)
    assert fast.located.fast
    assert fast.position("events", 2, "layer") == (43, 5)  # read on first use
    monkeypatch.setattr(yaml_source, "_yaml_rs", None)  # no fast reader, whole or in pieces
    located = load_story(mini_story_path)
    assert not located.located.fast
    assert fast.story == located.story
    assert fast.located.data == located.located.data  # the fast reader's data, let go after validation, read again
    assert fast.position("events", 2, "layer") == located.position("events", 2, "layer")


def test_a_big_story_is_validated_in_chunks_without_losing_an_event(monkeypatch):
    from benchmarks.synthetic import story_text
    from geo.story import load as story_module
    from geo.story import yaml_reader as yaml_source

    first = ["island-iturup", "island-kunashir", "island-shikotan", "island-habomai", "ev-000000"]
    monkeypatch.setattr(yaml_source, "_CHUNK_BYTES", 700)  # read in pieces, a few events at a time
    loaded = parse_story(story_text(50).encode("utf-8"), "s.yaml")
    assert loaded.located.fast and loaded.located.value_count > 1000
    assert [e.id for e in loaded.story.events][:5] == first
    assert len(loaded.story.events) == 50
    assert len(loaded.located.data["events"]) == 50  # read again in full
    # a layout the pieces do not take: read whole by the fast reader, validated in chunks
    monkeypatch.setattr(story_module, "_CHUNK", 7)
    text = story_text(50).replace("\nevents:\n", "\nevents:  # all of them\n")
    whole = parse_story(text.encode("utf-8"), "s.yaml")
    assert whole.located.fast and whole.located.value_count is None
    assert whole.story == loaded.story


def _three_ways(text: str, monkeypatch) -> list:
    """The story read in pieces, read whole by the fast reader, and by the located reader only."""
    from geo.story import yaml_reader as yaml_source

    in_pieces = parse_story(text.encode("utf-8"), "s.yaml", max_bytes=1 << 24)
    whole = parse_story(text.replace("\nevents:\n", "\nevents:  # whole\n").encode("utf-8"), "s.yaml",
                        max_bytes=1 << 24)
    with monkeypatch.context() as patched:
        patched.setattr(yaml_source, "_yaml_rs", None)
        located = parse_story(text.encode("utf-8"), "s.yaml", max_bytes=1 << 24)
    assert in_pieces.located.value_count is not None and whole.located.fast and not located.located.fast
    return [in_pieces, whole, located]


def test_the_three_readers_give_the_same_story_and_events(monkeypatch):
    import pandas as pd
    from benchmarks.synthetic import story_text
    from geo.story import yaml_reader as yaml_source

    monkeypatch.setattr(yaml_source, "_CHUNK_BYTES", 5_000)
    loaded = _three_ways(story_text(300), monkeypatch)
    assert loaded[0].story == loaded[1].story == loaded[2].story
    frames = [geocode_story(one) for one in loaded]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], frames[2])
    assert loaded[0].position("events", 7, "places", 0) == loaded[2].position("events", 7, "places", 0)


def test_events_share_equal_parts_and_stay_equal_to_their_data():
    """geo.story.schema.SharedParts: equal field-name sets, lists, dates and quotes are one object; every
    event is still exactly what validating its data gives."""
    from benchmarks.synthetic import story_text
    from pydantic import ValidationError

    from geo.story.schema import Event

    loaded = parse_story(story_text(200).encode("utf-8"), "s.yaml")
    events = loaded.story.events
    plain = loaded.located.data["events"]
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


def test_a_problem_after_a_fast_read_is_located(mini_story_path):
    text = mini_story_path.read_text(encoding="utf-8").replace("  - id: tokyo\n    layer: talks\n",
                                                               "  - id: tokyo\n    layer: talk\n")
    with pytest.raises(StoryError, match=r"fast\.yaml:35:5: event \"tokyo\": unknown layer 'talk'"):
        parse_story(text.encode("utf-8"), "fast.yaml")


def test_a_big_story_keeps_its_text_packed_or_in_its_file(mini_story_path, monkeypatch, tmp_path):
    """Past a size, a story file's text is read again from the file, and a text given as bytes is
    kept compressed: positions and data are read from them on demand as before."""
    import shutil

    from geo.story import load as story_module
    from geo.story.yaml_reader import FileText, PackedText

    plain = load_story(mini_story_path)
    monkeypatch.setattr(story_module, "_PACK_BYTES", 100)
    copy = tmp_path / "story.yaml"
    shutil.copy(mini_story_path, copy)
    shutil.copy(mini_story_path.parent / "article.vi.txt", tmp_path / "article.vi.txt")
    from_file = load_story(copy)
    packed = parse_story(mini_story_path.read_bytes(), "story.yaml", base_dir=mini_story_path.parent)
    assert isinstance(from_file.located._source, FileText) and isinstance(packed.located._source, PackedText)
    for big in (from_file, packed):
        assert big.located._source.unpack() == mini_story_path.read_bytes()
        assert big.story == plain.story
        assert big.position("events", 2, "layer") == plain.position("events", 2, "layer") == (43, 5)
        assert big.located.data == plain.located.data
    copy.unlink()  # a file gone since: no positions, no crash
    gone = FileText(copy)
    assert story_module.LocatedData(None, "story.yaml", source=gone).position(("events", 2)) == (None, None)


def test_a_valid_story_is_never_read_again_for_positions(monkeypatch, repo_root, mini_story_path):
    """Positions are read (the whole file again, by the slow located reader) only to report a
    problem: not for an article's path or an explicit geometry that are fine."""
    from geo.story import yaml_reader as yaml_source

    def refused(*args, **kwargs):
        raise AssertionError("a valid story was read again for positions")

    monkeypatch.setattr(yaml_source, "read_yaml_located", refused)
    assert load_story(repo_root / "events.yaml").article  # an article, read from its path
    loaded = load_story(mini_story_path)
    assert loaded.article and any(event.geometry is not None for event in loaded.story.events)
