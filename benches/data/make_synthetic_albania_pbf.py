"""Writes benches/data/synthetic_albania.osm.pbf: a SYNTHETIC country-size road network for
benches/roads.rs (no real Albania extract is available offline; the file is not committed).

Extent like Albania (lon 19.30-21.05, lat 39.65-42.65). A jittered grid of junctions about
450 m apart (~240k junctions), a quarter of the links dropped at random, 3 shape nodes per
link (~1.7 M nodes in all). Every 24th grid line is a long primary/secondary/trunk way, every
6th a tertiary way, one line a motorway (oneway=no, so the grid stays connected both ways);
the other links are residential/unclassified/track/service/footway ways of one link each,
10 % of residential links one-way, some with maxspeed. Fixed seed: the same file each run.

    python3 -m venv /tmp/osmvenv && /tmp/osmvenv/bin/pip install osmium
    /tmp/osmvenv/bin/python benches/data/make_synthetic_albania_pbf.py   # ~1 min, ~25 MB
"""
import os
import random

import osmium
from osmium.osm.mutable import Node, Way

W, E, S, N = 19.30, 21.05, 39.65, 42.65
STEP_LAT = 0.00405          # ~450 m
STEP_LON = 0.00540          # ~450 m at 41.2 N
SHAPE = 3

here = os.path.dirname(os.path.abspath(__file__))
dst = os.path.join(here, "synthetic_albania.osm.pbf")
rng = random.Random(20261123)
nx = int((E - W) / STEP_LON) + 1
ny = int((N - S) / STEP_LAT) + 1


def junction(i, j):
    return 1 + i * ny + j


def pos(i, j):
    jx = rng.uniform(-0.25, 0.25) * STEP_LON
    jy = rng.uniform(-0.25, 0.25) * STEP_LAT
    return (W + i * STEP_LON + jx, S + j * STEP_LAT + jy)


def line_class(k):
    if k % 24 == 0:
        return ["primary", "secondary", "trunk"][(k // 24) % 3]
    if k % 6 == 0:
        return "tertiary"
    return None


minor = ["residential"] * 5 + ["unclassified"] * 2 + ["track", "service", "footway"]
where = {}
for i in range(nx):
    for j in range(ny):
        where[(i, j)] = pos(i, j)

# Links: horizontal (i,j)-(i+1,j) on row j, vertical (i,j)-(i,j+1) on column i.
links = []
for i in range(nx):
    for j in range(ny):
        for di, dj in ((1, 0), (0, 1)):
            i2, j2 = i + di, j + dj
            if i2 >= nx or j2 >= ny:
                continue
            major = line_class(j if dj == 0 else i)
            if major is None and rng.random() < 0.25:
                continue
            links.append(((i, j), (i2, j2), major, "row" if dj == 0 else "col"))

next_id = 1 + nx * ny
shape_ids = {}
if os.path.exists(dst):
    os.remove(dst)
writer = osmium.SimpleWriter(dst)
try:
    for i in range(nx):
        for j in range(ny):
            lon, lat = where[(i, j)]
            writer.add_node(Node(id=junction(i, j), location=(lon, lat), version=1))
    for a, b, major, _ in links:
        (x1, y1), (x2, y2) = where[a], where[b]
        ids = []
        for s in range(1, SHAPE + 1):
            t = s / (SHAPE + 1)
            lon = x1 + t * (x2 - x1) + rng.uniform(-0.1, 0.1) * STEP_LON
            lat = y1 + t * (y2 - y1) + rng.uniform(-0.1, 0.1) * STEP_LAT
            writer.add_node(Node(id=next_id, location=(lon, lat), version=1))
            ids.append(next_id)
            next_id += 1
        shape_ids[(a, b)] = ids
    way_id = 1
    motorway_col = nx // 2
    # Major lines: one way per run of 20 links along the line.
    for kind in ("row", "col"):
        count = ny if kind == "row" else nx
        for k in range(count):
            cls = line_class(k)
            if cls is None:
                continue
            if kind == "col" and k == motorway_col:
                cls = "motorway"
            run = []
            steps = nx if kind == "row" else ny
            for s in range(steps - 1):
                a, b = ((s, k), (s + 1, k)) if kind == "row" else ((k, s), (k, s + 1))
                if (a, b) not in shape_ids:
                    continue
                if not run:
                    run = [junction(*a)]
                run += shape_ids[(a, b)] + [junction(*b)]
                if len(run) >= 20 * (SHAPE + 1) + 1 or s == steps - 2:
                    tags = {"highway": cls}
                    if cls == "motorway":
                        tags["oneway"] = "no"
                    writer.add_way(Way(id=way_id, nodes=run, tags=tags, version=1))
                    way_id += 1
                    run = []
    for a, b, major, _ in links:
        if major is not None:
            continue
        cls = rng.choice(minor)
        tags = {"highway": cls}
        if cls == "residential" and rng.random() < 0.10:
            tags["oneway"] = "yes"
        if cls in ("unclassified", "residential") and rng.random() < 0.05:
            tags["maxspeed"] = "20"
        nodes = [junction(*a)] + shape_ids[(a, b)] + [junction(*b)]
        writer.add_way(Way(id=way_id, nodes=nodes, tags=tags, version=1))
        way_id += 1
finally:
    writer.close()
print(f"wrote {dst}: {next_id - 1} nodes, {way_id - 1} ways, {os.path.getsize(dst) / 1e6:.1f} MB")
