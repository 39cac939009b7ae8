#!/usr/bin/env python3
"""The horizon's extensive form written with PuLP and solved by HiGHS.

Reads the scenario tree that `leadplan horizon FILE --write-scenarios DIR`
writes (DIR/tree.json and every node's scenario file), builds the
extensive-form MILP of docs/src/horizon.md with PuLP (one copy of
docs/src/model.md's period model per node, built by pulp_peer.define_copy,
plus handovers, minimum tenure and institutions across nodes) and solves it
with HiGHS in-process (PuLP's `HiGHS` interface over highspy), with a relative
gap of 0. It does not build the tree itself: nodes, chances, weights and
scenarios are leadplan's.

Prints one JSON line per directory: {"file", "status", "objective", "seconds",
"cpu_seconds", "read", "build", "solve", "columns", "rows"}; `objective` is
the expected value `sum_d P(d) (w_d O_d - H_d) - sum_t c_t z_t` and `seconds`
(wall) and `cpu_seconds` (the process's) cover reading the files, building the
model, solving it and reading the answer back (`read + build + solve`), not
Python's start-up or imports.

    python horizon_peer.py DIR [DIR ...]

Only the goal `expected` (the default) is built. Not part of leadplan's tests;
see README.md beside this file.
"""

import json
import sys
import time
from pathlib import Path

import highspy
import pulp

from pulp_peer import define_copy
from scenario_data import allowed, read


def read_tree(directory):
    """tree.json and, per node, its scenario and its exempt scenario (read once each)."""
    directory = Path(directory)
    tree = json.loads((directory / "tree.json").read_text())
    cache = {}

    def scenario(name):
        if name not in cache:
            cache[name] = read(directory / name)
        return cache[name]

    for node in tree["nodes"]:
        node["strict"] = scenario(node["scenario"])
        node["exempt"] = scenario(node["exempt_scenario"])
    return tree


def path_to(nodes, d):
    """The nodes from the root to d, root first."""
    out = [d]
    while nodes[out[-1]]["parent"] is not None:
        out.append(nodes[out[-1]]["parent"])
    return out[::-1]


def define_nodes(prob, tree, z):
    """Per node: one copy of the period model, built from its exempt scenario.

    Returns per node x[(i, task id)], led[task id] (its y, or 1 for a required
    task), free[(i, task id)] (the pair is neither barred nor pinned in the
    node's own scenario) and its objective. A pair only the exempt scenario
    allows may be led only where the task is institutionalised: x <= z_t."""
    out = []
    for node in tree["nodes"]:
        d, strict = node["exempt"], node["strict"]
        ids = [tk["id"] for tk in d["tasks"]]
        x, y, objective = define_copy(prob, d, f"n{node['id']}_")
        xs, free = {}, set()
        for (i, k), v in x.items():
            xs[i, ids[k]] = v
            a = allowed(strict, i, k)
            if a is None:
                free.add((i, ids[k]))
            elif a is False:
                prob += v <= (z[ids[k]] if ids[k] in z else 0)
        led = {ids[k]: (y[k] if k in y else 1) for k in range(len(ids))}
        out.append({"x": xs, "led": led, "free": free, "objective": objective})
    return out


def define_handovers(prob, tree, copies):
    """Per node: its handover charge; h >= x - x_parent - (1 - led_parent), capped per node."""
    cost = {t["id"]: t["handover_cost"] for t in tree["tasks"]}
    counted = any(c > 0 for c in cost.values()) or tree["max_handovers"] is not None
    charges = []
    for node, copy in zip(tree["nodes"], copies):
        p = node["parent"]
        hs = []
        if counted and p is not None:
            parent = copies[p]
            for (i, t), x in copy["x"].items():
                if t not in parent["led"]:
                    continue  # the task starts here: no handover
                h = pulp.LpVariable(f"h_{node['id']}_{i}_{t}", lowBound=0, upBound=1)
                prob += h >= x - parent["x"].get((i, t), 0) - (1 - parent["led"][t])
                hs.append((cost[t], h))
        if hs and tree["max_handovers"] is not None:
            prob += pulp.lpSum(h for _, h in hs) <= tree["max_handovers"]
        charges.append(pulp.lpSum(c * h for c, h in hs))
    return charges


def define_tenure(prob, tree, copies):
    """A lead taken in node c is held in its descendants fewer than min_tenure
    periods later, where the descendant leaves the pair free."""
    nodes = tree["nodes"]
    for d, node in enumerate(nodes):
        for c in path_to(nodes, d)[:-1]:
            gap = node["period"] - nodes[c]["period"]
            if gap == 0 or gap >= tree["min_tenure"]:
                continue
            before = copies[nodes[c]["parent"]]["x"] if nodes[c]["parent"] is not None else {}
            for pair, xd in copies[d]["x"].items():
                xc = copies[c]["x"].get(pair)
                if xc is not None and pair in copies[d]["free"]:
                    prob += xd >= xc - before.get(pair, 0)


def define_institutions(prob, tree, copies, z):
    """An institutionalised task keeps its first period's leads in every node."""
    nodes = tree["nodes"]
    root = next(d for d, n in enumerate(nodes) if n["parent"] is None)
    n = len(tree["countries"])
    for t, zt in z.items():
        for d in range(len(nodes)):
            if d == root or t not in copies[d]["led"]:
                continue
            for i in range(n):
                xd, xr = copies[d]["x"].get((i, t)), copies[root]["x"].get((i, t))
                if xd is not None and xr is not None:
                    prob += xd - xr <= 1 - zt
                    prob += xr - xd <= 1 - zt
                elif xr is not None:
                    prob += xr <= 1 - zt
                elif xd is not None:
                    prob += xd <= 1 - zt


def build(tree):
    """The extensive form, maximising the expected value."""
    if tree["goal"] != "expected":
        raise SystemExit(f"horizon_peer: only the goal `expected` is built, not `{tree['goal']}`")
    prob = pulp.LpProblem("horizon", pulp.LpMaximize)
    price = {t["id"]: t["institutionalise_cost"] for t in tree["tasks"] if t["institutionalise_cost"] is not None}
    z = {t: pulp.LpVariable(f"z_{t}", cat="Binary") for t in price}
    copies = define_nodes(prob, tree, z)
    charges = define_handovers(prob, tree, copies)
    if tree["min_tenure"] > 1:
        define_tenure(prob, tree, copies)
    define_institutions(prob, tree, copies, z)
    terms = []
    for node, copy, charge in zip(tree["nodes"], copies, charges):
        terms.append(node["probability"] * node["weight"] * copy["objective"])
        terms.append(-node["probability"] * charge)
    terms.extend(-price[t] * zt for t, zt in z.items())
    prob += pulp.lpSum(terms)
    return prob


def solve(directory):
    cpu = time.process_time()
    start = time.perf_counter()
    tree = read_tree(directory)
    read_done = time.perf_counter()
    prob = build(tree)
    build_done = time.perf_counter()
    prob.solve(pulp.HiGHS(msg=False, gapRel=0, gapAbs=1e-7, threads=1))
    optimal = prob.solverModel.getModelStatus() == highspy.HighsModelStatus.kOptimal
    objective = pulp.value(prob.objective) if optimal else None
    done = time.perf_counter()
    return {
        "file": str(directory),
        "status": "optimal" if optimal else pulp.LpStatus[prob.status].lower(),
        "objective": objective,
        "seconds": done - start,
        "cpu_seconds": time.process_time() - cpu,
        "read": read_done - start,
        "build": build_done - read_done,
        "solve": done - build_done,
        "columns": len(prob.variables()),
        "rows": len(prob.constraints),
    }


def main(dirs):
    for d in dirs:
        print(json.dumps(solve(d)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
