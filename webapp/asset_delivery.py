"""Static files compressed once and cached: Streamlit's page code, the components' frames and the
app's own static folder.

Streamlit serves its frontend (``/static/…``, ~2.5 MB of JavaScript and fonts on a first visit)
uncompressed on purpose: Starlette's gzip middleware would compress every file again on every
request. Those files are content-hashed and immutable, and the app's own (``/app/static/…``:
the Leaflet bundle, the basemap, the place labels) change only with a deployment, so here each is
compressed once per process, in a worker thread (zlib releases the GIL), and later requests get
the cached bytes without touching the file or the compressor. A first visit then carries about a
third of the bytes, which a school's shared connection feels more than this machine does.

The map's frame (streamlit-folium's ``/component/…`` files, ~225 KB of JavaScript) is another
package's build: Streamlit reads it from disk and gzips it for every request (~60 ms a request while a
script run holds the GIL, on the way to every first map; ~45 ms from here). It is cached here too,
under the file's modification time and the request's Origin (Streamlit's CORS header answers it),
and keeps Streamlit's headers.

``/app/static/`` files asked for with a version (``?v=<hash>``, as ``geo.render.map_view`` links
the map frame's scripts and styles) are cached by the browser for a year; without one, the
browser revalidates (``no-cache``). A file of the app's static folder is cached here under its
modification time, so a pushed file is served fresh by a running deployment.

Only responses Streamlit itself answered 200 are cached (its path checks run first); a range
request, a HEAD request or a client that does not accept gzip goes straight to Streamlit.
"""

from __future__ import annotations

import asyncio
import gzip
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/geo+json",
                "image/svg+xml", "application/xml", "font/ttf", "application/octet-stream")
MIN_BYTES = 1024
LEVEL = 6
YEAR = "public, max-age=31536000, immutable"


def _base_url() -> str:
    try:
        from streamlit import config

        return "/" + (config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # pragma: no cover - outside a server
        return "/"


def static_kind(path: str, base: str = "/") -> str | None:
    """``"streamlit"`` for Streamlit's frontend files, ``"app"`` for the app's static folder,
    ``"component"`` for a component's frame files."""
    prefix = base.rstrip("/")
    if not path.startswith(prefix + "/"):
        return None
    rest = path[len(prefix):]
    if rest.startswith("/static/"):
        return "streamlit"
    if rest.startswith("/app/static/"):
        return "app"
    if rest.startswith("/component/"):
        return "component"
    return None


def registered_component_root(name: str) -> str | None:
    """The folder Streamlit serves a registered component's frame from."""
    try:
        from streamlit import runtime

        return runtime.get_instance().component_registry.get_component_path(name)
    except Exception:  # no runtime (outside a server)
        return None


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value
    return b""


def _compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE)


class CompressedStatic:
    """ASGI middleware (``st.App(middleware=[Middleware(CompressedStatic)])``), see the module."""

    def __init__(self, app: ASGIApp, static_root: Path = STATIC_ROOT, level: int = LEVEL,
                 component_root: Callable[[str], str | None] = registered_component_root) -> None:
        self.app = app
        self.static_root = static_root
        self.component_root = component_root
        self.level = level
        self.base: str | None = None
        self.cache: dict[tuple, tuple[int, list[tuple[bytes, bytes]], bytes]] = {}
        self.pending: dict[tuple, asyncio.Future] = {}
        self.plain: set[tuple] = set()  # files not worth compressing (small, binary): straight to Streamlit

    def _key(self, kind: str, path: str, query: bytes) -> tuple | None:
        if kind == "streamlit":
            return (path, query)
        if kind == "app":
            file = self.static_root / path.split("/app/static/", 1)[1]
        else:
            name, _, filename = path.split("/component/", 1)[1].partition("/")
            root = self.component_root(name)
            if not root or not filename:
                return None
            file = Path(root) / filename
        try:
            st = os.stat(file)
        except OSError:
            return None
        return (path, query, st.st_mtime_ns, st.st_size)

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return await self.app(scope, receive, send)
        if self.base is None:
            self.base = _base_url()
        path = scope.get("path", "")
        kind = static_kind(path, self.base)
        if (kind is None or b"gzip" not in _header(scope, b"accept-encoding") or _header(scope, b"range")
                or ".." in path):
            return await self.app(scope, receive, send)
        query = scope.get("query_string", b"")
        key = self._key(kind, path, query)
        if key is not None and kind == "component":  # Streamlit's CORS header answers the request's Origin
            key += (_header(scope, b"origin"),)
        if key is None or key in self.plain:
            return await self.app(scope, receive, send)
        hit = self.cache.get(key)
        if hit is None and key in self.pending:
            hit = await asyncio.shield(self.pending[key])
            if hit is None:
                return await self.app(scope, receive, send)
        if hit is None:
            future = asyncio.get_running_loop().create_future()
            self.pending[key] = future
            try:
                hit = await self._fetch(scope, receive, kind, query, key)
            except BaseException:
                future.set_result(None)
                raise
            finally:
                self.pending.pop(key, None)
            future.set_result(hit)
            if hit is not None and hit[0] == 200:
                self.cache[key] = hit
            if hit is None:  # not ours to compress (an error, a small or binary file): as Streamlit says
                return await self.app(scope, receive, send)
        status, headers, body = hit
        etag = dict(headers).get(b"etag")
        if etag and _header(scope, b"if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k, v) for k, v in headers if k in (b"etag", b"cache-control", b"vary")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _fetch(self, scope: Scope, receive, kind: str, query: bytes, key: tuple):
        """Streamlit's answer for an identity request, compressed; None when not worth it."""
        inner = dict(scope)
        inner["headers"] = [(k, v) for k, v in scope.get("headers") or ()
                            if k.lower() not in (b"accept-encoding", b"if-none-match", b"if-modified-since")]
        start: dict = {}
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, collect)
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        content_type = dict(headers).get(b"content-type", b"").decode("latin-1")
        body = b"".join(chunks)
        if start.get("status") != 200:
            return None
        if len(body) < MIN_BYTES or not _compressible(content_type) or dict(headers).get(b"content-encoding"):
            self.plain.add(key)
            return None
        packed = await asyncio.to_thread(gzip.compress, body, self.level, mtime=0)
        kept = [(k, v) for k, v in headers if k not in (b"content-length", b"content-encoding", b"vary")
                and not (kind == "app" and k == b"cache-control")]
        kept += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"),
                 (b"content-length", str(len(packed)).encode())]
        if kind == "app":
            kept.append((b"cache-control", (YEAR if b"v=" in query else "no-cache").encode()))
        return 200, kept, packed
