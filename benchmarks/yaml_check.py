"""``python -m geo check`` on a YAML story against a bare ``yaml.load(..., CSafeLoader)`` of the same
file, each in fresh processes, taking turns (so a busy moment weighs on both alike).

    .venv/bin/python -m benchmarks.yaml_check path/to/story.yaml [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "import sys, yaml\nwith open(sys.argv[1], 'rb') as f:\n    yaml.load(f, Loader=yaml.CSafeLoader)\n"


def _timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def compare(path: Path, rounds: int = 3) -> dict:
    """Seconds of each launch (process start to exit) of the two, and their medians' ratio."""
    check, bare = [], []
    for _ in range(rounds):
        bare.append(_timed([sys.executable, "-c", BARE, str(path)]))
        check.append(_timed([sys.executable, "-m", "geo", "check", str(path)]))
    out = {"check_s": check, "bare_s": bare, "check_median_s": statistics.median(check),
           "bare_median_s": statistics.median(bare)}
    out["ratio"] = out["check_median_s"] / out["bare_median_s"]
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("story", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(compare(args.story, args.rounds))
