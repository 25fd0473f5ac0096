"""Synthetic stories of N events in the project's YAML schema, for the benchmarks.

Realistic on purpose: places are gazetteer ids (``geo/data/gazetteer.yaml``) and city names
that the offline city database (GeoNames, ``geo/data/cities.tsv.gz``) resolves; dates spread over six weeks with
some multi-day spans and a few times of day; five layers; titles, summaries and notes in
Vietnamese and English; ``quote_vi``/``quote_en`` on every event (no ``article`` file, so no
quote check); some routes (``line: true``) and multi-place events; the four disputed islands
as undated background outlines, as in the shipped story.

Files are written to a temporary directory, never into the repository::

    .venv/bin/python -m benchmarks.synthetic 10000          # prints the file's path
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import tempfile
from pathlib import Path

FIRST_DAY = dt.date(2016, 11, 21)
WEEKS = 6
SEED = 2016

LAYERS = [
    ("talks", "Hội đàm", "The talks", "#0072B2", "talks"),
    ("agreements", "Thỏa thuận và kinh tế", "Agreements and economy", "#E69F00", "agreement"),
    ("islands", "Các đảo tranh chấp", "The disputed islands", "#009E73", "island"),
    ("joint-activity", "Hoạt động kinh tế chung", "Joint economic activity", "#CC79A7", "activity"),
    ("context", "Bình luận và bối cảnh", "Commentary and context", "#D55E00", "commentary"),
]

# Gazetteer ids (points) and city names resolved by the offline city database.
GAZETTEER_PLACES = ["otani-sanso", "nagato", "kantei", "tokyo", "mofa-japan", "moscow", "kremlin",
                    "mid-russia", "ifes-moscow", "cape-nosappu", "washington"]
CITY_PLACES = ["Osaka", "Sapporo", "Vladivostok", "Seoul", "Beijing", "Hanoi", "Kyoto", "Nagoya", "Fukuoka",
               "Hiroshima", "Khabarovsk", "Yuzhno-Sakhalinsk", "Busan", "Shanghai", "Kobe", "Sendai", "Niigata",
               "Hakodate", "Kushiro", "Nemuro", "Naha", "Kagoshima", "Shimonoseki", "Yokohama", "Harbin",
               "Petropavlovsk-Kamchatsky", "Magadan", "Irkutsk", "Da Nang", "Ho Chi Minh City"]
ISLANDS = [("iturup", "Đảo Iturup (Etorofu)", "Iturup (Etorofu)"),
           ("kunashir", "Đảo Kunashir (Kunashiri)", "Kunashir (Kunashiri)"),
           ("shikotan", "Đảo Shikotan", "Shikotan"),
           ("habomai", "Nhóm đảo Habomai", "The Habomai islets")]

VI_SUBJECTS = ["Đoàn đại biểu Nga", "Phái đoàn Nhật Bản", "Các bộ trưởng hai nước", "Các doanh nghiệp",
               "Giới chuyên gia", "Chính quyền địa phương", "Các nhà ngoại giao", "Báo chí quốc tế"]
EN_SUBJECTS = ["The Russian delegation", "The Japanese delegation", "The ministers of both countries",
               "Business leaders", "Experts", "The local authorities", "Diplomats", "The international press"]
VI_ACTIONS = ["thảo luận về hợp tác kinh tế", "ký một bản ghi nhớ về năng lượng", "bàn về quần đảo Nam Kuril",
              "gặp gỡ các nhà đầu tư", "công bố quỹ đầu tư chung", "trao đổi về thị thực",
              "đánh giá tiến triển của hiệp ước hòa bình", "thăm một cảng cá"]
EN_ACTIONS = ["discuss economic cooperation", "sign a memorandum on energy", "talk about the southern Kurils",
              "meet investors", "announce the joint investment fund", "discuss visas",
              "review progress towards a peace treaty", "visit a fishing port"]
VI_TAIL = ("Cuộc gặp diễn ra trong bầu không khí xây dựng, hai bên nhất trí tiếp tục trao đổi ở cấp chuyên viên "
           "và báo cáo kết quả lên lãnh đạo hai nước trong những tuần tới.")
EN_TAIL = ("The meeting was held in a constructive atmosphere; both sides agreed to continue at working level "
           "and report to the two leaders in the coming weeks.")
VI_QUOTE = ("Hai bên khẳng định sẽ tiếp tục đối thoại về mọi vấn đề, kể cả triển vọng của một hiệp ước hòa bình "
            "và hoạt động kinh tế chung trên bốn hòn đảo.")
EN_QUOTE = ("Both sides said they would keep talking about every question, including the prospects of a peace "
            "treaty and joint economic activity on the four islands.")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def story_text(n_events: int, seed: int = SEED) -> str:
    """The YAML text of a synthetic story with ``n_events`` events (the four islands included)."""
    return "".join(story_chunks(n_events, seed))


def story_chunks(n_events: int, seed: int = SEED):
    """The story's YAML text in chunks (one per event), so a big story never sits in memory whole."""
    rng = random.Random(seed)
    out: list[str] = [
        f"# Synthetic benchmark story: {n_events} events (benchmarks/synthetic.py, seed {seed}).",
        "story:",
        f"  id: synthetic-{n_events}",
        "  title:",
        f"    vi: {_q(f'Câu chuyện tổng hợp: {n_events:,} sự kiện')}",
        f"    en: {_q(f'Synthetic story: {n_events:,} events')}",
        "  language: vi",
        "  timezone: Asia/Tokyo",
        "  default_language: vi",
        "  region: [100.0, 8.0, 160.0, 62.0]",
        "  sources:",
        "  - id: synthetic-wire",
        "    title: Synthetic wire report",
        "    publisher: Benchmark News Agency",
        "    url: https://example.org/wire",
        "    date: 2016-12-01",
        "layers:",
    ]
    for layer_id, vi, en, color, icon in LAYERS:
        out += [f"- id: {layer_id}", "  name:", f"    vi: {_q(vi)}", f"    en: {_q(en)}",
                f"  color: '{color}'", f"  icon: {icon}"]
    out.append("events:")
    yield "\n".join(out) + "\n"
    out = []
    for place, vi, en in ISLANDS[: min(4, n_events)]:
        out += [f"- id: island-{place}", "  layer: islands", "  title:", f"    vi: {_q(vi)}", f"    en: {_q(en)}",
                "  summary:", f"    vi: {_q(vi + ', một trong bốn đảo tranh chấp.')}",
                f"    en: {_q(en + ', one of the four disputed islands.')}",
                f"  quote_vi: {_q(VI_QUOTE)}", f"  quote_en: {_q(EN_QUOTE)}", f"  places: [{place}]"]
    days = WEEKS * 7
    places = GAZETTEER_PLACES + CITY_PLACES
    for i in range(max(0, n_events - len(ISLANDS))):
        layer = LAYERS[rng.randrange(len(LAYERS))][0]
        s = rng.randrange(len(VI_SUBJECTS))
        a = rng.randrange(len(VI_ACTIONS))
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        roll = rng.random()
        if roll < 0.06:  # a route between two places
            chosen = rng.sample(places, 2)
        elif roll < 0.12:  # an event in two places at once
            chosen = rng.sample(places, 2)
        else:
            chosen = [rng.choice(places)]
        where_vi = " và ".join(chosen)
        where_en = " and ".join(chosen)
        out += [
            f"- id: ev-{i:06d}",
            f"  layer: {layer}",
            f"  start: {start.isoformat()}",
        ]
        if rng.random() < 0.08:
            out.append(f"  end: {(start + dt.timedelta(days=rng.randint(1, 4))).isoformat()}")
        if rng.random() < 0.3:
            out.append(f"  time: '{rng.randint(7, 21):02d}:{rng.choice([0, 15, 30, 45]):02d}'")
        out += [
            "  title:",
            f"    vi: {_q(f'{VI_SUBJECTS[s]} {VI_ACTIONS[a]} tại {chosen[0]} (#{i})')}",
            f"    en: {_q(f'{EN_SUBJECTS[s]} {EN_ACTIONS[a]} in {chosen[0]} (#{i})')}",
            "  summary:",
            f"    vi: {_q(f'{VI_SUBJECTS[s]} {VI_ACTIONS[a]} tại {where_vi}. {VI_TAIL}')}",
            f"    en: {_q(f'{EN_SUBJECTS[s]} {EN_ACTIONS[a]} in {where_en}. {EN_TAIL}')}",
            f"  quote_vi: {_q(VI_QUOTE)}",
            f"  quote_en: {_q(EN_QUOTE)}",
            f"  places: [{', '.join(_q(p) for p in chosen)}]",
        ]
        if roll < 0.06:
            out.append("  line: true")
        if rng.random() < 0.5:
            out.append("  actors: [Vladimir Putin, Shinzo Abe]")
        if rng.random() < 0.2:
            out += ["  sources: [article, synthetic-wire]", "  note:",
                    f"    vi: {_q('Ghi chú tổng hợp: ngày và địa điểm theo bản tin giả định.')}",
                    f"    en: {_q('Synthetic note: date and place from an imagined wire report.')}"]
        yield "\n".join(out) + "\n"
        out = []
    if out:
        yield "\n".join(out) + "\n"


def write_story(n_events: int, directory: str | Path | None = None, seed: int = SEED) -> Path:
    """Write a synthetic story to ``directory`` (a new temporary directory by default)."""
    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    path = directory / f"synthetic-{n_events}.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.writelines(story_chunks(n_events, seed))
    return path


def write_story_json(n_events: int, directory: str | Path | None = None, seed: int = SEED) -> Path:
    """The same synthetic story written as JSON (``synthetic-<n>.json``, one event a line, as
    ``python -m geo export --format json`` writes a story): each YAML chunk read and written again."""
    from geo.story.json_reader import story_json_chunks
    from geo.story.yaml_reader import read_yaml

    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    chunks = story_chunks(n_events, seed)
    head = read_yaml(next(chunks)).data
    del head["events"]  # "events:" with nothing yet
    events = (event for chunk in chunks for event in read_yaml("events:\n" + chunk, max_bytes=1 << 30).data["events"])
    path = directory / f"synthetic-{n_events}.json"
    with path.open("w", encoding="utf-8") as f:
        f.writelines(story_json_chunks(head, events))
    return path


def write_story_parquet(n_events: int, directory: str | Path | None = None, seed: int = SEED) -> Path:
    """The same synthetic story as GeoParquet (``synthetic-<n>.parquet``), the format for a big
    generated story, as ``python -m geo export --format parquet`` writes it."""
    from geo.story.parquet_reader import story_parquet_bytes
    from geo.story.schema import Story
    from geo.story.yaml_reader import read_yaml

    directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    chunks = story_chunks(n_events, seed)
    head = read_yaml(next(chunks)).data
    head["events"] = [event for chunk in chunks
                      for event in read_yaml("events:\n" + chunk, max_bytes=1 << 30).data["events"]]
    path = directory / f"synthetic-{n_events}.parquet"
    path.write_bytes(story_parquet_bytes(Story.model_validate(head)))
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000"]:
        print(write_story(int(arg)))
