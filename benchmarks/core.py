"""Core benchmark: load + validate + geocode one story, in a fresh process (peak memory = VmHWM).

Run as a worker by ``benchmarks/run.py``; prints one JSON object on the last line::

    .venv/bin/python -m benchmarks.core path/to/story.yaml [--steps 12]

The story is loaded with exactly the body of :func:`geo.story.load_story` (read the bytes, check them
as UTF-8, ``read_yaml`` on the bytes, ``validate_story_data``), then geocoded, then ``story_days`` +
``tour_steps``, with the limits raised for big synthetic stories and
``max_nodes`` passed through (``load_story`` itself does not pass it, see the report). With
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

# Limits big enough for the 100k-event story (about 125 MB of YAML).
BIG_BYTES = 400 * 1024 * 1024
BIG_EVENTS = 1_000_000
BIG_NODES = 100_000_000


def rss_peak_mb() -> float:
    """This process's peak resident set size so far, in MB.

    VmHWM (reset by exec), not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's
    high-water mark, so it would report the runner's memory instead of the worker's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_values(data) -> int:
    """How many values geo.yaml_source's builder counts against ``max_nodes`` (keys included)."""
    if isinstance(data, dict):
        return 1 + sum(1 + count_values(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(count_values(v) for v in data)
    return 1


def load(path: Path, max_bytes: int = BIG_BYTES, max_events: int = BIG_EVENTS, max_nodes: int = BIG_NODES):
    """Load, validate, geocode, then the days and the tour; return (loaded, events, timings dict).

    The file is handed to ``read_yaml`` as bytes, as ``load_story`` does. ``yaml_values`` is
    counted between reading and validating (validation consumes the fast reader's data), untimed.
    """
    from geo.geocode import geocode_story
    from geo.story import validate_story_data
    from geo.timeline import story_days
    from geo.tour import tour_steps
    from geo.yaml_source import decode_text, read_yaml

    t0 = time.perf_counter()
    raw = path.read_bytes()
    decode_text(raw, path.name)  # the UTF-8 check (load_story's); the text itself is not kept
    located = read_yaml(raw, path.name, max_bytes=max_bytes, max_nodes=max_nodes)
    del raw
    t1 = time.perf_counter()
    fast = located.fast
    values = count_values(located.data)
    t1b = time.perf_counter()
    loaded = validate_story_data(located, base_dir=path.parent, max_events=max_events)
    t2 = time.perf_counter()
    events = geocode_story(loaded)
    t3 = time.perf_counter()
    days = story_days(events)
    tour_steps(events, days) if days else []
    t4 = time.perf_counter()
    timings = {"read_yaml_s": t1 - t0, "validate_s": t2 - t1b, "geocode_s": t3 - t2, "days_tour_s": t4 - t3,
               "total_s": (t1 - t0) + (t4 - t1b), "yaml_values": values, "fast_reader": fast and loaded.located is located}
    return loaded, events, timings


def measure(path: Path, steps: int = 0) -> dict:
    t_start = time.perf_counter()
    import geopandas  # noqa: F401  (imports are not part of the load)

    from geo import story as story_mod
    from geo import yaml_source
    from geo.gazetteer import _city_index, _shipped_places

    t_import = time.perf_counter() - t_start
    t = time.perf_counter()
    _shipped_places()
    _city_index()  # built once per process on the first city name; timed on its own
    t_gazetteer = time.perf_counter() - t
    rss_before = rss_peak_mb()
    size = path.stat().st_size
    loaded, events, timings = load(path)
    rss_after = rss_peak_mb()
    values = timings.pop("yaml_values")
    n_events = len(events)
    refusals = []
    if size > yaml_source.MAX_BYTES:
        refusals.append(f"file {size:,} B > MAX_BYTES {yaml_source.MAX_BYTES:,}")
    if n_events > story_mod.MAX_EVENTS:
        refusals.append(f"{n_events:,} events > MAX_EVENTS {story_mod.MAX_EVENTS:,}")
    if values > yaml_source.MAX_NODES:
        refusals.append(f"{values:,} YAML values > MAX_NODES {yaml_source.MAX_NODES:,} "
                        "(load_story does not pass max_nodes: refused even with max_bytes/max_events raised)")
    out = {
        "file": str(path), "bytes": size, "events": n_events, "yaml_values": values,
        "import_s": t_import, "gazetteer_and_city_index_s": t_gazetteer, **timings,
        "rss_before_load_mb": rss_before, "rss_peak_load_mb": rss_after,
        "default_limits_refuse": refusals,
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
