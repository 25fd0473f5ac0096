"""A class on the app: N students' browser sessions against one `streamlit run app.py`.

    .venv/bin/python benchmarks/load_class.py                      # the issue's class: 30 sessions x 120 s
    .venv/bin/python benchmarks/load_class.py --sessions 10 --json /tmp/load-10.json
    .venv/bin/python benchmarks/load_class.py --websocket 27        # 3 browsers + 27 students without one
    .venv/bin/python benchmarks/load_class.py --server-option runner.postScriptGC=false   # try a server option
    .venv/bin/python benchmarks/load_class.py --url http://server:8501                   # a server elsewhere

Results and what they mean: docs/reliability.md ("A class on one server").

What it does
------------
* Starts its own server (``streamlit run app.py`` on a free 127.0.0.1 port, file watcher off),
  through a tiny boot wrapper that times every script run in the server (start -> end, full
  page or fragment) and every ``gc.collect`` call, without touching the app (``--plain-server``
  starts it without the wrapper).
* Opens ONE headless Chromium (/usr/bin/chromium) and gives every student a browser context of
  its own (its own cookies and Streamlit session): 30 contexts, not 30 browsers.
* Light clients: the browser resolves no host but 127.0.0.1/localhost (``--host-resolver-rules``:
  every other request fails inside Chromium and is counted; not Playwright request routing, which
  would send every request through the driver and switch the HTTP cache off), viewport 1024x700 at
  scale 1, ``prefers-reduced-motion: reduce``, service workers blocked, no screenshots, traces or video.
* Students arrive staggered over the first ``--ramp`` seconds (25 s) and each works ``--seconds``
  (120 s) from its arrival. A student's round: four day steps (Next 70 % of the time, else Previous;
  the other one where that one is disabled), a language switch in the sidebar, one of Article / Chronology / About, back to the
  map. Between two actions a student thinks for a random time, uniform in ``--think`` (2-8 s,
  mean 5 s: a busy class where everybody clicks about 11 times a minute; 30 students make about
  4.7 actions a second on the server). Randomness is seeded (``--seed``): the same run every time.
* ``--websocket N``: N of the students have no browser (``WebsocketStudent``): they fetch the
  HTTP resources a fresh browser fetched for the app (recorded from one page load before the class
  starts) and then speak Streamlit's protocol on the websocket, sending the same ``rerun_script``
  message a browser sends for each click. The server does the same work for them; the client
  costs almost nothing, so a 2-core machine can show what the server does under a whole class
  while the remaining browser students measure what a reader sees.
* No fixed sleeps besides that think time. Before every action the student waits until the app
  is idle (``[data-testid=stApp][data-test-script-state=notRunning]``) and, on the map page, until
  exactly one drawn map is shown. A day step is timed in the page: the click is stamped just before
  ``button.click()`` and the draw by a MutationObserver on the map iframe's ``<body data-story-day>``
  (the polling that waits for it runs every 50 ms and only decides when to stop waiting).

Errors (each counted once, by kind; the exit status is 0 only with none; for websocket students
the same kinds where they apply, an exception element in the deltas counting as stException):
  page load        the app or its first map not shown within ``--load-timeout`` (30 s)
  step not drawn   a day step whose new day is not drawn within ``--step-timeout`` (10 s)
  action failed    a language switch, page change or return to the map that did not finish
  stException      Streamlit's exception box on the page after an action
  console error    a console message of type "error" in any frame of a student's page
  page error       an uncaught exception in a student's page
  request failed   a failed request to the server (failed requests to other hosts are blocked
                   ones: counted apart as "blocked external requests", not as errors)
  websocket closed the page's websocket to the server closed while the student was working
  server exception a traceback in the server's log
After an error the student reloads the app and goes on.

Measures: per action kind p50/p95/max (day step: click -> new day drawn; and click -> app idle),
also restricted to the time the whole class was connected; the server's script runs (count,
p50/p95/max, full page vs fragment); the server's memory (VmRSS of the streamlit process and its
children every second: start, peak, end; VmHWM); CPU seconds and cores used by the server, by the
client Chromium processes, by the Playwright driver and this script, and by everything else on the
machine (other users); load average before and after. The verdict line says whether the run was
client-bound (machine saturated, clients using most of it), contended (other users' processes
took most of it), server-bound (the server near its one core), or none of these; a server that is
slow without being busy (e.g. holding the GIL in a collection) shows in its script-run times.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.browser import free_port, start_server  # noqa: E402  (one way to start a server)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                 "--disable-extensions", "--mute-audio", "--no-first-run", "--disable-features=Translate,MediaRouter"]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
STEP_LIMIT_S = 1.0
PAGES = ("Article", "Chronology", "About")
LANGS = {"en": "English", "vi": "Tiếng Việt"}
POLL_MS = 50
STEP = "day step (click -> drawn)"
WS_STEP = "ws day step (send -> run finished)"

# The server, with every script run timed (ScriptRunner's own start/stop events; nothing in the app
# changes). One JSON line per run into $LOAD_CLASS_RUNS; times are CLOCK_MONOTONIC like time.monotonic().
BOOT = r'''
import json, os, sys, threading, time
from streamlit.runtime.scriptrunner import script_runner as _sr
_out = open(os.environ["LOAD_CLASS_RUNS"], "a", buffering=1, encoding="utf-8")
_lock = threading.Lock()
_init = _sr.ScriptRunner.__init__
def _timed_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    state = {}
    def on_event(sender, event=None, **kw):
        name = getattr(event, "name", str(event))
        if name == "SCRIPT_STARTED":
            state["t"] = time.monotonic()
            state["fragment"] = bool(kw.get("fragment_ids_this_run"))
        elif "STOPPED" in name and "t" in state:
            t0 = state.pop("t")
            with _lock:
                _out.write(json.dumps({"t0": t0, "s": time.monotonic() - t0, "fragment": state.get("fragment"),
                                       "end": name}) + "\n")
    self._load_class_timer = on_event
    self.on_event.connect(on_event, weak=False)
_sr.ScriptRunner.__init__ = _timed_init
import gc
_collect = gc.collect
def _timed_collect(*args, **kwargs):  # Streamlit's runner.postScriptGC: gc.collect(2) after every run
    t0 = time.monotonic()
    try:
        return _collect(*args, **kwargs)
    finally:
        with _lock:
            _out.write(json.dumps({"gc": time.monotonic() - t0, "t0": t0}) + "\n")
gc.collect = _timed_collect
from streamlit.web.cli import main
sys.argv[0] = "streamlit"
sys.exit(main(prog_name="streamlit"))
'''

# True when exactly one map iframe is shown and drawn; with a token, a map other than the marked one.
ONE_DRAWN_MAP_JS = """([sel, token]) => {
    const frames = document.querySelectorAll(sel);
    if (frames.length !== 1) return false;
    const win = frames[0].contentWindow, doc = frames[0].contentDocument;
    if (!doc || !doc.body || !doc.body.hasAttribute('data-story-drawn')) return false;
    return token === null || win.__loadToken !== token;
}"""
IDLE_JS = f"() => !!document.querySelector({IDLE!r})"
# Stamp the click (wall clock of the page, ms) after arming an observer of the map's data-story-day.
CLICK_STEP_JS = """([sel, button]) => {
    const f = document.querySelectorAll(sel);
    if (f.length !== 1 || !f[0].contentDocument || !f[0].contentDocument.body) return null;
    const body = f[0].contentDocument.body, old = body.getAttribute('data-story-day');
    const b = document.querySelector(button);
    if (!b || b.disabled) return null;
    window.__lcDrawnAt = null;
    if (window.__lcObserver) window.__lcObserver.disconnect();
    window.__lcObserver = new MutationObserver(() => {
        const day = body.getAttribute('data-story-day');
        if (day && day !== old && window.__lcDrawnAt === null) window.__lcDrawnAt = performance.timeOrigin + performance.now();
    });
    window.__lcObserver.observe(body, {attributes: true, attributeFilter: ['data-story-day']});
    window.__lcOldDay = old;
    window.__lcClickAt = performance.timeOrigin + performance.now();
    b.click();
    return old;
}"""
# Drawn: the observer saw the new day, or (the frame was replaced) the shown frame has another day.
STEP_DRAWN_JS = """(sel) => {
    if (window.__lcDrawnAt) return true;
    const f = document.querySelectorAll(sel);
    if (f.length !== 1 || !f[0].contentDocument || !f[0].contentDocument.body) return false;
    const day = f[0].contentDocument.body.getAttribute('data-story-day');
    if (day && day !== window.__lcOldDay) { window.__lcDrawnAt = performance.timeOrigin + performance.now(); return true; }
    return false;
}"""
STAMPS_JS = "() => [window.__lcClickAt, window.__lcDrawnAt, performance.timeOrigin + performance.now()]"


# --- processes: CPU and memory from /proc ----------------------------------------------------------

CLK = os.sysconf("SC_CLK_TCK")


def proc_table() -> dict[int, tuple[int, str, float, int]]:
    """pid -> (ppid, name, CPU seconds incl. reaped children, RSS KiB) for every process."""
    table = {}
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        f = raw[raw.rindex(")") + 2:].split()
        # fields after ")": state ppid ... utime(11) stime(12) cutime(13) cstime(14) ... rss(21)
        cpu = (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / CLK
        table[int(entry.name)] = (int(f[1]), name, cpu, int(f[21]) * page_kib)
    return table


def tree(table: dict, root: int) -> set[int]:
    children = defaultdict(list)
    for pid, (ppid, *_rest) in table.items():
        children[ppid].append(pid)
    out, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in table and pid not in out:
            out.add(pid)
            todo.extend(children[pid])
    return out


def pss_kib(pids) -> int:
    """Proportional set size of these processes (shared pages split between them), KiB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (all cores)."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]  # idle + iowait
    return (sum(parts) - idle) / CLK, sum(parts) / CLK


def status_kib(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """Every second: CPU and RSS of the server's process tree, of the client (this script's other
    descendants: Playwright's driver and Chromium), and the whole machine's busy time."""

    def __init__(self, server_pid: int):
        super().__init__(daemon=True)
        self.server_pid, self.me = server_pid, os.getpid()
        self.samples: list[dict] = []
        self.stop_event = threading.Event()

    def sample(self) -> dict:
        table = proc_table()
        server = tree(table, self.server_pid)
        client = tree(table, self.me) - server
        chromium = {p for p in client if table[p][1].startswith(("chrom", "headless"))}
        driver = client - chromium  # this script (python) and Playwright's node driver
        busy, total = machine_busy()
        return {
            "t": time.monotonic(), "busy": busy, "total": total,
            "server_cpu": sum(table[p][2] for p in server), "server_rss": sum(table[p][3] for p in server),
            "chromium_cpu": sum(table[p][2] for p in chromium), "chromium_rss": sum(table[p][3] for p in chromium),
            "driver_cpu": sum(table[p][2] for p in driver), "chromium_procs": len(chromium),
            "chromium_pss": pss_kib(chromium) if len(self.samples) % 5 == 0 else None,
        }

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.samples.append(self.sample())
            self.stop_event.wait(1.0)

    def finish(self) -> None:
        self.stop_event.set()
        self.join(timeout=10)
        self.samples.append(self.sample())


# --- students --------------------------------------------------------------------------------------

@dataclass
class Stats:
    sessions: int
    timings: dict[str, list[tuple[float, float, int]]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    blocked: list[str] = field(default_factory=list)
    active: int = 0

    def error(self, session: int, kind: str, what: str) -> None:
        self.errors[kind].append(f"s{session:02d} {time.monotonic():.1f}: {what}"[:300])

    def time(self, kind: str, seconds: float) -> None:
        self.timings[kind].append((time.monotonic(), seconds, self.active))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


class ActionFailed(Exception):
    def __init__(self, kind: str, what: str):
        super().__init__(what)
        self.kind = kind


class Student:
    """One student: arrive, then until the deadline do the round's actions with think time between.
    Subclasses say how an action is done (a browser page, or Streamlit's websocket protocol)."""

    prefix = ""

    def __init__(self, index: int, url: str, stats: Stats, args, arrival: float):
        self.index, self.url, self.stats, self.args, self.arrival = index, url, stats, args, arrival
        self.rng = random.Random(f"{args.seed}-{index}")
        self.lang = self.rng.choice(["vi", "en"])
        self.working = False
        self.load_ms = int(args.load_timeout * 1000)
        self.step_ms = int(args.step_timeout * 1000)

    async def run(self, t_start: float) -> None:
        await asyncio.sleep(max(0.0, t_start + self.arrival - time.monotonic()))
        deadline = time.monotonic() + self.args.seconds
        await self.setup()
        self.stats.active += 1
        self.working = True
        try:
            await self.act("page load", self.open_app)
            round_no = 0
            while time.monotonic() < deadline:
                round_no += 1
                plan = ["day step"] * 4 + ["language", f"open {PAGES[(round_no + self.index) % 3]}", "back to map"]
                for action in plan:
                    await asyncio.sleep(self.rng.uniform(*self.args.think))  # the student reads and thinks
                    if time.monotonic() >= deadline:
                        break
                    await self.act(action, self.action(action))
        finally:
            self.working = False
            self.stats.active -= 1
            await self.teardown()

    def action(self, name: str):
        if name == "day step":
            return self.step_day
        if name == "language":
            return self.switch_language
        if name == "back to map":
            return self.back_to_map
        return lambda: self.open_page(name.split()[1])

    def error(self, kind: str, what: str) -> None:
        self.stats.error(self.index, kind, self.prefix + what)

    # -- one action, timed; failures counted by kind, then the student reloads the app
    async def act(self, kind: str, action) -> None:
        self.stats.counts[self.prefix + kind] += 1
        start = time.monotonic()
        try:
            await action()
        except ActionFailed as exc:
            self.error(exc.kind, f"{kind}: {exc}")
            await self.recover(kind)
            return
        except Exception as exc:  # a Playwright timeout, a vanished element, a closed socket
            self.error("page load" if kind == "page load" else "action failed", f"{kind}: {first_line(exc)}")
            await self.recover(kind)
            return
        if kind != "day step":  # day steps are timed inside (from the click)
            self.stats.time(self.prefix + kind, time.monotonic() - start)
        shown = await self.exception_shown()
        if shown:
            self.error("stException", f"{kind}: {shown}")

    async def recover(self, kind: str) -> None:
        self.stats.counts[self.prefix + "page load (after an error)"] += 1
        start = time.monotonic()
        try:
            await self.open_app()
        except Exception as again:
            self.error("page load", f"reload after {kind}: {first_line(again)}")
            return
        self.stats.time(self.prefix + "page load (after an error)", time.monotonic() - start)

    async def setup(self) -> None: ...
    async def teardown(self) -> None: ...
    async def exception_shown(self) -> str | None: ...


class BrowserStudent(Student):
    """A browser context of the one shared Chromium."""

    def __init__(self, index: int, browser, url: str, stats: Stats, args, arrival: float):
        super().__init__(index, url, stats, args, arrival)
        self.browser = browser
        self.sockets: list = []
        self.retired: list = []

    async def setup(self) -> None:
        self.context = await self.browser.new_context(
            viewport={"width": 1024, "height": 700}, device_scale_factor=1, reduced_motion="reduce",
            service_workers="block", locale="en-GB")
        page = self.page = await self.context.new_page()
        page.set_default_timeout(self.load_ms)
        page.on("pageerror", lambda exc: self.error("page error", str(exc)[:200]))
        page.on("console", self.on_console)
        page.on("requestfailed", self.on_request_failed)
        page.on("websocket", self.on_websocket)

    async def teardown(self) -> None:
        await self.context.close()

    async def exception_shown(self) -> str | None:
        box = self.page.locator("[data-testid=stException]")
        if await box.count():
            return (await box.first.inner_text())[:200].replace("\n", " ")
        return None

    # -- events of the page
    def on_console(self, msg) -> None:
        if msg.type == "error" and self.working:
            loc = msg.location or {}
            self.error("console error", f"{msg.text[:200]} @ {loc.get('url', '')}")

    def on_request_failed(self, request) -> None:
        host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", request.url)
        if host not in ("127.0.0.1", "localhost"):
            self.stats.blocked.append(request.url[:120])
        elif self.working and request.failure not in ("net::ERR_ABORTED",):
            self.error("request failed", f"{request.url[:120]} {request.failure}")

    def on_websocket(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            self.sockets.append(ws)
            ws.on("close", lambda _ws: self.on_socket_closed(ws))

    def on_socket_closed(self, ws) -> None:
        if self.working and ws not in self.retired:  # not one that a reload of the page closes
            self.error("websocket closed", ws.url)

    async def wait_idle(self, timeout_ms: int | None = None) -> None:
        await self.page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=timeout_ms or self.load_ms)

    async def wait_map(self, token: str | None = None, timeout_ms: int | None = None) -> None:
        await self.page.wait_for_function(ONE_DRAWN_MAP_JS, arg=[MAP_IFRAME, token], polling=POLL_MS,
                                          timeout=timeout_ms or self.load_ms)

    async def open_app(self) -> None:
        self.retired.extend(self.sockets)  # a reload closes the page's websocket on purpose
        await self.page.goto(f"{self.url}/?lang={self.lang}", wait_until="domcontentloaded")
        await self.wait_map()
        await self.wait_idle()

    async def step_day(self) -> None:
        page = self.page
        await self.wait_idle()
        await self.wait_map()
        buttons = [".st-key-next button", ".st-key-prev button"]
        if self.rng.random() >= 0.7:
            buttons.reverse()
        old = None
        for sel in buttons:  # the other one when this one is disabled (first or last day)
            old = await page.evaluate(CLICK_STEP_JS, [MAP_IFRAME, sel])
            if old is not None:
                break
        if old is None:
            raise ActionFailed("action failed", "no enabled Next/Previous button or no map")
        try:
            await page.wait_for_function(STEP_DRAWN_JS, arg=MAP_IFRAME, polling=POLL_MS, timeout=self.step_ms)
        except Exception as exc:
            raise ActionFailed("step not drawn", f"day {old} -> ? not drawn in {self.args.step_timeout:g} s "
                                                 f"({first_line(exc)[:60]})") from exc
        click, drawn, _now = await page.evaluate(STAMPS_JS)
        self.stats.time(STEP, (drawn - click) / 1000)
        await self.wait_idle()
        _c, _d, now = await page.evaluate(STAMPS_JS)
        self.stats.time("day step (click -> idle)", (now - click) / 1000)

    async def switch_language(self) -> None:
        page = self.page
        await self.wait_idle()
        await self.wait_map()
        token = f"t{self.index}-{time.monotonic()}"
        await page.evaluate("([sel, token]) => { document.querySelector(sel).contentWindow.__loadToken = token; }",
                            [MAP_IFRAME, token])
        self.lang = "en" if self.lang == "vi" else "vi"
        await page.get_by_test_id("stSidebar").get_by_text(LANGS[self.lang], exact=True).click()
        await self.wait_map(token)  # the map is remounted in the other language and drawn
        await self.wait_idle()

    async def open_page(self, name: str) -> None:
        page = self.page
        await self.wait_idle()
        # page titles follow the language, their addresses don't: find the link by its address
        await page.locator(f'[data-testid=stSidebarNav] a[href$="/{name}"]').click()
        await page.wait_for_url(f"**/{name}*", timeout=self.load_ms)
        await page.wait_for_function(
            "([sel, idle]) => !document.querySelector(sel) && document.querySelector(idle)"
            " && document.querySelectorAll('[data-testid=stHeading]').length > 0",
            arg=[MAP_IFRAME, IDLE], polling=POLL_MS, timeout=self.load_ms)

    async def back_to_map(self) -> None:
        page = self.page
        await self.wait_idle()
        await page.get_by_test_id("stSidebarNav").locator("a").first.click()  # the map is the first page
        await self.wait_map()
        await self.wait_idle()


def fetch_all(urls: list[str]) -> list[str]:
    """GET every URL as a browser would (compressed); the failures."""
    failed = []
    for url in urls:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd",
                                                       "User-Agent": "load_class websocket student"})
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                resp.read()
        except (urllib.error.URLError, OSError) as exc:
            failed.append(f"{url[:120]} {exc}")
    return failed


class WebsocketStudent(Student):
    """A student without a browser: Streamlit's own protocol over the websocket, the same messages a
    browser sends for the same clicks (one BackMsg ``rerun_script`` per action: the button's trigger
    and the fragment for a day step, the language radio's new value, another page's script hash),
    after fetching the HTTP resources a browser fetched on its first load (``assets``). The server
    does the same work; nothing is drawn, so a step is timed from sending the click to the end of the
    script run (``script_finished``), and checked by the new day in the page's query string."""

    prefix = "ws "

    def __init__(self, index: int, url: str, stats: Stats, args, arrival: float, assets: list[str]):
        super().__init__(index, url, stats, args, arrival)
        self.assets = assets
        self.ws = None
        self.reader = None

    async def teardown(self) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            self.closing = True
            await self.ws.close()
            self.ws = None
        if self.reader is not None:
            self.reader.cancel()
            self.reader = None

    async def exception_shown(self) -> str | None:
        return self.exceptions.pop(0) if self.exceptions else None

    async def open_app(self) -> None:
        from websockets.asyncio.client import connect

        await self.close()
        failed = await asyncio.to_thread(fetch_all, [u.replace("{url}", self.url) for u in self.assets])
        for line in failed:
            self.error("request failed", line)
        self.ids: dict[str, str] = {}
        self.fragment: dict[str, str] = {}
        self.disabled: dict[str, bool] = {}
        self.hashes: set[str] = set()
        self.pages: dict[str, str] = {}
        self.page_hash = ""
        self.query = ""
        self.exceptions: list[str] = []
        self.finished = asyncio.Event()
        self.closing = False
        host = self.url.split("://", 1)[1]
        self.ws = await connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=self.url,
                                max_size=None, open_timeout=self.args.load_timeout)
        self.reader = asyncio.create_task(self.read(self.ws))
        await self.rerun(f"lang={self.lang}", wait_ms=self.load_ms)

    async def read(self, ws) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            async for data in ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                if msg.metadata.cacheable:
                    self.hashes.add(msg.hash)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    proto = getattr(element, element.WhichOneof("type"))
                    if element.WhichOneof("type") == "exception":
                        self.exceptions.append(f"{proto.type}: {proto.message}"[:200])
                    widget_id = getattr(proto, "id", "")
                    if widget_id:
                        name = widget_id.rsplit("-", 1)[-1]
                        self.ids[name] = widget_id
                        self.fragment[name] = msg.delta.fragment_id
                        self.disabled[name] = bool(getattr(proto, "disabled", False))
                elif kind == "page_info_changed":
                    self.query = msg.page_info_changed.query_string
                elif kind == "navigation":
                    self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                    self.page_hash = msg.navigation.page_script_hash
                elif kind == "new_session":
                    self.page_hash = msg.new_session.page_script_hash or self.page_hash
                elif kind == "script_finished":
                    self.finished.set()
        except Exception as exc:
            if self.working and not self.closing:
                self.error("websocket closed", first_line(exc))
            return
        if self.working and not self.closing:
            self.error("websocket closed", "closed by the server")

    async def rerun(self, query: str, widgets=(), page_hash: str = "", fragment: str = "",
                    wait_ms: int | None = None) -> float:
        """Send one rerun request like the browser's; wait for the end of the run; its seconds."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.widget_states.SetInParent()
        for widget_id, field_name, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            setattr(widget, field_name, value)
        state.page_script_hash = page_hash
        state.fragment_id = fragment
        state.cached_message_hashes.extend(sorted(self.hashes))
        info = state.context_info
        info.timezone, info.locale, info.url, info.color_scheme = "UTC", "en-GB", self.url + "/", "light"
        self.finished.clear()
        start = time.monotonic()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self.finished.wait(), (wait_ms or self.load_ms) / 1000)
        return time.monotonic() - start

    async def step_day(self) -> None:
        names = ["next", "prev"] if self.rng.random() < 0.7 else ["prev", "next"]
        name = next((n for n in names if n in self.ids and not self.disabled.get(n)), None)
        if name is None:
            raise ActionFailed("action failed", "no enabled Next/Previous button")
        old = dict(part.split("=", 1) for part in self.query.split("&") if "=" in part).get("day")
        try:
            seconds = await self.rerun(self.query, [(self.ids[name], "trigger_value", True)], self.page_hash,
                                       self.fragment[name], wait_ms=self.step_ms)
        except asyncio.TimeoutError as exc:
            raise ActionFailed("step not drawn", f"day {old}: no end of the run in {self.args.step_timeout:g} s") from exc
        new = dict(part.split("=", 1) for part in self.query.split("&") if "=" in part).get("day")
        if new == old:
            raise ActionFailed("step not drawn", f"day {old}: still the same day after the run")
        self.stats.time(WS_STEP, seconds)

    async def switch_language(self) -> None:
        self.lang = "en" if self.lang == "vi" else "vi"
        await self.rerun(self.query, [(self.ids["lang"], "string_value", LANGS[self.lang])], self.page_hash)
        if f"lang={self.lang}" not in self.query:
            raise ActionFailed("action failed", f"language: the page's query is still {self.query!r}")

    async def open_page(self, name: str) -> None:
        await self.rerun("", page_hash=self.pages[name])

    async def back_to_map(self) -> None:
        await self.rerun("", page_hash=self.pages[""])
        if "day" not in self.ids:
            raise ActionFailed("action failed", "back to map: no day controls")


async def record_assets(browser, url: str, timeout_ms: int) -> tuple[list[str], float]:
    """The server's HTTP resources a fresh browser loads with the app (for the websocket students),
    from one page load before the class starts (not counted); also its seconds."""
    context = await browser.new_context(viewport={"width": 1024, "height": 700}, service_workers="block")
    page = await context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url) if r.url.startswith(url) else None)
    start = time.monotonic()
    await page.goto(f"{url}/?lang=vi", wait_until="domcontentloaded")
    await page.wait_for_function(ONE_DRAWN_MAP_JS, arg=[MAP_IFRAME, None], polling=POLL_MS, timeout=timeout_ms)
    await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=timeout_ms)
    seconds = time.monotonic() - start
    await context.close()
    return [u.replace(url, "{url}", 1) for u in dict.fromkeys(urls)], seconds


# --- the run ---------------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "max": max(values, default=float("nan"))}


def cpu_split(samples: list[dict], t0: float, t1: float) -> dict:
    """CPU seconds and cores used between t0 and t1 (the samples nearest inside)."""
    inside = [s for s in samples if t0 <= s["t"] <= t1] or samples
    a, b = inside[0], inside[-1]
    wall = max(b["t"] - a["t"], 1e-9)
    out = {"wall_s": round(wall, 1)}
    for key in ("server", "chromium", "driver"):
        used = b[f"{key}_cpu"] - a[f"{key}_cpu"]
        out[key] = {"cpu_s": round(used, 1), "cores": round(used / wall, 2)}
    busy = b["busy"] - a["busy"]
    cores = (b["total"] - a["total"]) / wall
    other = busy - sum(out[k]["cpu_s"] for k in ("server", "chromium", "driver"))
    out["machine"] = {"cpu_s": round(busy, 1), "cores": round(busy / wall, 2), "of_cores": round(cores, 2),
                      "busy_pct": round(100 * busy / max(b["total"] - a["total"], 1e-9), 1)}
    out["others"] = {"cpu_s": round(other, 1), "cores": round(other / wall, 2)}
    # the busiest 10 s of the server
    peak = 0.0
    for i, s in enumerate(inside):
        for later in inside[i + 1:]:
            if later["t"] - s["t"] >= 10:
                peak = max(peak, (later["server_cpu"] - s["server_cpu"]) / (later["t"] - s["t"]))
                break
    out["server"]["peak_10s_cores"] = round(peak, 2)
    return out


def server_exceptions(log_path: Path) -> list[str]:
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    found = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            tail = next((l for l in lines[i + 1:i + 200] if l and not l.startswith((" ", "Traceback"))), "?")
            where = [l.strip() for l in lines[i + 1:i + 200] if l.strip().startswith("File ")]
            found.append(f"{tail[:200]} (last frame: {where[-1][:160] if where else '?'})")
    return found


async def main_async(args) -> dict:
    from playwright.async_api import async_playwright

    load_before = os.getloadavg()
    port = args.port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="load_class-"))
    log_path = (Path(args.log) if args.log else workdir) / "streamlit-load-class.log"
    runs_path = None if args.plain_server else workdir / "runs.jsonl"
    if args.url:  # a server started elsewhere: measured only when --server-pid names it on this machine
        proc, url, runs_path, log_path = None, args.url.rstrip("/"), None, Path("/nonexistent")
        server_pid = args.server_pid or -1
    else:
        server = start_server(ROOT, None, log_path.parent, "load-class", 90, port=port, options=args.server_option,
                              boot=BOOT if runs_path else None,
                              env={"LOAD_CLASS_RUNS": str(runs_path)} if runs_path else None)
        proc, url, server_pid, log_path = server, server.url, server.proc.pid, server.log
    stats = Stats(args.sessions)
    rss_start = status_kib(server_pid, "VmRSS")
    sampler = Sampler(server_pid)
    rng = random.Random(args.seed)
    slot = args.ramp / max(args.sessions, 1)
    arrivals = [i * slot + rng.uniform(0, slot) if args.sessions > 1 else 0.0 for i in range(args.sessions)]
    assets, priming_s = [], None
    n_ws = min(max(args.websocket, 0), args.sessions)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if n_ws:
                assets, priming_s = await record_assets(browser, url, int(args.load_timeout * 1000) * 4)
            sampler.start()
            # the browser students are spread evenly among the arrivals (every k-th student)
            n_browser = args.sessions - n_ws
            browser_ids = {round(i * args.sessions / n_browser) for i in range(n_browser)} if n_browser else set()
            students = [BrowserStudent(i, browser, url, stats, args, arrivals[i]) if i in browser_ids
                        else WebsocketStudent(i, url, stats, args, arrivals[i], assets) for i in range(args.sessions)]
            t_start = time.monotonic()
            results = await asyncio.gather(*(s.run(t_start) for s in students), return_exceptions=True)
            t_end = time.monotonic()
            for i, result in enumerate(results):
                if isinstance(result, BaseException):
                    stats.error(i, "session crashed", first_line(result))
            sampler.finish()
            await browser.close()
    finally:
        rss_end = status_kib(server_pid, "VmRSS")
        hwm = status_kib(server_pid, "VmHWM")
        if proc is not None:
            proc.stop()
    for line in server_exceptions(log_path):
        stats.errors["server exception"].append(line)

    # the whole class connected: from the last arrival to the first departure
    full_from, full_to = t_start + max(arrivals), t_start + min(arrivals) + args.seconds
    timings = {k: summary([v for _, v, _ in rows]) for k, rows in stats.timings.items()}
    full = {k: summary([v for t, v, _ in rows if full_from <= t <= full_to]) for k, rows in stats.timings.items()}
    runs = []
    if runs_path and runs_path.exists():
        runs = [json.loads(line) for line in runs_path.read_text().splitlines() if line.strip()]
    runs = [r for r in runs if t_start <= r["t0"] <= t_end]
    collections_ = [r["gc"] for r in runs if "gc" in r]
    runs = [r for r in runs if "gc" not in r]
    run_stats = {
        "all": summary([r["s"] for r in runs]),
        "fragment": summary([r["s"] for r in runs if r["fragment"]]),
        "full page": summary([r["s"] for r in runs if not r["fragment"]]),
        "ended": dict(sorted({e: sum(1 for r in runs if r["end"] == e) for e in {r["end"] for r in runs}}.items())),
        "busy_s": round(sum(r["s"] for r in runs), 1),
        "gc_collect": {**summary(collections_), "total_s": round(sum(collections_), 1)},
    }
    samples = sampler.samples
    # the verdict's steps: what a student sees (click -> drawn) when there are browser students
    step_kind = STEP if stats.timings.get(STEP) or n_ws < args.sessions else WS_STEP
    steps = [v for _, v, _ in stats.timings[step_kind]]
    errors = {k: len(v) for k, v in stats.errors.items()}
    actions = sum(n for k, n in stats.counts.items())
    report = {
        "sessions": args.sessions, "browser_sessions": args.sessions - n_ws, "websocket_sessions": n_ws,
        "assets_per_load": len(assets), "priming_load_s": priming_s, "seconds": args.seconds, "ramp_s": args.ramp, "think_s": list(args.think),
        "seed": args.seed, "step_timeout_s": args.step_timeout, "load_timeout_s": args.load_timeout,
        "wall_s": round(t_end - t_start, 1), "full_class_window_s": round(max(0.0, full_to - full_from), 1),
        "errors": sum(errors.values()), "errors_by_kind": errors,
        "error_samples": {k: v[:8] for k, v in stats.errors.items()},
        "blocked_external_requests": len(stats.blocked), "blocked_samples": sorted(set(stats.blocked))[:5],
        "actions": dict(stats.counts), "actions_total": actions,
        "actions_per_s": round(actions / max(t_end - t_start, 1e-9), 2),
        "timings": timings, "timings_full_class": full,
        "server_runs": run_stats, "server_runs_per_action": round(len(runs) / max(actions, 1), 2),
        "server_options": list(args.server_option),
        "server_rss_mib": {"start": (rss_start or 0) / 1024, "peak": max((s["server_rss"] for s in samples), default=0) / 1024,
                           "end": (rss_end or 0) / 1024, "hwm": (hwm or 0) / 1024},
        "chromium_pss_peak_mib": max((s["chromium_pss"] or 0 for s in samples), default=0) / 1024,
        "chromium_procs_peak": max((s["chromium_procs"] for s in samples), default=0),
        "cpu": cpu_split(samples, t_start, t_end),
        "cpu_full_class": cpu_split(samples, full_from, full_to) if full_to > full_from + 10 else None,
        "cores": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
        "step_measure": step_kind, "step_p95_s": pct(steps, 95), "steps": len(steps), "log": str(log_path), "workdir": str(workdir),
    }
    report["server_cpu_per_action_s"] = report["cpu"]["server"]["cpu_s"] / max(actions, 1)
    report["ok"] = report["errors"] == 0 and bool(steps) and report["step_p95_s"] <= STEP_LIMIT_S
    report["bound"] = bound(report)
    return report


def bound(r: dict) -> str:
    """Where the time went: client-bound, server-bound or neither (from the CPU split)."""
    c = r["cpu_full_class"] or r["cpu"]
    cores = r["cores"] or 1
    machine = c["machine"]["busy_pct"]
    server, clients = c["server"]["cores"], c["chromium"]["cores"] + c["driver"]["cores"]
    runs = r["server_runs"]["all"]
    others = c["others"]["cores"]
    if machine >= 85 and others > max(server, clients):
        return (f"CONTENDED: the machine was {machine:.0f}% busy and other users' processes took {others:.2f} cores; "
                f"clients {clients:.2f}, server {server:.2f} cores (its script runs p95 {runs['p95']:.3f} s)")
    if machine >= 85 and clients > server:
        return (f"CLIENT-BOUND: the machine was {machine:.0f}% busy ({c['machine']['cores']:.2f} of {cores} cores); "
                f"client browsers + driver used {clients:.2f} cores, the server {server:.2f} "
                f"(its script runs p95 {runs['p95']:.3f} s)")
    if server >= 0.85:
        return (f"SERVER-BOUND: the server used {server:.2f} cores (one Python process: about 1 core at most), "
                f"its script runs p95 {runs['p95']:.3f} s")
    return (f"neither saturated: machine {machine:.0f}% busy, server {server:.2f} cores, clients {clients:.2f} cores, "
            f"server script runs p95 {runs['p95']:.3f} s")


def print_report(r: dict) -> None:
    mix = (f" ({r['browser_sessions']} browser, {r['websocket_sessions']} websocket; "
           f"priming load {r['priming_load_s']:.1f} s, {r['assets_per_load']} HTTP resources a load)"
           if r["websocket_sessions"] else "")
    print(f"\nclass load: {r['sessions']} sessions{mix} x {r['seconds']:g} s, arrivals over {r['ramp_s']:g} s, "
          f"think {r['think_s'][0]:g}-{r['think_s'][1]:g} s, seed {r['seed']}; {r['cores']} cores; "
          f"wall {r['wall_s']} s, whole class connected {r['full_class_window_s']} s")
    print(f"{'measure':<36} {'n':>5} {'p50 s':>7} {'p95 s':>7} {'max s':>7}   whole class: {'n':>5} {'p50 s':>7} {'p95 s':>7}")
    for kind, t in sorted(r["timings"].items()):
        f = r["timings_full_class"].get(kind, {"n": 0, "p50": float("nan"), "p95": float("nan")})
        print(f"{kind:<36} {t['n']:>5} {t['p50']:>7.3f} {t['p95']:>7.3f} {t['max']:>7.3f}   "
              f"{'':>13}{f['n']:>5} {f['p50']:>7.3f} {f['p95']:>7.3f}")
    sr = r["server_runs"]
    for kind in ("fragment", "full page"):
        t = sr[kind]
        print(f"{'server script run: ' + kind:<36} {t['n']:>5} {t['p50']:>7.3f} {t['p95']:>7.3f} {t['max']:>7.3f}")
    g = sr["gc_collect"]
    if g["n"]:
        print(f"{'server gc.collect (after each run)':<36} {g['n']:>5} {g['p50']:>7.3f} {g['p95']:>7.3f} {g['max']:>7.3f}"
              f"   total {g['total_s']} s")
    print(f"server CPU per action {r['server_cpu_per_action_s']:.3f} s; server options {r['server_options'] or 'none'}")
    print(f"server runs per action {r['server_runs_per_action']}; ended {sr['ended']}; "
          f"{r['actions_total']} actions ({r['actions_per_s']}/s)")
    m = r["server_rss_mib"]
    print(f"server RSS MiB: start {m['start']:.0f}, peak {m['peak']:.0f}, end {m['end']:.0f} (VmHWM {m['hwm']:.0f}); "
          f"client Chromium peak {r['chromium_pss_peak_mib']:.0f} MiB (PSS) in {r['chromium_procs_peak']} processes")
    for label, c in (("whole run", r["cpu"]), ("whole class connected", r["cpu_full_class"])):
        if not c:
            continue
        print(f"CPU, {label} ({c['wall_s']} s): server {c['server']['cpu_s']} s = {c['server']['cores']} cores "
              f"(busiest 10 s: {c['server']['peak_10s_cores']}); client Chromium {c['chromium']['cores']} cores; "
              f"driver+script {c['driver']['cores']} cores; others {c['others']['cores']} cores; "
              f"machine {c['machine']['busy_pct']}% busy")
    print("load average before " + " ".join(f"{x:.2f}" for x in r["loadavg_before"]) +
          ", after " + " ".join(f"{x:.2f}" for x in r["loadavg_after"]))
    print(f"blocked external requests: {r['blocked_external_requests']} {r['blocked_samples']}")
    print(f"errors by kind: {r['errors_by_kind'] or 'none'}")
    for kind, lines in r["error_samples"].items():
        for line in lines[:4]:
            print(f"   [{kind}] {line}")
    print(r["bound"])
    verdict = "PASS" if r["ok"] else "FAIL"
    print(f"{verdict}: errors {r['errors']} (must be 0); {r['step_measure']} p95 {r['step_p95_s']:.3f} s "
          f"(must be <= {STEP_LIMIT_S:g} s) over {r['steps']} steps; server log {r['log']}")


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    low_f, high_f = float(low), float(high or low)
    if not 0 <= low_f <= high_f:
        raise argparse.ArgumentTypeError("--think MIN,MAX with 0 <= MIN <= MAX")
    return low_f, high_f


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30, help="students (browser contexts), default 30")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each student works, default 120")
    parser.add_argument("--ramp", type=float, default=25.0, help="arrivals spread over this many seconds")
    parser.add_argument("--think", type=think_range, default=(2.0, 8.0), help="think time MIN,MAX seconds")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--step-timeout", type=float, default=10.0, help="a day step not drawn by then is an error")
    parser.add_argument("--load-timeout", type=float, default=30.0, help="page loads and other actions")
    parser.add_argument("--websocket", type=int, default=0, metavar="N",
                        help="N of the sessions are websocket students (no browser; see WebsocketStudent)")
    parser.add_argument("--server-option", action="append", default=[], metavar="KEY=VALUE",
                        help="a Streamlit option for this run only, e.g. runner.postScriptGC=false (repeatable)")
    parser.add_argument("--plain-server", action="store_true", help="plain `streamlit run`, no script-run timer")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--url", default=None,
                        help="drive a server that is already running (e.g. on another machine) instead of starting one")
    parser.add_argument("--server-pid", type=int, default=0, help="with --url: that server's pid here, to measure it")
    parser.add_argument("--log", default=None, help="a folder for the server's log (streamlit-load-class.log)")
    parser.add_argument("--json", default=None, help="also write the report here")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    report = asyncio.run(main_async(args))
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
