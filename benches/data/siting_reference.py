"""Reference optimum for the siting (MCLP) benchmark instances, with HiGHS.

Input: instance files written by the ignored test
`analysis::siting::bench_tests::dump_bench_instances` (first line "classes candidates", then
one class a line: "weight j1 j2 ..."). For each p: the LP relaxation's value and the integer
optimum of  max sum_i w_i z_i  s.t.  z_i <= sum_{j in N_i} y_j,  sum_j y_j = p,
y binary, 0 <= z_i <= 1,  with the solve times. Prints one JSON object per (file, p).
Run: python3 -m venv /tmp/venv && /tmp/venv/bin/pip install highspy numpy scipy
     /tmp/venv/bin/python benches/data/siting_reference.py /tmp/siting/siting_none_1000.txt 5 10 20
Environment: SITING_LIMIT_S (time limit per solve, default 600), SITING_LP_ONLY=1 (skip the MIP).
"""
import os
import json
import sys
import time

import highspy
import numpy as np


def read(path):
    with open(path) as f:
        n, m = map(int, f.readline().split())
        w = np.zeros(n)
        rows = []
        for i in range(n):
            parts = f.readline().split()
            w[i] = float(parts[0])
            rows.append([int(x) for x in parts[1:]])
    return w, rows, m


def build(w, rows, m, p, integer, time_limit):
    n = len(w)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    inf = highspy.kHighsInf
    # Columns: y_0..y_{m-1}, z_0..z_{n-1}; HiGHS minimises, so costs are -w.
    lp = highspy.HighsLp()
    lp.num_col_ = m + n
    lp.num_row_ = n + 1
    lp.col_cost_ = np.concatenate([np.zeros(m), -w])
    lp.col_lower_ = np.zeros(m + n)
    lp.col_upper_ = np.ones(m + n)
    lower = np.concatenate([np.full(n, -inf), [p]])
    upper = np.concatenate([np.zeros(n), [p]])
    lp.row_lower_ = lower
    lp.row_upper_ = upper
    # Row-wise matrix: z_i - sum y_j <= 0 ; sum y = p.
    starts, index, value = [0], [], []
    for i, r in enumerate(rows):
        index.extend(r)
        value.extend([-1.0] * len(r))
        index.append(m + i)
        value.append(1.0)
        starts.append(len(index))
    index.extend(range(m))
    value.extend([1.0] * m)
    starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    lp.a_matrix_.num_col_ = m + n
    lp.a_matrix_.num_row_ = n + 1
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * m + [highspy.HighsVarType.kContinuous] * n
    h.passModel(lp)
    return h


def main():
    path = sys.argv[1]
    ps = [int(x) for x in sys.argv[2:]] or [5, 10, 20]
    limit = float(os.environ.get("SITING_LIMIT_S", "600"))
    lp_only = os.environ.get("SITING_LP_ONLY") == "1"
    w, rows, m = read(path)
    for p in ps:
        t = time.time()
        h = build(w, rows, m, p, False, limit)
        h.run()
        lp_val = -h.getInfo().objective_function_value
        lp_s = time.time() - t
        if lp_only:
            print(json.dumps({"file": path.split("/")[-1], "p": p, "lp": round(lp_val, 3),
                              "lp_s": round(lp_s, 2)}), flush=True)
            continue
        t = time.time()
        h = build(w, rows, m, p, True, limit)
        h.run()
        info = h.getInfo()
        mip_s = time.time() - t
        sol = h.getSolution().col_value[:m]
        chosen = [j for j in range(m) if sol[j] > 0.5]
        print(json.dumps({
            "file": path.split("/")[-1], "p": p, "lp": round(lp_val, 3), "lp_s": round(lp_s, 2),
            "mip": round(-info.objective_function_value, 3),
            "mip_bound": round(-info.mip_dual_bound, 3), "mip_s": round(mip_s, 2),
            "status": h.modelStatusToString(h.getModelStatus()), "nodes": info.mip_node_count,
            "sites": chosen,
        }), flush=True)


if __name__ == "__main__":
    main()
