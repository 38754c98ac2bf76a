#!/usr/bin/env bash
# Installs the Debian 12 packages libplan needs, skipping those already present. Run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgdal-dev libgeos-dev libproj-dev nlohmann-json3-dev libsqlite3-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri xvfb xauth fonts-wqy-microhei libstb-dev libcli11-dev
  clang-14 libfuzzer-14-dev libclang-rt-14-dev clang-format-14  # scripts/fuzz.sh, scripts/format.sh
  python3 python3-dev pybind11-dev python3-numpy python3-geopandas python3-shapely python3-pytest
  qgis python3-qgis qgis-providers
  python3-distributed python3-dask python3-gdal
  python3-networkx  # bench/python/peer_reach.py (the GeoPandas + networkx comparison)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
