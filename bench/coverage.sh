#!/usr/bin/env bash
# The coverage benchmark of issue #16 (docs/PERFORMANCE.md, "Coverage").
#
#   bench/coverage.sh [N ...]        default: 100000
#
# For each N it uses the synthetic directory of bench/run.sh (written by
# examples/gen_directory.rs, seed 6, under target/bench/dir-N: 200 places,
# 50 of them stations), and times, as whole processes and side by side in
# one hyperfine run:
#   floor                   read every .toml file and parse it into a
#                           toml::Table, in one thread (examples/floor.rs)
#   coverage (cached)       deflect coverage --week-of 2026-12-02: every
#                           group and category at every station, a repeat
#                           run (the desk cache is warm)
#   coverage --no-cache     the same, reading the files
#   coverage html (cached)  the same as printable pages (--format html)
# and prints the medians, the ratio of each to the floor, and the peak
# memory of one run of each (/usr/bin/time -v). Nothing is asserted.
#
# The cache is kept under target/bench/cache (XDG_CACHE_HOME), never in the
# user's own cache folder. Set RUNS to change the number of timed runs.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)

command -v hyperfine >/dev/null || { echo "error: hyperfine is needed: apt-get install hyperfine (bench/run.sh installs it)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is needed for peak memory: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --bin deflect --example floor --example gen_directory
bin=target/release/deflect
floor=target/release/examples/floor
gen=target/release/examples/gen_directory

out=$PWD/target/bench/coverage
mkdir -p "$out"
export XDG_CACHE_HOME=$PWD/target/bench/cache
unset DEFLECT_DIR DEFLECT_CONFIG DEFLECT_NOW
export DEFLECT_CONFIG=$out/no-config.toml
: > "$DEFLECT_CONFIG"

week=2026-12-02

for n in "${sizes[@]}"; do
    dir=$PWD/target/bench/dir-$n
    stamp=$(sha256sum examples/gen_directory.rs | cut -c1-16)
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$dir"
        "$gen" "$n" "$dir"
        echo "$stamp" > "$dir/.stamp"
    fi
    # Coverage exits 1 when a need has no open time somewhere: expected.
    cover="$bin --dir $dir coverage --week-of $week"
    "$bin" --dir "$dir" coverage --week-of "$week" > "$out/coverage-$n.txt" 2>/dev/null || true
    runs=${RUNS:-10}
    echo "== N = $n: $(grep -c 'kind = "station"' "$dir/directory.toml") stations, $runs runs each" >&2
    hyperfine --shell=none --style basic --runs "$runs" --warmup 1 --ignore-failure \
        --export-json "$out/times-$n.json" \
        -n floor "$floor $dir" \
        -n "coverage (cached)" "$cover" \
        -n "coverage --no-cache" "$bin --no-cache --dir $dir coverage --week-of $week" \
        -n "coverage html (cached)" "$cover --format html" \
        > "$out/hyperfine-$n.txt"

    mem=$out/memory-$n.txt
    : > "$mem"
    peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
    echo "floor $(peak "$floor" "$dir")" >> "$mem"
    echo "coverage (cached) $(peak "$bin" --dir "$dir" coverage --week-of "$week")" >> "$mem"
    echo "coverage --no-cache $(peak "$bin" --no-cache --dir "$dir" coverage --week-of "$week")" >> "$mem"
    echo "coverage html (cached) $(peak "$bin" --dir "$dir" coverage --week-of "$week" --format html)" >> "$mem"
done

python3 bench/summarize.py "$out" "${sizes[@]}"
