"""libplan for Python: stop coverage, walking and driving reach, life circles and isochrones.

The same library the ``plan`` command runs, called with GeoPandas GeoDataFrames, Shapely geometries,
NumPy coordinate arrays or any path/connection string GDAL opens, and giving GeoDataFrames and NumPy
arrays back, with the same figures as the command to the last digit::

    import geopandas as gpd, libplan
    r = libplan.coverage("data/heze/demo/bus_stops.geojson", "data/heze/demo/central_city.geojson")
    r.area_ratio                       # the share of the area within 500 m of a stop
    homes = gpd.read_file("data/heze/demo/homes.geojson")
    reach = libplan.reach("data/heze/demo/streets.geojson", "data/heze/demo/facilities.geojson", homes,
                          category_field="category", category="primary_school", within="500m")
    reach.homes[["distance_m", "covered"]]   # the input frame with its index, columns and CRS

CRS handling is the command's: everything is measured in one metric CRS, the UTM zone of the first
input's centre unless ``crs="EPSG:N"``; inputs without a CRS (NumPy arrays, bare Shapely geometries,
frames whose ``crs`` is None) need ``assume_crs="EPSG:N"``; ``gcj02=("stops", "area")`` / ``bd09=...``
name inputs holding Chinese web-map lon/lat. Errors are ``libplan.DataError`` (bad data; names file,
layer, feature and field) and ``libplan.UsageError`` (bad arguments), both ``libplan.Error``.
Long computations release the GIL, so threads run analyses in parallel.
"""
from __future__ import annotations

import math
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._core import DataError, Error, UsageError

__all__ = [
    "Error", "DataError", "UsageError", "coverage", "reach", "lifecircle", "elderly_care", "isochrones",
    "CoverageResult", "ReachResult", "LifeCircleResult", "ElderlyCareResult", "IsochroneResult", "read",
    "gb50180_profile",
    "parse_threshold_m", "parse_time_threshold_s", "Plan", "load_plan", "check_plan", "report",
]

__version__ = "0.1.0"

#: The farthest a point may lie from a street and still be snapped to it (the CLI's --max-snap default).
DEFAULT_MAX_SNAP_M: float = _core.DEFAULT_MAX_SNAP_M
parse_threshold_m = _core.parse_threshold_m
parse_time_threshold_s = _core.parse_time_threshold_s


# ---- inputs ------------------------------------------------------------------------------------------

def _is_frame(obj: Any) -> bool:
    try:
        import geopandas
    except ImportError:  # pragma: no cover - geopandas is a dependency of the frame paths only
        return False
    return isinstance(obj, (geopandas.GeoDataFrame, geopandas.GeoSeries))


def _crs_text(crs: Any) -> str:
    if crs is None:
        return ""
    if hasattr(crs, "to_wkt"):
        epsg = crs.to_epsg() if hasattr(crs, "to_epsg") else None
        return f"EPSG:{epsg}" if epsg else crs.to_wkt()
    return str(crs)


def _field_type(series: Any) -> str:
    kind = getattr(series.dtype, "kind", "O")
    if kind in "iub":
        return "int"
    if kind == "f":
        return "float"
    return "str"


def _column_values(series: Any, ftype: str) -> list:
    import pandas as pd
    values = series.astype(object).where(pd.notna(series), None).tolist()
    if ftype == "int":
        return [None if v is None else int(v) for v in values]
    return values


class _Source:
    """One input as read: the library's Layer plus what is needed to rebuild a frame around results."""

    def __init__(self, layer: Any, frame: Any = None, positions: Optional[np.ndarray] = None):
        self.layer = layer
        self.frame = frame          # the input GeoDataFrame (None for paths and arrays)
        self.positions = positions  # per feature of `layer`, its row in `frame`


class _Inputs:
    """The command's Inputs: the first input read fixes the CRS of the rest (cli/input.cpp)."""

    def __init__(self, crs: Optional[str], assume_crs: Optional[str], gcj02: Iterable[str], bd09: Iterable[str],
                 known: Sequence[str]):
        self.crs = crs or ""
        self.assume_crs = assume_crs or ""
        self.gcj02 = _names(gcj02)
        self.bd09 = _names(bd09)
        for name in self.gcj02 | self.bd09:
            if name not in known:
                raise UsageError(f"gcj02/bd09: '{name}' is not an input of this function (inputs: {', '.join(known)})")
        self.paths: List[str] = []
        self.warnings: List[str] = []

    def offset(self, name: str) -> str:
        return "bd09" if name in self.bd09 else "gcj02" if name in self.gcj02 else ""

    def read(self, name: str, source: Any, expect: Optional[str], layer: str = "", where: str = "",
             fields: Sequence[str] = ()) -> _Source:
        if source is None:
            raise UsageError(f"{name}: no input given")
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            lyr, warnings = _core.read(path, layer=layer, where=where, crs=self.crs, assume_crs=self.assume_crs,
                                       offset=self.offset(name), expect=expect)
            self.paths.append(path)
            out = _Source(lyr)
        else:
            if layer:
                raise UsageError(f"{name}: a layer name applies to a path, not to a frame or an array")
            out, warnings = self._read_memory(name, source, expect, where, fields)
        self.warnings.extend(warnings)
        if not self.crs:
            self.crs = out.layer.crs
        return out

    def read_points(self, name: str, points: np.ndarray) -> _Source:
        """Coordinates (a non-empty (n, 2) array) into the measuring CRS as they are, without a feature per
        point: the places of reach, life circles and isochrones when nothing else of them is needed."""
        at, crs = _core.read_points(name, points, crs=self.crs, assume_crs=self.assume_crs, offset=self.offset(name))
        if not self.crs:
            self.crs = crs
        return _Source(_PointLayer(name, crs, at))

    def _read_memory(self, name: str, source: Any, expect: Optional[str], where: str,
                     fields: Sequence[str]) -> Tuple[_Source, list]:
        common = dict(where=where, crs=self.crs, assume_crs=self.assume_crs, offset=self.offset(name), expect=expect)
        points = _coordinates(name, source)
        if points is not None:
            lyr, warnings = _core.read_table(name, "", None, points, None, [], [], **common)
            return _Source(lyr), warnings
        if _is_frame(source):
            import geopandas
            frame = source if isinstance(source, geopandas.GeoDataFrame) else geopandas.GeoDataFrame(geometry=source)
        else:
            import geopandas
            geoms = [source] if hasattr(source, "geom_type") else list(source)
            frame = geopandas.GeoDataFrame(geometry=geopandas.GeoSeries(geoms))
        geometry = frame.geometry
        index = frame.index
        # Feature ids are the frame's integer index labels, so messages name the row a user sees.
        if index.dtype.kind in "iu" and index.is_unique:
            ids = np.asarray(index, dtype=np.int64)
        else:
            ids = np.arange(len(frame), dtype=np.int64)
        wanted = list(fields)
        if where:
            wanted += [c for c in frame.columns if c != frame.geometry.name and c not in wanted]
        names, columns = [], []
        for f in wanted:
            if f not in frame.columns:
                continue  # the library names the missing field when it looks for it
            ftype = _field_type(frame[f])
            names.append((f, ftype))
            columns.append(_column_values(frame[f], ftype))
        wkb = [b"" if g is None or g.is_empty else g.wkb for g in geometry]
        lyr, warnings = _core.read_table(name, _crs_text(geometry.crs), wkb, None, ids, names, columns, **common)
        import pandas as pd
        positions = pd.Index(ids).get_indexer(lyr.ids())  # features kept by the reader, as rows of the frame
        return _Source(lyr, frame, positions), warnings


def _coordinates(name: str, source: Any) -> Optional[np.ndarray]:
    """``source`` as a contiguous (n, 2) float64 array when it is an array or a list of coordinate pairs
    (no copy for a C-ordered float64 array), else None."""
    if not (isinstance(source, np.ndarray) or (isinstance(source, (list, tuple)) and source
                                               and isinstance(source[0], (list, tuple, np.ndarray)))):
        return None
    points = np.ascontiguousarray(np.asarray(source, dtype=np.float64))
    if points.ndim != 2 or points.shape[1] != 2:
        raise UsageError(f"{name}: expected an (n, 2) array of x, y coordinates, got shape {points.shape}")
    return points


class _PointLayer:
    """Points given as coordinates, read into the measuring CRS without a feature each: what the functions
    use of a Layer (name, source, crs, kind, ids, fields) with ``at`` the coordinates, ids 0 … n-1."""

    source = ""
    kind = "point"
    fields: List[Tuple[str, str]] = []

    def __init__(self, name: str, crs: str, at: np.ndarray):
        self.name = name
        self.crs = crs
        self.at = at

    def __len__(self) -> int:
        return len(self.at)

    def ids(self) -> np.ndarray:
        return np.arange(len(self.at), dtype=np.int64)


def _names(items: Union[str, Iterable[str], None]) -> set:
    if not items:
        return set()
    if isinstance(items, str):
        items = items.split(",")
    return {i.strip() for i in items if i.strip()}


def _layers(layer: Union[str, Sequence[str], None]) -> List[str]:
    if not layer:
        return []
    if isinstance(layer, str):
        return [l for l in layer.split(",") if l]
    return list(layer)


def _places(inputs: _Inputs, name: str, source: Any, layer: Any, where: str, default_layer: str,
            fields: Sequence[str] = ()) -> Tuple[Any, np.ndarray, bool, Optional[_Source]]:
    """The command's read_places: OSM files default to the layers a feature may be mapped in."""
    names = _layers(layer)
    if not names and not where and not fields:
        points = _coordinates(name, source)
        if points is not None and len(points):
            src = inputs.read_points(name, points)
            return src.layer, src.layer.at, False, src
    if not names and isinstance(source, (str, os.PathLike)) and _core.is_osm_source(os.fspath(source)):
        names = _layers(default_layer)
    if len(names) > 1:
        parts = [inputs.read(name, source, None, l, where).layer for l in names]
        lyr, at, several = _core.places(parts)
        return lyr, at, several, None
    src = inputs.read(name, source, None, names[0] if names else "", where, fields)
    return src.layer, _core.place_locations(src.layer), False, src


def _network(inputs: _Inputs, source: Any, layer: Any, where: str, mode: str) -> Any:
    names = _layers(layer)
    if not names and isinstance(source, (str, os.PathLike)) and _core.is_osm_source(os.fspath(source)):
        names = ["lines"]
    src = inputs.read("network", source, "line", names[0] if names else "", where,
                      fields=_ROAD_TAGS if mode == "drive" else ())
    return _core.street_network(src.layer, mode)


# The tags a driving network reads from columns (plan/drive.hpp), passed along with a frame's geometry.
_ROAD_TAGS = ("highway", "oneway", "junction", "maxspeed", "access", "motor_vehicle", "motorcar", "service", "area",
              "other_tags")


def _frame_from_layer(lyr: Any, index: Optional[Sequence] = None) -> Any:
    import geopandas
    if isinstance(lyr, _PointLayer):
        geometry = geopandas.points_from_xy(lyr.at[:, 0], lyr.at[:, 1], crs=lyr.crs)
        return geopandas.GeoDataFrame(geometry=geometry, crs=lyr.crs, index=lyr.ids() if index is None else index)
    data = {name: lyr.column(name) for name, _ in lyr.fields}
    geometry = geopandas.GeoSeries.from_wkb(lyr.wkb(), crs=lyr.crs)
    frame = geopandas.GeoDataFrame(data, geometry=geometry.values, crs=lyr.crs,
                                   index=lyr.ids() if index is None else index)
    return frame


def _frame_from_wkb(wkb: list, crs: str, columns: Dict[str, Any]) -> Any:
    import geopandas
    geometry = geopandas.GeoSeries.from_wkb(wkb, crs=crs)
    return geopandas.GeoDataFrame(columns, geometry=geometry.values, crs=crs)


def _result_frame(src: Optional[_Source], lyr: Any) -> Any:
    """The homes as given (a frame keeps its index, columns, geometry and CRS), else read from the layer."""
    if src is not None and src.frame is not None:
        return src.frame.iloc[src.positions].copy()
    return _frame_from_layer(lyr)


def _with_nan(values: np.ndarray) -> np.ndarray:
    out = np.array(values, dtype=np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


def _field_safe(name: str) -> str:
    return "".join(c if (c.isascii() and c.isalnum()) or c == "_" else "_" for c in name)


class _Result:
    """Figures as attributes and as ``summary`` (the keys of the command's --json)."""

    summary: Dict[str, Any]

    def __getattr__(self, key: str) -> Any:
        summary = self.__dict__.get("summary", {})
        if key in summary:
            return summary[key]
        raise AttributeError(key)

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.summary.items() if not isinstance(v, (list, dict))}
        return f"{type(self).__name__}({shown})"


# ---- coverage ----------------------------------------------------------------------------------------

class CoverageResult(_Result):
    """Stop coverage figures (``summary``: the keys of ``plan coverage --json``) and, with
    ``polygons=True``, the ``covered`` and ``gaps`` GeoDataFrames in the measuring CRS (plus
    ``network_covered`` with ``metric="network"``)."""

    def __init__(self, summary: Dict[str, Any], covered: Any = None, gaps: Any = None, network_covered: Any = None,
                 warnings: Sequence[str] = ()):
        self.summary = summary
        self.covered = covered
        self.gaps = gaps
        self.network_covered = network_covered
        self.warnings = list(warnings)


def coverage(stops: Any, area: Any, *, exclusions: Any = None, population: Any = None,
             population_field: Optional[str] = None, radius_m: float = 500, exclusion_min_area_m2: float = 1e6,
             metric: str = "straight-line", network: Any = None, half_width_m: float = 50, max_snap_m: float = DEFAULT_MAX_SNAP_M,
             polygons: bool = False, crs: Optional[str] = None, assume_crs: Optional[str] = None,
             gcj02: Iterable[str] = (), bd09: Iterable[str] = (), layers: Optional[Dict[str, str]] = None,
             where: Optional[Dict[str, str]] = None) -> CoverageResult:
    """Stop coverage (indicator 11): the share of ``area`` (minus exclusions larger than
    ``exclusion_min_area_m2``) within ``radius_m`` metres, straight line, of a stop; exact union of disks.

    Inputs are paths, GeoDataFrames/GeoSeries, Shapely geometries or, for ``stops``, an (n, 2) array.
    ``population`` (polygons or points) with ``population_field`` adds the people figures.
    ``metric="network"`` also measures the area within ``radius_m`` walking along ``network``.
    ``layers={"stops": "points"}`` and ``where={"stops": "highway = 'bus_stop'"}`` pick a layer and an OGR SQL
    filter per input. Returns a CoverageResult; raises DataError or UsageError as ``plan coverage`` does.
    """
    layers, where = layers or {}, where or {}
    if not radius_m > 0:
        raise UsageError("radius_m must be a positive number of metres")
    if exclusion_min_area_m2 < 0:
        raise UsageError("exclusion_min_area_m2 must not be negative")
    if population is not None and not population_field:
        raise UsageError("population needs population_field naming its numeric field")
    if metric not in ("straight-line", "network"):
        raise UsageError("metric must be straight-line or network")
    if metric == "network" and network is None:
        raise UsageError("metric='network' needs network (a street line layer)")
    inputs = _Inputs(crs, assume_crs, gcj02, bd09, ("stops", "area", "exclusions", "population", "network"))
    a = inputs.read("area", area, "polygon", layers.get("area", ""), where.get("area", ""))
    if len(a.layer) == 0:
        raise DataError(f"{_describe(a.layer)}: has no area polygons")
    s = inputs.read("stops", stops, "point", layers.get("stops", ""), where.get("stops", ""))
    if len(s.layer) == 0:
        raise DataError(f"{_describe(s.layer)}: has no stops")
    ex = None
    if exclusions is not None:
        ex = inputs.read("exclusions", exclusions, "polygon", layers.get("exclusions", ""),
                         where.get("exclusions", "")).layer
    pop = None
    if population is not None:
        pop = inputs.read("population", population, None, layers.get("population", ""), where.get("population", ""),
                          fields=[population_field]).layer
    r = _core.coverage(s.layer, a.layer, ex, pop, population_field or "", float(radius_m),
                       float(exclusion_min_area_m2), bool(polygons))
    summary = {"definition": r["definition"], "metric": "straight-line", "radius_m": r["radius_m"]}
    summary["crs"] = inputs.crs
    summary.update({k: r[k] for k in ("stops_used", "exclusions_removed", "area_m2", "excluded_m2", "covered_m2", "area_ratio",
                                      "population_total", "population_covered", "population_ratio")})
    covered = gaps = network_covered = None
    if polygons:
        covered = _polygons_frame(r["covered"], inputs.crs)
        gaps = _polygons_frame(r["gaps"], inputs.crs)
    if metric == "network":
        net = _network(inputs, network, layers.get("network"), where.get("network", ""), "walk")
        if not half_width_m > 0:
            raise UsageError("half_width_m must be positive")
        n = _core.network_coverage(net, s.layer, a.layer, ex, pop, population_field or "", float(radius_m),
                                   float(exclusion_min_area_m2), float(half_width_m), float(max_snap_m))
        summary["metric"] = "network"
        for k in ("network_definition", "half_width_m", "stops_off_network", "network_covered_m2",
                  "network_area_ratio", "network_population_ratio"):
            summary[k] = n[k]
        summary["detour_penalty"] = n["network_covered_m2"] / r["covered_m2"] if r["covered_m2"] > 0 else 0.0
        if polygons:
            network_covered = _polygons_frame(n["network_covered"], inputs.crs)
    return CoverageResult(summary, covered, gaps, network_covered, inputs.warnings)


def _polygons_frame(wkb: list, crs: str) -> Any:
    frame = _frame_from_wkb(wkb, crs, {})
    frame["area_m2"] = frame.geometry.area
    return frame


def _describe(lyr: Any) -> str:
    parts = [p for p in (lyr.source, f"layer '{lyr.name}'" if lyr.name else "") if p]
    return ", ".join(parts)


# ---- reach -------------------------------------------------------------------------------------------

class _ColumnsResult(_Result):
    """Per-feature results as NumPy ``columns`` (one array per output field, in the input's order) and as a
    GeoDataFrame built on first use (with Shapely 1.8, making 200,000 geometry objects takes longer than the
    whole computation, so callers who want arrays do not pay for it)."""

    def __init__(self, summary: Dict[str, Any], columns: Dict[str, Any], frame: Any, warnings: Sequence[str] = ()):
        self.summary = summary
        self.columns = columns
        self._frame = frame  # a callable giving the input's frame without the result columns
        self._with_columns = None
        self.warnings = list(warnings)

    def _frame_with_columns(self) -> Any:
        if self._with_columns is None:
            frame = self._frame()
            for name, values in self.columns.items():
                frame[name] = values
            self._with_columns = frame
        return self._with_columns


class _HomesResult(_ColumnsResult):
    """Per-home results: ``columns`` and the ``homes`` GeoDataFrame."""

    @property
    def homes(self) -> Any:
        return self._frame_with_columns()


class ReachResult(_HomesResult):
    """Reach figures (``summary``: the keys of ``plan reach --json``) and per home (``columns`` as arrays,
    ``homes`` as a GeoDataFrame) ``facility_id``, ``distance_m``, ``minutes``, ``covered``, ``snap_m`` (NaN
    where unreached or beyond the snap distance) and per category ``<category>_m`` (``_min`` driving) and
    ``<category>_covered``."""


def _threshold(within: Union[str, float, None], mode: str, speed_kmh: float) -> float:
    if within is None:
        within = "30min" if mode == "drive" else "15min"
    text = within if isinstance(within, str) else repr(float(within))
    return _core.parse_time_threshold_s(text) if mode == "drive" else _core.parse_threshold_m(text, speed_kmh)


def _travel(mode: str, speed_kmh: Optional[float], max_snap_m: float) -> float:
    if mode not in ("walk", "drive"):
        raise UsageError(f"mode must be walk or drive, not '{mode}'")
    if mode == "drive" and speed_kmh is not None:
        raise UsageError("speed_kmh is the walking speed; with mode='drive' speeds come from the road classes and "
                         "maxspeed tags")
    speed = 4.0 if speed_kmh is None else float(speed_kmh)
    if not speed > 0:
        raise UsageError("speed_kmh must be positive")
    if not max_snap_m >= 0:
        raise UsageError("max_snap_m must not be negative")
    return speed


def reach(network: Any, facilities: Any, homes: Any, *, within: Union[str, float, None] = None,
          category_field: Optional[str] = None, category: Union[str, Sequence[str], None] = None,
          population_field: Optional[str] = None, mode: str = "walk", speed_kmh: Optional[float] = None,
          max_snap_m: float = DEFAULT_MAX_SNAP_M, largest_component: bool = False, crs: Optional[str] = None,
          assume_crs: Optional[str] = None, gcj02: Iterable[str] = (), bd09: Iterable[str] = (),
          layers: Optional[Dict[str, str]] = None, where: Optional[Dict[str, str]] = None) -> ReachResult:
    """Every home's nearest facility along the street network (``mode="walk"``) or fastest by car
    (``"drive"``), and the share of homes (and people) within ``within`` ("15min", "1000m", a number of
    metres; driving: a time, default "30min").

    ``network``: lines (path, frame); ``facilities``/``homes``: points or polygons (centroids), paths,
    frames or (n, 2) arrays. OSM files default to their ``lines`` layer and, for facilities, both
    ``points`` and ``multipolygons`` as ``plan reach`` does. ``category_field``/``category`` pick
    facilities (several categories: figures and columns per category). Returns a ReachResult.
    """
    layers, where = layers or {}, where or {}
    speed = _travel(mode, speed_kmh, max_snap_m)
    threshold = _threshold(within, mode, speed)
    if category and not category_field:
        raise UsageError("category needs category_field naming the field that holds it")
    inputs = _Inputs(crs, assume_crs, gcj02, bd09, ("network", "facilities", "homes"))
    net = _network(inputs, network, layers.get("network"), where.get("network", ""), mode)
    f_fields = [category_field, "other_tags"] if category_field else []
    flayer, fat, fseveral, fsrc = _places(inputs, "facilities", facilities, layers.get("facilities"),
                                         where.get("facilities", ""), "points,multipolygons", f_fields)
    hlayer, hat, hseveral, hsrc = _places(inputs, "homes", homes, layers.get("homes"), where.get("homes", ""),
                                         "points", [population_field] if population_field else [])
    population = _core.population_field(hlayer, population_field) if population_field else None
    fcat: List[str] = []
    cats: List[str] = []
    if category_field:
        fcat = _core.text_values(flayer, category_field)
        if category:
            cats = category.split(",") if isinstance(category, str) else list(category)
    r = _core.reach(net, fat, fcat, cats, hat, population, threshold, float(max_snap_m), bool(largest_component))
    if len(r["used"]) == 0:
        what = f" of category {category if isinstance(category, str) else ','.join(category)}" if category else ""
        raise DataError(f"{_describe(flayer)}{', field ' + repr(category_field) if category_field else ''}: "
                        f"no facilities{what}")
    drive = mode == "drive"
    speed_m_per_min = speed * 1000 / 60
    fids = flayer.ids()
    hids = hlayer.ids()
    used = r["used"].astype(np.int64)
    shares = r["shares"]
    summary: Dict[str, Any] = {}
    summary["definition"] = (
        "network reach by car: fastest path along the drivable roads (one-way streets in their direction, class "
        "speeds or maxspeed, free flow) between snapped positions (snap legs not added); covered when the fastest "
        "facility is within threshold_s" if drive else
        "network reach: shortest walking path along the street network between snapped positions (snap legs not "
        "added); covered when the nearest facility is within threshold_m")
    summary["mode"] = mode
    summary["crs"] = inputs.crs
    summary["network"] = net.summary
    summary["facilities"] = len(used)
    summary["facilities_unreachable_ids"] = fids[used[~r["facility_snapped"]]].tolist()
    summary["homes"] = shares["homes"]
    summary["reachable"] = shares["reachable"]
    summary["unreachable"] = shares["homes"] - shares["reachable"]
    summary["unreachable_ids"] = hids[~np.isfinite(r["snap_m"])].tolist()
    summary["covered"] = shares["covered"]
    summary["covered_ratio"] = shares["covered_ratio"]
    for k in ("population_total", "population_covered", "population_covered_ratio"):
        summary[k] = shares[k]
    if drive:
        summary["threshold_s"] = threshold
        summary["threshold_min"] = threshold / 60
    else:
        summary["threshold_m"] = threshold
        summary["threshold_min"] = threshold / speed_m_per_min
        summary["speed_kmh"] = speed
    summary["max_snap_m"] = float(max_snap_m)
    if r["categories"]:
        summary["categories"] = [
            {"category": c["category"], "facilities": c["facilities"], "reachable": c["shares"]["reachable"],
             "covered": c["shares"]["covered"], "covered_ratio": c["shares"]["covered_ratio"],
             "population_covered_ratio": c["shares"]["population_covered_ratio"]} for c in r["categories"]]

    facility = r["facility"]
    reached = facility >= 0
    import pandas as pd
    fac_id = np.zeros(len(facility), dtype=np.int64)
    fac_id[reached] = fids[facility[reached]]
    cols: Dict[str, Any] = {}
    cols["facility_id"] = pd.arrays.IntegerArray(fac_id, ~reached)
    distance = _with_nan(r["distance_m"])
    cols["distance_m"] = distance
    cols["minutes"] = _with_nan(r["cost"]) / 60 if drive else distance / speed_m_per_min
    cols["covered"] = r["covered"]
    cols["snap_m"] = _with_nan(r["snap_m"])
    if fseveral:
        source_layer = np.array(flayer.column("source_layer") + [None], dtype=object)
        cols["facility_layer"] = source_layer[facility]  # -1 picks the trailing None
    for c in r["categories"]:
        name = _field_safe(c["category"])
        cols[f"{name}_m"] = _with_nan(c["distance_m"])
        if drive:
            cols[f"{name}_min"] = _with_nan(c["cost"]) / 60
        cols[f"{name}_covered"] = c["covered"]
    return ReachResult(summary, cols, lambda: _result_frame(hsrc, hlayer), inputs.warnings)


# ---- life circles ------------------------------------------------------------------------------------

class LifeCircleResult(_HomesResult):
    """Life-circle figures (``summary``: the keys of ``plan lifecircle --json``) and per home (``columns``,
    ``homes``) ``<category>_m``, ``<category>_covered``, ``complete`` and ``snap_m``."""


def gb50180_profile() -> Dict[str, Any]:
    """The GB 50180-2018 life-circle profile as a dict (name, source, categories)."""
    return _core.gb50180_profile_json()


def lifecircle(network: Any, facilities: Any, homes: Any, *, category_field: str = "category",
               profile: Union[str, os.PathLike, Dict[str, Any], None] = None, population_field: Optional[str] = None,
               speed_kmh: Optional[float] = None, max_snap_m: float = DEFAULT_MAX_SNAP_M, largest_component: bool = False,
               crs: Optional[str] = None, assume_crs: Optional[str] = None, gcj02: Iterable[str] = (),
               bd09: Iterable[str] = (), layers: Optional[Dict[str, str]] = None,
               where: Optional[Dict[str, str]] = None) -> LifeCircleResult:
    """GB 50180-2018 life circles by walking distance: per category of ``profile`` (default "gb50180";
    a JSON profile path or a dict in the profile format) the nearest facility whose ``category_field``
    matches, and whether every category is within its own distance (``complete``). Returns a
    LifeCircleResult."""
    import json
    layers, where = layers or {}, where or {}
    speed = _travel("walk", speed_kmh, max_snap_m)
    profile_json: Optional[str] = None
    profile_file = ""
    if isinstance(profile, dict):
        profile_json, profile_file = json.dumps(profile), "<profile dict>"
    elif profile is not None and os.fspath(profile) != "gb50180":
        profile_file = os.fspath(profile)
        try:
            with open(profile_file, encoding="utf-8") as f:
                profile_json = f.read()
        except OSError:
            raise DataError(f"{profile_file}: cannot read the profile (or use profile='gb50180')") from None
    inputs = _Inputs(crs, assume_crs, gcj02, bd09, ("network", "facilities", "homes"))
    net = _network(inputs, network, layers.get("network"), where.get("network", ""), "walk")
    flayer, fat, _, _ = _places(inputs, "facilities", facilities, layers.get("facilities"),
                                where.get("facilities", ""), "points,multipolygons", [category_field, "other_tags"])
    hlayer, hat, _, hsrc = _places(inputs, "homes", homes, layers.get("homes"), where.get("homes", ""), "points",
                                   [population_field] if population_field else [])
    fcat = _core.text_values(flayer, category_field)
    population = _core.population_field(hlayer, population_field) if population_field else None
    r = _core.lifecircle(net, fat, fcat, hat, population, profile_json, profile_file, speed, float(max_snap_m),
                         bool(largest_component))
    hids = hlayer.ids()
    snap = _with_nan(r["snap_m"])
    cs = r["complete_shares"]
    summary: Dict[str, Any] = {
        "profile": r["profile"], "definition": r["definition"], "crs": inputs.crs, "network": net.summary,
        "homes": cs["homes"], "unreachable_ids": hids[np.isnan(snap)].tolist(),
        "categories": [{"category": c["category"], "circle": c["circle"], "threshold_m": c["threshold_m"],
                        "facilities": c["facilities"], "facilities_unreachable": c["facilities_unreachable"],
                        "reachable": c["shares"]["reachable"], "covered": c["shares"]["covered"],
                        "covered_ratio": c["shares"]["covered_ratio"],
                        "population_covered_ratio": c["shares"]["population_covered_ratio"]} for c in r["categories"]],
        "complete": cs["covered"], "complete_ratio": cs["covered_ratio"],
        "population_total": cs["population_total"], "population_complete_ratio": cs["population_covered_ratio"],
    }
    cols: Dict[str, Any] = {}
    for c in r["categories"]:
        name = _field_safe(c["category"])
        cols[f"{name}_m"] = _with_nan(c["distance_m"])
        cols[f"{name}_covered"] = c["covered"]
    cols["complete"] = r["complete"]
    cols["snap_m"] = snap
    return LifeCircleResult(summary, cols, lambda: _result_frame(hsrc, hlayer), inputs.warnings)


# ---- community floor-area standard (indicator 16) -------------------------------------------------------

class ElderlyCareResult(_ColumnsResult):
    """Community elderly-care figures (``summary``: the keys of ``plan elderly-care --json``) and per
    community (``columns`` as arrays, ``communities`` as a GeoDataFrame) ``households``, ``required_m2``,
    ``available_m2``, ``facilities_within``, ``meets`` and ``snap_m`` (NaN beyond the snap distance)."""

    @property
    def communities(self) -> Any:
        return self._frame_with_columns()


def elderly_care(network: Any, communities: Any, facilities: Any, *, households_field: str = "households",
                 floor_area_field: str = "floor_area_m2", m2_per_100_households: float = 20,
                 within: Union[str, float] = "300m", speed_kmh: Optional[float] = None,
                 max_snap_m: float = DEFAULT_MAX_SNAP_M, largest_component: bool = False, crs: Optional[str] = None,
                 assume_crs: Optional[str] = None, gcj02: Iterable[str] = (), bd09: Iterable[str] = (),
                 layers: Optional[Dict[str, str]] = None,
                 where: Optional[Dict[str, str]] = None) -> ElderlyCareResult:
    """社区养老服务设施配建达标率 (indicator 16), as ``plan elderly-care``: whether each residential community
    (polygons, at their point on surface, or points, with ``households_field``) has at least
    ``m2_per_100_households`` × households / 100 m² of elderly-care floor area (``floor_area_field`` of
    ``facilities``) within ``within`` walking, each facility's area shared among the communities it serves
    by households. Defaults are Shandong's 20 m² (《山东省养老服务条例》, 2020) and GB 50180-2018's
    five-minute circle, 300 m. Returns an ElderlyCareResult."""
    layers, where = layers or {}, where or {}
    speed = _travel("walk", speed_kmh, max_snap_m)
    within_m = _threshold(within, "walk", speed)
    if not (m2_per_100_households > 0 and np.isfinite(m2_per_100_households)):
        raise UsageError("m2_per_100_households must be a positive number")
    inputs = _Inputs(crs, assume_crs, gcj02, bd09, ("network", "communities", "facilities"))
    net = _network(inputs, network, layers.get("network"), where.get("network", ""), "walk")
    csrc = inputs.read("communities", communities, None, layers.get("communities", ""), where.get("communities", ""),
                       [households_field])
    clayer = csrc.layer
    households = _core.population_field(clayer, households_field)
    flayer, fat, _, _ = _places(inputs, "facilities", facilities, layers.get("facilities"),
                                where.get("facilities", ""), "points,multipolygons", [floor_area_field])
    floor_area = _core.population_field(flayer, floor_area_field)
    r = _core.floor_area_standard(net, _core.representative_points(clayer), households, fat, floor_area,
                                  float(m2_per_100_households), within_m, float(max_snap_m), bool(largest_component))
    snap = _with_nan(r["snap_m"])
    cids = clayer.ids()
    summary: Dict[str, Any] = {
        "crs": inputs.crs, "network": net.summary, "m2_per_100_households": float(m2_per_100_households),
        "within_m": within_m, "max_snap_m": float(max_snap_m), "communities": len(cids), "meeting": r["meeting"],
        "meeting_ratio": r["meeting_ratio"], "unsnapped": r["unsnapped"], "unsnapped_ids": cids[np.isnan(snap)].tolist(),
        "households": r["households"], "households_meeting": r["households_meeting"],
        "households_meeting_ratio": r["households_meeting_ratio"], "required_m2": r["required_total_m2"],
        "facilities": len(fat), "facilities_unsnapped_ids": flayer.ids()[~r["facility_snapped"]].tolist(),
        "floor_area_m2": r["floor_area_m2"], "allocated_m2": r["allocated_m2"],
    }
    cols = {"households": np.asarray(households, dtype=np.float64), "required_m2": r["required_m2"],
            "available_m2": r["available_m2"], "facilities_within": r["facilities_within"], "meets": r["meets"],
            "snap_m": snap}
    return ElderlyCareResult(summary, cols, lambda: _result_frame(csrc, clayer), inputs.warnings)


# ---- isochrones --------------------------------------------------------------------------------------

class IsochroneResult(_Result):
    """Isochrone figures (``summary``: the keys of ``plan isochrone --json``) and ``isochrones``: a
    GeoDataFrame in the measuring CRS with ``origin``, ``threshold_m`` (``threshold_s`` driving),
    ``minutes``, ``area_m2``."""

    def __init__(self, summary: Dict[str, Any], isochrones: Any, warnings: Sequence[str] = ()):
        self.summary = summary
        self.isochrones = isochrones
        self.warnings = list(warnings)


def isochrones(network: Any, *, origins: Any = None, at: Optional[Tuple[float, float]] = None,
               within: Union[str, Sequence[Union[str, float]]] = "5min,10min,15min", mode: str = "walk",
               speed_kmh: Optional[float] = None, half_width_m: float = 50, per_origin: bool = False,
               max_snap_m: float = DEFAULT_MAX_SNAP_M, largest_component: bool = False, crs: Optional[str] = None,
               assume_crs: Optional[str] = None, gcj02: Iterable[str] = (), bd09: Iterable[str] = (),
               layers: Optional[Dict[str, str]] = None, where: Optional[Dict[str, str]] = None,
               progress: Any = None) -> IsochroneResult:
    """The area within each threshold of ``within`` (walking: "500m", "10min" at ``speed_kmh``; driving:
    times) of the origins: reached street parts cut at the exact reach point, widened by ``half_width_m``
    and merged (``per_origin``: one polygon per origin). Origins are ``origins`` (points: path, frame, array)
    or ``at=(lon, lat)`` in degrees. ``progress`` is called with the fraction done. Returns an
    IsochroneResult."""
    layers, where = layers or {}, where or {}
    if (origins is None) == (at is None):
        raise UsageError("give the origins either as origins= or as at=(lon, lat)")
    speed = _travel(mode, speed_kmh, max_snap_m)
    drive = mode == "drive"
    items = within.split(",") if isinstance(within, str) else list(within)
    thresholds = [_threshold(t, mode, speed) for t in items]
    if not half_width_m > 0:
        raise UsageError("half_width_m must be positive")
    inputs = _Inputs(crs, assume_crs, gcj02, bd09, ("network", "from"))
    net = _network(inputs, network, layers.get("network"), where.get("network", ""), mode)
    if origins is not None:
        olayer, oat, _, _ = _places(inputs, "from", origins, layers.get("from"), where.get("from", ""), "points")
        ids = [int(i) for i in olayer.ids()]
    else:
        oat = _core.transform_points(np.array([at], dtype=np.float64), "EPSG:4326", inputs.crs)
        ids = [1]
    if len(oat) == 0:
        raise DataError("the origins are empty: no origins")
    isos, snapped = _core.isochrones(net, oat, thresholds, float(half_width_m), bool(per_origin), float(max_snap_m),
                                     bool(largest_component), progress)
    unsnapped = [ids[i] for i in np.flatnonzero(~snapped)]
    if len(unsnapped) == len(ids):
        raise DataError(f"feature {unsnapped[0]}: no origin lies within {int(max_snap_m)} m of a street")
    speed_m_per_min = speed * 1000 / 60
    key = "threshold_s" if drive else "threshold_m"

    def minutes(t: float) -> float:
        return t / 60 if drive else t / speed_m_per_min

    summary: Dict[str, Any] = {
        "definition": "reached street parts within the threshold, cut at the exact reach point, buffered by "
                      "half_width_m and unioned" + ("; driving: thresholds are free-flow times along the roads cars "
                                                    "use, one-way streets in their direction" if drive else ""),
        "mode": mode, "crs": inputs.crs, "network": net.summary, "origins": len(ids), "unreachable_ids": unsnapped,
        "half_width_m": float(half_width_m), "per_origin": bool(per_origin),
        "isochrones": [{"origin": None if i["origin"] is None else ids[i["origin"]], key: i["threshold"],
                        "minutes": minutes(i["threshold"]), "area_m2": i["area_m2"], "parts": i["parts"]}
                       for i in isos],
    }
    kept = [i for i in isos if i["wkb"] is not None]
    frame = _frame_from_wkb([i["wkb"] for i in kept], inputs.crs, {
        "origin": [None if i["origin"] is None else ids[i["origin"]] for i in kept],
        key: [i["threshold"] for i in kept], "minutes": [minutes(i["threshold"]) for i in kept],
        "area_m2": [i["area_m2"] for i in kept]})
    return IsochroneResult(summary, frame, inputs.warnings)


# ---- reading -----------------------------------------------------------------------------------------

def read(source: Union[str, os.PathLike], *, layer: str = "", where: str = "", crs: Optional[str] = None,
         assume_crs: Optional[str] = None, gcj02: bool = False, bd09: bool = False) -> Any:
    """Reads any GDAL/OGR source as the library does (into ``crs`` or the UTM zone of its centre) and
    returns a GeoDataFrame indexed by feature id; warnings about repairs are in ``frame.attrs["warnings"]``."""
    lyr, warnings = _core.read(os.fspath(source), layer=layer, where=where, crs=crs or "", assume_crs=assume_crs or "",
                               offset="bd09" if bd09 else "gcj02" if gcj02 else "")
    frame = _frame_from_layer(lyr)
    frame.attrs["warnings"] = list(warnings)
    return frame


# ---- the plan: load, check, report -------------------------------------------------------------------

Plan = _core.Plan


def load_plan(path: Union[str, os.PathLike], *, crs: Optional[str] = None, strict: bool = False) -> "Plan":
    """Loads a plan (a folder of GeoJSON layers with plan.json, or one GeoPackage) as ``plan check`` and
    ``plan report`` do, into ``crs`` or the UTM zone of its boundaries' centre. Schema problems are kept
    in ``plan.issues`` (each naming file, layer, feature and field; ``plan.errors`` / ``plan.warnings``
    count them); with ``strict=True`` the first error raises ``libplan.DataError`` instead. An unreadable
    file or a broken plan.json raises ``libplan.DataError``."""
    return _core.load_plan(os.fspath(path), crs=crs or "", strict=strict)


def _plan_of(plan: Union["Plan", str, os.PathLike], crs: Optional[str]) -> "Plan":
    return plan if isinstance(plan, _core.Plan) else load_plan(plan, crs=crs)


def check_plan(plan: Union["Plan", str, os.PathLike], *, axis_tolerance_m: float = 5000.0,
               crs: Optional[str] = None) -> Dict[str, Any]:
    """The structure check of a plan (a ``Plan`` or its path): the document ``plan check --json`` prints,
    as a dict — ``schema`` (errors, warnings, issues), ``tiers`` and ``counties`` against the plan's
    formula, each settlement's axis and belt (``axis_tolerance_m``), ``intrusions`` into barriers and
    patches, the blue and green network lengths, barrier and patch areas, and ``findings``."""
    import json
    return json.loads(_core.check_plan_json(_plan_of(plan, crs), axis_tolerance_m=float(axis_tolerance_m)))


def report(plan: Union["Plan", str, os.PathLike], *, values: Union[str, os.PathLike, None] = None,
           year: Optional[int] = None, compute: bool = True, format: str = "json",
           crs: Optional[str] = None) -> Union[Dict[str, Any], str]:
    """The indicator report of a plan, as ``plan report``: every indicator with its targets, value, status
    and method; ``values`` an observations CSV (as ``--values``), ``year`` the report's year (default:
    this year), ``compute=False`` as ``--no-compute``. ``format="json"`` gives the ``--format json``
    document as a dict; ``"md"`` and ``"html"`` give the text."""
    import datetime
    import json
    text = _core.report_text(_plan_of(plan, crs), values_csv=os.fspath(values) if values else "",
                             year=int(year) if year is not None else datetime.datetime.now(datetime.timezone.utc).year,
                             compute=compute, format=format)
    return json.loads(text) if format == "json" else text
