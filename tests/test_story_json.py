"""Stories written as JSON (geo/story/json_reader.py): read by the JSON reader, equal to the same story
in YAML, and every problem located as in YAML."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import given

from geo.story import load as story_module
from geo.story import yaml_reader as yaml_source
from geo.story.errors import StoryError
from geo.places.geocode import geocode_story
from geo.story.load import load_story, parse_story, validate_story_data
from geo.story.formats import load_upload
from geo.story.json_reader import for_the_located_reader, looks_like_json, story_json_chunks, story_json_text
from geo.story.yaml_reader import read_yaml
from tests.conftest import REPO_ROOT
from tests.test_story_properties import FUZZ, stories


@pytest.fixture()
def no_yaml_reading(monkeypatch):
    """Fails the test if the story is read by the YAML readers (the JSON path must not need them)."""
    def refused(*args, **kwargs):
        raise AssertionError("the YAML reader was asked to read a valid JSON story")

    monkeypatch.setattr(story_module, "read_yaml", refused)
    monkeypatch.setattr(yaml_source, "compose", refused)  # positions: worked out only for a problem


def _json_beside(shipped, tmp_path, text: str | None = None):
    """The shipped story written as JSON next to a copy of its articles (their paths are relative)."""
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    path = tmp_path / "events.json"
    path.write_text(text if text is not None else story_json_text(shipped.story), encoding="utf-8")
    return path


def test_the_shipped_story_as_json_loads_equal_without_the_yaml_readers(shipped, tmp_path, no_yaml_reading):
    path = _json_beside(shipped, tmp_path)
    loaded = load_story(path)
    assert loaded.story == shipped.story
    assert loaded.article == shipped.article and loaded.article_en == shipped.article_en
    assert geocode_story(loaded).drop(columns="geometry").equals(geocode_story(shipped).drop(columns="geometry"))


@pytest.mark.parametrize("ascii_only", [False, True])
def test_json_as_any_writer_writes_it_loads_equal(shipped, tmp_path, no_yaml_reading, ascii_only):
    data = shipped.story.model_dump(mode="json", exclude_unset=True)
    data["events"][0]["title"]["en"] += " 😀"  # json.dumps writes it as a surrogate pair when ascii_only
    text = "\ufeff" + json.dumps(data, ensure_ascii=ascii_only, indent="\t")
    loaded = load_story(_json_beside(shipped, tmp_path, text))
    assert loaded.story.events[0].title.en.endswith(" 😀")
    assert loaded.story.model_copy(update={"events": loaded.story.events[1:]}) == \
        shipped.story.model_copy(update={"events": shipped.story.events[1:]})


def test_an_unknown_layer_is_located_on_its_events_line(shipped, tmp_path):
    text = story_json_text(shipped.story).replace('"layer": "talks"', '"layer": "talkz"', 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"talkz"' in row)
    with pytest.raises(StoryError) as caught:
        load_story(_json_beside(shipped, tmp_path, text))
    assert f"events.json:{line}:" in str(caught.value)
    assert "unknown layer 'talkz' (did you mean 'talks'?)" in str(caught.value)


def test_a_schema_problem_after_an_escaped_emoji_is_located(shipped, tmp_path):
    data = shipped.story.model_dump(mode="json", exclude_unset=True)
    data["events"][2]["title"]["vi"] = "😀"
    data["events"][2]["tour"] = {"zoom": 99}
    text = json.dumps(data, ensure_ascii=True, indent=2)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"zoom": 99' in row)
    with pytest.raises(StoryError) as caught:
        load_story(_json_beside(shipped, tmp_path, text))
    assert re.search(rf"events\.json:{line}:\d+: event \S+: tour\.zoom: ", str(caught.value)), str(caught.value)


@pytest.mark.parametrize("spacing", ['"layer": "talks", "layer": "talks"', '"layer": "talks", "layer" : "talks"'])
def test_a_name_given_twice_is_refused_as_in_yaml(shipped, tmp_path, spacing):
    text = story_json_text(shipped.story).replace('"layer": "talks"', spacing, 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if spacing in row)
    with pytest.raises(StoryError) as caught:
        load_story(_json_beside(shipped, tmp_path, text))
    assert f"events.json:{line}:" in str(caught.value)
    assert "the key 'layer' appears twice in the same mapping" in str(caught.value)


def test_a_name_given_twice_in_the_head_is_refused(shipped, tmp_path):
    text = story_json_text(shipped.story).replace('"timezone": "Asia/Tokyo"',
                                                  '"timezone": "Asia/Tokyo", "timezone": "UTC"', 1)
    with pytest.raises(StoryError, match="the key 'timezone' appears twice"):
        load_story(_json_beside(shipped, tmp_path, text))


def test_texts_that_look_like_names_are_not_taken_for_repeats(shipped, tmp_path, no_yaml_reading):
    data = shipped.story.model_dump(mode="json", exclude_unset=True)
    data["events"][0]["title"]["en"] = ':colon first, "quoted": and \\": then'
    data["events"][1]["title"]["en"] = 'ends with a backslash \\'
    loaded = load_story(_json_beside(shipped, tmp_path, json.dumps(data, ensure_ascii=False)))
    assert loaded.story.events[0].title.en == ':colon first, "quoted": and \\": then'


def test_json_that_is_not_quite_json_is_read_as_yaml(mini_story_path):
    data = load_story(mini_story_path).story.model_dump(mode="json", exclude_unset=True)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    lenient = text.replace('"en": "Mini story"', '"en": "Mini story", # a comment\n', 1)[:-2] + ",\n}"
    assert lenient != text
    loaded = parse_story(lenient, "mini.json")  # YAML's flow mappings take a comment and a trailing comma
    assert loaded.story == load_story(mini_story_path).story


def test_broken_json_gets_a_located_syntax_error(mini_story_path):
    data = load_story(mini_story_path).story.model_dump(mode="json", exclude_unset=True)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    broken = text.replace('"layers": [', '"layers" [', 1)
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if '"layers" [' in row)
    with pytest.raises(StoryError) as caught:
        parse_story(broken, "mini.json")
    assert re.match(rf"mini\.json:{line}:\d+: YAML syntax error", str(caught.value)), str(caught.value)


def test_the_event_limit_holds_for_json(mini_story_path):
    text = story_json_text(load_story(mini_story_path).story)
    with pytest.raises(StoryError, match="the story has 5 events; the limit is 4"):
        parse_story(text, "mini.json", max_events=4)


def test_a_json_upload_of_a_story_is_read_as_a_story_and_geojson_as_geojson(mini_story_path, shipped):
    mini = load_story(mini_story_path).story
    loaded = load_upload("mini.json", story_json_text(mini).encode())
    assert loaded.story == mini
    from geo.render.export import geojson_text

    geojson = load_upload("events.json", geojson_text(geocode_story(shipped)).encode())
    assert [e.id for e in geojson.story.events] == [e.id for e in shipped.story.events]


def test_story_json_chunks_put_one_event_a_line():
    text = "".join(story_json_chunks({"story": {"id": "s"}}, [{"id": "a"}, {"id": "b"}]))
    assert json.loads(text) == {"story": {"id": "s"}, "events": [{"id": "a"}, {"id": "b"}]}
    assert '\n    {"id": "a"},\n    {"id": "b"}\n  ]\n}\n' in text
    assert json.loads("".join(story_json_chunks({}, []))) == {"events": []}


def test_looks_like_json():
    assert looks_like_json(b'\xef\xbb\xbf \n{"story": 1}') and looks_like_json('\ufeff\t{')
    assert not looks_like_json(b"story:\n  id: x") and not looks_like_json("# {\n") and not looks_like_json(b"[1]")


def test_surrogate_pairs_are_joined_for_the_located_reader_but_not_escaped_backslashes():
    assert for_the_located_reader(b'"\\ud83d\\ude00"') == b'"\\U0001f600"'
    assert for_the_located_reader(b'"\\\\ud83d\\ude00"') == b'"\\\\ud83d\\ude00"'  # a backslash, then text
    assert for_the_located_reader(b'"\\\\\\ud83d\\ude00"') == b'"\\\\\\U0001f600"'
    assert read_yaml(for_the_located_reader('{"t": "a\\ud83d\\ude00b"}'), "x").data == {"t": "a😀b"}


def test_the_cli_writes_a_story_as_json_that_loads_equal(repo_root, tmp_path):
    from geo.cli import main

    shutil.copytree(repo_root / "articles", tmp_path / "articles")
    out = tmp_path / "events.json"
    assert main(["export", str(repo_root / "events.yaml"), "--format", "json", "--output", str(out)]) == 0
    assert load_story(out).story == load_story(repo_root / "events.yaml").story


@FUZZ
@given(stories())
def test_the_json_reader_reads_as_the_yaml_reader(data):
    for ascii_only in (False, True):
        text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
        fast = parse_story(text, "generated.json")
        located = validate_story_data(read_yaml(for_the_located_reader(text), "generated.json"))
        assert fast.story == located.story


def test_the_json_example_for_authors_loads(no_yaml_reading):
    text = (REPO_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    loaded = parse_story(example, "my-story.json")
    assert [event.id for event in loaded.story.events] == ["hanoi"]


def test_json_over_the_size_limit_or_nested_too_deep_is_refused_with_a_message(mini_story_path):
    text = story_json_text(load_story(mini_story_path).story)
    with pytest.raises(StoryError, match=r"the file is [\d,]+ bytes; the limit is 100 bytes"):
        parse_story(text, "mini.json", max_bytes=100)
    for depth in (100, 100_000):  # 100,000 deep once took a minute to refuse, as YAML too
        with pytest.raises(StoryError, match="nest"):
            parse_story('{"story": ' + "[" * depth + "]" * depth + "}", "deep.json")
        with pytest.raises(StoryError, match="nest"):
            parse_story("story: " + "[" * depth + "]" * depth + "\n", "deep.yaml")
