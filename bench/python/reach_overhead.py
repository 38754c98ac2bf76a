"""The Python call's overhead over the compiled call: libplan.reach (paths and a NumPy array in, arrays and
figures out) against the same work as direct calls of the compiled module, each one library function the
`plan reach` command runs (read the streets, build the network, read the facilities and their places,
project the homes, snap and reach), on the same 200,000 homes in the same process.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/reach_overhead.py [--homes 200000] [--repeat 9] [--city DIR]

``--city DIR`` takes a city written by bench/make_city (the C++ benchmarks' generated city: ≈100k edges,
1,000 facilities; its homes.gpkg as the array) instead of the demonstration city.

Homes are drawn uniformly (fixed seed) over the demonstration city's street extent; facilities are its
facilities. The two are timed alternately (so a change in the machine's load falls on both) and the
medians compared (wall clock, and CPU time of the process, which a loaded machine disturbs less); the
compiled steps are also timed one by one, to show where the time goes."""
import argparse
import statistics
import time
from pathlib import Path

import numpy as np

import libplan
from libplan import _core

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "heze" / "demo"
STREETS, FACILITIES = str(DEMO / "streets.geojson"), str(DEMO / "facilities.geojson")
THRESHOLD_M = 1000.0


def city_homes(path, n, crs):
    import geopandas as gpd
    h = gpd.read_file(path).to_crs(crs).iloc[:n]
    return np.column_stack([h.geometry.x, h.geometry.y])


def random_homes(n, crs):
    lines, _ = _core.read(STREETS, expect="line", crs=crs)
    import shapely.wkb
    bounds = np.array([shapely.wkb.loads(b).bounds for b in lines.wkb()])
    rng = np.random.default_rng(2035)
    return np.column_stack([rng.uniform(bounds[:, 0].min(), bounds[:, 2].max(), n),
                            rng.uniform(bounds[:, 1].min(), bounds[:, 3].max(), n)])


def compiled_steps(homes, crs, phases=None):
    """libplan.reach's work as one compiled call per step; `phases` collects each step's seconds."""
    def step(name, fn, *args, **kw):
        s = time.perf_counter()
        out = fn(*args, **kw)
        if phases is not None:
            phases.setdefault(name, []).append(time.perf_counter() - s)
        return out

    lines, _ = step("read streets", _core.read, STREETS, expect="line", crs=crs)
    net = step("build network", _core.street_network, lines, "walk")
    facilities, _ = step("read facilities", _core.read, FACILITIES, crs=crs)
    fat = step("facility places", _core.place_locations, facilities)
    hat, _ = step("project homes", _core.read_points, "homes", homes, crs=crs, assume_crs=crs)
    return step("snap + reach", _core.reach, net, fat, [], [], hat, None, THRESHOLD_M, libplan.DEFAULT_MAX_SNAP_M,
                False)


def whole_call(homes, crs):
    return libplan.reach(STREETS, FACILITIES, homes, within=f"{THRESHOLD_M:g}m", crs=crs, assume_crs=crs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--homes", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--city", help="a folder written by bench/make_city (streets, facilities, homes .gpkg)")
    a = ap.parse_args()
    global STREETS, FACILITIES
    if a.city:
        STREETS, FACILITIES = str(Path(a.city) / "streets.gpkg"), str(Path(a.city) / "facilities.gpkg")
    crs = _core.read(STREETS, expect="line")[0].crs
    homes = city_homes(Path(a.city) / "homes.gpkg", a.homes, crs) if a.city else random_homes(a.homes, crs)
    compiled_steps(homes, crs), whole_call(homes, crs)  # warm: GDAL drivers, PROJ database, page cache

    phases, compiled_t, python_t, compiled_cpu, python_cpu = {}, [], [], [], []
    for _ in range(a.repeat):
        s, cpu = time.perf_counter(), time.process_time()
        c = compiled_steps(homes, crs, phases)
        compiled_t.append(time.perf_counter() - s)
        compiled_cpu.append(time.process_time() - cpu)
        s, cpu = time.perf_counter(), time.process_time()
        r = whole_call(homes, crs)
        python_t.append(time.perf_counter() - s)
        python_cpu.append(time.process_time() - cpu)

    print(f"{a.homes:,} homes, {r.facilities} facilities, {r.network['edges']:,} edges; median of {a.repeat}")
    for name, t in phases.items():
        print(f"  {name:30s} {1000 * statistics.median(t):8.1f} ms")
    base, whole = statistics.median(compiled_t), statistics.median(python_t)
    print(f"{'compiled steps (C++ calls)':32s} {1000 * base:8.1f} ms   (min {1000 * min(compiled_t):.1f})")
    print(f"{'libplan.reach (whole call)':32s} {1000 * whole:8.1f} ms   (min {1000 * min(python_t):.1f})")
    over = whole - base
    print(f"{'python overhead':32s} {1000 * over:8.1f} ms = {100 * over / base:.1f} % of the compiled steps "
          f"(of the minima: {100 * (min(python_t) - min(compiled_t)) / min(compiled_t):.1f} %)")
    # CPU time (all threads of the process) moves less than wall time when other programs load the machine.
    base_cpu, whole_cpu = statistics.median(compiled_cpu), statistics.median(python_cpu)
    print(f"{'CPU: compiled / whole call':32s} {1000 * base_cpu:8.1f} / {1000 * whole_cpu:.1f} ms = "
          f"{100 * (whole_cpu - base_cpu) / base_cpu:.1f} % overhead")
    # Same figures both ways, home for home.
    assert np.array_equal(np.nan_to_num(r.columns["distance_m"], nan=np.inf), c["distance_m"])
    assert r.covered == c["shares"]["covered"]


if __name__ == "__main__":
    main()
