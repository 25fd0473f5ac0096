"""Safe YAML reading with positions (geo.story.yaml_reader)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geo.story.errors import StoryError
from geo.story.yaml_reader import MAX_DEPTH, decode_text, read_yaml


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


# --- the fast reader and the located reader ---------------------------------------------------------

from pathlib import Path  # noqa: E402

from geo.story import yaml_reader as yaml_source  # noqa: E402
from geo.story.yaml_reader import read_yaml_located  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
needs_fast = pytest.mark.skipif(yaml_source._yaml_rs is None, reason="yaml-rs is not installed")


def _either(text: str):
    """What read_yaml gives: ("data", data, fast?) or ("error", message)."""
    try:
        located = read_yaml(text, "f.yaml")
    except StoryError as exc:
        return ("error", str(exc))
    return ("data", repr(located.data), located.fast)


def _located(text: str):
    try:
        return ("data", repr(read_yaml_located(text, "f.yaml").data))
    except StoryError as exc:
        return ("error", str(exc))


STORY_FILES = ["events.yaml", "docs/template-story.yaml", "geo/data/gazetteer.yaml", "tests/data/mini/story.yaml",
               "tests/data/xss/story.yaml"]


@needs_fast
@pytest.mark.parametrize("name", STORY_FILES)
def test_fast_reader_reads_the_stories_as_the_located_reader_does(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    fast = read_yaml(text, name)
    assert fast.fast, "the fast reader should take a plain story"
    located = read_yaml_located(text, name)
    assert repr(fast.data) == repr(located.data)  # repr: types too (1 vs 1.0 vs True)
    assert fast.positions == located.positions  # read on first use
    assert read_yaml(text.encode("utf-8"), name).data == located.data  # bytes in, same data


@needs_fast
def test_fast_reader_on_a_synthetic_story():
    from benchmarks.synthetic import story_text

    text = story_text(300)
    fast = read_yaml(text.encode("utf-8"), "s.yaml")
    assert fast.fast
    assert repr(fast.data) == repr(read_yaml_located(text, "s.yaml").data)
    fast.release_data()
    assert len(fast.data["events"]) == 300  # read again when asked for


# Scalars the two YAML versions read differently (1.1: yes is true, 017 is octal, 1e3 is text, ...).
TOKENS = ["0", "00", "017", "08", "0_1", "1_000", "_1", "1__0", "0x1F", "0X1F", "0x_1", "0o17", "0b101", "1e3", "1E3",
          "1.0e3", "1.0e+3", "1.0E-3", "12e", "1.", ".5", "+.5", "-.5", "+5", "-7", "-0", "1.5", "1.5_0", ".inf",
          ".Inf", "-.inf", "+.inf", ".nan", ".NaN", "+.nan", "yes", "Yes", "YES", "yEs", "no", "NO", "on", "On", "off",
          "OFF", "y", "n", "true", "True", "tRUE", "FALSE", "null", "Null", "nULL", "~", "=", "<<", "2016-12-15",
          "2016-12-15 10:00:00", "2016-12-15t10:00:00Z", "18:10", "1:30:00", "190:20:30", "-1:20", "09:30",
          "12345678901234567890", "1.7976931348623157e309", "00.5", "1_0.5", "e", "E5", "12abc", "abc", "a b", "'q'",
          "'yes'", '"017"', "-", "?", ":", "a:b", "http://x.y", "a #b", "1 #c", "[]", "{}", "[1, 2]", "{a: 1}", "''",
          "é", "+1.5e+3", "1e-3", "0e0", "0x", "+", "+-1", "!!str 1", "&a 1", "*a", "! x"]
CONTEXTS = ["k: {t}\n", "{t}: v\n", "k: [{t}]\n", "k: [a, {t}, b]\n", "k: {{{t}: v}}\n", "k: {{a: {t}}}\n",
            "k:\n- {t}\n", "k:\n  {t}\n", "k: {t} # c\n", "k: [{t},]\n", "k: [  {t}]\n"]


@needs_fast
def test_fast_reader_takes_only_what_both_readers_read_alike():
    """Every scalar spelling in every place: read_yaml (fast where it may) gives exactly what the
    located reader gives, or the same error."""
    taken = 0
    for token in TOKENS:
        for context in CONTEXTS:
            text = context.format(t=token)
            got = _either(text)
            assert got[:2] == _located(text), text
            taken += got[0] == "data" and got[2]
    assert taken > 300  # and the fast reader did take most of the plain ones


@needs_fast
@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # any alias
    "a: !!str 1\n",  # any tag
    "%YAML 1.1\n---\na: 1\n",  # directives
    "a: 1\na: 2\n",  # duplicate keys
    "a: yes\n", "a: [1, 017]\n", "a: 1e3\n", "a: {<<: {b: 1}}\n", "on: 1\n",  # YAML 1.1 spellings
    "a: 'x\u2028y'\n", "\ufeffa: 1\n", "a: 'x\x85y'\n",  # YAML 1.1 line breaks, a BOM
    "a: " + "[" * 70 + "]" * 70 + "\n",  # nesting deeper than MAX_DEPTH
    "- a\n- b\n", "a: 1\n---\nb: 2\n",  # not one mapping
    "? [a, b]\n: 1\n", "~: 1\n",  # keys that are not text
])
def test_fast_reader_leaves_these_to_the_located_reader(text):
    assert yaml_source._fast_read(text, 1_000_000) is None
    assert _either(text)[:2] == _located(text)


@needs_fast
def test_deep_compact_nesting_never_reaches_the_fast_reader():
    """yaml-rs overflows its stack on some 20,000 nested "- " (the process dies): such text
    must go to the located reader, which refuses it."""
    text = "- " * 200_000 + "x\n"
    assert yaml_source._unlike_for_the_readers(text.encode())
    with pytest.raises(StoryError, match="nest"):
        read_yaml(text, max_nodes=10_000_000)


@needs_fast
def test_alias_bomb_is_refused_fast_on_the_fast_path():
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    text = "\n".join(lines)
    assert yaml_source._fast_read(text, 1_000_000) is None  # yaml-rs is told to refuse any alias
    with pytest.raises(StoryError, match=r"from 25 to [\d,]+ values \(a 'billion laughs' file\?\)"):
        read_yaml(text, "bomb.yaml")


@needs_fast
def test_max_nodes_is_counted_on_the_fast_path_as_on_the_located_one():
    text = "a: [" + ", ".join(["1"] * 50) + "]\nb: {c: d}\n"  # 1 + 2 + 50 + 1 + (1 + 2) values
    assert read_yaml(text, max_nodes=57).fast
    with pytest.raises(StoryError, match="to 57 values.*refused"):
        read_yaml(text, max_nodes=56)


# --- a big story in pieces ------------------------------------------------------------------------

def _in_pieces(text: str | bytes, chunk_bytes: int = 1, max_nodes: int = 1_000_000):
    """What the pieces hold, assembled as the whole text's data, and their count of values; or
    None when the text is not read in pieces; or "refused" when a piece cannot be taken."""
    pieces = yaml_source.read_yaml_in_pieces(text, max_nodes=max_nodes)
    if pieces is None:
        return None
    try:
        events = [event for chunk in pieces.events(chunk_bytes) for event in chunk]
        data = pieces.rest()
    except yaml_source.PieceRefused:
        return "refused"
    data["events"] = events
    return data, pieces.values


def _whole(text: str | bytes, max_nodes: int = 1_000_000):
    located = read_yaml(text, "f.yaml", max_nodes=max_nodes)
    count = read_yaml_located(text, "f.yaml", max_nodes=max_nodes).value_count
    return located.data, count


STORY = """story:
  id: s
  title: {vi: a, en: b}
layers:
- id: talks
  name: {vi: a, en: b}
  color: '#000000'
events:
- id: one
  layer: talks
  title: {vi: "Một - hai", en: 'one: two'}
  places: [tokyo, 'Hạ Long']
- id: two
  layer: talks
  summary: |
    - not an item
    # not a comment
  places:
  - nagato
# a comment between events
- id: three
  note: >-
    folded
    text

- id: four
  tour: {order: 3, zoom: 7}
  places: [tokyo, kantei]
distances:
- origin: a
  target: b
"""


@needs_fast
@pytest.mark.parametrize("chunk_bytes", [1, 40, 100, 10_000])
@pytest.mark.parametrize("layout", ["as is", "events last", "events first", "indented", "crlf", "comments",
                                    "keep chomping", "document start", "no final newline"])
def test_pieces_read_exactly_what_the_whole_text_reads(layout, chunk_bytes):
    """Whatever chunks the events are cut into, the pieces hold the whole text's data, value for
    value (repr: types too), and count the values as the located reader does."""
    text = STORY
    head, rest = text.split("events:\n")
    events, tail = rest.split("distances:\n")
    tail = "distances:\n" + tail
    if layout == "events last":
        text = head + tail + "events:\n" + events
    elif layout == "events first":
        text = "events:\n" + events + head + tail
    elif layout == "indented":
        text = head + "events:\n" + "".join("  " + line if line.strip() else line
                                            for line in events.splitlines(keepends=True)) + tail
    elif layout == "crlf":
        text = text.replace("\n", "\r\n")
    elif layout == "comments":
        text = head + "events:   \n\n# first\n  # second\n" + events + "# before the rest\n" + tail
    elif layout == "keep chomping":
        text = text.replace("  note: >-\n", "  note: |+\n")
    elif layout == "document start":
        text = "---\n" + text
    elif layout == "no final newline":
        text = head + tail + "events:\n" + events.rstrip("\n")
    got = _in_pieces(text.encode("utf-8"), chunk_bytes)
    assert got not in (None, "refused"), layout
    data, count = got
    whole, whole_count = _whole(text)
    assert repr(data) == repr(whole)
    assert list(data) == list(whole)  # the top-level keys in their order
    assert count == whole_count


@needs_fast
@pytest.mark.parametrize("name", STORY_FILES[:2] + STORY_FILES[3:])
def test_pieces_read_the_stories_as_the_whole_text(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    for chunk_bytes in (1, 1000, 1 << 20):
        data, count = _in_pieces(text, chunk_bytes)
        assert repr(data) == repr(read_yaml_located(text, name).data)
        assert count == read_yaml_located(text, name).value_count


@needs_fast
def test_a_synthetic_story_in_pieces():
    from benchmarks.synthetic import story_text

    text = story_text(300).encode("utf-8")
    data, count = _in_pieces(text, 5_000)
    whole, whole_count = _whole(text)
    assert repr(data) == repr(whole) and count == whole_count


@needs_fast
@pytest.mark.parametrize("text", [
    "story: x\nevents: []\n", "events: # comment\n- a\n", "story: x\n", "events:\n  foo: 1\n",
    "\ufeffevents:\n- a\n", "a: &x 1\nevents:\n- *x\n", "a: 'x\nevents:\n- b'\n",  # not laid out for pieces
    "a: [1,\nevents:\n- b]\n",  # "events:" inside a flow collection: the head does not read alone
])
def test_texts_not_read_in_pieces(text):
    assert yaml_source.read_yaml_in_pieces(text.encode("utf-8")) is None


REFUSED_PIECES = {
    "duplicate key across the events": "story: x\nevents:\n- a\nstory: y\n",
    "events twice": "events:\n- a\nother: 1\nevents:\n- b\n",
    "document marker": "events:\n- a\n---\n- b\n",
    "document end": "events:\n- a\n...\n",
    "alias in an event": "events:\n- &a x\n- *a\n",
    "tag in an event": "events:\n- !!str 1\n",
    "YAML 1.1 word": "events:\n- a\n- yes\n",
    "YAML 1.1 key": "events:\n- on: 1\n",
    "octal": "events:\n- a: 017\n",
    "long exponent": "events:\n- a: " + "1" * 100 + "e5\n",
    "lone CR": "events:\n- a\r- b\n",
    "quote across items": 'events:\n- a: "x\n- b"\n',
    "rest indented": "events:\n  - a\n b: 1\n",
    "rest after a tab": "events:\n- a\n\tb: 1\n",
    "not UTF-8": b"events:\n- caf\xe9\n",
    "NUL": "events:\n- a\x00\n",
    "deep": "events:\n- " + "[" * 70 + "]" * 70 + "\n",
    "mapping after the items": "events:\n- a\n-b: 1\n- c\n",
    "flow across lines": "events:\n- [a,\n  b]\n",  # libyaml and yaml-rs may read it differently
    "empty block scalar at the end": "events:\n- a\n- b: |\n",
}


@needs_fast
@pytest.mark.parametrize("name", REFUSED_PIECES)
def test_pieces_refuse_what_the_whole_text_reads_otherwise(name):
    """What a piece cannot take sends the whole text the usual way, which reads it or says
    what is wrong exactly as without pieces."""
    text = REFUSED_PIECES[name]
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    assert _in_pieces(raw) in (None, "refused")


@needs_fast
def test_max_nodes_is_counted_across_the_pieces():
    text = "story: x\nevents:\n- [1, 2]\n- [3]\nrest: {a: b}\n"
    whole = read_yaml_located(text, max_nodes=100).value_count
    assert _in_pieces(text, 1, max_nodes=whole)[1] == whole
    assert _in_pieces(text, 1, max_nodes=whole - 1) == "refused"
    assert _in_pieces(text, 100, max_nodes=whole - 1) == "refused"


def test_empty_text_is_refused_as_before():
    for text in ("", "  \n\t\n", b"", b" \r\n"):
        with pytest.raises(StoryError, match="the file is empty"):
            read_yaml(text)


# --- yaml-rs and threads ----------------------------------------------------------------------

_REPO = Path(__file__).resolve().parents[1]


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=_REPO, capture_output=True, text=True,
                          timeout=120)


def test_yaml_rs_crashes_once_the_thread_that_imported_it_has_ended():
    """Why geo.story.yaml_reader imports yaml-rs only in the main thread. If this starts passing the
    other way (a fixed yaml-rs), the guard may go: see geo.story.yaml_reader._import_fast_reader."""
    run = _python("""
        import threading
        def first():
            import yaml_rs
        def later():
            import yaml_rs
            yaml_rs.load(b"a: 1\\n")
        for target in (first, later):
            thread = threading.Thread(target=target)
            thread.start()
            thread.join()
        print("survived")
    """)
    assert run.returncode == -signal.SIGSEGV and "survived" not in run.stdout, (run.returncode, run.stdout)


def test_imported_off_the_main_thread_the_fast_reader_is_left_unused_and_nothing_crashes():
    """A page script's thread importing the core first (``streamlit run app_pages.py``): stories
    are still read, by the located reader, in every later thread."""
    run = _python("""
        import threading
        def first():
            import geo.story.yaml_reader
            print("fast reader:", geo.story.yaml_reader._yaml_rs)
        def later():
            from geo.story.load import load_story
            print(len(load_story("events.yaml").story.events), "events")
        for target in (first, later, later):
            thread = threading.Thread(target=target)
            thread.start()
            thread.join()
    """)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["fast reader: None", "29 events", "29 events"]


def test_imported_by_the_main_thread_the_fast_reader_serves_every_thread():
    run = _python("""
        import threading
        import geo.story.yaml_reader
        from geo.story.load import load_story
        print("fast reader:", geo.story.yaml_reader._yaml_rs.__name__)
        def later():
            loaded = load_story("events.yaml")
            print(len(loaded.story.events), "events", "fast" if loaded.located.fast else "located")
        for _ in range(2):
            thread = threading.Thread(target=later)
            thread.start()
            thread.join()
    """)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["fast reader: yaml_rs", "29 events fast", "29 events fast"]
