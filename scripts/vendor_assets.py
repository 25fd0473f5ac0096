#!/usr/bin/env python3
"""Copy the browser assets the app needs from node_modules into static/vendor/.

Usage (from the repository root)::

    npm ci
    .venv/bin/python scripts/vendor_assets.py

Only the files a browser actually loads are copied (minified JS where the
package ships it, CSS, and the images the CSS references).  The files are
copied byte-for-byte from the pinned npm packages; nothing is rewritten, except derived files:
``leaflet-measure.vi.js``, the English build with its interface strings translated
(``MEASURE_VI``; each must match exactly as often as expected, so an upgrade cannot half-apply),
and ``leaflet-bundle.{en,vi}.js``, the map frame's Leaflet scripts joined into one file each.

The script also writes ``static/vendor/LICENSES.md`` (package, version,
licence, and the full licence text of every package) and checks that every
``url(...)`` in every vendored CSS file points at a file that exists.

It is deterministic: ``static/vendor`` is deleted and recreated on every run,
files are written in a fixed order and LICENSES.md contains no timestamps, so
two runs give byte-identical output.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    # (source path relative to node_modules/<name>, destination relative to
    # static/vendor/<name>)
    files: tuple[tuple[str, str], ...]
    # licence files relative to node_modules/<name>, in display order
    licence_files: tuple[str, ...]
    note: str = ""
    # npm packages that are bundled inside this package's dist file and whose
    # licences must therefore be shipped too (not copied themselves)
    bundled: tuple[str, ...] = field(default_factory=tuple)


PACKAGES: tuple[Package, ...] = (
    Package(
        name="leaflet",
        files=(
            ("dist/leaflet.js", "leaflet.js"),
            ("dist/leaflet.css", "leaflet.css"),
            ("dist/images/layers.png", "images/layers.png"),
            ("dist/images/layers-2x.png", "images/layers-2x.png"),
            ("dist/images/marker-icon.png", "images/marker-icon.png"),
            ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
            ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ),
        licence_files=("LICENSE",),
    ),
    Package(
        name="leaflet.markercluster",
        files=(
            ("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
            ("dist/MarkerCluster.css", "MarkerCluster.css"),
            ("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
        ),
        licence_files=("MIT-LICENCE.txt",),
    ),
    Package(
        name="leaflet.featuregroup.subgroup",
        files=(
            (
                "dist/leaflet.featuregroup.subgroup.js",
                "leaflet.featuregroup.subgroup.js",
            ),
        ),
        licence_files=("LICENSE",),
    ),
    Package(
        name="leaflet.fullscreen",
        # 4.0.0 is the newest release that is a plain UMD script defining both
        # L.Control.FullScreen and the L.control.fullscreen() factory that
        # folium.plugins.Fullscreen calls. 5.x only attaches L.Control.FullScreen
        # (no lowercase factory) in its UMD build. 4.0.0 ships no minified file.
        files=(
            ("Control.FullScreen.js", "Control.FullScreen.js"),
            ("Control.FullScreen.css", "Control.FullScreen.css"),
            ("icon-fullscreen.svg", "icon-fullscreen.svg"),
        ),
        licence_files=("LICENSE.md",),
    ),
    Package(
        name="leaflet-minimap",
        files=(
            ("dist/Control.MiniMap.min.js", "Control.MiniMap.min.js"),
            ("dist/Control.MiniMap.min.css", "Control.MiniMap.min.css"),
            ("dist/images/toggle.png", "images/toggle.png"),
            ("dist/images/toggle.svg", "images/toggle.svg"),
        ),
        licence_files=("LICENSE.txt",),
    ),
    Package(
        name="leaflet-measure",
        # dist/leaflet-measure.js is the minified English build (identical to
        # leaflet-measure.en.js); it bundles lodash and @turf/{area,length}.
        files=(
            ("dist/leaflet-measure.js", "leaflet-measure.js"),
            ("dist/leaflet-measure.css", "leaflet-measure.css"),
            *(
                (f"dist/assets/{stem}{suffix}.png", f"assets/{stem}{suffix}.png")
                for stem in ("cancel", "check", "focus", "rulers", "start", "trash")
                for suffix in ("", "_@2X")
            ),
        ),
        licence_files=("LICENSE",),
        bundled=(
            "lodash",
            "@turf/area",
            "@turf/length",
            "@turf/helpers",
            "@turf/meta",
            "@turf/distance",
            "@turf/invariant",
        ),
    ),
    Package(
        name="axe-core",
        files=(("axe.min.js", "axe.min.js"),),
        licence_files=("LICENSE", "LICENSE-3RD-PARTY.txt"),
        note="used by the accessibility tests only, not loaded by the app",
    ),
)

# Data-only packages: nothing is copied to static/vendor, but files derived
# from them are shipped (see scripts/build_geodata.py), so their licence goes
# into LICENSES.md as well.
DATA_PACKAGES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "world-atlas",
        ("LICENSE",),
        "source of static/basemap/*.geojson and geo/data/islands.geojson "
        "(Natural Earth data, public domain)",
    ),
)

CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def read_package_json(name: str) -> dict:
    path = NODE_MODULES / name / "package.json"
    if not path.is_file():
        sys.exit(f"error: {path} missing; run `npm ci` first")
    return json.loads(path.read_text(encoding="utf-8"))


def pinned_versions() -> dict[str, str]:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    pins: dict[str, str] = {}
    pins.update(manifest.get("dependencies", {}))
    pins.update(manifest.get("devDependencies", {}))
    return pins


def licence_of(meta: dict) -> str:
    lic = meta.get("license")
    if isinstance(lic, dict):  # very old package.json style
        lic = lic.get("type")
    if not lic and isinstance(meta.get("licenses"), list):
        lic = " OR ".join(str(x.get("type")) for x in meta["licenses"])
    return str(lic or "UNKNOWN")


def read_text_lf(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n") + "\n"


def check_css_urls(css_path: Path) -> list[str]:
    """Return a list of problems: url() targets in css_path that don't exist."""
    problems = []
    css = css_path.read_text(encoding="utf-8")
    for _quote, target in CSS_URL_RE.findall(css):
        target = target.strip()
        if target.startswith(("data:", "#", "http:", "https:", "//")):
            if target.startswith(("http:", "https:", "//")):
                problems.append(f"{css_path}: remote url({target})")
            continue
        local = target.split("?", 1)[0].split("#", 1)[0]
        if not (css_path.parent / local).is_file():
            problems.append(f"{css_path}: missing url({target})")
    return problems


# leaflet-measure ships no Vietnamese build: its strings are compiled into the bundle's templates
# and unit table. (English as it stands in the bundle, Vietnamese, times it must occur.)
MEASURE_VI = [
    ('acres:"Acres"', 'acres:"mẫu Anh"', 1),
    ('feet:"Feet"', 'feet:"feet"', 1),
    ('kilometers:"Kilometers"', 'kilometers:"km"', 1),
    ('hectares:"Hectares"', 'hectares:"ha"', 1),
    ('meters:"Meters"', 'meters:"m"', 1),
    ('miles:"Miles"', 'miles:"dặm"', 1),
    ('sqfeet:"Sq Feet"', 'sqfeet:"feet²"', 1),
    ('sqmeters:"Sq Meters"', 'sqmeters:"m²"', 1),
    ('sqmiles:"Sq Miles"', 'sqmiles:"dặm²"', 1),
    ('title="Measure distances and areas">Measure</a>', 'title="Đo khoảng cách và diện tích">Đo</a>', 1),
    ("<h3>Measure distances and areas</h3>", "<h3>Đo khoảng cách và diện tích</h3>", 2),
    (">Create a new measurement<", ">Bắt đầu một phép đo<", 1),
    (">Start creating a measurement by adding points to the map<", ">Bấm lên bản đồ để thêm các điểm đo<", 1),
    (">Cancel<", ">Hủy<", 1),
    (">Finish measurement<", ">Kết thúc phép đo<", 1),
    (">Last point<", ">Điểm cuối<", 1),
    (">Path distance<", ">Độ dài đường đo<", 1),
    (">Area<", ">Diện tích<", 1),
    ("<h3>Point location</h3>", "<h3>Vị trí điểm</h3>", 1),
    (">Center on this location<", ">Đưa điểm này vào giữa<", 1),
    (">Delete<", ">Xóa<", 3),
    ("<h3>Linear measurement</h3>", "<h3>Đo độ dài</h3>", 1),
    (">Center on this line<", ">Đưa đường này vào giữa<", 1),
    ("<h3>Area measurement</h3>", "<h3>Đo diện tích</h3>", 1),
    (" Perimeter<", " chu vi<", 1),
    (">Center on this area<", ">Đưa vùng này vào giữa<", 1),
]


def translated(text: str, table: list[tuple[str, str, int]], name: str) -> str:
    """``text`` with every (english, vietnamese, count) of ``table`` replaced; exits if a count differs."""
    for english, vietnamese, count in table:
        if text.count(english) != count:
            sys.exit(f"error: {name}: expected {english!r} {count}x, found {text.count(english)}x "
                     "(a new version? update the translation table)")
        text = text.replace(english, vietnamese)
    return text


def main() -> int:
    pins = pinned_versions()

    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)

    rows: list[tuple[str, str, str, str]] = []
    texts: list[tuple[str, str, str, list[tuple[str, str]]]] = []
    problems: list[str] = []
    copied: list[Path] = []

    for pkg in PACKAGES:
        meta = read_package_json(pkg.name)
        version = meta["version"]
        if pins.get(pkg.name) != version:
            sys.exit(
                f"error: node_modules/{pkg.name} is {version}, package.json pins "
                f"{pins.get(pkg.name)!r}; run `npm ci`"
            )
        src_root = NODE_MODULES / pkg.name
        dst_root = VENDOR / pkg.name
        for src_rel, dst_rel in pkg.files:
            src = src_root / src_rel
            dst = dst_root / dst_rel
            if not src.is_file():
                sys.exit(f"error: expected file {src} not found")
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            copied.append(dst)

        lic = licence_of(meta)
        rows.append((pkg.name, version, lic, pkg.note or "browser asset"))
        licence_texts = [
            (f, read_text_lf(src_root / f)) for f in pkg.licence_files
        ]
        texts.append((pkg.name, version, lic, licence_texts))

        for dep in pkg.bundled:
            dep_meta = read_package_json(dep)
            dep_lic = licence_of(dep_meta)
            rows.append(
                (
                    dep,
                    dep_meta["version"],
                    dep_lic,
                    f"bundled (minified) inside {pkg.name}; version is the npm "
                    "copy the licence text was read from",
                )
            )
            dep_root = NODE_MODULES / dep
            dep_files = sorted(
                p.name
                for p in dep_root.iterdir()
                if p.is_file() and re.match(r"(?i)licen[cs]e", p.name)
            )
            if not dep_files:
                sys.exit(f"error: no licence file in {dep_root}")
            texts.append(
                (
                    dep,
                    dep_meta["version"],
                    dep_lic,
                    [(f, read_text_lf(dep_root / f)) for f in dep_files],
                )
            )

    for name, licence_files, note in DATA_PACKAGES:
        meta = read_package_json(name)
        version = meta["version"]
        if pins.get(name) != version:
            sys.exit(f"error: node_modules/{name} is {version}, pinned {pins.get(name)!r}")
        lic = licence_of(meta)
        rows.append((name, version, lic, note))
        texts.append(
            (
                name,
                version,
                lic,
                [(f, read_text_lf(NODE_MODULES / name / f)) for f in licence_files],
            )
        )

    measure = VENDOR / "leaflet-measure"
    english = read_text_lf(measure / "leaflet-measure.js")
    (measure / "leaflet-measure.vi.js").write_text(translated(english, MEASURE_VI, "leaflet-measure.js"),
                                                  encoding="utf-8", newline="\n")
    rows.append(("leaflet-measure (vi)", pins["leaflet-measure"], "MIT",
                 "leaflet-measure.vi.js: the English build with its interface strings translated by "
                 "scripts/vendor_assets.py (MEASURE_VI)"))

    # The map frame's Leaflet scripts as one file per language (geo.map_view.bundle_text).
    sys.path.insert(0, str(ROOT))
    from geo.map_view import VENDOR_BUNDLE, bundle_text

    for lang in ("en", "vi"):
        (VENDOR.parent / VENDOR_BUNDLE.format(lang=lang)).write_text(bundle_text(VENDOR.parent, lang),
                                                                     encoding="utf-8", newline="\n")
    rows.append(("leaflet-bundle.{en,vi}.js", "-", "see the packages above",
                 "the Leaflet scripts above joined into one file per language by scripts/vendor_assets.py"))

    # --- LICENSES.md -------------------------------------------------------
    out: list[str] = [
        "# Third-party licences for vendored assets",
        "",
        "Generated by `scripts/vendor_assets.py` from the packages pinned in",
        "`package.json` / `package-lock.json`. Do not edit by hand.",
        "",
        "| Package | Version | Licence | Use |",
        "|---|---|---|---|",
    ]
    out += [f"| {n} | {v} | {lic} | {use} |" for n, v, lic, use in rows]
    out.append("")
    for name, version, lic, lic_texts in texts:
        out.append(f"## {name} {version} ({lic})")
        out.append("")
        for fname, text in lic_texts:
            out.append(f"`{fname}`:")
            out.append("")
            out.append("```text")
            out.append(text.rstrip("\n"))
            out.append("```")
            out.append("")
    (VENDOR / "LICENSES.md").write_text("\n".join(out), encoding="utf-8", newline="\n")

    # --- verify CSS url() references ----------------------------------------
    for path in copied:
        if path.suffix == ".css":
            problems += check_css_urls(path)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    for path in sorted(VENDOR.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>9}  {path.relative_to(ROOT).as_posix()}")
    print("all CSS url() references resolve to vendored files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
