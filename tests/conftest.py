"""Shared fixtures for the tests of the functional core ``geo/``."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project's root folder (where events.yaml is)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def mini_story_path() -> Path:
    """The five-event test story, with its two-line article next to it."""
    return REPO_ROOT / "tests" / "data" / "mini" / "story.yaml"


@pytest.fixture(scope="session")
def shipped():
    """The shipped story, events.yaml, loaded once for the whole run."""
    from geo.story.load import load_story

    return load_story(REPO_ROOT / "events.yaml")


# Property tests are deterministic in the normal run (the same examples every time); a fuzz run
# (FUZZ_EXAMPLES=10000) explores afresh: HYPOTHESIS_PROFILE=fuzz.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("default", derandomize=True)
_hypothesis_settings.register_profile("fuzz", derandomize=False)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
