#!/usr/bin/env bash
# Bad inputs made at test time, fed to every command that reads files: a truncated GeoPackage, GeoJSON
# with NaN, Infinity and 1e999 coordinates, a layer of the wrong geometry kind (polygons as stops, points
# as an area), an empty file, a directory given as a file, a missing layer name and a file that cannot be
# read. Each run must:
#   - exit with 1 (bad data) or 2 (bad usage), never 0, a signal or anything else;
#   - say which file (its path appears in the message);
#   - leave every input byte-identical (sha256 before and after);
#   - leave an existing --out byte-identical, with and without --overwrite, and no partial file beside it.
# Usage: tests/bad_inputs.sh PATH/TO/plan [--no-output-variants]
#   (ctest runs it as BadInputs.EveryCommandRefusesEveryBadInput)
# About 390 runs of plan on small inputs: a minute. --no-output-variants leaves out the reruns with an
# existing --out (kept, then --overwrite), which repeat the same reading to check the files: the sanitizer
# build passes it, where every run costs several times more and those reruns add no new code path.
set -uo pipefail
plan=${1:?usage: bad_inputs.sh PATH/TO/plan [--no-output-variants]}
output_variants=yes
[[ ${2:-} == --no-output-variants ]] && output_variants=no
plan=$(cd "$(dirname "$plan")" && pwd)/$(basename "$plan")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1

fail=0
runs=0
problem() {
  echo "FAIL: $*" >&2
  fail=$((fail + 1))
}

# --- Good inputs: a small generated province (one GeoPackage, six layers) and a copy of the Heze plan ---
"$plan" demo-data --province --homes 1500 --homes-per-km2 600 --county-size 5km --out good.gpkg >/dev/null ||
  { echo "cannot generate the inputs" >&2; exit 1; }
cp -r "$root/data/heze" heze
mv heze/demo demo  # the plan alone; the demonstration city serves elderly-care

# --- Bad inputs -------------------------------------------------------------------------------------
size=$(stat -c %s good.gpkg)
head -c $((size / 2)) good.gpkg >truncated.gpkg
: >empty.gpkg
: >empty.geojson
mkdir folder.gpkg
cp good.gpkg unreadable.gpkg
chmod 000 unreadable.gpkg
point='{"type":"Feature","properties":{"category":"clinic","tier":3,"name":"a"},"geometry":{"type":"Point","coordinates":[%s]}}'
line='{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[117.0,36.4],[%s]]}}'
poly='{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[117.0,36.4],[117.01,36.4],[%s],[117.0,36.4]]]}}'
for kind in point line poly; do
  {
    printf '{"type":"FeatureCollection","features":['
    printf "${!kind}," "117.001,36.401"
    printf "${!kind}," "NaN,36.4"
    printf "${!kind}," "117.0,Infinity"
    printf "${!kind}" "1e999,36.4"
    printf ']}\n'
  } >"nan_$kind.geojson"
done
polygons='{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[117.0,36.4],[117.01,36.4],[117.01,36.41],[117.0,36.4]]]}}]}'
echo "$polygons" >polygons.geojson
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[117.0,36.4]}}]}' >points.geojson
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[117.0,36.4],[117.01,36.4]]}}]}' >lines.geojson
# Good settlements for roads connect (points with tiers; the province's settlements are outlines).
echo '{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"c","tier":1,"county":"a"},"geometry":{"type":"Point","coordinates":[117.0,36.4]}},
{"type":"Feature","properties":{"name":"t","tier":3,"county":"a"},"geometry":{"type":"Point","coordinates":[117.02,36.41]}}]}' >settlements.geojson
# A plan folder whose layer has a NaN coordinate. (A folder without plan.json is a plan of layers alone,
# loaded with a warning: not a bad input.)
cp -r heze heze_nan
layer=$(ls heze_nan/*.geojson | head -1)
python3 - "$layer" <<'EOF'
import json, sys
path = sys.argv[1]
text = open(path).read()
doc = json.loads(text)
def first_position(c):
    while isinstance(c[0], list):
        c = c[0]
    return c
g = doc["features"][0]["geometry"]
first_position(g["coordinates"])[0] = float("nan")
open(path, "w").write(json.dumps(doc))  # json writes NaN
EOF

inputs=(good.gpkg truncated.gpkg empty.gpkg empty.geojson unreadable.gpkg nan_point.geojson nan_line.geojson
  nan_poly.geojson polygons.geojson points.geojson lines.geojson settlements.geojson)
checksums() {
  (chmod u+r unreadable.gpkg && sha256sum "${inputs[@]}" && find heze heze_nan demo -type f -print0 |
    sort -z | xargs -0 sha256sum && chmod 000 unreadable.gpkg)
}
before=$(checksums)

# Runs `plan ARGS...` where $bad is the bad file; checks the exit code, the message and the files.
# OUT: "" (no --out), "out" (runs it again twice: with an existing --out, without and with --overwrite) or
# "required" (the same, and the first run writes to a new --out, which must not appear).
check_run() {
  local bad=$1 out=$2
  shift 2
  local prefix=()
  if [[ $bad == unreadable.gpkg && $(id -u) == 0 ]]; then
    # root reads a mode-000 file: drop the capabilities that let it (without setpriv, skip this case)
    command -v setpriv >/dev/null || return 0
    prefix=(setpriv --bounding-set=-dac_override,-dac_read_search)
  fi
  local variants=(none)
  [[ -n $out && $output_variants == yes ]] && variants+=(keep overwrite)
  rm -f fresh.gpkg
  for v in "${variants[@]}"; do
    local args=("$@")
    rm -f existing.gpkg .existing.*
    case $v in
      none) [[ $out == required ]] && args+=(--out fresh.gpkg) ;;
      keep) cp good.gpkg existing.gpkg; args+=(--out existing.gpkg) ;;
      overwrite) cp good.gpkg existing.gpkg; args+=(--out existing.gpkg --overwrite) ;;
    esac
    local want_out=""
    [[ $v != none ]] && want_out=$(sha256sum <existing.gpkg)
    timeout 120 "${prefix[@]}" "$plan" "${args[@]}" >stdout.txt 2>stderr.txt
    local code=$?
    cat stdout.txt >>stderr.txt  # check prints its findings on stdout
    runs=$((runs + 1))
    local what="plan ${args[*]}"
    if [[ $code != 1 && $code != 2 ]]; then
      problem "$what: exit code $code (want 1 or 2): $(head -c 400 stderr.txt)"
    elif [[ $v == keep ]]; then  # refused for the input or for the output that exists
      grep -qF -e "existing.gpkg" -e "$bad" stderr.txt ||
        problem "$what: the message names neither $bad nor the output: $(head -c 400 stderr.txt)"
    elif ! grep -qF "$bad" stderr.txt; then
      problem "$what: the message does not name $bad: $(head -c 400 stderr.txt)"
    fi
    if [[ $v != none ]]; then
      [[ $(sha256sum <existing.gpkg) == "$want_out" ]] || problem "$what: the existing output changed"
      ls -a | grep -q '^\.existing\.' && problem "$what: a partial output was left: $(ls -a | grep '^\.existing')"
    fi
  done
  [[ -e fresh.gpkg ]] && problem "plan $*: wrote its output"
  rm -f existing.gpkg fresh.gpkg
}

# A command with its good inputs, one of them (SLOT, of kind point/line/polygon) replaced by each bad
# input in turn. Good inputs are layers of good.gpkg: "--NAME good.gpkg --NAME-layer LAYER".
declare -A layer_of=([stops]=bus_stops [area]=counties [network]=streets [streets]=streets [roads]=streets
  [facilities]=facilities [homes]=homes [from]=facilities [settlements]="" [candidates]=facilities)
declare -A file_of=([settlements]=settlements.geojson)
run_slot() {
  local slot=$1 kind=$2 out=$3
  shift 3
  local base=("$@")  # the command and its own options
  local names=()
  for a in "${base[@]}"; do [[ $a == @* ]] && names+=("${a#@}"); done
  build() {  # build SLOT_FILE SLOT_LAYER(optional)
    local file=$1 layer=$2 cmd=()
    for a in "${base[@]}"; do
      if [[ $a == @* ]]; then
        local n=${a#@}
        if [[ $n == "$slot" ]]; then
          cmd+=("--$n" "$file")
          [[ -n $layer ]] && cmd+=("--$n-layer" "$layer")
        else
          cmd+=("--$n" "${file_of[$n]:-good.gpkg}")
          [[ -n ${layer_of[$n]} ]] && cmd+=("--$n-layer" "${layer_of[$n]}")
        fi
      else
        cmd+=("$a")
      fi
    done
    printf '%s\n' "${cmd[@]}"
  }
  # KIND: point (points only), place (points or polygons, e.g. buildings as homes), line, polygon.
  local wrong=polygons.geojson nan=nan_point.geojson
  [[ $kind == place ]] && wrong=lines.geojson
  [[ $kind == polygon ]] && wrong=points.geojson nan=nan_poly.geojson
  [[ $kind == line ]] && nan=nan_line.geojson
  local -a cases=("truncated.gpkg ${layer_of[$slot]:-settlements}" "empty.gpkg" "empty.geojson" "folder.gpkg"
    "unreadable.gpkg ${layer_of[$slot]:-settlements}" "$nan" "$wrong" "good.gpkg no_such_layer")
  for c in "${cases[@]}"; do
    read -r file layer <<<"$c"
    mapfile -t cmd < <(build "$file" "$layer")
    local name=$file
    [[ $layer == no_such_layer ]] && name=no_such_layer
    # The output checks (existing --out kept, with and without --overwrite) for a file that fails while
    # opening and one that fails part-way through reading; the other cases only without --out.
    local o=$out
    [[ $o == out && $file != truncated.gpkg && $file != "$nan" ]] && o=""
    check_run "$name" "$o" "${cmd[@]}"
  done
}

run_slot stops point out coverage @stops @area
run_slot area polygon out coverage @stops @area
for s in network:line facilities:place homes:place; do
  run_slot "${s%%:*}" "${s#*:}" out reach @network @facilities @homes --within 1000m
  run_slot "${s%%:*}" "${s#*:}" out lifecircle @network @facilities @homes
done
for s in network:line facilities:point homes:point; do
  run_slot "${s%%:*}" "${s#*:}" required tile reach @network @facilities @homes --within 500m --tile-size 5km
done
run_slot network line out isochrone @network @from --within 500m
run_slot from place out isochrone @network @from --within 500m
for s in stops:point area:polygon streets:line; do
  run_slot "${s%%:*}" "${s#*:}" out suggest-stops @stops @area @streets --count 2
done
for s in network:line homes:place; do
  run_slot "${s%%:*}" "${s#*:}" out suggest-facilities @network @homes --category clinic --within 500m --count 2
done
# elderly-care needs households and floor areas, which the province lacks: the Heze demonstration's files.
declare -A saved_file_of saved_layer_of
for n in network communities facilities; do
  saved_file_of[$n]=${file_of[$n]:-} saved_layer_of[$n]=${layer_of[$n]:-}
done
file_of[network]=demo/streets.geojson file_of[communities]=demo/communities.geojson
file_of[facilities]=demo/elderly_care.geojson
layer_of[network]="" layer_of[communities]="" layer_of[facilities]=""
for s in network:line communities:place facilities:place; do
  run_slot "${s%%:*}" "${s#*:}" out elderly-care @network @communities @facilities
done
for n in network communities facilities; do
  file_of[$n]=${saved_file_of[$n]} layer_of[$n]=${saved_layer_of[$n]}
  [[ -z ${file_of[$n]} ]] && unset "file_of[$n]"
done
run_slot homes point required tile coverage @homes @stops --tile-size 5km
run_slot stops point required tile coverage @homes @stops --tile-size 5km
run_slot roads line "" roads density @roads @area --uniform-class 支路
run_slot area polygon "" roads density @roads @area --uniform-class 支路
run_slot roads line "" roads connect @roads @settlements
run_slot settlements point "" roads connect @roads @settlements

# The plan commands: a truncated, empty, unreadable GeoPackage, a folder given as .gpkg, an empty file, a
# plan folder with a NaN coordinate; convert must write nothing.
for bad in truncated.gpkg empty.gpkg unreadable.gpkg folder.gpkg heze_nan empty.geojson; do
  check_run "$bad" "" check "$bad"
  check_run "$bad" "" report "$bad"
  check_run "$bad" "" convert "$bad" converted.gpkg
  [[ -e converted.gpkg ]] && problem "convert $bad: wrote converted.gpkg"
  rm -f converted.gpkg
done

after=$(checksums)
[[ $before == "$after" ]] || { problem "an input changed:"; diff <(echo "$before") <(echo "$after") >&2; }
echo "bad inputs: $runs runs, $fail failures"
[[ $fail == 0 ]]
