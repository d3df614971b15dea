#!/usr/bin/env bash
# The SAMHSA benchmark of issue #3 (docs/PERFORMANCE.md): a directory built
# from the real SAMHSA facility lists and US ZIP centroids in
# ../shared/fixtures (about 16,000 services, 33,000 postcode places), then,
# for a few ZIP codes across the country:
#   - `find treatment --near ZIP` must list the nearest facilities, checked
#     against an independent haversine computation over the CSV files
#     (bench/samhsa_check.py);
#   - the time of that find, first run (cache rebuilt), repeat run (cached)
#     and with --no-cache, as whole processes.
#
#   bench/samhsa.sh [ZIP ...]
#
# Skips with a note when ../shared/fixtures is absent. Exits 1 when a
# result is wrong; timings are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."

fixtures=$(cd .. && pwd)/shared/fixtures
if [ ! -f "$fixtures/samhsa/SAMHSA_Nationwide_Substance_Use_Treatment_Data.csv" ]; then
    echo "note: $fixtures is absent; skipping the SAMHSA benchmark" >&2
    exit 0
fi
zips=("$@")
[ ${#zips[@]} -gt 0 ] || zips=(60608 10001 99501 96813 59601 33130 87501 04401)

cargo build --release --quiet --bin deflect --example samhsa_directory
bin=$PWD/target/release/deflect
out=$PWD/target/bench
dir=$out/samhsa
mkdir -p "$out"
export XDG_CACHE_HOME=$out/cache
unset DEFLECT_DIR
export DEFLECT_CONFIG=$out/no-config.toml
: > "$DEFLECT_CONFIG"

target/release/examples/samhsa_directory "$fixtures" "$dir"
echo "directory: $(du -sh "$dir" | cut -f1) in $(find "$dir" -name '*.toml' | wc -l) files" >&2

# Correctness: the ten nearest, from deflect and from the CSV files.
status=0
for zip in "${zips[@]}"; do
    "$bin" --dir "$dir" find treatment --near "$zip" --limit 10 --format json > "$out/samhsa-$zip.json"
    python3 bench/samhsa_check.py "$fixtures" "$zip" "$out/samhsa-$zip.json" || status=1
done

# Timing, as whole processes.
zip=${zips[0]}
cmd="$bin --dir $dir find treatment --near $zip"
if command -v hyperfine >/dev/null; then
    hyperfine --shell=none --style basic --runs 10 --warmup 1 --export-json "$out/samhsa-times.json" \
        --prepare "sh -c 'echo \"# \$(date +%s%N)\" > $dir/zz-changed.toml'" -n "find (first run after a change)" "$cmd" \
        --prepare true -n "find (repeat run, cached)" "$cmd" \
        --prepare true -n "find --no-cache" "$bin --no-cache --dir $dir find treatment --near $zip" \
        > "$out/samhsa-hyperfine.txt"
    python3 - "$out/samhsa-times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']:<34} median {r['median'] * 1000:7.1f} ms   min {r['min'] * 1000:7.1f} ms   max {r['max'] * 1000:7.1f} ms")
PY
    rm -f "$dir/zz-changed.toml"
else
    for i in 1 2 3; do /usr/bin/time -f "find: %e s" $cmd > /dev/null; done
fi
exit $status
