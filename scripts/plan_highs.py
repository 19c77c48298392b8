"""Solves a multi-year renovation plan written by `territoires bench-plan --exporter FILE` with HiGHS (scipy.optimize.milp),
as an outside check of PlanOptimiser: the linear relaxation (what the Lagrangian bound can reach at best) and the
mixed-integer optimum within a time limit. The formulation is the one documented on PlanProblem (Swift):

    min Σ cost·x[b,o,y]  s.t.  Σ_{o,y} x[b,o,y] ≤ 1;  Σ_{b,o} cost·x[b,o,y] ≤ budget[y];
    obligations (b, Y, min): Σ_{o, y ≤ Y−1} saved·x ≥ min;  milestones (M, max): Σ baseline − Σ_{y ≤ M−1} saved·x ≤ max;
    area targets (Y, min): Σ_{o high-performance, y ≤ Y−1} area·x ≥ min;  locks.

Usage: python3 scripts/plan_highs.py FILE [seconds]
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix


def main():
    problem = json.load(open(sys.argv[1]))
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    first, last = problem["firstYear"], problem["lastYear"]
    years = list(range(first, last + 1))
    budget = {int(k): v for k, v in zip(problem["budget"][::2], problem["budget"][1::2])} if isinstance(problem["budget"], list) else {int(k): v for k, v in problem["budget"].items()}
    columns = []  # (candidate index, option index, year)
    for b, c in enumerate(problem["candidates"]):
        lock = c.get("lock")
        for o, option in enumerate(c["options"]):
            for y in years:
                if lock is not None and "excluded" in lock:
                    continue
                if lock is not None and "fixed" in lock and (lock["fixed"]["option"] != option["id"] or lock["fixed"]["year"] != y):
                    continue
                columns.append((b, o, y))
    n = len(columns)
    cost = np.array([problem["candidates"][b]["options"][o]["cost"] for b, o, _ in columns])
    rows, lower, upper = [], [], []

    def row():
        rows.append({})
        return rows[-1]

    for b, c in enumerate(problem["candidates"]):
        r = row()
        for j, (bb, _, _) in enumerate(columns):
            if bb == b:
                r[j] = 1
        fixed = c.get("lock") is not None and "fixed" in c["lock"]
        lower.append(1 if fixed else 0)
        upper.append(1)
        for ob in c.get("obligations", []):
            r = row()
            for j, (bb, o, y) in enumerate(columns):
                if bb == b and y <= ob["year"] - 1:
                    r[j] = c["options"][o]["savedKWh"]
            lower.append(ob["minSavedKWh"])
            upper.append(np.inf)
    for y in years:
        r = row()
        for j, (_, _, yy) in enumerate(columns):
            if yy == y:
                r[j] = cost[j]
        lower.append(-np.inf)
        upper.append(budget.get(y, 0))
    baseline = sum(c["baselineKWh"] for c in problem["candidates"])
    for m in problem["milestones"]:
        r = row()
        for j, (b, o, y) in enumerate(columns):
            if y <= m["year"] - 1:
                r[j] = problem["candidates"][b]["options"][o]["savedKWh"]
        lower.append(baseline - m["maxTotalKWh"])
        upper.append(np.inf)
    for t in problem["areaTargets"]:
        r = row()
        for j, (b, o, y) in enumerate(columns):
            option = problem["candidates"][b]["options"][o]
            if y <= t["year"] - 1 and option["highPerformance"]:
                r[j] = problem["candidates"][b]["area"]
        lower.append(t["minHighPerformanceArea"])
        upper.append(np.inf)
    a = lil_matrix((len(rows), n))
    for i, r in enumerate(rows):
        for j, v in r.items():
            a[i, j] = v
    constraint = LinearConstraint(a.tocsr(), np.array(lower), np.array(upper))
    start = time.time()
    lp = milp(cost, constraints=constraint, integrality=np.zeros(n), bounds=Bounds(0, 1))
    print(f"relaxation linéaire (HiGHS) : {lp.fun:.0f} € en {time.time() - start:.2f} s ({lp.message})")
    start = time.time()
    ip = milp(cost, constraints=constraint, integrality=np.ones(n), bounds=Bounds(0, 1), options={"time_limit": limit, "disp": False})
    bound = getattr(ip, "mip_dual_bound", None)
    print(f"optimum entier (HiGHS, limite {limit:.0f} s) : {ip.fun if ip.fun is not None else float('nan'):.0f} €, borne {bound if bound is not None else float('nan'):.0f} €, "
          f"en {time.time() - start:.2f} s ({ip.message})")


if __name__ == "__main__":
    main()
