"""Big generated stories as GeoParquet (geo/story/parquet_reader.py): written by the CLI, read back
equal, and every problem of a column named by its event's id."""

from __future__ import annotations

import io
import json
import shutil

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
from shapely.geometry import Point

from geo.cli import main
from geo.places.geocode import geocode_story
from geo.story.errors import StoryError
from geo.story.load import load_story
from geo.story.parquet_reader import HEAD_KEY, story_parquet_bytes
from tests.conftest import REPO_ROOT


@pytest.fixture()
def shipped_parquet(shipped, tmp_path):
    """The shipped story as GeoParquet beside a copy of its articles (their paths are relative)."""
    shutil.copytree(REPO_ROOT / "articles", tmp_path / "articles")
    path = tmp_path / "events.parquet"
    assert main(["export", str(REPO_ROOT / "events.yaml"), "--format", "parquet", "--output", str(path)]) == 0
    return path


def test_the_shipped_story_as_geoparquet_loads_and_geocodes_equal(shipped, shipped_parquet):
    loaded = load_story(shipped_parquet)
    assert loaded.story.story == shipped.story.story and loaded.story.layers == shipped.story.layers
    assert loaded.story.events == shipped.story.events
    assert loaded.article == shipped.article  # the head's article path, read beside the file
    ours, theirs = geocode_story(loaded), geocode_story(shipped)
    assert ours.drop(columns="geometry").equals(theirs.drop(columns="geometry"))
    assert ours.geometry.geom_equals(theirs.geometry).all()


def test_the_cli_checks_a_geoparquet_story(shipped_parquet, capsys):
    assert main(["check", str(shipped_parquet)]) == 0
    assert "events: 29" in capsys.readouterr().out


def _rewritten(path, change):
    """The GeoParquet story at ``path`` with its table changed by ``change`` (head kept)."""
    head = pq.read_schema(path).metadata[HEAD_KEY]
    table = gpd.read_parquet(path)
    change(table)
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    written = pq.read_table(io.BytesIO(buffer.getvalue()))
    pq.write_table(written.replace_schema_metadata({**written.schema.metadata, HEAD_KEY: head}), path)


def test_column_problems_name_each_event(shipped_parquet):
    def change(table):
        table.loc[0, "layer"] = "talkz"
        table.loc[1, "start"], table.loc[1, "end"] = "2016-12-16", "2016-12-15"
        table.loc[2, "start"] = "2016-02-30"
        table.loc[3, "geometry"] = Point(200, 10)
        table.loc[4, "title_en"] = " "
        table.loc[5, "id"] = table.loc[6, "id"]
    _rewritten(shipped_parquet, change)
    with pytest.raises(StoryError) as caught:
        load_story(shipped_parquet)
    text = str(caught.value)
    table = gpd.read_parquet(shipped_parquet)
    ids = table["id"].tolist()
    for expected in (f'event "{ids[0]}": layer: unknown layer \'talkz\'',
                     f'event "{ids[1]}": end: 2016-12-15 is before its start',
                     f'event "{ids[2]}": start: \'2016-02-30\' is not a real date',
                     f'event "{ids[3]}": geometry: coordinates off the globe',
                     f'event "{ids[4]}": title_en: must not be empty',
                     f"the id '{ids[6]}' is used twice"):
        assert expected in text, text
    assert all(line.startswith("events.parquet: ") for line in text.splitlines())


def test_missing_columns_and_a_missing_head_are_said_plainly(tmp_path):
    path = tmp_path / "plain.parquet"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(1, 2)], crs="EPSG:4326").to_parquet(path)
    with pytest.raises(StoryError, match="no story head"):
        load_story(path)
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({**table.schema.metadata,
                                                  HEAD_KEY: json.dumps({"story": {}, "layers": []}).encode()}), path)
    with pytest.raises(StoryError, match="missing column\\(s\\): id, layer, title_vi"):
        load_story(path)
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(StoryError, match="not a GeoParquet story"):
        load_story(path)


def test_a_head_with_schema_problems_is_worded_as_for_any_story(shipped, tmp_path):
    story = shipped.story.model_copy(update={"story": shipped.story.story.model_copy(update={"article": None,
                                                                                             "article_en": None})})
    path = tmp_path / "s.parquet"
    path.write_bytes(story_parquet_bytes(story))
    head = json.loads(pq.read_schema(path).metadata[HEAD_KEY])
    head["story"]["timezone"] = "Mars/Olympus"
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({**table.schema.metadata,
                                                  HEAD_KEY: json.dumps(head).encode()}), path)
    with pytest.raises(StoryError, match="unknown time zone 'Mars/Olympus'"):
        load_story(path)


def test_the_event_limit_holds(shipped_parquet):
    with pytest.raises(StoryError, match="the story has 29 events; the limit is 10"):
        load_story(shipped_parquet, max_events=10)
