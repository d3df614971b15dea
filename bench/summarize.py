"""Prints the table of bench/run.sh: medians, ratios to the floor and peak
memory, from the hyperfine JSON and /usr/bin/time figures it wrote.

    python3 bench/summarize.py OUT_DIR N [N ...]
"""

import json
import os
import platform
import subprocess
import sys

TARGETS = {
    # row: (ratio to floor at 100,000, peak MiB at 100,000)
    "find (cached)": (0.10, 250),
    "find (rebuilt)": (1.5, 250),
    "find --no-cache": (1.5, 250),
    "validate": (1.0, 600),
    "validate --format json": (1.0, 600),
    # bench/coverage.sh (issue #16)
    "coverage (cached)": (3.0, 600),
    "coverage --no-cache": (3.0, 600),
}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = os.cpu_count()
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = ["?"] * 3
    try:
        rustc = subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        rustc = "rustc ?"
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, {rustc}; load average at the end {' '.join(load)}"


def main():
    out, sizes = sys.argv[1], sys.argv[2:]
    print()
    print(f"Machine: {machine()}")
    print()
    print("| N | command | median | min | ratio to floor | peak memory | target at 100,000 |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for n in sizes:
        with open(os.path.join(out, f"times-{n}.json")) as f:
            results = json.load(f)["results"]
        memory = {}
        try:
            with open(os.path.join(out, f"memory-{n}.txt")) as f:
                for line in f:
                    name, _, kb = line.strip().rpartition(" ")
                    if kb.isdigit():
                        memory[name] = int(kb) / 1024
        except OSError:
            pass
        floor = next(r["median"] for r in results if r["command"] == "floor")
        for r in results:
            name = r["command"]
            ratio = r["median"] / floor
            target = TARGETS.get(name)
            verdict = ""
            if target and n == "100000":
                fast = "met" if ratio <= target[0] else "missed"
                small = "met" if memory.get(name, 0) <= target[1] else "missed"
                verdict = f"≤ {target[0]} × floor: {fast}; ≤ {target[1]} MiB: {small}"
            mib = f"{memory[name]:.0f} MiB" if name in memory else "?"
            print(
                f"| {int(n):,} | {name} | {r['median'] * 1000:.1f} ms | {r['min'] * 1000:.1f} ms "
                f"| {ratio:.3f} | {mib} | {verdict} |"
            )
    print()


if __name__ == "__main__":
    main()
