"""Core benchmark: load + validate + geocode one story, in a fresh process (peak memory = VmHWM).

Run as a worker by ``benchmarks/run.py``; prints one JSON object on the last line::

    .venv/bin/python -m benchmarks.core path/to/story.yaml [--steps 12]

The story is loaded by :func:`geo.story.load.load_story` itself, as the app loads a story file on the
server (its limits: ``DEPLOYED_LIMITS``), then geocoded, then ``story_days`` + ``tour_steps``.
``read_s`` is the time spent in the format's reader (YAML or JSON text to plain data; a GeoParquet
table is read and checked in one step, all counted as validation), ``validate_s`` the rest of the
load. Each stage also gives its CPU time (``*_cpu_s``: a busy machine stretches wall time, less so
CPU time) and the process's RSS after it. With
``--steps``, the server-side day step is measured on the loaded story as well
(:mod:`benchmarks.server_step`).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _proc_status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (``VmHWM``, ``VmRSS``) in MB, or None where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_peak_mb() -> float:
    """This process's peak resident set size so far, in MB.

    VmHWM (reset by exec), not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's
    high-water mark, so it would report the runner's memory instead of the worker's.
    """
    peak = _proc_status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident set size now, in MB (VmRSS)."""
    now = _proc_status_mb("VmRSS")
    return now if now is not None else float("nan")


class _ReadTimer:
    """Adds up the time spent in the text readers while the story loads."""

    NAMES = ("read_yaml", "read_json")

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._saved: dict = {}

    def __enter__(self) -> "_ReadTimer":
        from geo.story import load as story

        for name in self.NAMES:
            self._saved[name] = original = getattr(story, name)
            setattr(story, name, self._timed(original))
        return self

    def __exit__(self, *exc) -> None:
        from geo.story import load as story

        for name, original in self._saved.items():
            setattr(story, name, original)

    def _timed(self, function):
        def timed(*args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - t
                self.cpu += time.process_time() - c
        return timed


def load(path: Path):
    """Load (``load_story`` with the app's limits for a story file on the server: the 100k story is
    within them), geocode, then the days and the tour; return (loaded, events, timings dict)."""
    from geo.places.geocode import geocode_story
    from geo.story.load import DEPLOYED_LIMITS, load_story
    from geo.timeline.days import story_days
    from geo.timeline.tour import tour_steps

    stages: dict = {}

    def stage(name: str, t: float, c: float) -> tuple[float, float]:
        stages[f"{name}_s"] = time.perf_counter() - t
        stages[f"{name}_cpu_s"] = time.process_time() - c
        stages[f"rss_after_{name}_mb"] = rss_mb()
        stages[f"rss_peak_after_{name}_mb"] = rss_peak_mb()
        return time.perf_counter(), time.process_time()

    t, c = time.perf_counter(), time.process_time()
    with _ReadTimer() as reading:
        loaded = load_story(path, **DEPLOYED_LIMITS)
    t, c = stage("load", t, c)
    events = geocode_story(loaded)
    t, c = stage("geocode", t, c)
    days = story_days(events)
    tour_steps(events, days) if days else []
    stage("days_tour", t, c)
    timings = {
        "read_s": reading.wall, "read_cpu_s": reading.cpu,
        "validate_s": stages["load_s"] - reading.wall, "validate_cpu_s": stages["load_cpu_s"] - reading.cpu,
        **stages,
        "total_s": stages["load_s"] + stages["geocode_s"] + stages["days_tour_s"],
        "total_cpu_s": stages["load_cpu_s"] + stages["geocode_cpu_s"] + stages["days_tour_cpu_s"],
        "format": path.suffix.lstrip(".").lower(),
    }
    return loaded, events, timings


def measure(path: Path, steps: int = 0) -> dict:
    t_start = time.perf_counter()
    import geopandas  # noqa: F401  (imports are not part of the load)

    from geo.story import load as story_mod
    from geo.story import yaml_reader as yaml_source
    from geo.places.city_index import shipped_city_index
    from geo.places.gazetteer import _shipped_places

    t_import = time.perf_counter() - t_start
    t = time.perf_counter()
    _shipped_places()
    shipped_city_index()  # read once per process on the first city name; timed on its own
    t_gazetteer = time.perf_counter() - t
    rss_before = rss_peak_mb()
    size = path.stat().st_size
    loaded, events, timings = load(path)
    rss_after = rss_peak_mb()
    n_events = len(events)
    refusals = []
    if size > yaml_source.MAX_BYTES:
        refusals.append(f"file {size:,} B > MAX_BYTES {yaml_source.MAX_BYTES:,}")
    if n_events > story_mod.MAX_EVENTS:
        refusals.append(f"{n_events:,} events > MAX_EVENTS {story_mod.MAX_EVENTS:,}")
    out = {
        "file": str(path), "bytes": size, "events": n_events,
        "import_s": t_import, "gazetteer_and_city_index_s": t_gazetteer, **timings,
        "rss_before_load_mb": rss_before, "rss_peak_load_mb": rss_after,
        "upload_limits_refuse": refusals,
    }
    if steps:
        from benchmarks.server_step import measure_steps

        out["server"] = measure_steps(loaded, events, steps)
        out["rss_peak_total_mb"] = rss_peak_mb()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("story", type=Path)
    parser.add_argument("--steps", type=int, default=0, help="also time N server-side day steps")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(json.dumps(measure(args.story, args.steps)))


if __name__ == "__main__":
    main()
