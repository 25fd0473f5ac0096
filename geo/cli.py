"""The command line: ``python -m geo check|export``, a thin shell over the core."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from geo.story.errors import StoryError
from geo.render.export import csv_text, geojson_text
from geo.places.geocode import geocode_story, resolutions
from geo.story.columns import parse_column_overrides
from geo.story.import_file import Imported, import_story, record_unit
from geo.story.json_reader import story_json_text
from geo.story.load import DEPLOYED_LIMITS
from geo.story.yaml_writer import story_yaml_text
from geo.story.table_dates import zone_name
from geo.timeline.days import day_label, story_days

FORMATS = ("geojson", "csv", "html", "pdf", "json", "parquet", "yaml")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Check and export timeline-map stories.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a story (or a table, GIS or TimelineJS file made one) and summarise it")
    check.add_argument("story", type=Path)
    check.add_argument("--online", action="store_true", help="try the online geocoder (Nominatim) for unknown names")
    export = sub.add_parser("export", help="export a story")
    export.add_argument("story", type=Path)
    for command in (check, export):
        command.add_argument("--columns", default="", help="which column plays which role, overriding the automatic "
                             "mapping: date=event_date,lat=latitude,title=Headline (place= for none)")
        order = command.add_mutually_exclusive_group()
        order.add_argument("--dayfirst", dest="dayfirst", action="store_true", default=None,
                           help="dates such as 05/06/2016 are day first (5 June)")
        order.add_argument("--monthfirst", dest="dayfirst", action="store_false", help="... month first (May 6)")
        command.add_argument("--year", type=int, default=None,
                             help="the year of dates written without one (a StoryMapJS slide's 'December 15')")
    export.add_argument("--format", choices=FORMATS, default="geojson",
                        help="geojson/csv: the geocoded events; html: a page that works offline; pdf: a handout; "
                             "json: the story itself in JSON; parquet: the story as GeoParquet, the format for a big "
                             "generated story; yaml: the story as a story file, e.g. an imported table's "
                             "(write them next to the story: its article paths are relative)")
    export.add_argument("--output", "-o", default="-", help="output file, or - for standard output")
    export.add_argument("--lang", choices=("vi", "en"), default=None, help="language of the HTML/PDF export")
    return parser


def _online(enabled: bool):
    if not enabled:
        return None
    from geo.places.online_geocoder import OnlineGeocoder

    return OnlineGeocoder()


def open_story(path: Path, columns: str = "", dayfirst: bool | None = None, year: int | None = None) -> Imported:
    """Any file the app reads, made a story (the operator's own files: a deployed story's limits)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoryError.single(path.name, f"cannot read the file: {exc.strerror or exc}") from None
    overrides = parse_column_overrides(columns) if columns else None
    return import_story(path.name, raw, columns=overrides, dayfirst=dayfirst, base_dir=path.parent, year=year,
                        messages="en", **DEPLOYED_LIMITS)


def check(path: Path, online: bool = False, columns: str = "", dayfirst: bool | None = None,
          year: int | None = None) -> str:
    """Validate a story and return a plain-text summary (raises StoryError)."""
    geocoder = _online(online)
    imported = open_story(path, columns, dayfirst, year)
    loaded = imported.loaded
    events = geocode_story(loaded, online=geocoder)
    story = loaded.story
    days = story_days(events)
    undated = events[events["start"].isna()]
    shown = [day_label(d, days, "en") for d in days]
    if len(shown) > DAYS_LISTED:
        shown = shown[:DAYS_LISTED - 2] + [f"… {len(days) - DAYS_LISTED + 1} more …", shown[-1]]
    lines = [f"{path}: OK — {story.story.title.en}",
             f"  events: {len(events)} ({len(undated)} undated background features)",
             f"  days:   {len(days)} ({'; '.join(filter(None, [', '.join(shown), f'time zone {zone_name(story.story.timezone)}']))})"]
    if not days:
        lines.append("  warning: no event has a date, so the map has no day to step through: "
                     "add a date column (or check the one chosen)")
    if len(undated) and imported.mapping is not None:  # a table's rows without a date: name them
        titles = [f"'{title}'" for title in undated["title_en"].head(UNDATED_LISTED)]
        more = f", … and {len(undated) - UNDATED_LISTED} more" if len(undated) > UNDATED_LISTED else ""
        lines.append(f"  undated (drawn on every day as background): {', '.join(titles)}{more}")
    counts = Counter(events["layer"])
    lines.append("  layers:")
    lines += [f"    {layer.id:<16} {counts.get(layer.id, 0):>4} events  {layer.name.en}" for layer in story.layers]
    resolved = resolutions(loaded)
    methods = Counter((r.method, r.precision) for r in resolved)
    lines.append("  places:")
    lines += [f"    {n:>4} × {method} ({precision})" for (method, precision), n in sorted(methods.items())]
    lines += _towns_to_check(resolved)
    if loaded.article:
        lines.append(f"  article: {len(loaded.sentences())} sentences")
    if imported.mapping is not None:
        lines.append(f"  read as {imported.kind}; columns:")
        lines += [f"    {text}" for text in imported.mapping.explain("en")]
    lines += [f"  note: {note['en']}" for note in imported.notes if note.get("en")]
    if imported.unplaced:
        lines.append(f"  not on the map: {len(imported.unplaced)} row(s)")
        unit = record_unit(imported.kind, "en") or "line"
        lines += [f"    {unit} {u.line}: {u.title + ': ' if u.title else ''}{u.reason['en']}" for u in imported.unplaced]
    return "\n".join(lines)


def _hints(exc: StoryError) -> list[str]:
    """The options that answer the problems the message words for the page (a year box, an order choice)."""
    messages = " ".join(p.message for p in exc.problems)
    hints = []
    if "has no year" in messages or "thiếu năm" in messages:
        hints.append("give the year of dates written without one with --year, e.g. --year 2016")
    if "(day first)" in messages or "(ngày trước)" in messages:
        hints.append("say the order of the dates with --dayfirst (15/12/2016) or --monthfirst (12/15/2016)")
    return hints


def _towns_to_check(resolved: list) -> list[str]:
    """The names the city and province databases found, with the place each took: a name can be
    shared by places far apart (Quảng Ninh province, and a village in Quảng Bình that GeoNames also
    calls so)."""
    towns = {(r.name, r.found.get("en", ""), r.where()) for r in resolved
             if r.method in ("city database", "region database") and r.found}
    if not towns:
        return []
    lines = ["  found in the city and province databases (check each is the place meant; else give coordinates):"]
    lines += [f"    '{name}' → {found} ({where})" for name, found, where in sorted(towns)[:TOWNS_LISTED]]
    if len(towns) > TOWNS_LISTED:
        lines.append(f"    … and {len(towns) - TOWNS_LISTED} more")
    return lines


TOWNS_LISTED = 20
DAYS_LISTED = 12
UNDATED_LISTED = 8


def _write(text: str | bytes, output: str) -> None:
    if output == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    target = Path(output)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def export(path: Path, fmt: str, output: str, lang: str | None = None, columns: str = "",
           dayfirst: bool | None = None, year: int | None = None) -> None:
    """Export a story in ``fmt`` to ``output`` (``-`` for standard output)."""
    loaded = open_story(path, columns, dayfirst, year).loaded
    if not isinstance(loaded.story.events, list):  # a table story's events, built on demand: all of them now
        loaded.story = loaded.story.model_copy(update={"events": list(loaded.story.events)})
    if fmt == "json":
        _write(story_json_text(loaded.story), output)
        return
    if fmt == "yaml":
        _write(story_yaml_text(loaded.story), output)
        return
    if fmt == "parquet":
        from geo.story.parquet_reader import story_parquet_bytes

        _write(story_parquet_bytes(loaded.story), output)
        return
    events = geocode_story(loaded)
    if fmt == "geojson":
        _write(geojson_text(events), output)
    elif fmt == "csv":
        _write(csv_text(events), output)
    elif fmt == "html":
        from geo.render.standalone import standalone_html

        _write(standalone_html(loaded, events, lang=lang), output)
    elif fmt == "pdf":
        from geo.render.handout import handout_pdf

        _write(handout_pdf(loaded, events, lang=lang), output)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            print(check(args.story, online=args.online, columns=args.columns, dayfirst=args.dayfirst, year=args.year))
        else:
            export(args.story, args.format, args.output, args.lang, args.columns, args.dayfirst, args.year)
    except StoryError as exc:
        print(f"{len(exc.problems)} problem(s) found:", file=sys.stderr)
        print(exc, file=sys.stderr)
        for hint in _hints(exc):
            print(f"hint: {hint}", file=sys.stderr)
        return 1
    except (ModuleNotFoundError, RuntimeError) as exc:  # e.g. the PDF handout without Chromium
        print(f"this export is not available: {exc}", file=sys.stderr)
        return 2
    return 0
