"""Reference tour lengths for the routing benchmark instances, from OR-Tools.

One vehicle from the depot (Tirana, lon 19.8187 lat 41.3275) through every stop of
benches/data/tspN.csv and back. Distances: haversine on a sphere of radius 6,371,008.8 m (the
same formula as riskatlas::analysis::routing::TravelMatrix::haversine with detour 1), rounded
to whole metres for OR-Tools (which needs integers). First solution PATH_CHEAPEST_ARC, then
GUIDED_LOCAL_SEARCH for the time limit. Writes benches/data/tspN_reference.json with the
rounded length OR-Tools optimised, the unrounded length of its tour and the tour itself.

Run from the repository root: python3 benches/data/tsp_reference.py N TIME_LIMIT_S
(needs `pip install ortools`).
"""
import csv
import json
import math
import sys
import time

import ortools
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

DEPOT = (19.8187, 41.3275)
R_M = 6_371_008.8


def haversine_m(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * R_M * math.asin(min(1.0, math.sqrt(h)))


def main():
    n, limit_s = int(sys.argv[1]), int(sys.argv[2])
    rows = list(csv.DictReader(open(f"benches/data/tsp{n}.csv", encoding="utf-8")))
    pts = [DEPOT] + [(float(r["lon"]), float(r["lat"])) for r in rows]
    exact = [[haversine_m(a, b) for b in pts] for a in pts]
    rounded = [[int(round(d)) for d in row] for row in exact]
    manager = pywrapcp.RoutingIndexManager(len(pts), 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    cb = routing.RegisterTransitCallback(
        lambda i, j: rounded[manager.IndexToNode(i)][manager.IndexToNode(j)])
    routing.SetArcCostEvaluatorOfAllVehicles(cb)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.seconds = limit_s
    t0 = time.time()
    sol = routing.SolveWithParameters(params)
    elapsed = time.time() - t0
    order, idx = [], routing.Start(0)
    while not routing.IsEnd(idx):
        order.append(manager.IndexToNode(idx))
        idx = sol.Value(routing.NextVar(idx))
    order.append(0)
    length_rounded = sum(rounded[a][b] for a, b in zip(order, order[1:]))
    length_exact = sum(exact[a][b] for a, b in zip(order, order[1:]))
    out = {
        "instance": f"benches/data/tsp{n}.csv",
        "depot_lon_lat": list(DEPOT),
        "stops": n,
        "earth_radius_m": R_M,
        "solver": "OR-Tools routing, PATH_CHEAPEST_ARC + GUIDED_LOCAL_SEARCH",
        "ortools_version": ortools.__version__,
        "time_limit_s": limit_s,
        "elapsed_s": round(elapsed, 1),
        "length_m_rounded_legs": length_rounded,
        "length_m": round(length_exact, 3),
        "tour": [rows[i - 1]["id"] for i in order[1:-1]],
    }
    with open(f"benches/data/tsp{n}_reference.json", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(n, length_rounded, round(length_exact, 1), f"{elapsed:.1f} s")


main()
