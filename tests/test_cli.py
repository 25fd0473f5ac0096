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


def test_check_lists_what_the_city_database_found_with_its_coordinates(capsys, tmp_path):
    """A name can be shared by places far apart (Quảng Ninh province, and a village in Quảng Bình):
    `check` names the place each such name was taken for, and where, so the author can see it."""
    table = tmp_path / "storm.csv"
    table.write_text("Ngày,Sự kiện,Địa điểm\n15/12/2016,Bão đổ bộ,Quảng Ninh\n16/12/2016,Mưa,\"Huế, Việt Nam\"\n",
                     encoding="utf-8")
    assert main(["check", str(table)]) == 0
    out = capsys.readouterr().out
    assert "found in the city and province databases" in out
    assert "'Quảng Ninh' → Quảng Ninh (20.95° N, 107.07° E)" in out  # the province, at Hạ Long
    assert "'Huế, Việt Nam' → Huế (16.46° N, 107.60° E)" in out


def test_check_names_a_tables_undated_rows_and_warns_when_no_row_has_a_date(capsys, tmp_path):
    table = tmp_path / "rows.csv"
    table.write_text("date,title,lat,lon\n2016-12-15,Dated,34.37,131.18\n,Undated row,35.68,139.69\n", encoding="utf-8")
    assert main(["check", str(table)]) == 0
    assert "undated (drawn on every day as background): 'Undated row'" in capsys.readouterr().out
    table.write_text("title,lat,lon\nA,34.37,131.18\nB,35.68,139.69\n", encoding="utf-8")
    assert main(["check", str(table)]) == 0
    out = capsys.readouterr().out
    assert "days:   0 (time zone UTC)" in out and "warning: no event has a date" in out


def test_check_shortens_a_long_list_of_days(capsys, tmp_path):
    table = tmp_path / "year.csv"
    rows = [f"2016-01-{d:02d},Day {d},34.37,131.18" for d in range(1, 31)]
    table.write_text("date,title,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["check", str(table)]) == 0
    days = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("  days:"))
    assert "… 19 more …" in days and "30 Jan 2016" in days and "15 Jan 2016" not in days


def test_a_problem_the_cli_has_an_option_for_names_the_option(capsys, tmp_path):
    table = tmp_path / "dates.csv"
    table.write_text("date,title,lat,lon\n05/06/2016,A,34.37,131.18\n07/08/2016,B,35.68,139.69\n", encoding="utf-8")
    assert main(["check", str(table)]) == 1
    assert "hint: say the order of the dates with --dayfirst" in capsys.readouterr().err
    assert main(["check", "--dayfirst", str(table)]) == 0
    table.write_text("date,title,lat,lon\n15 December,A,34.37,131.18\n", encoding="utf-8")
    assert main(["check", str(table)]) == 1
    assert "hint: give the year of dates written without one with --year" in capsys.readouterr().err


def test_check_words_a_vietnamese_tables_problems_in_english(capsys, tmp_path):
    """The CLI speaks English whatever the language of the file's texts."""
    table = tmp_path / "vi.csv"
    table.write_text("Ngày,Sự kiện,Vĩ độ,Kinh độ\n05/06/2016,Hội đàm ở Nagato,34.37,131.18\n"
                     "07/08/2016,Họp báo ở Tokyo,35.68,139.69\n", encoding="utf-8")
    assert main(["check", str(table)]) == 1
    err = capsys.readouterr().err
    assert "can be read as" in err and "có thể là" not in err
