"""The command line, ``python -m geo check|export``, run as a user would run it."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import shapely.wkt

from geo.cli import main

BAD = Path(__file__).parent / "bad_stories"


def run(repo_root, *args):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=repo_root, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_check_the_shipped_story(repo_root):
    done = run(repo_root, "check", "events.yaml")
    assert done.returncode == 0, done.stderr
    assert "events.yaml: OK" in done.stdout
    assert int(re.search(r"events: (\d+)", done.stdout).group(1)) >= 29
    assert "15 Dec 2016 · Day 1" in done.stdout and "16 Dec 2016 · Day 2" in done.stdout
    assert "article: 14 sentences" in done.stdout


def test_check_a_bad_story_exits_1_with_located_problems(repo_root):
    done = run(repo_root, "check", str(BAD / "unknown-layer.yaml"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "1 problem(s) found:" in done.stderr
    assert "unknown-layer.yaml:35:5: event \"tokyo\": unknown layer 'talk' (did you mean 'talks'?)" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_geojson_to_stdout(repo_root):
    done = run(repo_root, "export", "events.yaml", "--format", "geojson", "--output", "-")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) >= 29


def test_export_csv_to_a_file(repo_root, tmp_path):
    out = tmp_path / "events.csv"
    done = run(repo_root, "export", "events.yaml", "--format", "csv", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) >= 29
    assert all(shapely.wkt.loads(r["wkt"]).is_valid for r in rows)


def test_main_in_process(capsys, mini_story_path, tmp_path):
    assert main(["check", str(mini_story_path)]) == 0
    assert "OK — A small story" in capsys.readouterr().out
    out = tmp_path / "mini.geojson"
    assert main(["export", str(mini_story_path), "--output", str(out)]) == 0
    assert [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]][0] == "meet-nagato"


def test_main_reports_every_problem(capsys):
    assert main(["check", str(BAD / "unknown-field-typo.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("2 problem(s) found:")
    assert "unknown-field-typo.yaml:38:5:" in err
