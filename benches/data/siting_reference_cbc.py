"""Reference figures for the siting (MCLP) benchmark instances with CBC (through PuLP).

Mirrors siting_reference.py (HiGHS): input files written by the ignored test
`analysis::siting::bench_tests::dump_bench_instances` (first line "classes candidates", then
one class a line: "weight j1 j2 ..."). For each p: the LP relaxation's value and the integer
optimum of  max sum_i w_i z_i  s.t.  z_i <= sum_{j in N_i} y_j,  sum_j y_j = p,
y binary, 0 <= z_i <= 1,  with the solve times; the MIP's bound is read from CBC's log.
Prints one JSON object per (file, p).
Run: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pulp
     /tmp/venv/bin/python benches/data/siting_reference_cbc.py /tmp/siting/siting_none_1000.txt 5 10 20
Environment: SITING_LIMIT_S (time limit per solve, default 600), SITING_LP_ONLY=1 (skip the MIP).
"""
import json
import os
import re
import sys
import tempfile
import time

import pulp


def read(path):
    with open(path) as f:
        n, m = map(int, f.readline().split())
        w, rows = [], []
        for _ in range(n):
            parts = f.readline().split()
            w.append(float(parts[0]))
            rows.append([int(x) for x in parts[1:]])
    return w, rows, m


def build(w, rows, m, p, integer):
    prob = pulp.LpProblem("mclp", pulp.LpMaximize)
    cat = pulp.LpBinary if integer else pulp.LpContinuous
    y = [pulp.LpVariable(f"y{j}", 0, 1, cat) for j in range(m)]
    z = [pulp.LpVariable(f"z{i}", 0, 1) for i in range(len(w))]
    prob += pulp.lpSum(wi * zi for wi, zi in zip(w, z))
    for i, r in enumerate(rows):
        prob += z[i] <= pulp.lpSum(y[j] for j in r)
    prob += pulp.lpSum(y) == p
    return prob, y


def solve(prob, limit, mip):
    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    solver = pulp.PULP_CBC_CMD(msg=False, mip=mip, timeLimit=limit, logPath=log,
                               gapAbs=0.999, gapRel=0.0)
    t = time.time()
    prob.solve(solver)
    took = time.time() - t
    with open(log) as f:
        text = f.read()
    os.unlink(log)
    return took, text


def log_bound(text):
    """The MIP's bound: "Upper bound:" (CBC 2.10 when maximising; "Lower bound:" when it
    reports the minimisation of -cover) or the last "best possible"."""
    found = re.findall(r"^(?:Lower|Upper) bound:\s*(-?[0-9.e+]+)", text, re.M)
    found = found or re.findall(r"best possible (-?[0-9.e+]+)", text)
    return abs(float(found[-1])) if found else None


def main():
    path = sys.argv[1]
    ps = [int(x) for x in sys.argv[2:]] or [5, 10, 20]
    limit = float(os.environ.get("SITING_LIMIT_S", "600"))
    lp_only = os.environ.get("SITING_LP_ONLY") == "1"
    w, rows, m = read(path)
    name = path.split("/")[-1]
    for p in ps:
        prob, y = build(w, rows, m, p, False)
        lp_s, _ = solve(prob, limit, False)
        lp = pulp.value(prob.objective) if prob.status == pulp.LpStatusOptimal else None
        out = {"file": name, "p": p, "lp": None if lp is None else round(lp, 3),
               "lp_s": round(lp_s, 2), "lp_status": pulp.LpStatus[prob.status]}
        if not lp_only:
            prob, y = build(w, rows, m, p, True)
            mip_s, text = solve(prob, limit, True)
            value = pulp.value(prob.objective)
            nodes = re.findall(r"^Enumerated nodes:\s*([0-9]+)", text, re.M)
            result = re.findall(r"^Result - (.*)$", text, re.M)
            status = result[-1].strip() if result else pulp.LpStatus[prob.status]
            bound = log_bound(text)
            if bound is None and status.startswith("Optimal") and value is not None:
                bound = value
            out.update({
                "mip": None if value is None else round(value, 3),
                "mip_bound": None if bound is None else round(bound, 3),
                "mip_s": round(mip_s, 2),
                "status": status,
                "nodes": int(nodes[-1]) if nodes else None,
                "sites": [j for j in range(m) if (y[j].value() or 0) > 0.5],
            })
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
