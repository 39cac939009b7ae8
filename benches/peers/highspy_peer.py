#!/usr/bin/env python3
"""The fastest Python route: HiGHS's own API (highspy) on leadplan's model.

Reads leadplan scenario files like pulp_peer.py, builds the same MILP of
docs/src/model.md (same variables, rows and objective, in the same order) as
plain arrays (no modelling layer: columns with bounds and costs, rows in
compressed row form), passes it to HiGHS in one call and solves it on one
thread with a relative gap of 0. Prints one JSON line per file:
{"file", "status", "objective", "seconds"}, `seconds` covering reading,
building, solving and reading the answer back.

    python highspy_peer.py run-000000.toml run-000001.toml ...

Not part of leadplan's tests; see README.md beside this file.
"""

import json
import os
import sys
import time

import highspy

from scenario_data import allowed, read


class Model:
    """Columns and rows as plain lists, handed to HiGHS in one call."""

    def __init__(self):
        self.cost, self.lower, self.upper, self.integer = [], [], [], []
        self.start, self.index, self.value = [0], [], []
        self.row_lower, self.row_upper = [], []

    def col(self, lower, upper, integer):
        self.cost.append(0.0)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms, lower, upper):
        """terms: (column, coefficient) pairs; repeated columns are summed."""
        merged = {}
        for c, a in terms:
            merged[c] = merged.get(c, 0.0) + a
        for c, a in merged.items():
            if a != 0.0:
                self.index.append(c)
                self.value.append(a)
        self.start.append(len(self.index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)

    def solve(self):
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.cost), len(self.row_lower)
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = self.cost, self.lower, self.upper
        lp.row_lower_ = [-inf if v is None else v for v in self.row_lower]
        lp.row_upper_ = [inf if v is None else v for v in self.row_upper]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = self.start, self.index, self.value
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.integrality_ = [highspy.HighsVarType.kInteger if z else highspy.HighsVarType.kContinuous for z in self.integer]
        h = solver()
        h.clearModel()
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal", h.getInfo().objective_function_value
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", None
        return h.modelStatusToString(status).lower(), None


_SOLVER = []


def solver():
    """One HiGHS instance for every scenario (its start-up paid once, as a
    careful researcher would), created with its banner kept off stdout."""
    if not _SOLVER:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
        try:
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-7)
        _SOLVER.append(h)
    return _SOLVER[0]


def build(d):
    """The MILP of docs/src/model.md, in pulp_peer.py's order."""
    C, T = range(len(d["ids"])), range(len(d["tasks"]))
    tasks = d["tasks"]
    mdl = Model()
    x = {}
    for t in T:
        for i in C:
            a = allowed(d, i, t)
            if a is not False:
                x[i, t] = mdl.col(1.0 if a else 0.0, 1.0, True)
    alpha, beta, gamma, delta = d["w"]
    money = any(b is not None for b in d["budget"]) or (delta > 0 and len(d["ids"]) > 1) or d["funding"] == "all"
    m = {}
    if money:
        m = {(i, t): mdl.col(0.0, highspy.kHighsInf, False) for t in T for i in C if d["funding"] == "all" or (i, t) in x}
    # 1. leads per task
    for t in T:
        L = tasks[t]["L"]
        mdl.row([(x[i, t], 1.0) for i in C if (i, t) in x], L, L)
    # 2. capacity (omitted when every task together fits)
    for i in C:
        if sum(tk["e"][i] for tk in tasks) > d["cap"][i]:
            mdl.row([(x[i, t], tasks[t]["e"][i]) for t in T if (i, t) in x], None, d["cap"][i])
    # 3. leads per country
    for i in C:
        led = [(x[i, t], 1.0) for t in T if (i, t) in x]
        if d["lo"][i] > 0:
            mdl.row(led, d["lo"][i], None)
        if d["hi"][i] is not None and d["hi"][i] < len(tasks):
            mdl.row(led, None, d["hi"][i])
    # 4. leads per domain
    if d["H"] is not None:
        domains = list(dict.fromkeys(tk["domain"] for tk in tasks))
        for dom in domains:
            ts = [t for t in T if tasks[t]["domain"] == dom]
            if len(ts) > d["H"]:
                for i in C:
                    mdl.row([(x[i, t], 1.0) for t in ts if (i, t) in x], None, d["H"])

    def realised_cost(t, scale):
        return [(x[i, t], scale * tasks[t]["c"][i] / tasks[t]["L"]) for i in C if (i, t) in x]

    # 5. funding
    if money:
        sigma = d["sigma"]
        for t in T:
            cbar = max(tasks[t]["c"])
            mdl.row([(m[i, t], 1.0) for i in C if (i, t) in m] + realised_cost(t, -1.0), 0.0, 0.0)
            for i in C:
                if (i, t) not in x or (i, t) not in m:
                    continue
                if d["funding"] == "leads":
                    mdl.row([(m[i, t], 1.0), (x[i, t], -cbar)], None, 0.0)
                if sigma > 0:
                    mdl.row([(m[i, t], 1.0)] + realised_cost(t, -sigma) + [(x[i, t], -sigma * cbar)], -sigma * cbar, None)
        worst = sum(max(tk["c"]) for tk in tasks)
        for i in C:
            b = d["budget"][i]
            if b is not None and worst > b:
                mdl.row([(m[i, t], 1.0) for t in T if (i, t) in m], None, b)
    # objective
    for t in T:
        tk = tasks[t]
        for i in C:
            if (i, t) in x:
                excess = max(0.0, tk["s"] - d["tol"][i])
                mdl.cost[x[i, t]] += alpha * tk["w"] * tk["f"][i] / tk["L"] - beta * tk["c"][i] / tk["L"] - gamma * tk["w"] * excess
    if money and delta > 0:
        total = [(c, a) for t in T for c, a in realised_cost(t, 1.0)]
        for i in C:
            dev = mdl.col(0.0, highspy.kHighsInf, False)
            mdl.cost[dev] = -delta
            spent = [(m[i, t], 1.0) for t in T if (i, t) in m]
            g = d["g"][i]
            # dev >= spent - g total  and  dev >= g total - spent
            mdl.row([(dev, 1.0)] + [(c, -a) for c, a in spent] + [(c, g * a) for c, a in total], 0.0, None)
            mdl.row([(dev, 1.0)] + spent + [(c, -g * a) for c, a in total], 0.0, None)
    return mdl


def solve(path):
    start = time.perf_counter()
    status, objective = build(read(path)).solve()
    return {"file": str(path), "status": status, "objective": objective, "seconds": time.perf_counter() - start}


def main(paths):
    solver()
    for p in paths:
        print(json.dumps(solve(p)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
