#!/usr/bin/python3
"""Whole-command benchmark: every `plan` subcommand timed as a user runs it (process start to exit), beside
the peers (GeoPandas + networkx for reach, GeoPandas + Shapely union for coverage) on the same files, in the
same run. Each `plan` run also prints its own phase breakdown (--timings).

    /usr/bin/python3 bench/commands.py [--build build] [--sizes 20000,200000,2000000] [--runs 3]
                                       [--formats gpkg,geojson,fgb] [--peers-max 200000] [--work /tmp/plan-commands-bench]

The city is bench/make_city's (reach_bench's streets: ~100k edges; 1,000 facilities; N homes; 12,000 stops),
written as GeoPackages and converted with ogr2ogr to GeoJSON and FlatGeobuf; the OSM .pbf row uses the
real Porto extract in ../shared/data/osm/ when it is there. Figures are medians of --runs runs (wall
clock and peak memory from wait4); on a shared machine read the medians, not single runs.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, env=None):
    """Wall seconds, peak RSS in MB and stderr of one process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024, err


def timed(cmd, runs, before=None):
    walls, mems, phases = [], [], {}
    for _ in range(runs):
        if before:
            before()
        wall, mem, err = run(cmd)
        walls.append(wall)
        mems.append(mem)
        m = re.search(r"timings: (.*?); total", err)
        if m:
            for name, sec in re.findall(r"([a-z-]+) ([\d.]+) s", m.group(1)):
                phases.setdefault(name, []).append(float(sec))
    return statistics.median(walls), max(mems), {k: statistics.median(v) for k, v in phases.items()}


PEER_REACH = r'''
import sys, geopandas as gpd, networkx as nx, numpy as np
from scipy.spatial import cKDTree
net, fac, homes, out = sys.argv[1:5]
crs = "EPSG:32650"
streets = gpd.read_file(net).to_crs(crs)
g = nx.Graph()
for line in streets.geometry:
    c = list(line.coords)
    for a, b in zip(c, c[1:]):
        g.add_edge(a, b, weight=((a[0]-b[0])**2 + (a[1]-b[1])**2) ** 0.5)
nodes = list(g.nodes)
tree = cKDTree(np.array(nodes))
f = gpd.read_file(fac).to_crs(crs)
h = gpd.read_file(homes).to_crs(crs)
_, fi = tree.query(np.c_[f.geometry.x, f.geometry.y])
dist = nx.multi_source_dijkstra_path_length(g, {nodes[i] for i in fi})
_, hi = tree.query(np.c_[h.geometry.x, h.geometry.y])
d = np.array([dist.get(nodes[i], np.inf) for i in hi])
h["distance_m"] = d
h["covered"] = d <= 1000
if out != "-":
    h.to_file(out, layer="homes", driver="GPKG")
'''

PEER_COVERAGE = r'''
import sys, geopandas as gpd
from shapely.ops import unary_union
stops, area = sys.argv[1:3]
crs = "EPSG:32650"
s = gpd.read_file(stops).to_crs(crs)
a = gpd.read_file(area).to_crs(crs)
study = unary_union(list(a.geometry))
covered = unary_union(list(s.geometry.buffer(500, resolution=32))).intersection(study)
print(covered.area / study.area)
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--sizes", default="20000,200000,2000000")
    ap.add_argument("--formats", default="gpkg,geojson,fgb")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers-max", type=int, default=200000, help="largest city the peers run on")
    ap.add_argument("--work", default="/tmp/plan-commands-bench")
    a = ap.parse_args()
    plan = os.path.join(a.build, "plan")
    make_city = os.path.join(a.build, "bench", "make_city")
    for exe in (plan, make_city):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} is missing: build with -DPLAN_BUILD_BENCH=ON")
    os.makedirs(a.work, exist_ok=True)
    ext = {"gpkg": "gpkg", "geojson": "geojson", "fgb": "fgb"}
    rows = []

    def row(what, size, fmt, ours, peer=None):
        wall, mem, ph = ours
        phases = " ".join(f"{k}={v:.3f}" for k, v in ph.items())
        ratio = f"{peer[0] / wall:.1f}x" if peer else "-"
        peer_s = f"{peer[0]:.2f}" if peer else "-"
        rows.append((what, size, fmt, f"{wall:.3f}", f"{mem:.0f}", peer_s, ratio, phases))
        print(" | ".join(str(x) for x in rows[-1]), flush=True)

    print("command | homes | format | plan s | plan MB | peer s | peer/plan | plan phases (s)")
    start, _, _ = timed([plan, "--help"], max(a.runs, 5))
    row("plan --help", "-", "-", (start, 0, {}))
    for size in [int(s) for s in a.sizes.split(",")]:
        d = os.path.join(a.work, f"city-{size}")
        if not os.path.exists(os.path.join(d, "homes.gpkg")):
            subprocess.run([make_city, d, str(size)], check=True, stdout=subprocess.DEVNULL)
        for fmt in a.formats.split(","):
            if fmt != "gpkg":
                for name in ("streets", "facilities", "homes", "stops", "area"):
                    dst = os.path.join(d, f"{name}.{ext[fmt]}")
                    if not os.path.exists(dst):
                        subprocess.run(["ogr2ogr", dst, os.path.join(d, f"{name}.gpkg")], check=True)
            f = lambda n: os.path.join(d, f"{n}.{ext[fmt]}")
            out = os.path.join(d, "out.gpkg")
            clean = lambda: os.path.exists(out) and os.remove(out)
            reach = [plan, "reach", "--network", f("streets"), "--facilities", f("facilities"), "--homes",
                     f("homes"), "--within", "1000m", "--json", "--timings"]
            peer_on = size <= a.peers_max
            peer = timed([sys.executable, "-c", PEER_REACH, f("streets"), f("facilities"), f("homes"), "-"], 1) \
                if peer_on else None
            row("reach", size, fmt, timed(reach, a.runs), peer)
            peer = timed([sys.executable, "-c", PEER_REACH, f("streets"), f("facilities"), f("homes"), out], 1,
                         clean) if peer_on else None
            row("reach --out homes.gpkg", size, fmt, timed(reach + ["--out", out], a.runs, clean), peer)
            fgb, qml = os.path.join(d, "out.fgb"), os.path.join(d, "out.qml")  # a FlatGeobuf's style is beside it

            def clean_fgb():
                for p in (fgb, qml):
                    if os.path.exists(p):
                        os.remove(p)
            row("reach --out homes.fgb", size, fmt, timed(reach + ["--out", fgb], a.runs, clean_fgb))
            lc = [plan, "lifecircle", "--network", f("streets"), "--facilities", f("facilities"), "--category-field",
                  "category", "--homes", f("homes"), "--json", "--timings"]
            if size <= 200000:
                row("lifecircle", size, fmt, timed(lc, a.runs))
            if size == int(a.sizes.split(",")[0]):  # stops and area do not grow with the homes
                cov = [plan, "coverage", "--stops", f("stops"), "--area", f("area"), "--json", "--timings"]
                peer = timed([sys.executable, "-c", PEER_COVERAGE, f("stops"), f("area")], 1)
                row("coverage (12,000 stops)", "-", fmt, timed(cov, a.runs), peer)
                row("coverage --out", "-", fmt, timed(cov + ["--out", out], a.runs, clean))
                iso = [plan, "isochrone", "--network", f("streets"), "--at", "115.4748,35.2341", "--within",
                       "5min,10min,15min", "--json", "--timings"]
                row("isochrone (1 origin)", "-", fmt, timed(iso, a.runs))
    pbf = os.path.join(ROOT, "..", "shared", "data", "osm", "porto.osm.pbf")
    if os.path.exists(pbf):
        reach = [plan, "reach", "--network", pbf, "--facilities", pbf, "--category-field", "amenity", "--category",
                 "school", "--homes", pbf, "--homes-layer", "multipolygons", "--homes-where", "building IS NOT NULL",
                 "--within", "1000m", "--json", "--timings"]
        row("reach (Porto buildings)", "11396", "osm.pbf", timed(reach, a.runs))
    else:
        print("(no ../shared/data/osm/porto.osm.pbf: OSM row skipped)")


if __name__ == "__main__":
    main()
