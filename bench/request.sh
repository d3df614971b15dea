#!/usr/bin/env bash
# What reading a plain-words request costs `find` at national scale
# (issue #14, docs/PERFORMANCE.md).
#
#   bench/request.sh [N]        default: 100000
#
# Uses the synthetic directory of bench/run.sh (written under target/bench/
# when missing) and times, side by side in one hyperfine run, the same
# search asked two ways:
#   flags   deflect find detox --substance alcohol --age 17 --lang es
#           --near "Central Station" --at 2026-12-01T03:00
#   words   deflect find detox for alcohol 17 year old spanish
#           near central station --at 2026-12-01T03:00
# each from the cache (a repeat run) and with --no-cache, and prints the
# medians and the difference. It also prints the "read request" phase of
# one run of each (DEFLECT_TIMINGS). Nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-100000}
command -v hyperfine >/dev/null || { echo "error: hyperfine is needed (bench/run.sh installs it)" >&2; exit 2; }
cargo build --release --quiet --bin deflect --example gen_directory
bin=target/release/deflect
out=$PWD/target/bench
dir=$out/dir-$n
mkdir -p "$out"
stamp=$(sha256sum examples/gen_directory.rs | cut -c1-16)
if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    target/release/examples/gen_directory "$n" "$dir"
    echo "$stamp" > "$dir/.stamp"
fi
export XDG_CACHE_HOME=$out/cache
unset DEFLECT_DIR
export DEFLECT_CONFIG=$out/no-config.toml
: > "$DEFLECT_CONFIG"

at=2026-12-01T03:00
flags="$bin --dir $dir find detox --substance alcohol --age 17 --lang es --near 'Central Station' --at $at"
words="$bin --dir $dir find detox for alcohol 17 year old spanish near central station --at $at"
runs=${RUNS:-20}

echo "== N = $n, $runs runs each" >&2
hyperfine --style basic --runs "$runs" --warmup 2 --ignore-failure \
    --export-json "$out/request-$n.json" \
    -n "flags (cached)" "$flags" \
    -n "words (cached)" "$words" \
    -n "flags --no-cache" "$flags --no-cache" \
    -n "words --no-cache" "$words --no-cache" >&2

python3 - "$out/request-$n.json" <<'EOF'
import json, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def median(name):
    return statistics.median(results[name]["times"]) * 1000
print(f"{'':<20}{'median':>10}")
for name in results:
    print(f"{name:<20}{median(name):>8.1f} ms")
for how in ["(cached)", "--no-cache"]:
    diff = median(f"words {how}") - median(f"flags {how}")
    print(f"words - flags {how}: {diff:+.1f} ms")
EOF

for how in "$flags" "$words"; do
    echo "-- $(echo "$how" | cut -c1-60)…" >&2
    sh -c "DEFLECT_TIMINGS=1 $how" 2>&1 >/dev/null | grep -E 'read request|load desk' >&2 || true
done
