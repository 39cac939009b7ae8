#!/usr/bin/env python3
"""The Pareto front a researcher would otherwise compute: pyaugmecon on leadplan's model.

Reads a leadplan scenario (TOML) without money terms (no budgets, fairness
weight 0, funding = "leads"), builds the lead model of docs/src/model.md
(constraints 1-4 and 6) in Pyomo with three objectives, all maximised as in
leadplan's `pareto` (fit, minus cost, minus sensitivity excess), and runs
pyaugmecon (AUGMECON2 with bypass and early exit; HiGHS; one worker) over the
same grid as `leadplan pareto --points N`: N points per constrained term
between its worst value in the payoff table (passed as `--nadir`, maximised:
minus the largest cost and sensitivity of leadplan's payoff table) and its best.

    python augmecon_peer.py SCENARIO.toml --points N --nadir COST SENS

Prints one JSON line: {"points", "models_solved", "seconds", "front"}.
`seconds` covers building the model and the whole pyaugmecon run, the start
of its one worker process included (spawned: see `main`); not Python's own
start-up and imports.
Not part of leadplan's tests; see README.md beside this file.
"""

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from pulp_peer import allowed, read  # noqa: E402  (the scenario reader, shared)

import multiprocessing  # noqa: E402

import pyomo.environ as pyo  # noqa: E402
from pyomo.environ import Binary, ConcreteModel, ConstraintList, ObjectiveList, Var, maximize  # noqa: E402

_factory = pyo.SolverFactory


class _Highs:
    """appsi_highs as pyaugmecon 1.0.8 expects a solver to behave.

    pyaugmecon passes Gurobi's keyword arguments to every solver (HiGHS takes
    none), and it reads an infeasible grid point's status from the result,
    while appsi raises on it unless told not to load a solution (the worker
    then dies and the front silently misses every point after it).
    """

    def __init__(self, name):
        self.inner = _factory(name)
        self.options = self.inner.options

    def solve(self, model):
        r = self.inner.solve(model, load_solutions=False)
        if r.solver.termination_condition == pyo.TerminationCondition.optimal:
            self.inner.load_vars()
        return r


# At module level, so that the spawned worker process patches it too.
pyo.SolverFactory = lambda name, **_: _Highs(name)


def build(d):
    """Variables x_it, constraints 1-4 and the pins of docs/src/model.md, three objectives."""
    C, T = range(len(d["ids"])), range(len(d["tasks"]))
    tasks = d["tasks"]
    keys = [(i, t) for t in T for i in C if allowed(d, i, t) is not False]
    m = ConcreteModel()
    m.x = Var(keys, within=Binary)
    m.rows = ConstraintList()
    for (i, t) in keys:
        if allowed(d, i, t) is True:
            m.rows.add(m.x[i, t] == 1)
    for t in T:
        m.rows.add(sum(m.x[i, t] for i in C if (i, t) in m.x) == tasks[t]["L"])
    for i in C:
        if sum(tk["e"][i] for tk in tasks) > d["cap"][i]:
            m.rows.add(sum(tasks[t]["e"][i] * m.x[i, t] for t in T if (i, t) in m.x) <= d["cap"][i])
        led = [m.x[i, t] for t in T if (i, t) in m.x]
        if d["lo"][i] > 0:
            m.rows.add(sum(led) >= d["lo"][i])
        if d["hi"][i] is not None and d["hi"][i] < len(tasks):
            m.rows.add(sum(led) <= d["hi"][i])
    if d["H"] is not None:
        for dom in dict.fromkeys(tk["domain"] for tk in tasks):
            ts = [t for t in T if tasks[t]["domain"] == dom]
            if len(ts) > d["H"]:
                for i in C:
                    m.rows.add(sum(m.x[i, t] for t in ts if (i, t) in m.x) <= d["H"])
    fit = sum(tasks[t]["w"] * tasks[t]["f"][i] / tasks[t]["L"] * m.x[i, t] for (i, t) in keys)
    cost = sum(tasks[t]["c"][i] / tasks[t]["L"] * m.x[i, t] for (i, t) in keys)
    sens = sum(tasks[t]["w"] * max(0.0, tasks[t]["s"] - d["tol"][i]) * m.x[i, t] for (i, t) in keys)
    m.obj_list = ObjectiveList()
    m.obj_list.add(expr=fit, sense=maximize)
    m.obj_list.add(expr=-cost, sense=maximize)
    m.obj_list.add(expr=-sens, sense=maximize)
    for o in m.obj_list.values():
        o.deactivate()  # pyaugmecon activates one at a time
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--points", type=int, required=True)
    ap.add_argument("--nadir", type=float, nargs=2, required=True)
    a = ap.parse_args()
    from pyaugmecon import PyAugmecon

    # HiGHS starts its thread pool in this process (the payoff table); a worker
    # forked from it inherits that pool's locks without its threads and spins
    # forever (measured: no grid point solved in 300 s). A spawned worker starts clean.
    multiprocessing.set_start_method("spawn", force=True)
    start = time.perf_counter()
    start_wall = time.time()
    model = build(read(a.scenario))
    # pyaugmecon 1.0.8 (the PyPI release): options as a dict
    opts = {
        "name": "leadplan-bench",
        "grid_points": a.points,
        "nadir_points": a.nadir,
        "solver_name": "appsi_highs",
        "solver_io": None,
        "cpu_count": 1,
        "output_excel": False,
        "logging_folder": "logs",  # relative: pyaugmecon prefixes the working folder
    }
    scratch = tempfile.TemporaryDirectory(prefix="augmecon-")
    os.chdir(scratch.name)  # its logs and pickled model go there, not beside the scenario
    solver = PyAugmecon(model, opts, {"MIPGap": None, "NonConvex": None, "mip_rel_gap": 0.0})
    # its progress bar and summary (some printed by the worker) go to stderr
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        solver.solve()
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
    points = solver.get_pareto_solutions()
    models_solved = solver.model.models_solved.value()
    seconds = time.perf_counter() - start
    front = sorted([round(v, 6) for v in p] for p in points)
    phases = log_phases(os.path.join(scratch.name, "logs"), start_wall, time.time())
    os.chdir("/")
    scratch.cleanup()
    print(json.dumps({"points": len(front), "models_solved": models_solved, "seconds": seconds,
                      "phases": phases, "front": front}))


def log_phases(folder, start, end):
    """Seconds per phase from pyaugmecon's log: model building, payoff table, grid (worker)."""
    marks = {}
    for name in os.listdir(folder):
        for line in open(os.path.join(folder, name)):
            for key, text in (("payoff", "Constructing payoff"), ("grid", "Dividing grid")):
                if text in line and key not in marks:
                    stamp = line[1:line.index("]")]
                    marks[key] = time.mktime(time.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")) + float("0." + stamp[20:])
    return {"build": round(marks["payoff"] - start, 3), "payoff_table": round(marks["grid"] - marks["payoff"], 3),
            "grid": round(end - marks["grid"], 3)}


if __name__ == "__main__":
    main()
