"""A class on the app: N browser sessions against one `streamlit run app.py`, for a while.

Starts its own server on a free 127.0.0.1 port, opens one headless Chromium (/usr/bin/chromium)
with one context per student, and has every student, until its time is up, repeat a fixed
round: step days forward and back (Next / Previous), switch the language, open the Article,
Chronology and About pages and go back to the map. Nothing leaves the machine: the browser
resolves every host but 127.0.0.1/localhost to nothing.

Reports: errors (page errors, Streamlit exceptions on the page, failed waits) — must be 0;
day-step latency (click -> the map's iframe <body data-story-day> changed) — p95 must be <= 1 s;
the server's memory (VmRSS of the streamlit process, sampled every second: start, peak, end)
and CPU time. Exit status 0 only when both limits hold.

    .venv/bin/python benchmarks/load_class.py --sessions 30 --seconds 120
    .venv/bin/python benchmarks/load_class.py --sessions 10 --seconds 60 --json /tmp/load.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
STEP_LIMIT_S = 1.0
PAGES = ("Article", "Chronology", "About")
LANGS = {"en": "English", "vi": "Tiếng Việt"}

# The page has exactly one drawn map (during a remount the old and new iframes coexist for a moment).
ONE_DRAWN_MAP_JS = """([sel, token]) => {
    const frames = document.querySelectorAll(sel);
    if (frames.length !== 1) return false;
    const win = frames[0].contentWindow, doc = frames[0].contentDocument;
    if (!doc || !doc.body || !doc.body.hasAttribute('data-story-drawn')) return false;
    return token === null || win.__loadToken !== token;
}"""
MAP_DAY_JS = """(sel) => {
    const f = document.querySelectorAll(sel);
    return f.length === 1 && f[0].contentDocument && f[0].contentDocument.body
        ? f[0].contentDocument.body.getAttribute('data-story-day') : null;
}"""
DAY_CHANGED_JS = """([sel, old]) => {
    const f = document.querySelectorAll(sel);
    if (f.length !== 1 || !f[0].contentDocument || !f[0].contentDocument.body) return false;
    const day = f[0].contentDocument.body.getAttribute('data-story-day');
    return day !== null && day !== old;
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log_path: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"streamlit did not answer within 90 s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def error(self, session: int, what: str) -> None:
        self.errors.append(f"s{session:02d}: {what}")


class Student:
    """One browser context doing the round until its deadline."""

    def __init__(self, index: int, browser, url: str, stats: Stats, seconds: float, wait_ms: int):
        self.index, self.browser, self.url, self.stats = index, browser, url, stats
        self.seconds, self.wait_ms = seconds, wait_ms
        self.lang = "vi"
        self.rng = random.Random(index)

    async def run(self) -> None:
        context = await self.browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
        page = await context.new_page()
        page.set_default_timeout(self.wait_ms)
        page.on("pageerror", lambda exc: self.stats.error(self.index, f"page error: {str(exc)[:160]}"))
        self.page = page
        deadline = time.monotonic() + self.seconds
        try:
            await self.timed("first map", self.open_app)
            round_no = 0
            while time.monotonic() < deadline and round_no < 10_000:  # bounded: by time, and by rounds
                round_no += 1
                for _ in range(4):
                    if time.monotonic() >= deadline:
                        break
                    await self.timed("day step", self.step_day)
                    await asyncio.sleep(self.rng.uniform(0.3, 1.0))  # a student reads the map a little
                if time.monotonic() >= deadline:
                    break
                await self.timed("language", self.switch_language)
                if time.monotonic() >= deadline:
                    break
                name = PAGES[(round_no + self.index) % len(PAGES)]
                await self.timed(f"open {name}", lambda: self.open_page(name))
                await self.timed("back to map", self.back_to_map)
        finally:
            await context.close()

    async def timed(self, kind: str, action) -> None:
        self.stats.counts[kind] += 1
        start = time.monotonic()
        try:
            await action()
        except Exception as exc:  # a failed wait or click: counted, then start over from the map
            self.stats.error(self.index, f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
            try:
                await self.open_app()
            except Exception as again:
                self.stats.error(self.index, f"recovery: {type(again).__name__}")
            return
        self.stats.timings[kind].append(time.monotonic() - start)
        if await self.page.locator("[data-testid=stException]").count():
            text = (await self.page.locator("[data-testid=stException]").first.inner_text())[:200]
            self.stats.error(self.index, f"{kind}: Streamlit exception: {text}")

    async def wait_map(self, token: str | None = None) -> None:
        await self.page.wait_for_function(ONE_DRAWN_MAP_JS, arg=[MAP_IFRAME, token], timeout=self.wait_ms)

    async def open_app(self) -> None:
        await self.page.goto(f"{self.url}/?lang={self.lang}", wait_until="domcontentloaded")
        await self.wait_map()

    async def step_day(self) -> None:
        page = self.page
        old = await page.evaluate(MAP_DAY_JS, MAP_IFRAME)
        nxt = page.locator(".st-key-next button")
        prv = page.locator(".st-key-prev button")
        forward = self.rng.random() < 0.7
        button = nxt if forward else prv
        if await button.is_disabled():
            button = prv if forward else nxt
        start = time.monotonic()
        await button.click()
        await page.wait_for_function(DAY_CHANGED_JS, arg=[MAP_IFRAME, old], timeout=self.wait_ms, polling="raf")
        self.stats.timings["day step (click -> data-story-day)"].append(time.monotonic() - start)

    async def switch_language(self) -> None:
        page = self.page
        token = f"t{self.index}-{time.monotonic()}"
        await page.evaluate("([sel, token]) => { document.querySelector(sel).contentWindow.__loadToken = token; }",
                            [MAP_IFRAME, token])
        self.lang = "en" if self.lang == "vi" else "vi"
        await page.get_by_test_id("stSidebar").get_by_text(LANGS[self.lang], exact=True).click()
        await self.wait_map(token)  # the map is remounted in the other language and drawn

    async def open_page(self, name: str) -> None:
        page = self.page
        # page titles follow the language, their addresses don't: find the link by its address
        await page.locator(f'[data-testid=stSidebarNav] a[href$="/{name}"]').click()
        await page.wait_for_url(f"**/{name}*", timeout=self.wait_ms)
        await page.wait_for_function("() => !document.querySelector('" + MAP_IFRAME.replace("'", "\\'") + "')"
                                     " && document.querySelectorAll('[data-testid=stHeading]').length > 0"
                                     " && !document.querySelector('[data-testid=stStatusWidget]')",
                                     timeout=self.wait_ms)

    async def back_to_map(self) -> None:
        page = self.page
        await page.get_by_test_id("stSidebarNav").locator("a").first.click()  # the map is the first page
        await self.wait_map()


async def sample_memory(pid: int, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    start = time.monotonic()
    while not stop.is_set():
        value = rss_kib(pid)
        if value is not None:
            samples.append((time.monotonic() - start, value))
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except asyncio.TimeoutError:
            pass


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


async def main_async(args) -> dict:
    from playwright.async_api import async_playwright

    port = args.port or free_port()
    log_path = Path(args.log) if args.log else Path(f"/tmp/load_class-streamlit-{port}.log")
    t0 = time.monotonic()
    proc = start_server(port, log_path)
    url = f"http://127.0.0.1:{port}"
    stats = Stats()
    samples: list[tuple[float, int]] = []
    stop = asyncio.Event()
    cpu_start = cpu_seconds(proc.pid)
    rss_start = rss_kib(proc.pid)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            sampler = asyncio.create_task(sample_memory(proc.pid, samples, stop))
            students = [Student(i, browser, url, stats, args.seconds, int(args.wait * 1000))
                        for i in range(args.sessions)]

            async def staggered(student: Student) -> None:
                await asyncio.sleep(student.index * args.stagger)
                await student.run()

            wall = time.monotonic()
            results = await asyncio.gather(*(staggered(s) for s in students), return_exceptions=True)
            wall = time.monotonic() - wall
            for i, result in enumerate(results):
                if isinstance(result, BaseException):
                    stats.error(i, f"session crashed: {type(result).__name__}: {result}")
            stop.set()
            await sampler
            await browser.close()
    finally:
        cpu_used = cpu_seconds(proc.pid) - cpu_start
        rss_end = rss_kib(proc.pid)
        stop_server(proc)
    rss = [v for _, v in samples]
    steps = stats.timings["day step (click -> data-story-day)"]
    report = {
        "sessions": args.sessions, "seconds": args.seconds, "stagger": args.stagger, "wall_s": round(wall, 1),
        "errors": len(stats.errors), "error_samples": stats.errors[:40],
        "actions": dict(stats.counts),
        "timings": {k: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "max": max(v) if v else float("nan")}
                    for k, v in stats.timings.items()},
        "rss_mib": {"start": (rss_start or 0) / 1024, "peak": max(rss, default=0) / 1024, "end": (rss_end or 0) / 1024},
        "server_cpu_s": round(cpu_used, 1), "loadavg": os.getloadavg(), "cores": os.cpu_count(),
        "step_p95_s": pct(steps, 95), "steps": len(steps), "log": str(log_path),
        "total_s": round(time.monotonic() - t0, 1),
    }
    report["ok"] = report["errors"] == 0 and steps and report["step_p95_s"] <= STEP_LIMIT_S
    return report


def print_report(r: dict) -> None:
    print(f"\nclass load: {r['sessions']} sessions x {r['seconds']} s (staggered {r['stagger']} s), "
          f"{r['cores']} cores, wall {r['wall_s']} s")
    print(f"{'measure':<40} {'n':>6} {'p50 s':>8} {'p95 s':>8} {'max s':>8}")
    for kind, t in sorted(r["timings"].items()):
        print(f"{kind:<40} {t['n']:>6} {t['p50']:>8.3f} {t['p95']:>8.3f} {t['max']:>8.3f}")
    print(f"{'errors (page, stException, failed waits)':<40} {r['errors']:>6}")
    m = r["rss_mib"]
    print(f"{'server RSS MiB start / peak / end':<40} {m['start']:>6.0f} {m['peak']:>8.0f} {m['end']:>8.0f}")
    print(f"{'server CPU seconds':<40} {r['server_cpu_s']:>6}")
    print(f"{'load average 1/5/15 min':<40} " + " ".join(f"{x:.1f}" for x in r["loadavg"]))
    verdict = "PASS" if r["ok"] else "FAIL"
    print(f"\n{verdict}: errors {r['errors']} (must be 0); day step p95 {r['step_p95_s']:.3f} s "
          f"(must be <= {STEP_LIMIT_S} s) over {r['steps']} steps")
    for line in r["error_samples"][:15]:
        print("  ", line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each session runs")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between two sessions' starts")
    parser.add_argument("--wait", type=float, default=30.0, help="longest wait for one action, seconds")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", default=None, help="the server's log file")
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
