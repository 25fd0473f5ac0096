"""Server-side day step: the per-rerun work of the map page when the day changes.

What ``app.py`` does on every rerun, timed piece by piece outside Streamlit:

* ``story_days`` + ``tour_steps`` (on every rerun unless the shell caches them per story:
  :func:`app_caches` looks),
* ``select`` (the day's rows),
* ``build_base_map`` + ``build_view_groups``,
* ``st_folium(...)``'s argument building (rendering the base map's script, header and html,
  the feature groups' and layer control's JS), with the component function replaced by one
  that returns its arguments, so the exact JSON Streamlit would send is measured.

Bytes: ``first load`` = every component argument (script, header, html, feature groups, layer
control, links...); ``ideal step`` = feature groups + layer control only (what changes);
``sent per step`` = every argument again, since Streamlit serializes all of a component's
arguments into one JSON string on every rerun (``json_args``), whether or not they changed.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any


def _capture_component(**kwargs: Any) -> dict[str, Any]:
    return kwargs


def app_caches() -> dict[str, bool]:
    """What the shell computes once per story instead of on every rerun (it changes as the app evolves)."""
    import dataclasses
    import inspect

    from geo.map_view import build_view_groups

    try:
        from webapp.story_cache import ShownStory

        fields = {f.name for f in dataclasses.fields(ShownStory)}
    except Exception:  # an older or newer shell: assume nothing is cached
        fields = set()
    return {"days_and_steps": {"days", "steps"} <= fields,
            "features": "prepared" in inspect.signature(build_view_groups).parameters}


def component_args(loaded, events, day, lang: str = "vi", prepared=None) -> tuple[dict[str, Any], dict[str, float]]:
    """Run the map part of one rerun of the map page for ``day``; return the component args and timings."""
    import folium
    import streamlit_folium

    from geo.map_data import region_bounds
    from geo.map_view import build_base_map, build_view_groups
    from geo.timeline import select

    story = loaded.story
    layer_ids = [layer.id for layer in story.layers]
    t0 = time.perf_counter()
    visible = select(events, day, "day", layer_ids)
    t1 = time.perf_counter()
    base = build_base_map(story, lang, region_bounds(story, events), present=False)
    t2 = time.perf_counter()
    extra = {"prepared": prepared} if prepared is not None else {}
    groups = build_view_groups(visible, story, lang, day=day.isoformat(), selected=None, **extra)
    t3 = time.perf_counter()
    original = streamlit_folium._component_func
    streamlit_folium._component_func = _capture_component
    try:
        args = streamlit_folium.st_folium(base, feature_group_to_add=groups,
                                          layer_control=folium.LayerControl(collapsed=True),
                                          key=f"map-{lang}-0", height=640, use_container_width=True,
                                          returned_objects=[])
    finally:
        streamlit_folium._component_func = original
    t4 = time.perf_counter()
    timings = {"select_s": t1 - t0, "base_map_s": t2 - t1, "view_groups_s": t3 - t2, "st_folium_args_s": t4 - t3,
               "map_total_s": t4 - t0, "visible": len(visible)}
    return args, timings


def arg_bytes(args: dict[str, Any]) -> dict[str, int]:
    """JSON bytes of each argument Streamlit would send (callables are not sent)."""
    return {k: len(json.dumps(v).encode()) for k, v in args.items() if not callable(v)}


def measure_steps(loaded, events, steps: int = 12) -> dict[str, Any]:
    """Alternate between the story's first two days ``steps`` times; medians of each piece.

    Mirrors the shell: what it caches per story (days and tour, prepared features) is computed
    once and timed apart (``once_s``); what it recomputes is part of every step.
    """
    from geo.timeline import story_days
    from geo.tour import tour_steps

    caches = app_caches()
    once: dict[str, float] = {}
    prepared = None
    if caches["features"]:
        from geo.map_data import prepare_features

        t = time.perf_counter()
        prepared = prepare_features(events, loaded.story, "vi")
        once["prepare_features_s"] = time.perf_counter() - t
    days = story_days(events)
    pair = (days[0], days[1] if len(days) > 1 else days[0])
    args, first_t = component_args(loaded, events, pair[0], prepared=prepared)
    sizes = arg_bytes(args)
    first_bytes = sum(sizes.values())
    rows = []
    step_sizes = []
    for i in range(steps):
        day = pair[(i + 1) % 2]
        t0 = time.perf_counter()
        all_days = story_days(events)
        t1 = time.perf_counter()
        tour_steps(events, all_days)
        t2 = time.perf_counter()
        args, timings = component_args(loaded, events, day, prepared=prepared)
        per_rerun = 0.0 if caches["days_and_steps"] else t2 - t0
        timings.update(story_days_s=t1 - t0, tour_steps_s=t2 - t1, rerun_total_s=timings["map_total_s"] + per_rerun)
        rows.append(timings)
        s = arg_bytes(args)
        step_sizes.append((s.get("feature_group", 0) + s.get("layer_control", 0), sum(s.values())))
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    ideal = statistics.median(a for a, _ in step_sizes)
    sent = statistics.median(b for _, b in step_sizes)
    return {
        "days": len(days), "pair": [d.isoformat() for d in pair], "steps": steps, "app_caches": caches,
        "once": once, "median": med, "first_t": first_t,
        "first_load_bytes": first_bytes, "first_load_parts": sizes,
        "ideal_step_bytes": ideal, "sent_step_bytes": sent,
    }
