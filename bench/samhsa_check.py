"""Checks deflect's `find treatment --near ZIP --format json` on the SAMHSA
directory against an independent computation: the great-circle distance
from the ZIP centroid to every facility in the CSV files, nearest first.

    python3 bench/samhsa_check.py FIXTURES ZIP RESULT.json

Prints one line, and exits 1 when deflect's list is not the nearest
facilities in order of distance.
"""

import csv
import json
import math
import sys

R_KM = 6371.0088  # the mean Earth radius deflect uses


def haversine(a, b):
    (lat1, lon1), (lat2, lon2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * R_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def facilities(fixtures):
    with open(f"{fixtures}/samhsa/SAMHSA_Nationwide_Substance_Use_Treatment_Data.csv", encoding="utf-8", errors="replace") as f:
        for i, row in enumerate(csv.DictReader(f)):
            yield f"samhsa-{i + 1:05}", row["latitude"], row["longitude"]
    with open(f"{fixtures}/samhsa/Opioid_Treatment_Directory_Geocoded.csv", encoding="utf-8", errors="replace") as f:
        for i, row in enumerate(csv.DictReader(f)):
            yield f"otp-{i + 1:05}", row["Latitude"], row["Longitude"]


def main():
    fixtures, zip_code, result = sys.argv[1:4]
    origin = None
    with open(f"{fixtures}/geo/zcta_centroids_2018.csv") as f:
        for row in csv.DictReader(f):
            if row["geoid"] == zip_code:
                origin = (float(row["latitude"]), float(row["longitude"]))
                break
    if origin is None:
        print(f"{zip_code}: not a ZIP of the centroid file")
        return 1
    expected = []
    for ident, lat, lon in facilities(fixtures):
        try:
            at = (float(lat), float(lon))
        except ValueError:
            continue
        if -90 <= at[0] <= 90 and -180 <= at[1] <= 180 and at != (0.0, 0.0):
            expected.append((haversine(origin, at), ident))
    expected.sort()
    got = json.load(open(result))["results"]
    k = len(got)
    problems = []
    if k != min(10, len(expected)):
        problems.append(f"{k} results, expected {min(10, len(expected))}")
    eps = 0.0015  # deflect prints kilometres to 3 decimals
    by_id = {ident: d for d, ident in expected}
    boundary = expected[k - 1][0] if k else 0.0
    for i, r in enumerate(got):
        want = expected[i][0]
        if r["distance_km"] is None or abs(r["distance_km"] - want) > eps:
            problems.append(f"#{i + 1} {r['id']} at {r['distance_km']} km, expected {want:.3f} km")
        if by_id.get(r["id"], math.inf) > boundary + eps:
            problems.append(f"#{i + 1} {r['id']} is not among the {k} nearest")
    must = {ident for d, ident in expected[:k] if d < boundary - eps}
    missing = must - {r["id"] for r in got}
    if missing:
        problems.append(f"missing: {sorted(missing)}")
    if problems:
        print(f"{zip_code}: WRONG: " + "; ".join(problems))
        return 1
    print(f"{zip_code}: the {k} nearest, in order, as computed from the CSV files "
          f"(nearest {got[0]['distance_km']:.3f} km, 10th {got[-1]['distance_km']:.3f} km)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
