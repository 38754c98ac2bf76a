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
