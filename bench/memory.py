#!/usr/bin/python3
"""Memory benchmark: the peak resident memory of `plan reach` on generated cities of several sizes, and the
constants of the memory estimate (plan::MemoryModel in libplan/include/plan/memory.hpp) fitted to them.

    /usr/bin/python3 bench/memory.py [--build build] [--homes 100000,500000,1000000,2000000,5000000]
                                     [--radii 4000,8900,14000,20000] [--edge-homes 10000]
                                     [--work /tmp/plan-memory-bench] [--keep]

Two sweeps of bench/make_city's city (1,000 facilities, 12,000 stops): homes grow on the default streets
(radius 8,900 m, ≈100k edges), then the streets grow (the radius) with few homes. Every run is `plan reach
--json --timings --max-memory 1T` (a limit given makes the run count its inputs), without and with
`--out homes.gpkg`; the peak comes from wait4 (the kernel's maximum resident set size), the counts from
the estimate's own line on stderr (point features, network edges: consecutive vertex pairs of the street
lines, not line features). Least squares over the runs without --out give the base, bytes per point
feature and bytes per edge; the runs with --out give the bytes per home written. Then the same city's homes and streets as GeoJSON (bytes per byte of text) and the
OSM extracts of ../shared/data/osm (bytes per byte of .osm.pbf), when present. Prints the fitted
constants and a Markdown table: homes, edges, estimated and measured peak, and their ratio.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024


def run(cmd):
    """(peak RSS in bytes, wall seconds, stderr) of one process; exits on failure."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}\n{err[-3000:]}")
    return usage.ru_maxrss * 1024, time.perf_counter() - t, err


def counts(err):
    """The estimate line of --timings: point features, edges, homes written, estimate in bytes."""
    m = re.search(r"memory estimate: (.*?) -> ([\d.]+) MB", err)
    if not m:
        sys.exit("no 'memory estimate' line in:\n" + err)
    found = {k: 0 for k in ("point features", "network edges", "homes written")}
    for n, label in re.findall(r"([\d,]+) (point features|network edges|homes written)", m.group(1)):
        found[label] = int(n.replace(",", ""))
    return found["point features"], found["network edges"], found["homes written"], float(m.group(2)) * MB


def solve(rows):
    """Least squares for y = b0 + b1 x1 + b2 x2 (rows of (x1, x2, y)), by the normal equations."""
    a = [[0.0] * 4 for _ in range(3)]
    for x1, x2, y in rows:
        v = (1.0, float(x1), float(x2))
        for i in range(3):
            for j in range(3):
                a[i][j] += v[i] * v[j]
            a[i][3] += v[i] * y
    for c in range(3):  # Gauss-Jordan with partial pivoting
        p = max(range(c, 3), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        for r in range(3):
            if r != c:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [a[i][3] / a[i][i] for i in range(3)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--homes", default="100000,500000,1000000,2000000,5000000")
    ap.add_argument("--radii", default="4000,8900,14000,20000")
    ap.add_argument("--edge-homes", type=int, default=10000)
    ap.add_argument("--work", default="/tmp/plan-memory-bench")
    ap.add_argument("--keep", action="store_true", help="keep the generated cities")
    a = ap.parse_args()
    plan = os.path.join(a.build, "plan")
    make_city = os.path.join(a.build, "bench", "make_city")
    for exe in (plan, make_city):
        if not os.path.exists(exe):
            sys.exit(f"{exe} is missing: build with -DPLAN_BUILD_BENCH=ON (targets plan_cli, make_city)")
    if len(a.radii.split(",")) + len(a.homes.split(",")) < 3:
        sys.exit("give at least three runs without --out (radii and home counts together) for the three constants")
    os.makedirs(a.work, exist_ok=True)

    def city(homes, radius):
        d = os.path.join(a.work, f"city-{homes}-{radius}")
        if not os.path.exists(os.path.join(d, "area.gpkg")):
            t = time.perf_counter()
            subprocess.run([make_city, d, str(homes), str(radius)], check=True, stdout=subprocess.DEVNULL)
            print(f"# generated {d} in {time.perf_counter() - t:.0f} s", flush=True)
        return d

    def reach(d, out, homes_file="homes.gpkg", streets_file="streets.gpkg"):
        cmd = [plan, "reach", "--network", os.path.join(d, streets_file), "--facilities",
               os.path.join(d, "facilities.gpkg"), "--homes", os.path.join(d, homes_file), "--within", "1000m",
               "--json", "--timings", "--max-memory", "1T"]
        if out:
            cmd += ["--out", os.path.join(a.work, "out.gpkg"), "--overwrite"]
        peak, wall, err = run(cmd)
        pts, edges, written, est = counts(err)
        print(f"# reach {os.path.basename(d)} {homes_file}{' --out' if out else ''}: {pts} points, {edges} edges,"
              f" peak {peak / MB:.0f} MB, {wall:.1f} s", flush=True)
        return {"homes": pts - 1000, "points": pts, "edges": edges, "out": out, "peak": peak, "cli_est": est,
                "wall": wall}

    runs = []
    for r in [int(x) for x in a.radii.split(",") if x]:
        runs.append(reach(city(a.edge_homes, r), False))
    for h in [int(x) for x in a.homes.split(",") if x]:
        d = city(h, 8900)
        runs.append(reach(d, False))
        runs.append(reach(d, True))
        if not a.keep and h >= 1000000:
            shutil.rmtree(d)

    base, per_point, per_edge = solve([(r["points"], r["edges"], r["peak"]) for r in runs if not r["out"]])
    plain = {(r["points"], r["edges"]): r["peak"] for r in runs if not r["out"]}
    extra = [(r["points"] - 1000, r["peak"] - plain[(r["points"], r["edges"])]) for r in runs if r["out"]]
    per_out = sum(h * d for h, d in extra) / sum(h * h for h, _ in extra) if extra else 0.0

    def model(r):
        return base + per_point * r["points"] + per_edge * r["edges"] + (per_out * r["homes"] if r["out"] else 0)

    # Text and OSM inputs: sized by their files.
    text_ratio = osm_ratio = None
    small = city(min(int(x) for x in a.homes.split(",")), 8900)
    if shutil.which("ogr2ogr"):
        for name in ("homes", "streets"):
            gj = os.path.join(small, name + ".geojson")
            if not os.path.exists(gj):
                subprocess.run(["ogr2ogr", "-f", "GeoJSON", gj, os.path.join(small, name + ".gpkg")], check=True)
        r = reach(small, False, "homes.geojson", "streets.geojson")
        text_bytes = sum(os.path.getsize(os.path.join(small, n + ".geojson")) for n in ("homes", "streets"))
        text_ratio = (r["peak"] - base - per_point * 1000) / text_bytes
        print(f"# GeoJSON: {text_bytes / MB:.0f} MB of text, peak {r['peak'] / MB:.0f} MB: "
              f"{text_ratio:.2f} bytes per byte", flush=True)
    osm_dir = os.path.join(ROOT, "..", "shared", "data", "osm")
    ratios = []
    for f in sorted(os.listdir(osm_dir)) if os.path.isdir(osm_dir) else []:
        if not f.endswith(".osm.pbf"):
            continue
        pbf = os.path.join(osm_dir, f)
        peak, _, err = run([plan, "reach", "--network", pbf, "--facilities", pbf, "--category-field", "amenity",
                            "--homes", pbf, "--homes-layer", "multipolygons", "--homes-where",
                            "building IS NOT NULL", "--json", "--timings", "--max-memory", "1T"])
        ratio = (peak - base) / (3 * os.path.getsize(pbf))  # the file is named by three inputs
        if os.path.getsize(pbf) >= 512 * 1024:  # smaller extracts show the OSM driver's fixed buffers
            ratios.append(ratio)
        print(f"# {f}: {os.path.getsize(pbf) / MB:.1f} MB, peak {peak / MB:.0f} MB: {ratio:.1f} bytes per byte "
              f"per input", flush=True)
    osm_ratio = max(ratios) if ratios else None

    print("\nfitted constants (plan::MemoryModel):")
    print(f"  base_bytes          {base / MB:.1f} MB")
    print(f"  bytes_per_point     {per_point:.0f}")
    print(f"  bytes_per_home_out  {per_out:.0f}")
    print(f"  bytes_per_edge      {per_edge:.0f}")
    if text_ratio is not None:
        print(f"  bytes_per_text_byte {text_ratio:.2f}")
    if osm_ratio is not None:
        print(f"  bytes_per_osm_byte  {osm_ratio:.1f} (largest over the {len(ratios)} extracts of 0.5 MB or more)")
    print("\n| homes | edges | --out | estimated MB (fit) | estimated MB (plan) | measured MB | measured ÷ fit | wall s |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in runs:
        print(f"| {r['homes']:,} | {r['edges']:,} | {'yes' if r['out'] else 'no'} | {model(r) / MB:.0f} | "
              f"{r['cli_est'] / MB:.0f} | {r['peak'] / MB:.0f} | {r['peak'] / model(r):.2f} | {r['wall']:.1f} |")
    if not a.keep:
        shutil.rmtree(a.work, ignore_errors=True)


if __name__ == "__main__":
    main()
