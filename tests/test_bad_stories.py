"""Bad input: every file in tests/bad_stories/ is refused with a plain, located message.

EXPECTED.tsv lists each file and a fragment its StoryError must contain (``file:line:col:
message`` where the problem has a place in the file). The files are small variants of the
mini story (tests/data/mini); tests/bad_stories/article.vi.txt is the mini article, for the
story that quotes it wrongly.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from geo.story.errors import StoryError
from geo.places.gazetteer import Gazetteer
from geo.story.load import load_story, parse_story

BAD = Path(__file__).parent / "bad_stories"
LIMIT_S = 1.0  # a functional limit, not a benchmark: loading any bad file must not hang


def _expected() -> list[tuple[str, str]]:
    with open(BAD / "EXPECTED.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["file", "expected fragment of str(StoryError)"]
    return [(r[0], r[1]) for r in rows[1:] if r]


EXPECTED = _expected()


@pytest.fixture(scope="module", autouse=True)
def _warm_caches():
    """Build the gazetteer and the city index once, so the time limit measures validation only.

    (The first name that falls through to the GeoNames city database builds its index, about
    two seconds, once per process.)
    """
    Gazetteer.shipped().resolve("no such place anywhere")


def test_every_bad_file_is_listed_and_there_are_enough():
    files = sorted(p.name for p in BAD.glob("*.yaml"))
    listed = [name for name, _ in EXPECTED]
    assert sorted(listed) == files
    assert len(set(listed)) == len(listed)
    assert len(files) >= 40


@pytest.mark.parametrize(("name", "fragment"), EXPECTED, ids=[n for n, _ in EXPECTED])
def test_bad_story_is_refused_with_a_located_message(name, fragment):
    path = BAD / name
    started = time.perf_counter()
    with pytest.raises(StoryError) as info:
        load_story(path)
    elapsed = time.perf_counter() - started
    exc = info.value
    assert fragment in str(exc), f"\nexpected fragment: {fragment}\ngot:\n{exc}"
    assert exc.problems
    assert all(p.file == name for p in exc.problems)
    # no Python internals leak into what an author reads
    for leak in ("Traceback", "Value error,", "pydantic", "np.str_", "errors.pydantic.dev"):
        assert leak not in str(exc), f"{leak!r} in {exc}"
    assert elapsed < LIMIT_S, f"{name} took {elapsed:.2f} s"


def test_messages_are_one_problem_a_line_with_location_first():
    with pytest.raises(StoryError) as info:
        load_story(BAD / "unknown-field-typo.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == len(info.value.problems) == 2
    assert all(line.startswith("unknown-field-typo.yaml:") for line in lines)
    # sorted by position in the file
    assert [p.line for p in info.value.problems] == sorted(p.line for p in info.value.problems)


def test_unclosed_ring_is_reported_as_not_closed():
    """RFC 7946 §3.1.6: a linear ring's first and last positions are the same; shapely closes silently."""
    with pytest.raises(StoryError) as info:
        load_story(BAD / "unclosed-ring.yaml")
    assert "clos" in str(info.value).lower()


def _three_problem_story(mini_story_path, *edits):
    text = mini_story_path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    with pytest.raises(StoryError) as info:
        parse_story(text, "three.yaml")
    return info.value


BAD_TIME = ('    time: "17:00"\n', '    time: "25:00"\n')
BAD_LAYER = ("  - id: tokyo\n    layer: talks\n", "  - id: tokyo\n    layer: talk\n")
BAD_PLACE = ("    places: [Кунашир]\n", "    places: [Kunashri]\n")
BAD_SOURCE = ("    sources: [article, record]\n", "    sources: [article, recrod]\n")


def test_three_cross_reference_problems_are_reported_together(mini_story_path):
    exc = _three_problem_story(mini_story_path, BAD_SOURCE, BAD_LAYER, BAD_PLACE)
    assert len(exc.problems) == 3, str(exc)
    message = str(exc)
    assert "three.yaml:33:24: event \"meet-nagato\": unknown source 'recrod' (did you mean 'record'?)" in message
    assert "three.yaml:35:5: event \"tokyo\": unknown layer 'talk' (did you mean 'talks'?)" in message
    assert "three.yaml:66:14: event \"kunashir\": unknown place 'Kunashri' (did you mean 'kunashir'?)" in message
    assert [p.line for p in exc.problems] == [33, 35, 66]


def test_three_different_kinds_of_problem_are_reported_together(mini_story_path):
    """A schema error (bad time) must not hide cross-reference errors elsewhere in the file:
    the loader promises every problem at once, so an author can fix a file in one pass."""
    exc = _three_problem_story(mini_story_path, BAD_TIME, BAD_LAYER, BAD_PLACE)
    message = str(exc)
    assert "three.yaml:27:5: event \"meet-nagato\": time: '25:00' is not a time" in message
    assert "three.yaml:35:5: event \"tokyo\": unknown layer 'talk' (did you mean 'talks'?)" in message
    assert "three.yaml:66:14: event \"kunashir\": unknown place 'Kunashri' (did you mean 'kunashir'?)" in message
    assert len(exc.problems) == 3, message


def test_three_schema_problems_are_reported_together(mini_story_path):
    exc = _three_problem_story(
        mini_story_path, BAD_TIME,
        ("    end: 2016-12-17\n", "    end: 2016-02-30\n"),
        ('    color: "#009E73"\n', "    color: green\n"),
    )
    assert len(exc.problems) == 3, str(exc)
    assert [p.line for p in exc.problems] == sorted(p.line for p in exc.problems)


def test_oversized_file_is_refused_before_parsing(tmp_path, mini_story_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(mini_story_path.read_bytes() + b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    with pytest.raises(StoryError) as info:
        load_story(big)
    assert time.perf_counter() - started < LIMIT_S
    assert "big.yaml: the file is" in str(info.value)
    assert "the limit is 2,097,152 bytes" in str(info.value)


def test_max_bytes_is_honoured(tmp_path, mini_story_path):
    with pytest.raises(StoryError, match=r"story\.yaml: the file is [\d,]+ bytes; the limit is 1,000 bytes"):
        load_story(mini_story_path, max_bytes=1000)
    with pytest.raises(StoryError, match="the limit is 100 bytes"):
        parse_story(mini_story_path.read_text(encoding="utf-8"), max_bytes=100)


def test_max_events_is_honoured(mini_story_path):
    with pytest.raises(StoryError, match="the story has 5 events; the limit is 3"):
        load_story(mini_story_path, max_events=3)


def test_missing_file_is_a_story_error(tmp_path):
    with pytest.raises(StoryError, match="nope.yaml: cannot read the file"):
        load_story(tmp_path / "nope.yaml")


def test_utf8_bom_is_accepted(tmp_path, mini_story_path):
    story = tmp_path / "story.yaml"
    story.write_bytes(b"\xef\xbb\xbf" + mini_story_path.read_bytes())
    (tmp_path / "article.vi.txt").write_bytes((mini_story_path.parent / "article.vi.txt").read_bytes())
    assert len(load_story(story).story.events) == 5
