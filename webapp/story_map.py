"""A story's map on a page: the base map drawn once (``webapp.map_frame``), then each view handed to
it (``webapp.map_driver``), for the map page and the editor's preview alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geo.render.map_data import region_bounds
from geo.render.map_view import build_base_map
from geo.timeline.days import Mode, select
from geo.timeline.step_targets import Target, rerun_views
from webapp.map_driver import send_view, sent_to
from webapp.map_frame import component_args, show_map
from webapp.story_cache import ShownStory

MAP_HEIGHT = {False: 640, True: 720}  # px: the map page's map, and the presenter's


def page_map_key(story_key: str, shown: ShownStory, lang: str, present: bool) -> str:
    """The map page's map: one per story, language and mode."""
    return f"map-{story_key}-{shown.token}-{lang}-{int(present)}"


def _base_map(shown: ShownStory, key: str, lang: str, present: bool, height: int):
    """What draws the base map, and ``st_folium``'s options (the same for preparing and drawing)."""
    story, events = shown.loaded.story, shown.events
    return (lambda: build_base_map(story, lang, region_bounds(story, events), present=present, view_key=key),
            {"height": height, "use_container_width": True, "returned_objects": ()})


def prepare_base_map(shown: ShownStory, key: str, lang: str, *, present: bool = False) -> None:
    """Render the map page's base map ahead of the run that draws it (the server's warm-up)."""
    build, options = _base_map(shown, key, lang, present, MAP_HEIGHT[present])
    component_args(shown, key, build, **options)


def draw_story_map(shown: ShownStory, key: str, lang: str, *, day, mode: Mode, layers: list[str], height: int,
                   selected: str | None = None, present: bool = False, targets: dict[str, Target] | None = None,
                   on_layers: Callable[[list[str]], None] | None = None, visible: Any = None,
                   on_drawn: Callable[[], None] | None = None) -> None:
    """The map of ``shown`` under ``key`` (drawn once per key), showing ``day`` in ``mode`` with
    ``layers`` on (``visible``: that selection, if the page made it already); ``targets``: the views
    the step buttons lead to, sent ahead; ``on_layers``: a layer switched in the map's control
    (untrusted ids: check them); ``on_drawn``: the map has drawn this view (see ``send_view``)."""
    story, events = shown.loaded.story, shown.events
    build, options = _base_map(shown, key, lang, present, height)
    show_map(shown, key, build, **options)
    if visible is None:
        visible = select(events, day, mode, layers)
    message, ahead = rerun_views(events, story, shown.features(lang), visible, targets or {}, day=day,
                                 selected=selected, mode=mode, layers=layers, holds=sent_to(key))
    every_layer = select(events, day, mode, [layer.id for layer in story.layers])  # what each layer holds
    counts = {layer: int(n) for layer, n in every_layer["layer"].value_counts().items()}
    send_view(key, message, ahead, layers={"shown": list(layers), "counts": counts}, on_layers=on_layers,
              on_drawn=on_drawn)
