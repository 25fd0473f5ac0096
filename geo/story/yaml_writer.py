"""A story written as a YAML story file: what an imported file becomes, to edit and keep."""

from __future__ import annotations

from typing import Any

import yaml

from geo.story.schema import Story


def story_yaml_text(story: Story) -> str:
    """The story as YAML that loads to an equal story: defaults left out, a text in one language
    written as a plain string, dates as ``YYYY-MM-DD``.

    Examples
    --------
    >>> from geo.story.yaml_reader import read_yaml
    >>> story = Story.model_validate({"story": {"id": "s", "title": "S"}, "layers": [{"id": "a", "name": "A",
    ...     "color": "#000000"}], "events": [{"id": "e", "layer": "a", "title": "Huế", "start": "1968-01-31",
    ...     "places": ["Hue"]}]})
    >>> print(story_yaml_text(story).split("events:")[1].strip())
    - id: e
      layer: a
      start: '1968-01-31'
      title: Huế
      places:
      - Hue
    >>> Story.model_validate(read_yaml(story_yaml_text(story)).data) == story
    True
    """
    events = list(story.events)  # a table story's events are built on demand
    data = story.model_copy(update={"events": events}).model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(_plain_texts(data), allow_unicode=True, sort_keys=False, width=100)


def _plain_texts(value: Any) -> Any:
    """``{vi: x, en: x}`` written as ``x``: a story in one language reads as its author wrote it."""
    if isinstance(value, dict):
        if value.keys() == {"vi", "en"} and value["vi"] == value["en"] and isinstance(value["vi"], str):
            return value["vi"]
        return {key: _plain_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_texts(item) for item in value]
    return value
