"""``webapp.asset_delivery.CompressedStatic`` in-process, over Starlette's own static file serving:
each file is compressed once, then served from memory until it changes; what is not its to change
passes through. (Over real HTTP, against the running app: tests/browser/test_static_delivery.py.)"""

from __future__ import annotations

import asyncio
import gzip
import os
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from webapp.asset_delivery import CompressedStatic

FRAME = "demo.frame"


class Counted:
    """The wrapped app, counting the requests that reach it."""

    def __init__(self, app) -> None:
        self.app, self.calls = app, 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


@pytest.fixture
def served(tmp_path):
    static, frame = tmp_path / "static", tmp_path / "frame"
    static.mkdir(), frame.mkdir()
    (static / "world.json").write_text('{"land": "' + "x" * 5000 + '"}', encoding="utf-8")
    (static / "tiny.css").write_text("a{}", encoding="utf-8")
    (frame / "main.js").write_text("var frame = 1;\n" * 500, encoding="utf-8")
    inner = Counted(Starlette(routes=[Mount("/app/static", StaticFiles(directory=static)),
                                      Mount(f"/component/{FRAME}", StaticFiles(directory=frame))]))
    delivery = CompressedStatic(inner, static_root=static,
                                component_root=lambda name: str(frame) if name == FRAME else None)
    return delivery, inner, static, frame


def request(app, path: str, query: str = "", **headers: str) -> tuple[int, dict[str, str], bytes]:
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": query.encode(), "scheme": "http", "server": ("127.0.0.1", 80), "http_version": "1.1",
             "headers": [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}
    sent: list[dict] = []

    asked = []

    async def receive():  # the request, then a client that stays connected
        if not asked:
            asked.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def test_a_file_is_compressed_once_then_served_from_memory(served):
    delivery, inner, static, _ = served
    status, headers, body = request(delivery, "/app/static/world.json", "v=1", accept_encoding="gzip")
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == (static / "world.json").read_bytes()
    assert int(headers["content-length"]) == len(body)
    assert headers["cache-control"] == "public, max-age=31536000, immutable"  # versioned
    assert inner.calls == 1
    assert request(delivery, "/app/static/world.json", "v=1", accept_encoding="gzip")[2] == body
    assert inner.calls == 1, "the second request was answered from memory"
    assert request(delivery, "/app/static/world.json", accept_encoding="gzip")[1]["cache-control"] == "no-cache"


def test_a_changed_file_is_served_fresh(served):
    delivery, inner, static, _ = served
    request(delivery, "/app/static/world.json", accept_encoding="gzip")
    (static / "world.json").write_text('{"land": "' + "y" * 6000 + '"}', encoding="utf-8")
    later = os.stat(static / "world.json").st_mtime_ns + 1_000_000_000
    os.utime(static / "world.json", ns=(later, later))
    _, _, body = request(delivery, "/app/static/world.json", accept_encoding="gzip")
    assert gzip.decompress(body) == (static / "world.json").read_bytes() and inner.calls == 2


def test_a_components_frame_file_is_cached_per_origin(served):
    delivery, inner, _, frame = served
    path = f"/component/{FRAME}/main.js"
    _, headers, body = request(delivery, path, accept_encoding="gzip")
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == (frame / "main.js").read_bytes()
    request(delivery, path, accept_encoding="gzip")
    assert inner.calls == 1
    request(delivery, path, accept_encoding="gzip", origin="https://school.example")
    assert inner.calls == 2, "an answer for another Origin is not replayed"


@pytest.mark.parametrize("path, headers", [
    ("/app/static/world.json", {}),                                       # no gzip asked for
    ("/app/static/world.json", {"accept_encoding": "gzip", "range": "bytes=0-9"}),
    ("/app/static/tiny.css", {"accept_encoding": "gzip"}),                 # too small to be worth it
    ("/component/not.registered/main.js", {"accept_encoding": "gzip"}),
    ("/app/static/missing.json", {"accept_encoding": "gzip"}),
])
def test_what_is_not_the_middlewares_passes_through(served, path, headers):
    delivery, inner, _, _ = served
    for _ in range(2):
        inner.calls = 0
        status, answer, _ = request(delivery, path, **headers)
        assert "content-encoding" not in answer and status in (200, 206, 404)
    assert inner.calls == 1, "a later request goes straight to the wrapped app"
