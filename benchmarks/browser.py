"""Browser benchmarks: `streamlit run` servers and a headless Chromium that may only reach localhost.

* cold start: from launching `streamlit run` to the first map drawn in a fresh browser context,
* websocket bytes (every frame received, ``page.on("websocket")``) and HTTP body bytes of the
  first load, and websocket bytes of one day step,
* day steps: press Next/Previous alternately; click (``performance.now()`` in the page, just
  before ``button.click()``) → the map iframe's ``<body data-story-day>`` shows the new day
  (checked on every animation frame in the page), and → the script run finished
  (``stApp[data-test-script-state=notRunning]``).

The same measurement serves the app (``storymap.js`` sets ``data-story-day``) and the naive app
(``benchmarks/naive_app.py`` sets it at the end of its map script, in a new iframe each time).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

# True once some map iframe's body shows a day other than ``previous`` (records the time).
DAY_SHOWN_JS = """([sel, previous]) => {
    for (const f of document.querySelectorAll(sel)) {
        const b = f.contentDocument && f.contentDocument.body;
        const day = b && b.getAttribute('data-story-day');
        if (day && day !== previous && b.hasAttribute('data-story-drawn')) {
            window.__benchDrawnAt = performance.timeOrigin + performance.now();
            return true;
        }
    }
    return false;
}"""
CURRENT_DAY_JS = """(sel) => {
    const days = [...document.querySelectorAll(sel)].map(f => f.contentDocument && f.contentDocument.body
        && f.contentDocument.body.getAttribute('data-story-day')).filter(Boolean);
    return days.length ? days[days.length - 1] : null;
}"""
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute('data-test-script-state') === 'notRunning') {
        window.__benchIdleAt = performance.timeOrigin + performance.now();
        return true;
    }
    return false;
}"""
# Streamlit's boot files: what the page asked for before it checked the server's health, which it
# does just before opening its websocket. Per file, the server's wait (request sent → first byte)
# and, for all, when the last one arrived (ms from the page's navigation).
BOOT_FILES_JS = """() => {
    const all = performance.getEntriesByType('resource');
    const health = all.find(e => e.name.includes('/_stcore/health'));
    const boot = all.filter(e => !health || e.startTime < health.startTime);
    return {waits: boot.map(e => e.responseStart - e.requestStart), done: Math.max(0, ...boot.map(e => e.responseEnd))};
}"""
CLICK_JS = """(sel) => {
    const b = document.querySelector(sel);
    if (!b || b.disabled) return false;
    window.__benchClickAt = performance.timeOrigin + performance.now();
    b.click();
    return true;
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_dir(kind: str, workdir: Path) -> Path:
    """A folder to run from: ``app`` (the repository), ``naive`` or ``floor``."""
    if kind == "app":
        return ROOT
    folder = workdir / kind
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    if kind == "floor":
        shutil.copy(ROOT / "benchmarks" / "floor_app.py", folder / "app.py")
        (folder / ".streamlit").symlink_to(ROOT / ".streamlit")
        return folder
    for name in ["static", ".streamlit"]:
        (folder / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "benchmarks" / "naive_entry.py", folder / "app.py")
    shutil.copy(ROOT / "benchmarks" / "naive_app.py", folder / "naive_app.py")  # static/ is found next to it
    return folder


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path
    launched_at: float
    ready_s: float

    def peak_rss_mb(self) -> float | None:
        """The server process's peak RSS (VmHWM), in MB."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


def start_server(folder: Path, story: Path | None, log_dir: Path, name: str, timeout: float = 600, *,
                 port: int | None = None, options: Sequence[str] = (), boot: str | None = None,
                 env: dict[str, str] | None = None) -> Server:
    """`streamlit run app.py` in ``folder``, logging to ``log_dir/streamlit-<name>.log``; returns once
    /_stcore/health answers (raises if the server exits or does not answer within ``timeout`` s).
    Used by the benchmarks, the class load test and the browser tests' fixtures.

    ``options``: more Streamlit options (``runner.postScriptGC=false``); ``boot``: Python code run
    with ``-c`` instead of ``-m streamlit`` (it gets the same arguments); ``env``: more variables."""
    port = port or free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "TIMELINE_STORY"}, **(env or {})}
    if story is not None:
        env["TIMELINE_STORY"] = str(story)
    log = log_dir / f"streamlit-{name}.log"
    args = ["run", "app.py", "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    for option in options:  # runner.postScriptGC=false -> --runner.postScriptGC false
        key, _, value = option.partition("=")
        args += [f"--{key}", value]
    cmd = [sys.executable, "-c", boot, *args] if boot else [sys.executable, "-m", "streamlit", *args]
    launched = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:  # the server writes to its own copy of the handle
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.perf_counter() - launched > timeout:
            proc.kill()
            raise RuntimeError(f"streamlit did not answer within {timeout}s; see {log}")
        time.sleep(0.05)
    return Server(proc, url, log, launched, time.perf_counter() - launched)


@dataclass
class Session:
    """A fresh browser context on one page, counting websocket and HTTP bytes."""

    context: object
    page: object
    ws_bytes: list[int] = field(default_factory=lambda: [0])
    requests: list = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def new_session(browser) -> Session:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(120_000)
    s = Session(context, page)

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        if host in LOCAL_HOSTS or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            s.aborted.append(r.request.url)
            r.abort()

    def on_ws(ws):
        def received(payload):
            s.ws_bytes[0] += len(payload.encode() if isinstance(payload, str) else payload)
        ws.on("framereceived", received)

    page.route("**/*", route)
    page.on("websocket", on_ws)
    page.on("requestfinished", lambda r: s.requests.append(r))
    page.on("pageerror", lambda exc: s.errors.append(str(exc)))
    return s


def http_bytes(s: Session) -> int:
    total = 0
    for r in s.requests:
        try:
            total += max(r.sizes().get("responseBodySize", 0), 0)
        except Exception:  # a request of a frame that is gone
            pass
    return total


def first_load(server: Server, s: Session, timeout_ms: float = 600_000) -> dict:
    """Open the page; wait for the first drawn map and the end of the script run."""
    page = s.page
    t0 = time.perf_counter()
    page.goto(server.url, wait_until="commit")
    page.wait_for_function(DAY_SHOWN_JS, arg=[MAP_IFRAME, ""], polling="raf", timeout=timeout_ms)
    t_drawn = time.perf_counter()
    page.wait_for_function(IDLE_JS, polling="raf", timeout=timeout_ms)
    page.wait_for_timeout(300)  # trailing messages (script finished, page info)
    return {
        "page_to_drawn_s": t_drawn - t0,
        "launch_to_drawn_s": t_drawn - server.launched_at,
        "ws_bytes": s.ws_bytes[0],
        "http_bytes": http_bytes(s),
    }


def day_steps(s: Session, n: int, timeout_ms: float = 300_000) -> dict:
    """Press Next, Previous, Next, ... ``n`` times; click→drawn and click→idle in ms."""
    page = s.page
    drawn_ms, idle_ms, step_bytes = [], [], []
    buttons = [".st-key-next button", ".st-key-prev button"]
    for i in range(n):
        previous = page.evaluate(CURRENT_DAY_JS, MAP_IFRAME)
        before = s.ws_bytes[0]
        sel = buttons[i % 2]
        page.wait_for_function(f"() => {{ const b = document.querySelector({sel!r}); return b && !b.disabled; }}",
                               polling="raf", timeout=timeout_ms)
        if not page.evaluate(CLICK_JS, sel):
            raise RuntimeError(f"could not click {sel}")
        page.wait_for_function(DAY_SHOWN_JS, arg=[MAP_IFRAME, previous], polling="raf", timeout=timeout_ms)
        page.wait_for_function(IDLE_JS, polling="raf", timeout=timeout_ms)
        click, drawn, idle = page.evaluate("() => [window.__benchClickAt, window.__benchDrawnAt, window.__benchIdleAt]")
        drawn_ms.append(drawn - click)
        idle_ms.append(idle - click)
        page.wait_for_timeout(150)  # let trailing websocket frames arrive before counting
        step_bytes.append(s.ws_bytes[0] - before)
    return {"n": n, "drawn_ms": drawn_ms, "idle_ms": idle_ms, "ws_step_bytes": step_bytes,
            "p50_ms": percentile(drawn_ms, 50), "p95_ms": percentile(drawn_ms, 95),
            "idle_p50_ms": percentile(idle_ms, 50), "idle_p95_ms": percentile(idle_ms, 95),
            "ws_step_bytes_median": statistics.median(step_bytes)}


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_browser_case(browser, kind: str, story: Path | None, steps: int, workdir: Path, log_dir: Path,
                     name: str, timeout_s: float = 600) -> dict:
    """Cold start, first-load bytes and ``steps`` day steps for one app on one story."""
    server = start_server(app_dir(kind, workdir), story, log_dir, name, timeout=timeout_s)
    s = new_session(browser)
    try:
        out = {"kind": kind, "server_ready_s": server.ready_s}
        out.update(first_load(server, s, timeout_ms=timeout_s * 1000))
        if steps:
            out.update(day_steps(s, steps, timeout_ms=timeout_s * 1000))
        out["server_peak_rss_mb"] = server.peak_rss_mb()
        out["aborted_requests"] = len(s.aborted)
        out["page_errors"] = s.errors[:3]
        return out
    finally:
        s.context.close()
        server.stop()


def boot_files(page) -> dict[str, float]:
    """The page's boot files (:data:`BOOT_FILES_JS`): how long the server kept each waiting (median, ms)
    and when the last one had arrived (s from the page's navigation)."""
    r = page.evaluate(BOOT_FILES_JS)
    return {"boot_wait_ms": statistics.median(r["waits"]) if r["waits"] else 0.0, "boot_files_in": r["done"] / 1000}


def cold_start_breakdown(browser, log_dir: Path, folder: Path = ROOT, story: Path | None = None,
                         timeout_s: float = 300) -> dict:
    """One cold start split into phases on one clock (seconds from launching `streamlit run`).

    ``server_ready`` /_stcore/health answers; ``page_open`` the new context's page is opened;
    ``boot_wait_ms`` / ``boot_files_in``: :func:`boot_files`; ``ws_open`` Streamlit's page has booted and opened its websocket (the first script run
    starts); ``map_requested`` the map component's iframe is requested (the script has sent the
    map); ``drawn`` the map is drawn. ``server_cpu_*`` is the server's CPU time (user + system)
    at those moments: what the server itself spent, whatever else runs on the machine.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    server = start_server(folder, story, log_dir, "cold-start")
    marks: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = time.perf_counter() - server.launched_at
            try:
                fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[f"server_cpu_{name}"] = (int(fields[11]) + int(fields[12])) / ticks
            except (OSError, IndexError, ValueError):
                pass

    mark("server_ready")
    marks["server_ready"] = server.ready_s
    s = new_session(browser)
    try:
        s.page.on("websocket", lambda ws: mark("ws_open"))
        s.page.on("request", lambda r: mark("map_requested") if "/component/streamlit_folium" in r.url else None)
        mark("page_open")
        s.page.goto(server.url, wait_until="commit")
        s.page.wait_for_function(DAY_SHOWN_JS, arg=[MAP_IFRAME, ""], polling="raf", timeout=timeout_s * 1000)
        mark("drawn")
        marks.update(boot_files(s.page))
        settle(s.page, timeout_s)
        marks["second_open"] = second_visit(browser, server, timeout_s)
    finally:
        s.context.close()
        server.stop()
    return {**marks, **cpu}


# The first visitor's page has finished loading: no script run, no run its map asked for still to
# come (the map page's first view, webapp/map_driver.py) and its map's land drawn (ours).
SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (window.__storyFirstView === 'waiting') return false;
    for (const f of document.querySelectorAll('iframe')) {
        const d = f.contentDocument, w = f.contentWindow;
        if (d && w && w.StoryMap && !d.body.hasAttribute('data-basemap')) return false;
    }
    return true;
}"""


def settle(page, timeout_s: float = 300) -> None:
    """Wait until ``page`` has finished loading (:data:`SETTLED_JS`, twice 0.3 s apart), so that a
    second visitor's page is not measured against the first's trailing work."""
    for _ in range(2):
        page.wait_for_function(SETTLED_JS, polling="raf", timeout=timeout_s * 1000)
        page.wait_for_timeout(300)


def second_visit(browser, server: Server, timeout_s: float = 300, text: str | None = None) -> float:
    """A second visitor (a new context: an empty browser cache) on a server that has served one:
    page open → the map drawn (or ``text`` shown), in seconds."""
    s = new_session(browser)
    try:
        t0 = time.perf_counter()
        s.page.goto(server.url, wait_until="commit")
        if text is None:
            s.page.wait_for_function(DAY_SHOWN_JS, arg=[MAP_IFRAME, ""], polling="raf", timeout=timeout_s * 1000)
        else:
            s.page.get_by_text(text).wait_for(timeout=timeout_s * 1000)
        return time.perf_counter() - t0
    finally:
        s.context.close()


def floor_cold_start(browser, workdir: Path, log_dir: Path, timeout_s: float = 120) -> dict:
    """Launch → text shown for ``benchmarks/floor_app.py`` (one line of text), in a new context."""
    server = start_server(app_dir("floor", workdir), None, log_dir, "floor")
    s = new_session(browser)
    try:
        t0 = time.perf_counter()
        s.page.goto(server.url, wait_until="commit")
        s.page.get_by_text("Streamlit floor").wait_for(timeout=timeout_s * 1000)
        shown = time.perf_counter()
        boot = boot_files(s.page)
        settle(s.page, timeout_s)
        return {"server_ready_s": server.ready_s, "launch_to_shown_s": shown - server.launched_at, **boot,
                "page_open_s": t0 - server.launched_at,
                "second_open_s": second_visit(browser, server, timeout_s, text="Streamlit floor")}
    finally:
        s.context.close()
        server.stop()


def repeated_cold_starts(browser, workdir: Path, log_dir: Path, cases: dict[str, tuple[str, Path | None]],
                         rounds: int, timeout_s: float = 300) -> dict[str, dict]:
    """Cold starts repeated ``rounds`` times, the cases interleaved (one of each per round) so that a
    busy moment of the machine weighs on every case alike. ``cases``: name → (``app``, ``naive`` or
    ``floor``; story or None). Returns per case the launch → drawn (or text shown) times and, for
    the map apps, the phases of :func:`cold_start_breakdown`."""
    runs: dict[str, list[dict]] = {name: [] for name in cases}
    errors: dict[str, str] = {}
    for _ in range(rounds):
        for name, (kind, story) in cases.items():
            if name in errors:
                continue
            try:
                if kind == "floor":
                    r = floor_cold_start(browser, workdir, log_dir, timeout_s=timeout_s)
                    runs[name].append({"drawn": r["launch_to_shown_s"], "server_ready": r["server_ready_s"],
                                       "page_open": r["page_open_s"], "second_open": r["second_open_s"],
                                       "boot_wait_ms": r["boot_wait_ms"], "boot_files_in": r["boot_files_in"]})
                else:
                    runs[name].append(cold_start_breakdown(browser, log_dir, folder=app_dir(kind, workdir),
                                                           story=story, timeout_s=timeout_s))
            except Exception as exc:  # reported; the other cases go on
                errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    out: dict[str, dict] = {}
    for name, rs in runs.items():
        drawn = [r["drawn"] for r in rs]
        second = [r["second_open"] for r in rs if "second_open" in r]
        phases = {k: statistics.median(r[k] for r in rs) for k in rs[0] if all(k in r for r in rs)} if rs else {}
        out[name] = {"runs": drawn, "median_s": statistics.median(drawn) if drawn else None,
                     "min_s": min(drawn, default=None), "max_s": max(drawn, default=None),
                     "second_runs": second, "second_median_s": statistics.median(second) if second else None,
                     "phases_median": phases, **({"error": errors[name]} if name in errors else {})}
    return out


class WireCounter:
    """A TCP relay on localhost that counts the bytes crossing it each way: what the server sends
    as sent (gzip and websocket compression included, headers and framing too). The browser opens
    the app through :attr:`url`."""

    def __init__(self, target_port: int) -> None:
        import threading

        self.target_port = target_port
        self.down = 0  # server → browser
        self.up = 0
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while not self._closed:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for a, b, way in ((client, upstream, "up"), (upstream, client, "down")):
                threading.Thread(target=self._pump, args=(a, b, way), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, way: str) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                with self._lock:
                    setattr(self, way, getattr(self, way) + len(data))
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._closed = True
        self._sock.close()


def first_load_on_the_wire(browser, kind: str, story: Path | None, workdir: Path, log_dir: Path, name: str,
                           timeout_s: float = 300) -> dict:
    """A first visit's bytes as they cross the wire (through :class:`WireCounter`): page open →
    map drawn, the script run over and trailing messages in, then the browser's own counts beside."""
    server = start_server(app_dir(kind, workdir), story, log_dir, f"wire-{name}")
    relay = WireCounter(int(server.url.rsplit(":", 1)[1]))
    s = new_session(browser)
    try:
        s.page.goto(relay.url, wait_until="commit")
        if kind == "floor":
            s.page.get_by_text("Streamlit floor").wait_for(timeout=timeout_s * 1000)
        else:
            s.page.wait_for_function(DAY_SHOWN_JS, arg=[MAP_IFRAME, ""], polling="raf", timeout=timeout_s * 1000)
        s.page.wait_for_function(IDLE_JS, polling="raf", timeout=timeout_s * 1000)
        s.page.wait_for_timeout(1000)  # trailing messages and late assets (labels, basemap detail)
        return {"wire_down_bytes": relay.down, "wire_up_bytes": relay.up, "http_body_bytes": http_bytes(s),
                "ws_payload_bytes": s.ws_bytes[0], "requests": len(s.requests)}
    finally:
        s.context.close()
        relay.close()
        server.stop()


def launch_browser():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return pw, browser


if __name__ == "__main__":  # a quick manual check: the app on the shipped story, 6 steps
    pw, b = launch_browser()
    try:
        with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
            print(run_browser_case(b, sys.argv[1] if len(sys.argv) > 1 else "app",
                                   Path(sys.argv[2]) if len(sys.argv) > 2 else None, 6, Path(tmp), Path(tmp), "manual"))
    finally:
        b.close()
        pw.stop()
