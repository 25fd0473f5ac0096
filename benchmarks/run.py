"""Run the benchmark suite; print a markdown report and write it to docs/performance.md.

    .venv/bin/python -m benchmarks            # full: shipped, 1k and 10k events (YAML), 100k as GeoParquet (~6 min)
    .venv/bin/python -m benchmarks --quick    # shipped + 1k (~2-3 min)

See benchmarks/README.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import browser as bb  # noqa: E402
from benchmarks.synthetic import write_story, write_story_parquet  # noqa: E402
from benchmarks.yaml_check import compare as yaml_check  # noqa: E402

SHIPPED = ROOT / "events.yaml"
OUTPUT = ROOT / "docs" / "performance.md"
PACKAGES = ["streamlit", "streamlit-folium", "folium", "pandas", "geopandas", "shapely", "pydantic", "PyYAML",
            "playwright"]
BIG_PARQUET = "100k GeoParquet"
# the big story: a program writes it, as a table (YAML is for stories written by hand, up to 10k here)
BIG = {BIG_PARQUET: "100k events (GeoParquet)"}


# --- the machine ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app.py", "app_pages.py", "webapp", "geo", "static", "pages"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        code = f"{commit}{' + uncommitted changes to the app' if dirty else ''}" if commit else "unknown"
    except (OSError, subprocess.SubprocessError):
        code = "unknown"
    return {"code": code, "cpu": cpu, "cores": str(os.cpu_count()), "ram": ram,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "os": platform.platform(), "packages": ", ".join(versions),
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")}


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- running the parts ------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def core_worker(path: Path, steps: int, timeout: float) -> dict:
    """Load + validate + geocode (and server day steps) in a fresh process."""
    cmd = [sys.executable, "-m", "benchmarks.core", str(path), "--steps", str(steps)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"core worker failed on {path.name}: {proc.stderr.strip().splitlines()[-3:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["worker_wall_s"] = time.perf_counter() - t0
    return out




# --- formatting -------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def sec(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:,.2f} s"


def kb(n: float | None) -> str:
    if n is None:
        return "–"
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def spread(r: dict) -> str:
    """"median (min–max)" of repeated runs, or "–"."""
    if r.get("median_s") is None:
        return "–"
    return f"{r['median_s']:.2f} s ({r['min_s']:.2f}–{r['max_s']:.2f})"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


# --- the report -------------------------------------------------------------------------------


TRIED = """
## Tried for the first map and dropped

Each measured in turns with the code without it (cold starts, medians); none brought the first map sooner.

- Starting the server without the warm-up thread: the first map came ~0.3 s later (the page then waits for
  the imports after its boot).
- The warm-up thread at a lower priority (nice 10): slower; the event loop waits for the GIL it holds.
  At nice 19: within the noise, and the warm-up finished later.
- The warm-up pausing its imports while the page's files were being served: the first map came later.
- `Link: rel=modulepreload` headers for the widgets' code: the preloads took the browser's six connections
  before the page's own files; the websocket opened ~1 s later.
- The same preloads for the map components' code only (5 files, at the end of the page, once Streamlit's
  files were compressed): the page's websocket opened ~0.3 s later and the map was not drawn sooner.
- The sidebar written after the map, so the map's code is asked for first: 4.87 s against 4.90 s.
- A 0.5 ms GIL switch interval during the warm-up: within the noise.
- No cyclic GC during the warm-up's imports, then `gc.freeze()`: within the noise, and process-wide.
- The sidebar's controls in a second run asked for at once (second visitors, a warm server): 1.85 s
  against 1.83 s; the browser still laid them out before building the map's frame. Sent once the map
  reports its first view drawn, they cost the first map nothing (kept: 1.82 → 1.58 s).
- The clicker keys' frame (`st.iframe`) or the mode and speed controls left out of the first view:
  each within 0.02 s alone. All of the first view's controls and the day's list left out together
  (kept): the browser no longer loads their code before the map's frame, 1.57 → 1.31 s.
- Streamlit's boot files compressed before the browser asks: on the event loop as the server starts,
  0.9 s under the warm-up's imports and the server answered later; in the warm-up thread before its
  imports, 0.16 s, and the page's websocket opened no sooner (the boot is not waiting on those files).
- A 0.5 ms GIL switch interval again, after the first-view change: 2.60 s against 2.71 s in 8 turns
  each, within a launch's ±0.3 s; 0.1 ms: the same.
- `storymap.js` joined to the Leaflet bundle (one script fewer for the map frame): a second visitor
  1.26 s against 1.29 s in 12 turns each, within the noise.
- The day buttons' views left out of the first view (they come with the buttons): no difference.
- Module preloads in Streamlit's page for the second wave of its code (the component, HTML and
  sanitizer chunks), a second visitor: 1.47 s against 1.48 s.
- The land drawn with Leaflet's canvas renderer instead of SVG: painted no sooner.
- Streamlit's files served uncompressed (without `CompressedStatic`): the boot files waited about half as
  long on the server (26 against 52 ms each) and the websocket opened ~0.2 s sooner, but the map was drawn
  3.58 s against 3.67 s (medians of 4 turns), within a launch's spread: the imports and the story, on the same two
  cores, end no sooner. Uncompressed, the first load would be Streamlit's 2.55 MB and over 0.6 MB for the map
  (its frame, Leaflet, the land), above the naive app's 2.69 MB. Compressed on the event loop instead of a worker thread: 3.71 s, no better.

What is left of the launch is CPU: until the first map the server spends ~0.4 s more than the naive
app's (the story read, checked and geocoded, the gazetteer, its first view), while the browser, on the
same two cores, boots Streamlit's page; the boot files wait ~6× longer on the server than the one-line
app's (the cold-start table).
"""


def report(info: dict, cores: dict[str, dict], browser: dict[str, dict], cold: dict[str, dict], notes: list[str],
           quick: bool, wall_s: float, load_before: str, load_after: str,
           check: dict | None = None, wire: dict | None = None) -> tuple[str, list[str]]:
    out: list[str] = []
    out.append("# Performance\n")
    out.append("Generated by `.venv/bin/python -m benchmarks" + (" --quick`" if quick else "`")
               + " (see `benchmarks/README.md`); do not edit by hand.\n")
    out.append(table(["machine", ""], [
        ["CPU", info["cpu"]], ["cores", info["cores"]], ["RAM", info["ram"]], ["Python", info["python"]],
        ["OS", info["os"]], ["packages", info["packages"]], ["date", info["date"]],
        ["load average (1/5/15 min) before → after", f"{load_before} → {load_after}"],
        ["code measured (git)", info["code"]], ["run time", sec(wall_s)],
    ]))

    # budgets first: the part a reader wants
    def p50(name, kind="ours"):
        return (browser.get(name, {}).get(kind) or {}).get("p50_ms")

    budgets: list[list[str]] = []

    def budget(what: str, measured: str, ok: bool | None):
        budgets.append([what, measured, verdict(ok)])

    v = p50("shipped")
    budget("browser day step p50 ≤ 150 ms (shipped story)", f"{v:,.0f} ms" if v else "–", None if v is None else v <= 150)
    if not quick:
        v = p50("10k")
        budget("browser day step p50 ≤ 500 ms (10k events)", f"{v:,.0f} ms" if v else "–", None if v is None else v <= 500)
        ours, naive = p50("10k"), p50("10k", "naive")
        ratio = naive / ours if ours and naive else None
        budget("≥ 5× faster than naive at 10k (naive p50 / ours p50)", f"{ratio:.1f}×" if ratio else "–",
               None if ratio is None else ratio >= 5)
    for name in ["shipped", "1k" if quick else "10k"]:
        c = cores.get(name, {}).get("server")
        if c:
            r = c["new_day_step_bytes"] / c["first_load_bytes"]
            budget(f"bytes per day step ≤ 1/10 of first load — server: view message of a step to a new day / "
                   f"map args + first view ({name})",
                   f"{kb(c['new_day_step_bytes'])} / {kb(c['first_load_bytes'])} = {r:.3f}", r <= 0.1)
        b = browser.get(name, {}).get("ours")
        if b and b.get("ws_step_bytes"):
            new_day = b["ws_step_bytes"][0]
            r = new_day / b["ws_bytes"]
            budget(f"bytes per day step ≤ 1/10 of first load — websocket, step to a new day ({name})",
                   f"{kb(new_day)} / {kb(b['ws_bytes'])} = {r:.2f}", r <= 0.1)
            r2 = new_day / (b["ws_bytes"] + b["http_bytes"])
            budget(f"  (same, first load counting HTTP assets too) ({name})",
                   f"{kb(new_day)} / {kb(b['ws_bytes'] + b['http_bytes'])} = {r2:.3f}", r2 <= 0.1)
    shipped_cold = cold.get("shipped", {})
    ours = shipped_cold.get("ours", {})
    floor, naive = shipped_cold.get("floor", {}), shipped_cold.get("naive", {})
    if ours.get("median_s") is not None and floor.get("median_s") and naive.get("median_s"):
        n = len(ours["runs"])
        r = ours["median_s"] / floor["median_s"]
        budget(f"launch → first map drawn ≤ 1.5× the one-line app's launch → text (shipped story; medians of {n} "
               f"launches in turns)", f"{spread(ours)} / {spread(floor)} = {r:.2f}×", r <= 1.5)
        o2, f2, n2 = ours.get("second_median_s"), floor.get("second_median_s"), naive.get("second_median_s")
        if o2 and f2:
            budget("second visitor's page open → map drawn ≤ 1.3× the one-line app's page open → text "
                   f"(same servers, after their first visitor; medians of {n})",
                   f"{sec(o2)} / {sec(f2)} = {o2 / f2:.2f}×", o2 / f2 <= 1.3)
        budget("launch → first map drawn ≤ the naive folium app's (medians, same rounds)",
               f"{sec(ours['median_s'])} / {sec(naive['median_s'])} = {ours['median_s'] / naive['median_s']:.2f}×",
               ours["median_s"] <= naive["median_s"])
        if o2 and n2:
            budget("second visitor's page open → map drawn ≤ the naive folium app's (medians, same rounds)",
                   f"{sec(o2)} / {sec(n2)} = {o2 / n2:.2f}×", o2 <= n2)
    wire_ours, wire_naive = (wire or {}).get("ours", {}), (wire or {}).get("naive", {})
    if wire_ours.get("wire_down_bytes") and wire_naive.get("wire_down_bytes"):
        a, b = wire_ours["wire_down_bytes"], wire_naive["wire_down_bytes"]
        budget("first-load bytes ≤ the naive app's (HTTP + websocket as they cross the wire, server → browser, "
               "shipped story)", f"{kb(a)} / {kb(b)} = {a / b:.2f}×", a <= b)
    if check:
        budget("10k YAML: `python -m geo check` ≤ 2× a bare `yaml.load(…, CSafeLoader)` of the same file "
               f"(fresh processes, medians of {len(check['check_s'])})",
               f"{sec(check['check_median_s'])} / {sec(check['bare_median_s'])} = {check['ratio']:.2f}×",
               check["ratio"] <= 2)
    shipped_median = ours.get("median_s")
    for name in [] if quick else BIG:
        b = browser.get(name, {}).get("ours")
        big = cold.get(name, {}).get("ours", {})
        what = BIG[name]
        if big.get("median_s") is not None and shipped_median:
            r = big["median_s"] / shipped_median
            budget(f"{what}: launch → first (clustered) map drawn ≤ 1.5× the shipped story's cold start "
                   f"(medians, same run)", f"{spread(big)} / {sec(shipped_median)} = {r:.2f}×", r <= 1.5)
        if b:
            mem = b.get("server_peak_rss_mb")
            budget(f"{what}: server peak memory < 600 MB", f"{mem:,.0f} MB" if mem else "–",
                   None if mem is None else mem < 600)
    out.append("\n## Budgets\n")
    out.append(table(["budget", "measured", "verdict"], budgets))

    # core
    rows = []
    for name, c in cores.items():
        if "error" in c:
            rows.append([name, "error: " + c["error"]] + [""] * 8)
            continue
        read = "– (a table: read and checked as columns)" if c.get("format") == "parquet" else sec(c["read_s"])
        rows.append([name, f"{c['events']:,}", kb(c["bytes"]), read, sec(c["validate_s"]),
                     sec(c["geocode_s"]), sec(c["total_s"]),
                     f"{c['rss_peak_load_mb'] - c['rss_before_load_mb']:,.0f} MB (peak {c['rss_peak_load_mb']:,.0f} MB)",
                     "; ".join(c["upload_limits_refuse"]) or "no"])
    out.append("\n## Core: load + validate + geocode (fresh process each)\n")
    out.append(table(["story", "events", "file", "read (text → data)", "validate", "geocode", "total",
                      "memory (RSS growth; peak)", "too big for an upload?"], rows))
    some = next(iter(cores.values()), {})
    if "gazetteer_and_city_index_s" in some:
        out.append(f"\nNot included above: imports ({sec(some['import_s'])}) and the shipped gazetteer + the "
                   f"city database index, read once per process ({sec(some['gazetteer_and_city_index_s'])}).")

    # server step
    rows = []
    for name, c in cores.items():
        s = c.get("server")
        if not s:
            continue
        m, once = s["median"], s["once"]
        rows.append([name, f"{m['visible']:,.0f}", ms(m["select_s"]), ms(m["view_message_s"]), ms(m["rerun_total_s"]),
                     ms(once["prepare_features_s"]), ms(once["map_args_first_s"]), kb(s["map_args_bytes"]),
                     kb(s["first_view_bytes"]), kb(s["new_day_step_bytes"]), kb(s["alternating_step_bytes"])])
    out.append("\n## Server: one day step (medians, outside Streamlit)\n")
    out.append(table(["story", "events shown", "select", "view message", "step total",
                      "once: prepare features", "once: map args", "map args", "first view",
                      "step to a new day", "step, alternating"], rows))
    out.append("\nA step runs `select` and `rerun_views` (`view message`: ids and statuses, plus the markers and "
               "popup texts the page does not hold yet, and for stories up to 20,000 events the views the "
               "Previous/Next buttons lead to, with their markers); the map's `st_folium` arguments are rendered "
               "once per story, language and mode (`once: map args`) and replayed, so Streamlit sends the map "
               "once and then a ~0.1 KB reference. Stories up to 2,000 events send every marker with the first "
               "view; up to 300 events the popup texts too; above that a popup's texts are sent when it is "
               "opened. Bytes count the view and the views ahead.")

    # browser
    rows = []
    for name, pair in browser.items():
        for kind in ("ours", "naive"):
            b = pair.get(kind)
            if b is None:
                continue
            if "error" in b or "skipped" in b:
                rows.append([name, kind, b.get("error") or b.get("skipped")] + [""] * 9)
                continue
            steps = b.get("n")
            rows.append([name, kind, sec(b["launch_to_drawn_s"]), sec(b["page_to_drawn_s"]),
                         f"{b['p50_ms']:,.0f} / {b['p95_ms']:,.0f} ms" if steps else "–",
                         f"{b['idle_p50_ms']:,.0f} / {b['idle_p95_ms']:,.0f} ms" if steps else "–",
                         str(steps or 0), kb(b["ws_bytes"]), kb(b["http_bytes"]),
                         kb(b["ws_step_bytes"][0]) if steps else "–",
                         kb(b["ws_step_bytes_median"]) if steps else "–",
                         f"{b['server_peak_rss_mb']:,.0f} MB" if b.get("server_peak_rss_mb") else "–"])
    out.append("\n## Browser: headless Chromium, localhost only\n")
    out.append(table(["story", "app", "launch → map drawn", "page open → map drawn",
                      "step: click → map drawn p50 / p95", "click → script done p50 / p95", "steps",
                      "first load: websocket", "first load: HTTP", "step to a new day: websocket",
                      "step (median, alternating): websocket", "server peak RSS"], rows))

    rows = []
    for name, pair in browser.items():
        o, n = pair.get("ours"), pair.get("naive")
        if not (o and n and o.get("n") and n.get("n")):
            continue
        rows.append([name, f"{o['p50_ms']:,.0f} ms", f"{n['p50_ms']:,.0f} ms", f"{o['p50_ms'] / n['p50_ms']:.2f}",
                     f"{n['p50_ms'] / o['p50_ms']:.1f}×",
                     f"{o['ws_step_bytes'][0] / max(n['ws_step_bytes'][0], 1):.2f}"])
    if rows:
        out.append("\n## Ours vs naive (same run, same machine)\n")
        out.append(table(["story", "ours p50", "naive p50", "ours / naive (time)", "speed-up",
                          "ours / naive (websocket bytes, step to a new day)"], rows))

    rows = []
    for story_name, by_case in cold.items():
        for case, r in by_case.items():
            if r.get("median_s") is None:
                rows.append([story_name, case, r.get("error", "–")] + [""] * 9)
                continue
            ph = r["phases_median"]
            second = r.get("second_runs") or []
            rows.append([story_name, case, str(len(r["runs"])), ", ".join(f"{x:.2f}" for x in r["runs"]),
                         spread(r), sec(ph.get("server_ready")), ms(ph["boot_wait_ms"] / 1000 if "boot_wait_ms" in ph else None), sec(ph.get("boot_files_in")),
                         sec(ph.get("ws_open")), sec(ph.get("map_requested")),
                         sec(ph.get("server_cpu_drawn")),
                         (f"{sec(r['second_median_s'])} ({', '.join(f'{x:.2f}' for x in second)})" if second else "–")])
    if rows:
        out.append("\n## Cold starts, repeated (seconds from launching `streamlit run`)\n")
        out.append(table(["story", "app", "launches", "launch → drawn, each (s)", "median (min–max)",
                          "server answers (median)", "boot files: server's wait per file (median)",
                          "boot files in (from page open)", "page's websocket open", "map frame requested",
                          "server CPU until drawn", "second visitor: page open → drawn, median (each)"], rows))
        out.append("\nThe cases take turns (floor, ours, naive; then again), so a busy moment of the machine "
                   "weighs on each alike. Between the websocket opening and the map frame's request the "
                   "first script run runs and the page loads the code of its widgets; the map is drawn after "
                   "its frame has loaded Leaflet and the story's view. \"Boot files\" are the files of Streamlit's "
                   "page asked for before it opens its websocket; the server's wait is request sent → first byte, "
                   "as the browser's resource timing reports it. \"server CPU\" is what the server "
                   "process spent (user + system) from its launch to the map drawn.")

    rows = [[case, kb(w.get("wire_down_bytes")), kb(w.get("wire_up_bytes")), kb(w.get("http_body_bytes")),
             kb(w.get("ws_payload_bytes")), str(w.get("requests", "–"))] if "error" not in w else [case, w["error"], "", "", "", ""]
            for case, w in (wire or {}).items()]
    if rows:
        out.append("\n## First load on the wire (shipped story)\n")
        out.append(table(["app", "server → browser (wire)", "browser → server (wire)", "HTTP bodies (as received)",
                          "websocket payloads (decompressed)", "requests"], rows))
        out.append("\nA fresh browser context opens the app through a relay on localhost that counts every byte "
                   "(`benchmarks.browser.WireCounter`): HTTP headers and bodies as sent (gzip where the server "
                   "compresses), websocket frames as sent (permessage-deflate). Counted until the map is drawn, "
                   "the script run is over and one more second has passed.")
    out.append(TRIED)
    out.append("\n## How it is measured\n")
    out.append("""- Stories: the shipped `events.yaml` and synthetic stories (`benchmarks/synthetic.py`: gazetteer ids and
  city names, six weeks, five layers, vi/en texts, spans, routes, the four islands as background) written to a
  temporary folder, shown by `app.py` itself (`TIMELINE_STORY`) as a story file on the server (limits
  256 MB, 200,000 events; an upload's are 2 MB and 50,000 events).
- Core: one fresh process per story, `load_story` as the app calls it, then `geocode_story`; `read` = the time
  spent in the text reader (YAML or JSON to plain data), `validate` = the rest of the load (for GeoParquet,
  all of it: the table is read and checked as columns); `total` is wall time. Memory = growth of the
  process's peak RSS (`VmHWM`) over the load.
- `python -m geo check` against a bare `yaml.load(…, Loader=yaml.CSafeLoader)` of the 10k story: each a
  fresh process, launch to exit, taken in turns (`benchmarks/yaml_check.py`).
- Server: the map part of one rerun of `app.py`, timed piece by piece; `st_folium`'s component function is
  replaced by one returning its arguments, whose JSON sizes are the bytes.
- Browser: `streamlit run` on a free port, a new Chromium context per case, every non-localhost request
  aborted. A step clicks Next/Previous alternately (`performance.now()` just before `button.click()` in the
  page) and ends when the map iframe's `<body data-story-day>` shows the new day (checked every animation
  frame, so ±16 ms); "script done" is `stApp[data-test-script-state=notRunning]`. For stories up to 20,000
  events our app draws the step at the click from the views sent ahead (`geo/timeline/step_targets.py`) and the
  server's answer confirms it, so "map drawn" is the browser's own work and "script done" the round trip;
  larger stories (100k) wait for the server's view. Cold start = launching `streamlit run app.py` → first
  map drawn in a new context of an already running browser, opened as soon as the server answers
  `/_stcore/health`. Our `app.py` starts its warm-up (`webapp/warm_up.py`: imports, the story loaded)
  with the server, so it overlaps the page's boot. A single launch on this machine varies by ±1 s, so
  the budgets use the median of repeated launches (`--rounds`, default 5; 100k: 3), taken in turns
  with a one-line Streamlit app (`benchmarks/floor_app.py`, launch → its text shown: what Streamlit
  itself takes here before any map) and the naive app. The browser runs on the same two cores as the
  server. The browser table's launch times are the single launch of that case's run. In each round, once
  the first visitor's page has finished loading (no script run, none still to come, its map's land drawn:
  `benchmarks.browser.settle`, the same wait for every app), a second visitor (a new context, so an empty
  cache) opens the page on the same server: page open → map drawn (the one-line app: → its text shown).
- First-load bytes for the budget: counted on the wire by a relay (see "First load on the wire"). The
  browser table's "first load" columns are what the browser reports: HTTP bodies as received (compressed
  where the server compresses) and websocket payloads after decompression.
- Websocket bytes: payload sizes of every frame received (`page.on("websocket")`). Alternating between two
  days, Streamlit's message cache sends repeated messages as a hash, so the first step (to a day not shown
  before) is reported separately.
- The naive app (`benchmarks/naive_app.py`): a new `folium.Map` each rerun with one `folium.Marker` + `Popup`
  + tooltip per event, `st_folium` without `feature_group_to_add`, Leaflet from the local static folder, no
  basemap, `returned_objects=[]`; served like ours by an `st.App` (`benchmarks/naive_entry.py`) but without a
  warm-up.""")
    if notes:
        out.append("\n## Notes from this run\n")
        out += [f"- {n}" for n in notes]
    return "\n".join(out) + "\n", budgets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark suite of the timeline map")
    parser.add_argument("--quick", action="store_true", help="shipped story and 1k events only (~2-3 min)")
    parser.add_argument("--steps", type=int, default=20, help="browser day steps per case (default 20)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the report goes (default docs/performance.md)")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument("--rounds", type=int, default=5,
                        help="cold starts of the shipped story per app, interleaved (default 5; 100k: half)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_before = load_average()
    info = machine()
    workdir = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    log(f"working in {workdir}")
    sizes = [1000] if args.quick else [1000, 10_000]
    stories: dict[str, Path] = {"shipped": SHIPPED}
    for n in sizes:
        name = f"{n // 1000}k"
        stories[name] = write_story(n, workdir)
        log(f"wrote {stories[name].name} ({stories[name].stat().st_size / 1e6:.1f} MB)")
    if not args.quick:  # a big generated story, as its program would write it (geo/story/parquet_reader.py)
        stories[BIG_PARQUET] = write_story_parquet(100_000, workdir)
        log(f"wrote {stories[BIG_PARQUET].name} ({stories[BIG_PARQUET].stat().st_size / 1e6:.1f} MB)")

    notes: list[str] = []
    cores: dict[str, dict] = {}
    for name, path in stories.items():
        log(f"core + server step: {name}")
        try:
            cores[name] = core_worker(path, steps=4 if name in BIG else 12, timeout=900)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            cores[name] = {"error": str(exc)}
            notes.append(f"core {name}: {exc}")

    check = None
    if "10k" in stories:
        log("python -m geo check vs a bare yaml.load: 10k")
        check = yaml_check(stories["10k"])

    browser: dict[str, dict] = {}
    cold: dict[str, dict] = {}  # story → case → repeated cold starts
    wire: dict[str, dict] = {}  # case → first-load bytes on the wire (shipped story)
    pw, chromium = bb.launch_browser()
    notes.append(f"Chromium {chromium.version}.")
    try:
        plan = [("shipped", True), ("1k", True)] if args.quick else \
            [("shipped", True), ("1k", True), ("10k", True), (BIG_PARQUET, False)]
        for name, with_naive in plan:
            core = cores.get(name, {})
            if "error" in core:
                notes.append(f"{name}: not run in the browser: the app refused the story ({core['error']}).")
                continue
            kind = "app"
            steps = args.steps if name not in BIG else 2
            browser[name] = {}
            log(f"browser: {name}, {steps} steps")
            try:
                browser[name]["ours"] = bb.run_browser_case(chromium, kind, None if name == "shipped" else stories[name],
                                                            steps, workdir, workdir, f"{name}-ours", timeout_s=900)
            except Exception as exc:  # report and go on: one failing case must not lose the others
                browser[name]["ours"] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
                notes.append(f"browser {name} (ours): {exc}")
            if with_naive:
                log(f"browser: {name} (naive), {steps} steps")
                try:
                    browser[name]["naive"] = bb.run_browser_case(chromium, "naive", stories[name], steps, workdir,
                                                                 workdir, f"{name}-naive", timeout_s=900)
                except Exception as exc:
                    browser[name]["naive"] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
                    notes.append(f"browser {name} (naive): {exc}")
            else:
                browser[name]["naive"] = {"skipped": "skipped (100k)"}
        log(f"browser: cold starts, {args.rounds} interleaved rounds")
        cases: dict[str, tuple[str, Path | None]] = {"floor": ("floor", None), "ours": ("app", None),
                                                     "naive": ("naive", SHIPPED)}
        cold["shipped"] = bb.repeated_cold_starts(chromium, workdir, workdir, cases, args.rounds)
        log("browser: first-load bytes on the wire (floor, ours, naive)")
        for case, (kind, story) in cases.items():
            try:
                wire[case] = bb.first_load_on_the_wire(chromium, kind, story, workdir, workdir, case)
            except Exception as exc:
                wire[case] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
                notes.append(f"first-load bytes ({case}): {exc}")
        for name in BIG:
            if args.quick or "error" in cores.get(name, {"error": ""}):
                continue
            rounds = max(1, (args.rounds + 1) // 2)
            log(f"browser: {name} cold starts, {rounds} rounds")
            cold[name] = bb.repeated_cold_starts(chromium, workdir, workdir, {"ours": ("app", stories[name])},
                                                 rounds, timeout_s=900)
        for story_name, by_case in cold.items():
            for case, r in by_case.items():
                if "error" in r:
                    notes.append(f"cold starts {story_name} ({case}): {r['error']}")
    finally:
        chromium.close()
        pw.stop()

    for name, c in cores.items():
        for refusal in c.get("upload_limits_refuse", []):
            notes.append(f"{name}: too big for an upload (the *Your story* page): {refusal}; the app shows it as a "
                         "story file on the server.")
    load_after = load_average()
    if max(float(x) for x in (load_before.split() + load_after.split()) if x != "?") > (os.cpu_count() or 1):
        notes.append(f"The machine was busy (load average above its {os.cpu_count()} cores): timings are "
                     "pessimistic; compare ratios rather than absolute values.")
    text, budgets = report(info, cores, browser, cold, notes, args.quick, time.perf_counter() - started,
                           load_before, load_after, check, wire)
    print(text)
    if not args.no_write:
        args.output.write_text(text, encoding="utf-8")
        log(f"wrote {args.output}")
    (workdir / "results.json").write_text(json.dumps({"cores": cores, "browser": browser, "cold_starts": cold, "yaml_check": check, "wire": wire}, default=str, indent=1))
    log(f"raw results: {workdir / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
