"""The EMA Workbench's PRIM on a leadplan sweep's runs.csv: the peer of `leadplan discover`.

    python benches/peers/ema_prim.py SWEEP_DIR [TARGET]

Reads SWEEP_DIR/runs.csv (parameter columns between `regret` and the first
`lead.` column), takes y = (status == "infeasible"), runs
ema_workbench.analysis.prim.Prim with its defaults (peel_alpha 0.05,
paste_alpha 0.05, mass_min 0.05, lenient1) and finds one box; prints the
seconds for find_box alone (data loading excluded), the trajectory length,
and the restricted parameters of the last box on the trajectory. Needs a venv
with ema_workbench (not part of leadplan's build).
"""
import sys
import time

import numpy as np
import pandas as pd
from ema_workbench.analysis import prim


def main():
    folder = sys.argv[1]
    runs = pd.read_csv(f"{folder}/runs.csv")
    cols = list(runs.columns)
    params = cols[cols.index("regret") + 1 : next(i for i, c in enumerate(cols) if c.startswith("lead."))]
    runs = runs[runs["status"].isin(["optimal", "time_limit", "infeasible"])]
    runs = runs.dropna(subset=params)
    x = runs[params].astype(float).reset_index(drop=True)
    y = (runs["status"] == "infeasible").to_numpy()
    start = time.perf_counter()
    p = prim.Prim(x, y, threshold=0.8)  # ema_workbench 2.x requires it; it does not change the peeling
    box = p.find_box()
    seconds = time.perf_counter() - start
    traj = box.peeling_trajectory
    print(f"runs {len(x)} parameters {len(params)} cases {int(y.sum())}")
    print(f"ema_workbench find_box: {seconds:.3f} s, trajectory points {len(traj)}")
    # The point leadplan's default rule picks: highest coverage with density >= 0.8.
    ok = traj[traj["density"] >= 0.8]
    i = int(ok["coverage"].idxmax()) if len(ok) else int(traj["density"].idxmax())
    lims = box.box_lims[i]
    init = p.box_init
    restricted = [c for c in params if not np.allclose(lims[c].values, init[c].values)]
    print(f"point {i}: coverage {traj.loc[i, 'coverage']:.4f} density {traj.loc[i, 'density']:.4f}")
    for c in restricted:
        print(f"  {c}: [{lims.loc[0, c]:.6g}, {lims.loc[1, c]:.6g}]")


if __name__ == "__main__":
    main()
