#!/usr/bin/env bash
# Two builds of deflect side by side at national scale (issue #17: a
# refactoring must stay within 5 % of the program before it).
#
#   bench/compare.sh BEFORE [N]      N defaults to 100000
#
# BEFORE is either a deflect binary or a git revision; a revision is checked
# out under target/bench/rev-REV and built there (release, its own target
# folder, a few minutes). The program after is this checkout's release
# build. One hyperfine run times, for both programs one after the other:
#   find (cached)     deflect find detox --near "Central Station" --at …, a repeat run
#   find --no-cache   the same with --no-cache
#   validate          deflect validate
# with the floor (examples/floor.rs) for scale, and prints each row's median
# and the ratio after / before. Each program keeps its desk cache in its own
# folder, so that neither rebuilds the other's. Nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."

before=${1:?usage: bench/compare.sh BEFORE-BINARY-OR-REVISION [N]}
n=${2:-100000}
runs=${RUNS:-15}
out=$PWD/target/bench
mkdir -p "$out"

command -v hyperfine >/dev/null || { echo "error: hyperfine is needed: apt-get install hyperfine (or cargo install hyperfine)" >&2; exit 2; }

if [ ! -x "$before" ]; then
    rev=$(git rev-parse --short "$before")
    src=$out/rev-$rev
    [ -d "$src" ] || git worktree add --detach "$src" "$rev" >&2
    (cd "$src" && CARGO_TARGET_DIR=$out/target-$rev cargo build --release --quiet --bin deflect)
    before=$out/target-$rev/release/deflect
fi

cargo build --release --quiet --bin deflect --example floor --example gen_directory
after=target/release/deflect
floor=target/release/examples/floor

dir=$out/dir-$n
stamp=$(sha256sum examples/gen_directory.rs | cut -c1-16)
if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    target/release/examples/gen_directory "$n" "$dir"
    echo "$stamp" > "$dir/.stamp"
fi
rm -f "$dir/services/zz-changed.toml"

# No user config: the same on every machine.
export DEFLECT_CONFIG=$out/no-config.toml
: > "$DEFLECT_CONFIG"
unset DEFLECT_DIR

at=2026-12-01T03:00
q="'Central Station'"
cmds=()
for side in before after; do
    bin=${!side}
    cache=$out/cache-compare-$side
    mkdir -p "$cache"
    run="env XDG_CACHE_HOME=$cache $bin"
    # Warm each program's own cache.
    XDG_CACHE_HOME=$cache "$bin" --dir "$dir" find detox --near "Central Station" --at "$at" >/dev/null
    cmds+=(-n "find (cached), $side" "$run --dir $dir find detox --near $q --at $at")
    cmds+=(-n "find --no-cache, $side" "$run --no-cache --dir $dir find detox --near $q --at $at")
    cmds+=(-n "validate, $side" "$run --dir $dir validate")
done

echo "== N = $n, $runs runs each; before: $before, after: $after" >&2
hyperfine --shell=none --style basic --runs "$runs" --warmup 2 --ignore-failure \
    --export-json "$out/compare-$n.json" \
    -n floor "$floor $dir" "${cmds[@]}" > "$out/compare-$n.txt"

python3 - "$out/compare-$n.json" <<'EOF'
import json, statistics, sys
rows = {r["command"]: r["times"] for r in json.load(open(sys.argv[1]))["results"]}
ms = lambda name: statistics.median(rows[name]) * 1000
print(f"floor: {ms('floor'):.1f} ms (median)")
print(f"| command | before | after | after / before |")
print(f"|---|---:|---:|---:|")
for what in ("find (cached)", "find --no-cache", "validate"):
    b, a = ms(f"{what}, before"), ms(f"{what}, after")
    print(f"| {what} | {b:.1f} ms | {a:.1f} ms | {a / b:.3f} |")
EOF
