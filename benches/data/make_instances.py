"""Writes the routing benchmark instances tsp50/200/1000.csv from the OSM places of Albania.

Deterministic, no randomness: the depot is Tirana (19.8187, 41.3275, not a stop). tsp50 holds
the 50 most populous cities and towns after Tirana (ties by OSM node id); tsp200 and tsp1000
take every k-th village (sorted by OSM node id) inside Albania.

Run from the repository root: python3 benches/data/make_instances.py PLACES.geojson
(PLACES = data/albania/albania_places_osm.geojson).
"""
import csv
import json
import sys

places = json.load(open(sys.argv[1], encoding="utf-8"))["features"]
inside = [f for f in places if f["properties"].get("in_albania")]


def write(name, feats):
    with open(f"benches/data/{name}.csv", "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["id", "lon", "lat"])
        for i, f in enumerate(feats, 1):
            lon, lat = f["geometry"]["coordinates"]
            w.writerow([f"S{i:04d}", f"{lon:.6f}", f"{lat:.6f}"])


towns = [f for f in inside if f["properties"]["place"] in ("city", "town")
         and f["properties"]["name"] not in ("Tiranë", "Tirana")]
towns.sort(key=lambda f: (-(f["properties"].get("population") or 0), f["properties"]["osm_node_id"]))
write("tsp50", towns[:50])
villages = sorted((f for f in inside if f["properties"]["place"] == "village"),
                  key=lambda f: f["properties"]["osm_node_id"])
for n in (200, 1000):
    step = len(villages) // n
    write(f"tsp{n}", villages[::step][:n])
