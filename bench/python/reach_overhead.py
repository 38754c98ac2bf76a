"""The Python call's overhead over the compiled call: libplan.reach (arrays in, GeoDataFrame out) against
libplan._core.reach (snapping + the multi-source pass, what the C++ library runs) on the same 200,000 homes.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/reach_overhead.py [--homes 200000] [--repeat 5]

Homes are drawn uniformly (fixed seed) over the demonstration city's streets; facilities are its 1,000-ish
facilities. Prints the median of each and the overhead."""
import argparse
import statistics
import time
from pathlib import Path

import numpy as np

import libplan
from libplan import _core

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "heze" / "demo"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--homes", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    lines, _ = _core.read(str(DEMO / "streets.geojson"), expect="line")
    crs = lines.crs
    facilities, _ = _core.read(str(DEMO / "facilities.geojson"), crs=crs)
    fat = facilities.points()
    xy = lines.wkb()  # extent of the streets from their vertices
    import shapely.wkb
    bounds = np.array([shapely.wkb.loads(b).bounds for b in xy])
    rng = np.random.default_rng(2035)
    homes = np.column_stack([rng.uniform(bounds[:, 0].min(), bounds[:, 2].max(), a.homes),
                             rng.uniform(bounds[:, 1].min(), bounds[:, 3].max(), a.homes)])
    network = _core.street_network(lines, "walk")

    def compiled():
        return _core.reach(network, fat, [], [], homes, None, 1000.0, 250.0, False)

    def python():
        return libplan.reach(DEMO / "streets.geojson", DEMO / "facilities.geojson", homes, within="1000m", crs=crs,
                             assume_crs=crs)

    def network_build():
        return _core.street_network(_core.read(str(DEMO / "streets.geojson"), expect="line", crs=crs)[0], "walk")

    times = {}
    for name, fn in (("compiled reach (_core.reach)", compiled), ("network read + build", network_build),
                     ("libplan.reach (whole call)", python)):
        t = []
        for _ in range(a.repeat):
            s = time.perf_counter()
            r = fn()
            t.append(time.perf_counter() - s)
        times[name] = statistics.median(t)
        print(f"{name:32s} {1000 * times[name]:8.1f} ms (median of {a.repeat})")
    base = times["compiled reach (_core.reach)"] + times["network read + build"]
    over = times["libplan.reach (whole call)"] - base
    print(f"{'python overhead':32s} {1000 * over:8.1f} ms = {100 * over / base:.1f} % of the compiled steps")
    c = compiled()
    assert np.array_equal(np.nan_to_num(r.columns["distance_m"], nan=np.inf), c["distance_m"])


if __name__ == "__main__":
    main()
