#!/usr/bin/env bash
# The main job: installs what is missing, builds, and measures the built-in Heze example.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
demo=$root/data/heze/demo
mkdir -p "$root/out"
echo "== Indicator 11: central-city 500 m bus-stop coverage (SYNTHETIC demonstration city) =="
"$root/build/plan" coverage --stops "$demo/bus_stops.geojson" --area "$demo/central_city.geojson" \
  --exclusions "$demo/exclusions.geojson" --population "$demo/population.geojson" --population-field population \
  --out "$root/out/heze-coverage.gpkg" --overwrite
echo
echo "== Indicator 14: 15-minute life circles, walking along the streets (SYNTHETIC demonstration city) =="
"$root/build/plan" lifecircle --network "$demo/streets.geojson" --facilities "$demo/facilities.geojson" \
  --homes "$demo/homes.geojson" --population-field population --out "$root/out/heze-lifecircle.gpkg" --overwrite
echo
echo "== Indicator 16: community elderly-care floor area to standard, and the ten next centres (SYNTHETIC demonstration city) =="
"$root/build/plan" elderly-care --network "$demo/streets.geojson" --communities "$demo/communities.geojson" \
  --facilities "$demo/elderly_care.geojson" --count 10 --out "$root/out/heze-elderly-care.gpkg" --overwrite
cd "$root"  # relative paths, so the reports name data/heze rather than this machine's folders
echo
echo "== plan check: the structure of the Heze plan (1+7+22+N, axes, belt, barriers, networks) =="
build/plan check data/heze | tee out/heze-check.txt
build/plan check data/heze --json > out/heze-check.json
echo
echo "== plan report: the plan's 22 indicators for 2025 (indicators 9, 11, 14, 15 and 17 from the SYNTHETIC demonstration city) =="
for format in html md json; do
  build/plan report data/heze --year 2025 --out "out/heze-report.$format" --overwrite
done
