"""Items of an iterator made in a thread a few ahead of their consumer.

A big story's YAML is read a chunk at a time while the chunks read so far are validated. yaml-rs
lets go of the GIL while it parses, so on a second core the next chunk is parsed while this one is
validated (pydantic holds the GIL): the 100,000-event story loads about a third faster. With one
core it costs nothing but a thread switch per chunk.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


def read_ahead(items: Iterable[T], depth: int = 2, name: str = "read-ahead") -> Iterator[T]:
    """The items of ``items`` in order, each made in a thread while at most ``depth`` wait.

    An exception raised while making an item is raised here, at that item. Closing the returned
    generator early (a ``break``, an exception in the consumer, garbage collection) stops the
    thread after the item it is making: nothing keeps running or holding memory.
    """
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put(_Failed(exc))
            return
        put(_DONE)

    thread = threading.Thread(target=make, name=name, daemon=True)
    thread.start()
    try:
        while True:
            item = waiting.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join()
