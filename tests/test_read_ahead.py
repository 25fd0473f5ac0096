"""geo.story.read_ahead: items made in a thread, in order, failures where they happen, nothing left running."""

from __future__ import annotations

import threading
from contextlib import closing

import pytest

from geo.story.read_ahead import read_ahead


def test_every_item_comes_in_order():
    assert list(read_ahead(iter(range(1000)), depth=3)) == list(range(1000))
    assert list(read_ahead([])) == []


def test_items_are_made_in_another_thread():
    makers = []

    def items():
        for i in range(3):
            makers.append(threading.current_thread())
            yield i

    assert list(read_ahead(items(), name="maker")) == [0, 1, 2]
    assert {t.name for t in makers} == {"maker"} and threading.current_thread() not in makers


def test_a_failure_is_raised_at_its_item():
    def items():
        yield 1
        yield 2
        raise KeyError("third")

    got = []
    with pytest.raises(KeyError, match="third"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_stopping_early_stops_the_thread_within_depth_items():
    made = []
    release = threading.Event()

    def items():
        for i in range(10_000):
            made.append(i)
            yield i

    before = set(threading.enumerate())
    with closing(read_ahead(items(), depth=2, name="stopped-early")) as chunks:
        assert next(chunks) == 0
        # the maker runs ahead: waits on a full queue of 2 with a third item in hand at most
        while len(made) < 3 and not release.wait(0.01):
            pass
    assert not [t for t in threading.enumerate() if t.name == "stopped-early"]
    assert set(threading.enumerate()) <= before
    assert len(made) <= 4
