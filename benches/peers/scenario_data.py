"""Reading a leadplan scenario file into plain data, for the peers.

Shared by pulp_peer.py and highspy_peer.py so that both build the model of
docs/src/model.md from the same numbers (defaults as in docs/src/model.md).
"""

import tomllib


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
    """The scenario's data, with the defaults of docs/src/model.md."""
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
            "optional": bool(t.get("optional", False)),
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
