"""libplan.reach against the GeoPandas + networkx way of doing the same, on the same inputs in one process:
the demonstration city's streets and facilities (paths) and N random homes (a NumPy array), walking,
nearest facility within 1000 m.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/peer_reach.py [--homes 200000] [--repeat 3] [--snap node|edge]
                                                                       [--within 1000] [--city DIR]

``--city DIR`` takes a city written by bench/make_city (the C++ benchmarks' generated city: ≈100k edges,
1,000 facilities; its homes.gpkg as the array) instead of the demonstration city.

The peer reads with GeoPandas (into libplan's measuring CRS), builds a networkx graph (one edge per pair of
consecutive vertices, nodes where vertices coincide, as plan::NetworkBuilder does), snaps, and runs one
multi-source Dijkstra (networkx) from the facilities. Snapping:

- ``node`` (default; the usual recipe, as bench/commands.py's peer): each home and facility to its nearest
  graph node (SciPy cKDTree), a home's distance that of its node. Results differ from libplan's by the snap
  definition: libplan snaps to the nearest point of the nearest edge and measures from there.
- ``edge``: libplan's definition, so the figures agree home for home: the nearest point of the nearest
  segment (Shapely STRtree, one query per point), a facility seeding both ends of its segment with its
  offsets, a home taking the better end plus its offset (or the straight way along a segment it shares
  with a facility). Slower, because Shapely 1.8 queries one point at a time.

Prints both times (medians), the ratio, and how far the results agree."""
import argparse
import gc
import statistics
import time
from pathlib import Path

import numpy as np

import libplan
from libplan import _core

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "heze" / "demo"
STREETS, FACILITIES = DEMO / "streets.geojson", DEMO / "facilities.geojson"
THRESHOLD_M = 1000.0  # --within
MAX_SNAP_M = libplan.DEFAULT_MAX_SNAP_M


def city_homes(path, n, crs):
    import geopandas as gpd
    h = gpd.read_file(path).to_crs(crs).iloc[:n]
    return np.column_stack([h.geometry.x, h.geometry.y])


def random_homes(n, crs):
    import geopandas as gpd
    b = gpd.read_file(STREETS).to_crs(crs).total_bounds
    rng = np.random.default_rng(2035)
    return np.column_stack([rng.uniform(b[0], b[2], n), rng.uniform(b[1], b[3], n)])


def peer(homes, crs, snap):
    """Per-home distance (inf: unreachable) the GeoPandas + networkx way, and its phases' seconds."""
    import geopandas as gpd
    import networkx as nx
    t = {}
    s = time.perf_counter()
    streets = gpd.read_file(STREETS).to_crs(crs)
    facilities = gpd.read_file(FACILITIES).to_crs(crs)
    fxy = np.column_stack([facilities.geometry.x, facilities.geometry.y])
    t["read (GeoPandas)"] = time.perf_counter() - s

    s = time.perf_counter()
    node_of, a, b = {}, [], []
    g = nx.Graph()
    for line in streets.geometry:
        parts = line.geoms if line.geom_type == "MultiLineString" else [line]
        for part in parts:
            c = list(part.coords)
            for p, q in zip(c, c[1:]):
                if p == q:
                    continue
                u, v = node_of.setdefault(p, len(node_of)), node_of.setdefault(q, len(node_of))
                w = ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5
                if not g.has_edge(u, v) or g[u][v]["weight"] > w:
                    g.add_edge(u, v, weight=w)
                a.append(u), b.append(v)
    nodes = np.array(list(node_of), dtype=float)
    a, b = np.array(a), np.array(b)
    t["graph build (networkx)"] = time.perf_counter() - s

    s = time.perf_counter()
    if snap == "node":
        from scipy.spatial import cKDTree
        tree = cKDTree(nodes)
        fd, fi = tree.query(fxy, distance_upper_bound=MAX_SNAP_M)
        hd, hi = tree.query(homes, distance_upper_bound=MAX_SNAP_M)
        t["snap (cKDTree, nearest node)"] = time.perf_counter() - s
        s = time.perf_counter()
        dist = nx.multi_source_dijkstra_path_length(g, {int(i) for i in fi[np.isfinite(fd)]})
        d = np.full(len(nodes), np.inf)
        d[list(dist)] = list(dist.values())
        out = np.where(np.isfinite(hd), d[np.minimum(hi, len(nodes) - 1)], np.inf)
        t["multi-source Dijkstra (networkx)"] = time.perf_counter() - s
        return out, t

    from shapely.geometry import LineString, Point
    from shapely.strtree import STRtree
    pa, pb = nodes[a], nodes[b]
    length = np.hypot(*(pb - pa).T)
    import warnings
    with warnings.catch_warnings():  # Shapely 1.8 warns that 2.0 drops items=; this runs on Debian 12's 1.8
        warnings.simplefilter("ignore")
        tree = STRtree([LineString([p, q]) for p, q in zip(pa, pb)], items=range(len(a)))

    def snap_all(xy):
        k = np.array([tree.nearest_item(Point(x, y)) for x, y in xy])
        ab = pb[k] - pa[k]
        f = np.clip(np.einsum("ij,ij->i", xy - pa[k], ab) / length[k] ** 2, 0, 1)
        gap = np.hypot(*(xy - (pa[k] + f[:, None] * ab)).T)
        return k, f * length[k], gap <= MAX_SNAP_M

    fk, ft, fok = snap_all(fxy)
    hk, ht, hok = snap_all(homes)
    t["snap (STRtree, nearest edge)"] = time.perf_counter() - s
    s = time.perf_counter()
    source = -1
    for k, off, ok in zip(fk, ft, fok):
        if not ok:
            continue
        for n, w in ((a[k], off), (b[k], length[k] - off)):
            if not g.has_edge(source, n) or g[source][n]["weight"] > w:
                g.add_edge(source, n, weight=w)
    dist = nx.single_source_dijkstra_path_length(g, source)
    d = np.full(len(nodes), np.inf)
    del dist[source]
    d[list(dist)] = list(dist.values())
    out = np.minimum(d[a[hk]] + ht, d[b[hk]] + length[hk] - ht)
    shared = {}
    for k, off, ok in zip(fk, ft, fok):
        if ok:
            shared.setdefault(int(k), []).append(off)
    for i in np.flatnonzero(np.isin(hk, list(shared))):
        out[i] = min(out[i], min(abs(ht[i] - off) for off in shared[int(hk[i])]))
    out[~hok] = np.inf
    t["multi-source Dijkstra (networkx)"] = time.perf_counter() - s
    return out, t


def main():
    global STREETS, FACILITIES, THRESHOLD_M
    ap = argparse.ArgumentParser()
    ap.add_argument("--homes", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--snap", choices=("node", "edge"), default="node")
    ap.add_argument("--within", type=float, default=THRESHOLD_M, help="metres (default 1000)")
    ap.add_argument("--city", help="a folder written by bench/make_city (streets, facilities, homes .gpkg)")
    a = ap.parse_args()
    THRESHOLD_M = a.within
    if a.city:
        STREETS, FACILITIES = str(Path(a.city) / "streets.gpkg"), str(Path(a.city) / "facilities.gpkg")
    crs = _core.read(str(STREETS), expect="line")[0].crs
    homes = city_homes(Path(a.city) / "homes.gpkg", a.homes, crs) if a.city else random_homes(a.homes, crs)

    # Each side's runs one after the other (not alternating), so that neither runs in the memory the other
    # has just freed (the peer's graph and dicts take about a gigabyte on the generated city).
    ours_t, peer_t, phases = [], [], {}
    for _ in range(a.repeat):
        s = time.perf_counter()
        r = libplan.reach(STREETS, FACILITIES, homes, within=f"{THRESHOLD_M:g}m", crs=crs, assume_crs=crs)
        ours_t.append(time.perf_counter() - s)
    for _ in range(a.repeat):
        gc.collect()
        s = time.perf_counter()
        d, t = peer(homes, crs, a.snap)
        peer_t.append(time.perf_counter() - s)
        for k, v in t.items():
            phases.setdefault(k, []).append(v)
    ours, theirs = statistics.median(ours_t), statistics.median(peer_t)
    print(f"{a.homes:,} homes, {r.facilities} facilities, {r.network['edges']:,} edges, within {THRESHOLD_M:g} m; "
          f"median of {a.repeat}")
    print(f"{'libplan.reach':40s} {ours:8.3f} s")
    print(f"{'GeoPandas + networkx (' + a.snap + ' snapping)':40s} {theirs:8.3f} s   = {theirs / ours:.1f}x libplan")
    for k, v in phases.items():
        print(f"  {k:38s} {statistics.median(v):8.3f} s")

    ours_d = np.nan_to_num(r.columns["distance_m"], nan=np.inf)
    both = np.isfinite(ours_d) & np.isfinite(d)
    diff = np.abs(ours_d[both] - d[both])
    print(f"covered share: libplan {r.covered_ratio:.6f}, peer {np.mean(d <= THRESHOLD_M):.6f}")
    print(f"reachable: libplan {int(np.isfinite(ours_d).sum()):,}, peer {int(np.isfinite(d).sum()):,}; "
          f"both {int(both.sum()):,}")
    print(f"distance difference where both reach: median {np.median(diff):.3g} m, max {diff.max():.3g} m, "
          f"within 1e-6 m: {np.mean(diff <= 1e-6):.4%}")


if __name__ == "__main__":
    main()
