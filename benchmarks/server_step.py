"""Server-side day step: the per-rerun work of the map page when the day changes.

What ``webapp/map_page.py`` does on a day step, timed piece by piece outside Streamlit:

* ``select`` (the day's rows),
* ``view message`` (:func:`geo.timeline.step_targets.rerun_views`, as the page calls it: ids and statuses,
  where to look, the views the Previous/Next buttons lead to, and the markers / popup texts the
  page does not hold yet: the same bookkeeping as ``webapp.map_driver``),
* the map's ``st_folium`` arguments: rendered once per story, language and mode
  (``webapp.map_frame``), so a step replays them; the first rendering is timed apart.

Bytes: ``first load`` = the map's component arguments + the first view message;
``step to a new day`` = the view message of the first step to the other day; ``alternating`` =
the median message once both days were shown. The map's own message is identical on every step
(Streamlit then sends a reference of ~0.1 KB, not counted here).
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any


def _json_bytes(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def map_args(loaded, events, lang: str = "vi") -> tuple[dict[str, Any], float]:
    """The map's st_folium component arguments (as the page computes them once) and the time taken."""
    from geo.render.map_data import region_bounds
    from geo.render.map_view import build_base_map
    from webapp.map_frame import component_args

    story = loaded.story
    t0 = time.perf_counter()
    args = component_args(object(), f"map-bench-{lang}",
                          lambda: build_base_map(story, lang, region_bounds(story, events), view_key="map-bench"),
                          height=640, use_container_width=True, returned_objects=())
    return args, time.perf_counter() - t0


def measure_steps(loaded, events, steps: int = 12, lang: str = "vi") -> dict[str, Any]:
    """Alternate between the story's first two days ``steps`` times; medians of each piece."""
    from geo.render.map_data import prepare_features
    from geo.timeline.step_targets import PageHolds, button_targets, rerun_views
    from geo.timeline.days import select, story_days
    from geo.timeline.tour import tour_steps

    story = loaded.story
    layer_ids = [layer.id for layer in story.layers]
    once: dict[str, float] = {}
    t = time.perf_counter()
    prepared = prepare_features(events, story, lang)
    once["prepare_features_s"] = time.perf_counter() - t
    args, once["map_args_first_s"] = map_args(loaded, events, lang)
    days = story_days(events)
    tour = tour_steps(events, days)
    pair = (days[0], days[1] if len(days) > 1 else days[0])
    known: set[str] = set()
    known_details: set[str] = set()
    rows, step_bytes = [], []
    first_message = 0
    for i in range(steps + 1):
        day = pair[i % 2]
        t0 = time.perf_counter()
        visible = select(events, day, "day", layer_ids)
        t1 = time.perf_counter()
        targets = button_targets(days, tour, day=day, step=None, present=False)
        message, ahead = rerun_views(events, story, prepared, visible, targets, day=day, selected=None, mode="day",
                                     layers=layer_ids, holds=PageHolds(known, known_details))
        t2 = time.perf_counter()
        known.update(message["features"])
        known_details.update(message["details"])
        size = _json_bytes(message) + _json_bytes(ahead)
        if i == 0:
            first_message = size
            continue
        step_bytes.append(size)
        rows.append({"select_s": t1 - t0, "view_message_s": t2 - t1, "rerun_total_s": t2 - t0,
                     "visible": len(visible)})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    args_bytes = _json_bytes({k: v for k, v in args.items() if not callable(v)})
    return {
        "days": len(days), "pair": [d.isoformat() for d in pair], "steps": steps, "once": once, "median": med,
        "map_args_bytes": args_bytes, "first_view_bytes": first_message,
        "first_load_bytes": args_bytes + first_message,
        "new_day_step_bytes": step_bytes[0], "alternating_step_bytes": statistics.median(step_bytes[1:] or step_bytes),
    }
