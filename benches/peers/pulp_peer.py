#!/usr/bin/env python3
"""The sweep a researcher would otherwise write: PuLP + CBC on leadplan's model.

Reads leadplan scenario files (TOML; e.g. the scenarios a sweep dumps with
`leadplan sweep ... --dump-scenarios N`), builds the MILP of docs/src/model.md term
by term with PuLP, solves it with PuLP's bundled CBC, and prints one JSON line
per file: {"file", "status", "objective", "seconds"}. `seconds` covers reading
the file, building the model, solving it and reading the solution back.

    python pulp_peer.py run-000000.toml run-000001.toml ...

Not part of leadplan's tests; see README.md beside this file.
"""

import json
import sys
import time
import pulp

from scenario_data import allowed, read


def define_copy(prob, d, tag=""):
    """One period's model of docs/src/model.md added to `prob`, in its order:
    variables, constraints; its objective returned as an expression (not set).
    `tag` prefixes every variable's name, so that several copies share `prob`.
    Returns (x, y, objective): x[i, t] lead variables, y[t] for optional tasks."""
    C, T = range(len(d["ids"])), range(len(d["tasks"]))
    tasks = d["tasks"]
    x = {}
    for t in T:
        for i in C:
            a = allowed(d, i, t)
            if a is not False:
                x[i, t] = pulp.LpVariable(f"{tag}x_{i}_{t}", lowBound=1 if a else 0, upBound=1, cat="Binary")
    y = {t: pulp.LpVariable(f"{tag}y_{t}", cat="Binary") for t in T if tasks[t]["optional"]}
    alpha, beta, gamma, delta = d["w"]
    money = any(b is not None for b in d["budget"]) or (delta > 0 and len(d["ids"]) > 1) or d["funding"] == "all"
    m = {}
    if money:
        m = {(i, t): pulp.LpVariable(f"{tag}m_{i}_{t}", lowBound=0) for t in T for i in C if d["funding"] == "all" or (i, t) in x}
    # 1. leads per task (all of an optional task's leads, or none)
    for t in T:
        leads = pulp.lpSum(x[i, t] for i in C if (i, t) in x)
        prob += leads == (tasks[t]["L"] * y[t] if t in y else tasks[t]["L"])
    # 2. capacity (omitted when every task together fits)
    for i in C:
        if sum(tk["e"][i] for tk in tasks) > d["cap"][i]:
            prob += pulp.lpSum(tasks[t]["e"][i] * x[i, t] for t in T if (i, t) in x) <= d["cap"][i]
    # 3. leads per country
    for i in C:
        led = pulp.lpSum(x[i, t] for t in T if (i, t) in x)
        if d["lo"][i] > 0:
            prob += led >= d["lo"][i]
        if d["hi"][i] is not None and d["hi"][i] < len(tasks):
            prob += led <= d["hi"][i]
    # 4. leads per domain
    if d["H"] is not None:
        domains = list(dict.fromkeys(tk["domain"] for tk in tasks))
        for dom in domains:
            ts = [t for t in T if tasks[t]["domain"] == dom]
            if len(ts) > d["H"]:
                for i in C:
                    prob += pulp.lpSum(x[i, t] for t in ts if (i, t) in x) <= d["H"]

    def realised_cost(t):
        return pulp.lpSum(tasks[t]["c"][i] / tasks[t]["L"] * x[i, t] for i in C if (i, t) in x)

    # 5. funding
    if money:
        sigma = d["sigma"]
        for t in T:
            cbar = max(tasks[t]["c"])
            prob += pulp.lpSum(m[i, t] for i in C if (i, t) in m) == realised_cost(t)
            for i in C:
                if (i, t) not in x or (i, t) not in m:
                    continue
                if d["funding"] == "leads":
                    prob += m[i, t] <= cbar * x[i, t]
                if sigma > 0:
                    prob += m[i, t] - sigma * realised_cost(t) - sigma * cbar * x[i, t] >= -sigma * cbar
        worst = sum(max(tk["c"]) for tk in tasks)
        for i in C:
            b = d["budget"][i]
            if b is not None and worst > b:
                prob += pulp.lpSum(m[i, t] for t in T if (i, t) in m) <= b
    # objective
    obj = []
    for t in T:
        tk = tasks[t]
        for i in C:
            if (i, t) in x:
                excess = max(0.0, tk["s"] - d["tol"][i])
                coef = alpha * tk["w"] * tk["f"][i] / tk["L"] - beta * tk["c"][i] / tk["L"] - gamma * tk["w"] * excess
                obj.append(coef * x[i, t])
    if money and delta > 0:
        total = pulp.lpSum(realised_cost(t) for t in T)
        for i in C:
            dev = pulp.LpVariable(f"{tag}d_{i}", lowBound=0)
            spent = pulp.lpSum(m[i, t] for t in T if (i, t) in m)
            prob += dev >= spent - d["g"][i] * total
            prob += dev >= d["g"][i] * total - spent
            obj.append(-delta * dev)
    return x, y, pulp.lpSum(obj)


def build(d):
    """The MILP of docs/src/model.md: one copy, maximising its objective."""
    prob = pulp.LpProblem("leadplan", pulp.LpMaximize)
    prob += define_copy(prob, d)[2]
    return prob


def solve(path):
    start = time.perf_counter()
    prob = build(read(path))
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0))
    status = pulp.LpStatus[prob.status].lower()
    objective = pulp.value(prob.objective) if status == "optimal" else None
    return {"file": str(path), "status": status, "objective": objective, "seconds": time.perf_counter() - start}


def main(paths):
    for p in paths:
        print(json.dumps(solve(p)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
