#!/usr/bin/env python3
"""The sweep a researcher would otherwise write: PuLP + CBC on leadplan's model.

Reads leadplan scenario files (TOML; e.g. the scenarios a sweep dumps with
`leadplan sweep ... --dump-scenarios N`), builds the MILP of docs/MODEL.md term
by term with PuLP, solves it with PuLP's bundled CBC, and prints one JSON line
per file: {"file", "status", "objective", "seconds"}. `seconds` covers reading
the file, building the model, solving it and reading the solution back.

    python pulp_peer.py run-000000.toml run-000001.toml ...

Not part of leadplan's tests; see README.md beside this file.
"""

import json
import sys
import time
import tomllib

import pulp


def per_country(value, ids, default):
    """One number for all countries, or a table by country id."""
    if value is None:
        return [default] * len(ids)
    if isinstance(value, dict):
        return [float(value[i]) for i in ids]
    return [float(value)] * len(ids)


def derived_fit(capability, requirements):
    """f_it = sum_d r_d a_d / sum_d r_d (0 when the task has no requirement)."""
    total = sum(requirements.values())
    if total <= 0:
        return 0.0
    return sum(w * capability.get(d, 0.0) for d, w in requirements.items()) / total


def read(path):
    """The scenario's data, with the defaults of docs/MODEL.md."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    countries, tasks, policy = doc["country"], doc["task"], doc.get("policy", {})
    ids = [c["id"] for c in countries]
    given = [float(c.get("fair_share", 0.0)) for c in countries]
    share_sum = sum(given)
    data = {
        "ids": ids,
        "cap": [float(c["capacity"]) for c in countries],
        "budget": [c.get("budget") for c in countries],
        "tol": [float(c.get("sensitivity_tolerance", 1.0)) for c in countries],
        "g": [x / share_sum for x in given] if share_sum > 0 else [1.0 / len(ids)] * len(ids),
        "lo": [c.get("min_leads", policy.get("min_leads_per_country", 0)) for c in countries],
        "hi": [c.get("max_leads", policy.get("max_leads_per_country")) for c in countries],
        "H": policy.get("max_leads_per_domain"),
        "sigma": float(policy.get("min_lead_share", 0.0)),
        "funding": policy.get("funding", "leads"),
        "rule": policy.get("sensitivity_rule", "forbid"),
        "pins": {(p["country"], p["task"]): p.get("lead", True) for p in policy.get("pin", [])},
        "tasks": [],
    }
    w = policy.get("weights", {})
    data["w"] = (float(w.get("fit", 1.0)), float(w.get("cost", 0.0)), float(w.get("sensitivity", 1.0)), float(w.get("fairness", 0.0)))
    for t in tasks:
        req = {d: float(x) for d, x in t.get("requirements", {}).items()}
        fit = [derived_fit({d: float(x) for d, x in c.get("capability", {}).items()}, req) for c in countries]
        for cid, f in t.get("fit", {}).items():
            fit[ids.index(cid)] = float(f)
        data["tasks"].append({
            "id": t["id"],
            "domain": t.get("domain", "general"),
            "e": per_country(t.get("effort"), ids, 0.0),
            "c": per_country(t.get("cost"), ids, 0.0),
            "s": float(t.get("sensitivity", 0.0)),
            "w": float(t.get("importance", 1.0)),
            "L": int(t.get("leads", 1)),
            "f": fit,
        })
    return data


def allowed(d, i, t):
    """None: free; True: pinned to lead; False: no variable (pin or sensitivity ban)."""
    pin = d["pins"].get((d["ids"][i], d["tasks"][t]["id"]))
    if pin is not None:
        return pin
    if d["rule"] == "forbid" and d["tasks"][t]["s"] > d["tol"][i] + 1e-12:
        return False
    return None


def build(d):
    """The MILP of docs/MODEL.md, in its order: variables, constraints, objective."""
    C, T = range(len(d["ids"])), range(len(d["tasks"]))
    tasks = d["tasks"]
    prob = pulp.LpProblem("leadplan", pulp.LpMaximize)
    x = {}
    for t in T:
        for i in C:
            a = allowed(d, i, t)
            if a is not False:
                x[i, t] = pulp.LpVariable(f"x_{i}_{t}", lowBound=1 if a else 0, upBound=1, cat="Binary")
    alpha, beta, gamma, delta = d["w"]
    money = any(b is not None for b in d["budget"]) or (delta > 0 and len(d["ids"]) > 1) or d["funding"] == "all"
    m = {}
    if money:
        m = {(i, t): pulp.LpVariable(f"m_{i}_{t}", lowBound=0) for t in T for i in C if d["funding"] == "all" or (i, t) in x}
    # 1. leads per task
    for t in T:
        prob += pulp.lpSum(x[i, t] for i in C if (i, t) in x) == tasks[t]["L"]
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
            dev = pulp.LpVariable(f"d_{i}", lowBound=0)
            spent = pulp.lpSum(m[i, t] for t in T if (i, t) in m)
            prob += dev >= spent - d["g"][i] * total
            prob += dev >= d["g"][i] * total - spent
            obj.append(-delta * dev)
    prob += pulp.lpSum(obj)
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
