#!/usr/bin/python3
"""Scale-out benchmark: a synthetic province, reach within a threshold in one process (`plan reach`) and
tiled on Dask (libplan.distributed) with 1 and 2 workers and several tile sizes; checks that every run
equals the single-process one home by home and prints time, peak memory per worker and the halo's cost.

    /usr/bin/python3 bench/scaleout.py [--homes 2000000] [--tile-sizes 10km,20km,40km] [--workers 1,2]
                                       [--dir /tmp/scaleout] [--keep]
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAN = os.environ.get("PLAN_BIN", os.path.join(ROOT, "build", "plan"))
THRESHOLD_M = 1000


def timed(cmd):
    """Runs cmd under /usr/bin/time -v: (seconds, peak RSS in MB, stdout)."""
    t = time.time()
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    rss = [line for line in r.stderr.splitlines() if "Maximum resident set size" in line]
    return time.time() - t, int(rss[0].split()[-1]) / 1024 if rss else float("nan"), r.stdout


def count(path, layer):
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT count(*) FROM "{layer}"').fetchone()[0]


def differences(single, tiled):
    """Homes whose tiled result differs from the single-process one (distances capped at the threshold)."""
    with sqlite3.connect(tiled) as db:
        db.execute("ATTACH DATABASE ? AS s", (single,))
        n_tiled = db.execute("SELECT count(*) FROM homes").fetchone()[0]
        n_single = db.execute("SELECT count(*) FROM s.homes").fetchone()[0]
        n_ids = db.execute("SELECT count(DISTINCT home_id) FROM homes").fetchone()[0]
        diff = db.execute(f"""
            SELECT count(*) FROM s.homes a LEFT JOIN homes b ON b.home_id = a.fid
            WHERE b.home_id IS NULL
               OR (CASE WHEN a.distance_m <= {THRESHOLD_M} THEN a.distance_m END) IS NOT b.distance_m
               OR (CASE WHEN a.distance_m <= {THRESHOLD_M} THEN a.facility_id END) IS NOT b.facility_id
               OR a.covered IS NOT b.covered OR a.snap_m IS NOT b.snap_m""").fetchone()[0]
        sums = db.execute("SELECT sum(covered), sum(population), sum(covered * population) FROM homes").fetchone()
        ssums = db.execute("SELECT sum(covered), sum(population), sum(covered * population) FROM s.homes").fetchone()
    return {"homes_single": n_single, "homes_tiled": n_tiled, "distinct_ids": n_ids, "differing_homes": diff,
            "totals_equal": tuple(sums) == tuple(ssums), "covered": sums[0], "population_covered": sums[2]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--homes", type=int, default=2_000_000)
    p.add_argument("--tile-sizes", default="10km,20km,40km")
    p.add_argument("--workers", default="1,2")
    p.add_argument("--dir", default="/tmp/scaleout")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--reuse-single", action="store_true", help="keep DIR/single.gpkg from an earlier run")
    o = p.parse_args()
    os.makedirs(o.dir, exist_ok=True)
    prov = os.path.join(o.dir, f"province-{o.homes}.gpkg")
    if not os.path.exists(prov):
        s, rss, out = timed([PLAN, "demo-data", "--province", "--homes", str(o.homes), "--out", prov])
        print(f"generated in {s:.1f} s (peak {rss:.0f} MB): {out.strip()}")
    lines, facilities = count(prov, "streets"), count(prov, "facilities")
    args = ["--network", prov, "--network-layer", "streets", "--facilities", prov, "--facilities-layer", "facilities",
            "--category-field", "category", "--category", "primary_school", "--homes", prov, "--homes-layer", "homes",
            "--population-field", "population", "--within", f"{THRESHOLD_M}m"]

    single = os.path.join(o.dir, "single.gpkg")
    results = []
    if os.path.exists(single) and o.reuse_single:
        print(f"single process: reusing {single}")
    else:
        s, rss, _ = timed([PLAN, "reach", *args, "--out", single, "--overwrite"])
        print(f"single process `plan reach`: {s:.1f} s, peak {rss:.0f} MB")
        results.append({"run": "single", "seconds": round(s, 1), "peak_rss_mb": round(rss)})
    for size in o.tile_sizes.split(","):
        for workers in [int(w) for w in o.workers.split(",")]:
            out = os.path.join(o.dir, f"tiled-{size}-{workers}.gpkg")
            # The module's file itself, so that the benchmark needs no built Python package.
            cmd = ["/usr/bin/python3", os.path.join(ROOT, "python", "libplan", "distributed.py"), "reach", *args, "--tile-size", size,
                   "--workers", str(workers), "--plan", PLAN, "--out", out, "--overwrite", "--json"]
            t = time.time()
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(r.stderr[-3000:])
            seconds = time.time() - t
            j = json.loads(r.stdout)
            d = differences(single, out)
            row = {"run": f"dask {workers} worker(s), tiles {size}", "tiles": j["tiles"], "seconds": round(seconds, 1),
                   "merge_seconds": j.get("merge_seconds"),
                   "peak_rss_mb_per_worker": max(j["peak_rss_mb_per_worker"].values()),
                   "network_read_x": round(j["network_lines_read"] / lines, 2),
                   "facilities_read_x": round(j["facilities_read"] / facilities, 2), **d}
            results.append(row)
            print(json.dumps(row))
            if not o.keep:
                os.unlink(out)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
