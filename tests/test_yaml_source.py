"""Safe YAML reading with positions (geo.yaml_source)."""

from __future__ import annotations

import time

import pytest

from geo.errors import StoryError
from geo.yaml_source import MAX_DEPTH, decode_text, read_yaml


def test_positions_are_one_based_line_and_column():
    located = read_yaml("a: 1\nb:\n  c: x\n  d: [p, q]\n", "f.yaml")
    assert located.positions[()] == (1, 1)
    assert located.positions[("a",)] == (1, 1)  # a key's position is where the key stands
    assert located.positions[("b", "c")] == (3, 3)
    assert located.positions[("b", "d", 1)] == (4, 10)
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
