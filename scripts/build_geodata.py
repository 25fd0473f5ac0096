#!/usr/bin/env python3
"""Build the offline geodata from the pinned world-atlas npm package.

Usage (from the repository root)::

    npm ci
    .venv/bin/python scripts/build_geodata.py

Writes

* ``geo/data/islands.geojson`` -- the four disputed Southern Kuril islands
  (Iturup, Kunashir, Shikotan, the Habomai islets) from Natural Earth 1:10m
  *land* (world-atlas ``land-10m.json``). ``countries-10m`` is not used for
  this because it lacks several of the Habomai islets.
* ``static/basemap/world.geojson`` -- Natural Earth 1:50m countries, whole
  world, ``name`` property only, simplified, 3 decimals.
* ``static/basemap/east-asia.geojson`` -- Natural Earth 1:10m countries clipped
  to lon 122..150, lat 24..47, simplified, 4 decimals.

The basemaps are simplified on the TopoJSON arcs (Douglas-Peucker per arc,
end points kept) before polygons are assembled, so neighbouring countries
keep exactly shared borders.

The output is deterministic: re-running gives byte-identical files.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "node_modules" / "world-atlas"
ISLANDS_OUT = ROOT / "geo" / "data" / "islands.geojson"
BASEMAP_DIR = ROOT / "static" / "basemap"
WORLD_OUT = BASEMAP_DIR / "world.geojson"
EAST_ASIA_OUT = BASEMAP_DIR / "east-asia.geojson"

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal area)

# ---------------------------------------------------------------------------
# Southern Kurils
# ---------------------------------------------------------------------------

KURIL_CLIP = box(145.3, 43.0, 149.0, 45.7)  # lon_min, lat_min, lon_max, lat_max

# (id, English name, box that must contain the polygon's representative point,
#  expected number of polygons)
ISLANDS: tuple[tuple[str, str, Polygon, int], ...] = (
    ("iturup", "Iturup", box(146.8, 44.3, 149.0, 45.7), 1),
    ("kunashir", "Kunashir", box(145.7, 43.65, 146.6, 44.6), 1),
    ("shikotan", "Shikotan", box(146.55, 43.65, 147.0, 43.95), 1),
    ("habomai", "Habomai Islands", box(145.85, 43.35, 146.45, 43.7), 4),
)
# Rough expected areas (km^2) -- a guard against a wrong data file.
EXPECTED_KM2 = {"iturup": 3035, "kunashir": 1567, "shikotan": 264, "habomai": 106}

SOURCE = "Natural Earth 1:10m land via world-atlas {version} (public domain)"


def atlas_version() -> str:
    meta = json.loads((ATLAS / "package.json").read_text(encoding="utf-8"))
    return meta["version"]


def read_topojson(name: str, layer: str) -> gpd.GeoDataFrame:
    path = ATLAS / name
    if not path.is_file():
        sys.exit(f"error: {path} missing; run `npm ci` first")
    gdf = gpd.read_file(path, layer=layer)
    return gdf.set_crs("EPSG:4326", allow_override=True)


def area_km2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0]) / 1e6


def is_hokkaido(piece, source_part) -> bool:
    """Hokkaido (Nemuro peninsula, Notsuke spit, ...): west of 145.7E, south of
    43.35N, or cut by the clip box (every Kuril island lies wholly inside it)."""
    rp = piece.representative_point()
    return rp.x < 145.7 or rp.y < 43.35 or not source_part.within(KURIL_CLIP)


def build_islands(version: str) -> None:
    land = read_topojson("land-10m.json", "land")
    parts = [p for g in land.geometry for p in shapely.get_parts(g)]
    # Only the source parts touching the clip box; clip each and explode.
    pieces = []
    for part in parts:
        if not part.intersects(KURIL_CLIP):
            continue
        if not part.is_valid:
            part = shapely.make_valid(part)
        clipped = shapely.intersection(part, KURIL_CLIP)
        for piece in shapely.get_parts(clipped):
            if isinstance(piece, Polygon) and not piece.is_empty:
                pieces.append((piece, part))
    pieces.sort(key=lambda t: (-round(t[0].area, 9), t[0].representative_point().x))

    assigned: dict[str, list[Polygon]] = {iid: [] for iid, *_ in ISLANDS}
    rows = []
    for piece, part in pieces:
        rp = piece.representative_point()
        km2 = area_km2(piece)
        if is_hokkaido(piece, part):
            label = "(excluded: Hokkaido)"
        else:
            hits = [iid for iid, _n, region, _c in ISLANDS if region.contains(rp)]
            if len(hits) != 1:
                sys.exit(f"error: polygon at {rp.x:.3f},{rp.y:.3f} ({km2:.1f} km2) matches {hits}")
            label = hits[0]
            assigned[label].append(piece)
        rows.append((rp.x, rp.y, label, km2))

    print("Southern Kurils from land-10m (clip lon 145.3-149.0, lat 43.0-45.7)")
    print(f"{'#':>2}  {'rep. point (lon, lat)':>22}  {'assigned':<22} {'km2':>9}")
    for i, (x, y, label, km2) in enumerate(rows, 1):
        print(f"{i:>2}  {x:>10.3f}, {y:>9.3f}  {label:<22} {km2:>9.1f}")

    features = []
    print(f"\n{'island':<10} {'polygons':>8} {'km2':>9}  (expected ~km2)")
    for iid, name, _region, count in ISLANDS:
        polys = assigned[iid]
        if len(polys) != count:
            sys.exit(f"error: {iid}: expected {count} polygon(s), found {len(polys)}")
        # deterministic order: largest first
        polys.sort(key=lambda p: (-round(p.area, 9), p.representative_point().x))
        geom = polys[0] if count == 1 else MultiPolygon(polys)
        geom = finish(geom, 5)
        km2 = area_km2(geom)
        expected = EXPECTED_KM2[iid]
        print(f"{iid:<10} {count:>8} {km2:>9.1f}  ({expected})")
        if abs(km2 - expected) > 0.05 * expected:
            sys.exit(f"error: {iid} area {km2:.1f} km2 differs from ~{expected} km2")
        if count > 1 and not isinstance(geom, MultiPolygon):
            geom = MultiPolygon([geom])
        features.append(
            {
                "type": "Feature",
                "properties": {"id": iid, "name_en": name, "source": SOURCE.format(version=version)},
                "geometry": geojson_geometry(geom, 5),
            }
        )
    write_collection(ISLANDS_OUT, features)


# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------


def finish(geom, decimals: int):
    """Snap to the output grid, make valid, keep polygons only, orient CCW."""
    grid = 10.0 ** -decimals
    geom = shapely.make_valid(geom) if not geom.is_valid else geom
    geom = shapely.set_precision(geom, grid)
    polys = [p for p in shapely.get_parts(geom) if isinstance(p, Polygon) and not p.is_empty]
    if not polys:
        return None
    geom = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    return geom


def _round(x: float, decimals: int) -> float:
    r = round(x, decimals)
    return 0.0 if r == 0 else r  # no "-0.0"


def _ring(coords, decimals: int) -> list[list[float]]:
    return [[_round(x, decimals), _round(y, decimals)] for x, y in coords]


def geojson_geometry(geom, decimals: int) -> dict:
    if isinstance(geom, Polygon):
        return {
            "type": "Polygon",
            "coordinates": [_ring(geom.exterior.coords, decimals)]
            + [_ring(r.coords, decimals) for r in geom.interiors],
        }
    if isinstance(geom, MultiPolygon):
        return {
            "type": "MultiPolygon",
            "coordinates": [geojson_geometry(p, decimals)["coordinates"] for p in geom.geoms],
        }
    raise TypeError(geom.geom_type)


def write_collection(path: Path, features: list[dict]) -> None:
    """One feature per line: compact yet diff-friendly, and deterministic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def check_written(path: Path) -> None:
    """Re-read a written file and check RFC 7946 orientation and validity."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bad = []
    for f in data["features"]:
        g = shapely.geometry.shape(f["geometry"])
        label = f["properties"].get("id") or f["properties"].get("name")
        if not g.is_valid:
            bad.append(f"{label}: invalid ({shapely.is_valid_reason(g)})")
        for p in shapely.get_parts(g):
            if not p.exterior.is_ccw or any(r.is_ccw for r in p.interiors):
                bad.append(f"{label}: wrong ring orientation")
                break
    if bad:
        sys.exit(f"error in {path}:\n  " + "\n  ".join(bad))


# ---------------------------------------------------------------------------
# Basemaps
# ---------------------------------------------------------------------------


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every TopoJSON arc."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(x), float(y)) for x, y, *_ in arc]
        arcs.append(pts)
    return arcs


def simplify_arcs(arcs: list[list[tuple[float, float]]], tolerance: float) -> list[list[tuple[float, float]]]:
    """Douglas-Peucker on each arc; arc end points are kept, so borders shared
    by two countries stay identical (no slivers or overlaps)."""
    out = []
    for pts in arcs:
        if len(pts) > 2 and tolerance > 0:
            pts = list(shapely.LineString(pts).simplify(tolerance, preserve_topology=False).coords)
        out.append(pts)
    return out


def _assemble_ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts if not ring else pts[1:])
    return ring


def _polygon(rings: list[list[int]], arcs) -> Polygon | None:
    coords = [_assemble_ring(r, arcs) for r in rings]
    coords = [c for c in coords if len(set(c)) >= 3]
    if not coords or len(set(_assemble_ring(rings[0], arcs))) < 3:
        return None  # exterior collapsed: a tiny island vanished
    return Polygon(coords[0], coords[1:])


def topo_countries(src: str, tolerance: float) -> list[tuple[str, object]]:
    """(name, geometry) of every country in a world-atlas countries file, with
    the topology's arcs simplified before polygons are assembled."""
    path = ATLAS / src
    if not path.is_file():
        sys.exit(f"error: {path} missing; run `npm ci` first")
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = simplify_arcs(decode_arcs(topo), tolerance)
    result = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = str((g.get("properties") or {}).get("name") or "")
        if g.get("type") == "Polygon":
            polys = [_polygon(g["arcs"], arcs)]
        elif g.get("type") == "MultiPolygon":
            polys = [_polygon(rings, arcs) for rings in g["arcs"]]
        else:
            continue  # null geometry
        polys = [p for p in polys if p is not None]
        if polys:
            result.append((name, MultiPolygon(polys) if len(polys) > 1 else polys[0]))
    return result


def split_at_antimeridian(geom):
    """Cut polygons whose edges jump across ±180° there; drawn on a flat map, such an edge becomes
    a band round the whole world (Russia's Chukotka, Wrangel Island and Fiji in the 1:110m atlas).
    The part is unwrapped (west longitudes + 360°), made valid, and its two halves put back."""
    parts = []
    for part in shapely.get_parts(geom):
        xs = shapely.get_coordinates(part.exterior)[:, 0]
        if not (abs(xs[1:] - xs[:-1]) > 180).any():
            parts.append(part)
            continue
        unwrapped = shapely.make_valid(shapely.transform(part, lambda c: c + [[360.0, 0.0]] * (c[:, :1] < 0)))
        east = shapely.intersection(unwrapped, box(-180, -90, 180, 90))
        west = shapely.affinity.translate(shapely.intersection(unwrapped, box(180, -90, 540, 90)), xoff=-360)
        parts.extend(p for p in shapely.get_parts([east, west]) if isinstance(p, Polygon) and not p.is_empty)
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def basemap(src: str, out: Path, tolerance: float, decimals: int, clip=None) -> None:
    features = []
    for name, geom in topo_countries(src, tolerance):
        geom = split_at_antimeridian(geom)
        geom = shapely.make_valid(geom) if not geom.is_valid else geom
        if clip is not None:
            if not geom.intersects(clip):
                continue
            geom = shapely.intersection(geom, clip)
        geom = finish(geom, decimals)
        if geom is None:
            continue
        features.append((name, geom.bounds, geom))
    features.sort(key=lambda t: (t[0], t[1]))
    write_collection(
        out,
        [
            {"type": "Feature", "properties": {"name": name}, "geometry": geojson_geometry(geom, decimals)}
            for name, _b, geom in features
        ],
    )
    check_written(out)


def report_size(path: Path) -> None:
    raw = path.read_bytes()
    gz = len(gzip.compress(raw, compresslevel=9, mtime=0))
    n = len(json.loads(raw)["features"])
    print(f"{path.relative_to(ROOT).as_posix():<36} {n:>4} features  {len(raw) / 1024:>7.1f} KiB  gzip {gz / 1024:>6.1f} KiB")


def main() -> int:
    version = atlas_version()
    if version != "2.0.2":
        print(f"warning: world-atlas is {version}, expected 2.0.2", file=sys.stderr)
    build_islands(version)
    check_written(ISLANDS_OUT)
    # 0.02 deg (~2 km) keeps world.geojson under ~900 KB; east-asia.geojson has the detail.
    basemap("countries-50m.json", WORLD_OUT, tolerance=0.02, decimals=3)
    basemap("countries-10m.json", EAST_ASIA_OUT, tolerance=0.003, decimals=4, clip=box(122, 24, 150, 47))
    print()
    for path in (ISLANDS_OUT, WORLD_OUT, EAST_ASIA_OUT):
        report_size(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
