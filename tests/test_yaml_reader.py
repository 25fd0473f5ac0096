"""Safe YAML reading on libyaml, with positions found on demand (geo.story.yaml_reader)."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

import pytest

from geo.story.errors import StoryError
from geo.story.yaml_reader import MAX_DEPTH, decode_text, read_yaml


def test_positions_are_one_based_line_and_column():
    located = read_yaml("a: 1\nb:\n  c: x\n  d: [p, q]\n", "f.yaml")
    assert located.position(()) == (1, 1)
    assert located.position(("a",)) == (1, 1)  # a key's position is where the key stands
    assert located.position(("b", "c")) == (3, 3)
    assert located.position(("b", "d", 1)) == (4, 10)
    assert located.position(("b", "d", 7, "nope")) == (4, 3)  # the nearest located parent
    assert located.position(("zzz",)) == (1, 1)


def test_sexagesimal_time_stays_text():
    data = read_yaml("t: 18:10\nu: 1:30:00\nv: '18:10'\n").data
    assert data == {"t": "18:10", "u": "1:30:00", "v": "18:10"}


def test_dates_stay_text():
    data = read_yaml("d: 2016-12-15\ne: 2016-02-30\nf: 2016-12-15 10:00:00\n").data
    assert data == {"d": "2016-12-15", "e": "2016-02-30", "f": "2016-12-15 10:00:00"}
    assert all(isinstance(v, str) for v in data.values())


def test_plain_scalars():
    data = read_yaml("i: 3\nf: 1.5\nb: true\nn: null\ns: text\nh: 0x1F\nneg: -7\n").data
    assert data == {"i": 3, "f": 1.5, "b": True, "n": None, "s": "text", "h": 31, "neg": -7}


def test_alias_bomb_is_refused_fast():
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    started = time.perf_counter()
    with pytest.raises(StoryError, match="billion laughs"):
        read_yaml("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - started < 0.1


def test_modest_aliases_are_allowed():
    data = read_yaml("base: &b {x: 1}\nuse: [*b, *b]\n").data
    assert data["use"] == [{"x": 1}, {"x": 1}]


def test_max_nodes():
    with pytest.raises(StoryError, match="values"):
        read_yaml("[" + ", ".join(["1"] * 50) + "]", max_nodes=20)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 2, 200, 5000])
def test_deep_flow_nesting_is_refused(depth):
    with pytest.raises(StoryError, match="nest"):  # ours ("nested ... levels") or libyaml's ("nesting depth")
        read_yaml("x: " + "[" * depth + "1" + "]" * depth)


def test_deep_block_nesting_is_refused():
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    with pytest.raises(StoryError, match="nested"):
        read_yaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object/apply:os.system 'echo hi'",
        "x: !!python/object/apply:os.system ['echo hi']",
        "x: !!python/object:subprocess.Popen {args: [echo]}",
        "x: !!python/name:os.system",
        "x: !!binary aGVsbG8=",
        "x: !custom 1",
        "x: !!set {a, b}",
    ],
)
def test_object_tags_are_refused(text):
    """Tags on sequences and mappings must be refused as on scalars (nothing is constructed
    either way, but a tagged collection silently read as plain data hides the author's error)."""
    with pytest.raises(StoryError, match="tag"):
        read_yaml(text, "tag.yaml")


def test_merge_and_duplicate_keys_are_refused():
    with pytest.raises(StoryError, match=r"t\.yaml:2:11: YAML merge keys"):
        read_yaml("b: &b {x: 1}\nc: {y: 2, <<: *b}\n", "t.yaml")
    with pytest.raises(StoryError, match=r"t\.yaml:2:1: the key 'a' appears twice"):
        read_yaml("a: 1\na: 2\n", "t.yaml")


def test_empty_and_syntax_errors_are_located():
    with pytest.raises(StoryError, match="the file is empty"):
        read_yaml(" \n\t\n")
    with pytest.raises(StoryError, match=r"s\.yaml:2:\d+: YAML syntax error"):
        read_yaml("a: [1, 2\nb: 3\n", "s.yaml")


def test_max_bytes_counts_utf8_bytes():
    with pytest.raises(StoryError, match="the file is 13 bytes; the limit is 10 bytes"):
        read_yaml("a: ĐĐĐĐĐ", max_bytes=10)  # 8 characters, 13 bytes


def test_decode_text():
    assert decode_text("a: ở".encode("utf-8"), "f") == "a: ở"
    assert decode_text(b"\xef\xbb\xbfa: 1", "f") == "a: 1"
    with pytest.raises(StoryError, match=r"f:2: the file is not UTF-8 text \(byte 0xe9 at offset 11\)"):
        decode_text(b"a: 1\nb: caf\xe9", "f")
    with pytest.raises(StoryError, match="binary file"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00", "f")


ROOT = Path(__file__).resolve().parents[1]
STORY_FILES = ["events.yaml", "docs/template-story.yaml", "geo/data/gazetteer.yaml", "tests/data/mini/story.yaml",
               "tests/data/xss/story.yaml"]


def as_text(value):
    """libyaml's own safe data with dates and times as the text they were written as."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("name", STORY_FILES)
def test_the_stories_read_as_libyamls_safe_loader_reads_them(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert read_yaml(text, name, max_bytes=10**8).data == as_text(yaml.load(text, Loader=yaml.CSafeLoader))


def test_positions_are_found_again_once_the_node_tree_is_let_go():
    text = "a: 1\nb:\n  - x\n  - {c: 2}\n"
    located = read_yaml(text, "f.yaml")
    before = [located.position(p) for p in [("b", 1, "c"), ("b", 0), ("a",), ("b", 9)]]
    located.forget_nodes()
    assert [located.position(p) for p in [("b", 1, "c"), ("b", 0), ("a",), ("b", 9)]] == before
    assert before == [(4, 6), (3, 5), (1, 1), (2, 1)]


def test_positions_from_a_mapping_of_rows():
    from geo.story.yaml_reader import LocatedData

    located = LocatedData({"events": [{}]}, "t.csv", {(): (1, 1), ("events", 0): (2, 1)})
    assert located.position(("events", 0, "title")) == (2, 1) and located.position(("x",)) == (1, 1)


def test_an_alias_is_built_once_and_counted_as_often_as_it_is_used():
    text = "base: &b [1, 2, 3]\nuse: [*b, *b, *b]\n"
    data = read_yaml(text).data
    assert data["use"][0] is data["base"]  # one value, not copies
    with pytest.raises(StoryError, match=r"from 8 to 20 values"):
        read_yaml(text, max_nodes=19)


def test_integer_keys_and_unicode_survive():
    data = read_yaml("1: một\n2.5: hai\nk: Đà Nẵng\n").data
    assert data == {1: "một", 2.5: "hai", "k": "Đà Nẵng"}


def test_empty_text_is_refused_as_before():
    for text in ("", "  \n\t\n", b"", b" \r\n"):
        with pytest.raises(StoryError, match="the file is empty"):
            read_yaml(text)
