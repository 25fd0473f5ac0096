"""The optional online geocoder against local fake Nominatim servers that misbehave.

Every server runs in this process on 127.0.0.1 (a random free port); no test sends anything
elsewhere. The geocoder must never raise, must give up within its timeout (plus a second of
slack), must say through ``status`` that the online lookup is not available, must not wait on
the network again after one failure, and must still resolve a good answer (method "online").
"""

from __future__ import annotations

import inspect
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo.story.errors import StoryError
from geo.places.geocode import geocode_story
from geo.places.online_geocoder import USER_AGENT, OnlineGeocoder
from geo.story.load import load_story

TIMEOUT = 1.0
SLACK = 1.0  # a fault may cost at most TIMEOUT + SLACK seconds of wall time
MINI = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the fake servers go straight to 127.0.0.1, whatever proxy the machine sets."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --- fake servers ------------------------------------------------------------------------------


Reply = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class FakeServer:
    """A local HTTP server answering every GET with ``reply``; it records what it was asked."""

    reply: Reply
    requests: list[dict[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"


def _start(reply: Reply) -> Iterator[FakeServer]:
    fake = FakeServer(reply)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            query = {k: v[-1] for k, v in parse_qs(urlparse(self.path).query).items()}
            fake.requests.append({"path": urlparse(self.path).path, "agent": self.headers.get("User-Agent", ""),
                                  **query})
            self.fake = fake
            try:
                fake.reply(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first, as it should

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()  # let a hanging handler finish
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def send(status: int, body: bytes | str, content_type: str = "application/json") -> Reply:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply


def hang(seconds: float = 10 * TIMEOUT) -> Reply:
    """Accept the request and answer nothing for much longer than the client's timeout."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.fake.release.wait(seconds)  # set when the test ends

    return reply


def trickle(seconds: float = 10 * TIMEOUT) -> Reply:
    """Send the status line and headers, then a byte of body every 0.3 s: never a complete answer in time."""

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.flush()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not handler.fake.release.is_set():  # bounded
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.3)

    return reply


SAPPORO = [{"place_id": 1, "licence": "test", "osm_type": "node", "osm_id": 1, "lat": "43.0621", "lon": "141.3544",
            "display_name": "Sapporo, Hokkaido, Japan", "class": "place", "type": "city", "importance": 0.7,
            "boundingbox": ["42.9", "43.2", "141.1", "141.5"]}]


def nominatim(lat: str, lon: str) -> Reply:
    return send(200, json.dumps([{**SAPPORO[0], "lat": lat, "lon": lon}]))


GARBAGE: dict[str, Reply] = {
    "plain text": send(200, "this is not JSON", "text/plain"),
    "html page": send(200, "<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>", "text/html"),
    "empty body": send(200, b""),
    "truncated json": send(200, '[{"lat": "43.06", "lon": "141.'),
    "json object with error": send(200, '{"error": "Internal failure"}'),
    "lat 999": nominatim("999", "141.35"),
    "lon 999": nominatim("43.06", "999"),
    "lat -91": nominatim("-91", "0"),
    "lon -180.5": nominatim("10", "-180.5"),
    "lat and lon swapped far off": nominatim("141.35", "43.06"),
    "coordinates not numbers": nominatim("north", "east"),
    "coordinates NaN": nominatim("NaN", "NaN"),
    "coordinates Infinity": nominatim("Infinity", "1"),
    "coordinates missing": send(200, json.dumps([{"place_id": 1, "display_name": "Nowhere"}])),
    "list of numbers": send(200, "[1, 2, 3]"),
    "http 500": send(500, "<html>Internal Server Error</html>", "text/html"),
    "http 503": send(503, "busy", "text/plain"),
    "http 429": send(429, "slow down", "text/plain"),
    "http 403": send(403, "forbidden", "text/plain"),
}


@pytest.fixture
def server(request) -> Iterator[FakeServer]:
    yield from _start(request.param)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections: bound (so no one else takes it) but not listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def geocoder(domain: str, **kwargs) -> OnlineGeocoder:
    return OnlineGeocoder(domain=domain, scheme="http", timeout=TIMEOUT, min_delay=0.0, **kwargs)


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start


def assert_says_unavailable(g: OnlineGeocoder) -> None:
    status = g.status.lower()
    assert status not in ("not used", "online geocoder answered"), g.status
    assert "online geocoder" in status and "gazetteer" in status, g.status


# --- the happy path first: the fake server is a usable Nominatim --------------------------------


@pytest.mark.parametrize("server", [send(200, json.dumps(SAPPORO))], indirect=True)
def test_a_good_answer_resolves_online(server: FakeServer):
    g = geocoder(server.domain)
    hit, seconds = timed(lambda: g.resolve("Sapporo"))
    assert hit is not None
    assert hit.method == "online"
    assert (hit.geometry.x, hit.geometry.y) == pytest.approx((141.3544, 43.0621))
    assert hit.query == "Sapporo"
    assert g.status == "online geocoder answered"
    assert seconds < TIMEOUT + SLACK
    assert len(server.requests) == 1
    asked = server.requests[0]
    assert asked["path"] == "/search" and asked["q"] == "Sapporo" and asked["format"] == "json"
    assert asked["agent"] == USER_AGENT  # it identifies itself (Nominatim's usage policy)
    # asked again (any case or accents): answered from the cache, not the network
    again = g.resolve("SAPPORO")
    assert again is not None and again.method == "online" and len(server.requests) == 1


@pytest.mark.parametrize("server", [send(200, json.dumps(SAPPORO))], indirect=True)
def test_a_good_answer_is_kept_in_the_disk_cache(server: FakeServer, tmp_path: Path):
    geocoder(server.domain, cache_dir=tmp_path).resolve("Sapporo")
    assert len(server.requests) == 1
    offline = geocoder("127.0.0.1:9", cache_dir=tmp_path)  # port 9 (discard) is never reached: cache hit
    hit = offline.resolve("sapporo")
    assert hit is not None and hit.method == "online" and hit.geometry.y == pytest.approx(43.0621)


@pytest.mark.parametrize("server", [send(200, "[]")], indirect=True)
def test_not_found_is_not_a_fault(server: FakeServer):
    """An empty answer means 'no such place': None, and the next name is still looked up online."""
    g = geocoder(server.domain)
    assert g.resolve("Xyzzy") is None
    assert g.resolve("Plugh") is None
    assert len(server.requests) == 2


# --- (a) connection refused ----------------------------------------------------------------------


def test_connection_refused(closed_port: int):
    g = geocoder(f"127.0.0.1:{closed_port}")
    hit, seconds = timed(lambda: g.resolve("Sapporo"))
    assert hit is None
    assert seconds <= TIMEOUT + SLACK, f"a refused connection took {seconds:.2f}s"
    assert_says_unavailable(g)
    # a second lookup does not go to the network again
    again, seconds = timed(lambda: g.resolve("Nemuro"))
    assert again is None and seconds < 0.1
    assert_says_unavailable(g)


def test_unresolvable_domain_never_leaves_the_machine():
    """A malformed domain (no such port) fails at once, without raising."""
    g = geocoder("127.0.0.1:99999")
    hit, seconds = timed(lambda: g.resolve("Sapporo"))
    assert hit is None and seconds <= TIMEOUT + SLACK
    assert_says_unavailable(g)


# --- (b) a server that hangs ----------------------------------------------------------------------


@pytest.mark.parametrize("server", [hang(), trickle()], indirect=True, ids=["no-answer", "trickle"])
def test_a_hanging_server_costs_at_most_the_timeout(server: FakeServer):
    g = geocoder(server.domain)
    hit, seconds = timed(lambda: g.resolve("Sapporo"))
    assert hit is None
    assert seconds <= TIMEOUT + SLACK, (
        f"one lookup against a hanging server took {seconds:.2f}s (timeout {TIMEOUT}s); "
        f"the server saw {len(server.requests)} request(s)")
    assert_says_unavailable(g)
    asked = len(server.requests)
    again, seconds = timed(lambda: g.resolve("Nemuro"))
    assert again is None and seconds < 0.1, "a second lookup waited on the network again"
    assert len(server.requests) == asked


@pytest.mark.parametrize("server", [hang()], indirect=True, ids=["no-answer"])
def test_a_hanging_server_is_asked_once(server: FakeServer):
    """No silent retries: each one would cost another timeout."""
    geocoder(server.domain).resolve("Sapporo")
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline and len(server.requests) < 2:  # bounded wait for a late retry
        time.sleep(0.05)
    assert len(server.requests) == 1, f"the server was asked {len(server.requests)} times for one lookup"


# --- (c) garbage --------------------------------------------------------------------------------


@pytest.mark.parametrize("server", list(GARBAGE.values()), indirect=True, ids=list(GARBAGE))
def test_garbage_answers_give_none(server: FakeServer):
    g = geocoder(server.domain)
    hit, seconds = timed(lambda: g.resolve("Sapporo"))
    assert hit is None, f"garbage resolved to {hit and (hit.geometry.x, hit.geometry.y)}"
    assert seconds <= TIMEOUT + SLACK
    assert g.status != "online geocoder answered", g.status
    assert g.cache.get("sapporo") is None  # nothing wrong is remembered


@pytest.mark.parametrize("server", [GARBAGE["html page"], GARBAGE["http 500"]], indirect=True,
                         ids=["html page", "http 500"])
def test_after_garbage_the_network_is_not_asked_again(server: FakeServer):
    g = geocoder(server.domain)
    assert g.resolve("Sapporo") is None
    assert_says_unavailable(g)
    again, seconds = timed(lambda: g.resolve("Nemuro"))
    assert again is None and seconds < 0.1
    assert len(server.requests) == 1


@pytest.mark.parametrize("server", [send(200, json.dumps(SAPPORO))], indirect=True)
def test_a_corrupt_disk_cache_is_ignored(server: FakeServer, tmp_path: Path):
    (tmp_path / "nominatim.json").write_text("{not json", encoding="utf-8")
    g = geocoder(server.domain, cache_dir=tmp_path)
    hit = g.resolve("Sapporo")
    assert hit is not None and hit.method == "online"
    assert json.loads((tmp_path / "nominatim.json").read_text(encoding="utf-8"))["sapporo"] == \
        pytest.approx([141.3544, 43.0621])


def test_an_unwritable_cache_folder_is_not_fatal(tmp_path: Path, closed_port: int):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    g = geocoder(f"127.0.0.1:{closed_port}", cache_dir=blocker / "sub")  # a folder below a file
    assert g.resolve("Sapporo") is None


# --- a whole story with the server down ----------------------------------------------------------


def _copy_mini(tmp_path: Path, extra_place: str | None = None) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    if extra_place is not None:
        story = folder / "story.yaml"
        text = story.read_text(encoding="utf-8")
        text = text.replace("    places: [Kantei]\n", f"    places: [Kantei, \"{extra_place}\"]\n", 1)
        assert extra_place in text
        story.write_text(text, encoding="utf-8")
    return folder / "story.yaml"


def test_story_geocodes_from_the_gazetteer_with_the_server_down(closed_port: int, mini_story_path: Path):
    g = geocoder(f"127.0.0.1:{closed_port}")
    loaded = load_story(mini_story_path)
    events, seconds = timed(lambda: geocode_story(loaded, online=g))
    assert list(events["id"]) == ["meet-nagato", "tokyo", "move", "span", "kunashir"]
    assert "online" not in ",".join(events["resolution"])
    assert events.geometry.notna().all() and events.crs.to_epsg() == 4326
    assert g.status == "not used"  # every name was known offline: the network was never tried
    assert seconds < 30


def _load_with(path: Path, online: OnlineGeocoder):
    """load_story, handing it the online geocoder when it takes one (names unknown offline may resolve online)."""
    if "online" in inspect.signature(load_story).parameters:
        return load_story(path, online=online)
    return load_story(path)


@pytest.mark.parametrize("server", [hang()], indirect=True, ids=["no-answer"])
def test_unknown_name_with_the_server_hanging_is_a_located_story_error(server: FakeServer, tmp_path: Path):
    """The only unknown name costs at most one timeout and becomes the usual located 'unknown place' problem."""
    g = geocoder(server.domain)
    start = time.monotonic()
    with pytest.raises(StoryError) as info:
        geocode_story(_load_with(_copy_mini(tmp_path, "Xyzzyville"), g), online=g)
    seconds = time.monotonic() - start
    assert "unknown place 'Xyzzyville'" in str(info.value)
    assert "story.yaml:" in str(info.value)
    assert seconds <= TIMEOUT + SLACK + 5  # one timeout, plus the offline geocoding itself
    assert len(server.requests) <= 1


@pytest.mark.parametrize("server", [nominatim("43.0621", "141.3544")], indirect=True)
def test_unknown_name_resolved_by_a_good_server(server: FakeServer, tmp_path: Path):
    """The point of the online geocoder: a name neither the gazetteer nor the city database knows.

    Fails while load_story refuses every name the offline gazetteer does not know (geo/story/load.py,
    the 'unknown place' check), before geocode_story can ask the online geocoder.
    """
    g = geocoder(server.domain)
    events = geocode_story(_load_with(_copy_mini(tmp_path, "Xyzzyville"), g), online=g)
    row = events[events["id"] == "tokyo"].iloc[0]
    assert "online" in row["resolution"] and "gazetteer" in row["resolution"]
    assert [r["q"] for r in server.requests] == ["Xyzzyville"]
