#!/usr/bin/env bash
# The national-scale benchmark of issue #6 (docs/PERFORMANCE.md).
#
#   bench/run.sh [N ...]        default: 1000 10000 100000
#
# For each N it writes a synthetic directory of N services (examples/
# gen_directory.rs, seed 6) under target/bench/, then times, as whole
# processes and side by side in one hyperfine run:
#   floor             read every .toml file and parse it into a toml::Table,
#                     in one thread (examples/floor.rs)
#   find (cached)     deflect find detox --near "Central Station" --at …,
#                     on a repeat run
#   find (rebuilt)    the same, the first run after a file changed (a
#                     comment-only file is rewritten before each run)
#   find --no-cache   the same with --no-cache
#   validate          deflect validate
#   validate --format json   the same, the JSON report
# and prints the medians, the ratio of each to the floor, and the peak
# memory of one run of each (/usr/bin/time -v). Nothing is asserted.
#
# The cache is kept under target/bench/cache (XDG_CACHE_HOME), never in the
# user's own cache folder. Set RUNS to change the number of timed runs.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing hyperfine (Debian package)" >&2
        apt-get install -y -qq hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
    else
        echo "error: hyperfine is needed: apt-get install hyperfine (or cargo install hyperfine)" >&2
        exit 2
    fi
fi
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is needed for peak memory: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --bin deflect --example floor --example gen_directory
bin=target/release/deflect
floor=target/release/examples/floor
gen=target/release/examples/gen_directory

out=$PWD/target/bench
mkdir -p "$out"
export XDG_CACHE_HOME=$out/cache
unset DEFLECT_DIR DEFLECT_CONFIG
# No user config: the benchmark is the same on every machine.
export DEFLECT_CONFIG=$out/no-config.toml
: > "$DEFLECT_CONFIG"

at=2026-12-01T03:00
near="Central Station"

for n in "${sizes[@]}"; do
    dir=$out/dir-$n
    # Regenerate when missing or written by another generator.
    stamp=$(sha256sum examples/gen_directory.rs | cut -c1-16)
    if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$dir"
        "$gen" "$n" "$dir"
        echo "$stamp" > "$dir/.stamp"
    fi
    touchfile=$dir/services/zz-changed.toml
    echo "# rewritten before each 'find (rebuilt)' run" > "$touchfile"
    find_args=(--dir "$dir" find detox --near "$near" --at "$at")
    q="'$near'"
    find_cmd="$bin --dir $dir find detox --near $q --at $at"

    runs=${RUNS:-}
    if [ -z "$runs" ]; then
        if [ "$n" -ge 100000 ]; then runs=10; elif [ "$n" -ge 10000 ]; then runs=20; else runs=40; fi
    fi
    echo "== N = $n ($(du -sh "$dir" | cut -f1) of TOML, $(find "$dir" -name '*.toml' | wc -l) files), $runs runs each" >&2
    hyperfine --shell=none --style basic --runs "$runs" --warmup 1 --ignore-failure \
        --export-json "$out/times-$n.json" \
        --prepare 'true' -n floor "$floor $dir" \
        --prepare 'true' -n "find (cached)" "$find_cmd" \
        --prepare "sh -c 'echo \"# \$(date +%s%N)\" > $touchfile'" -n "find (rebuilt)" "$find_cmd" \
        --prepare 'true' -n "find --no-cache" "$bin --no-cache --dir $dir find detox --near $q --at $at" \
        --prepare 'true' -n validate "$bin --dir $dir validate" \
        --prepare 'true' -n "validate --format json" "$bin --dir $dir validate --format json" \
        > "$out/hyperfine-$n.txt"

    # Peak memory of one run each, in the state each row describes.
    mem=$out/memory-$n.txt
    : > "$mem"
    peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
    echo "floor $(peak "$floor" "$dir")" >> "$mem"
    "$bin" "${find_args[@]}" >/dev/null 2>&1 || true
    echo "find (cached) $(peak "$bin" "${find_args[@]}")" >> "$mem"
    echo "# $(date +%s%N)" > "$touchfile"
    echo "find (rebuilt) $(peak "$bin" "${find_args[@]}")" >> "$mem"
    echo "find --no-cache $(peak "$bin" --no-cache "${find_args[@]}")" >> "$mem"
    echo "validate $(peak "$bin" --dir "$dir" validate)" >> "$mem"
    echo "validate --format json $(peak "$bin" --dir "$dir" validate --format json)" >> "$mem"
done

python3 bench/summarize.py "$out" "${sizes[@]}"
