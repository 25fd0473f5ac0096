"""The benchmark suite of the timeline map: see README.md in this folder."""
