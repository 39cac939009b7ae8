#!/usr/bin/env python3
"""Turns the raw outputs of scripts/bench-gap into Markdown tables in docs/src/benchmarks.md.

Each table goes between its markers (<!-- bench-gap:NAME --> ... <!-- /bench-gap:NAME -->);
a section without new data is left as it is. Standard library only.
"""
import csv
import datetime
import glob
import json
import os
import re
import sys


def fmt_num(x):
    if x is None or x == "":
        return "-"
    x = float(x)
    return str(int(round(x))) if abs(x - round(x)) < 1e-6 else f"{x:.2f}"


def read_peer(path):
    """The peer's rows by instance name (HiGHS's start-up banner lines are skipped)."""
    with open(path) as f:
        return {row["name"]: row for row in csv.DictReader(f, delimiter="\t") if row.get("seconds")}


def peer_cell(lp, peer):
    if peer is None:
        return "-"
    proved = peer["proved"] == "True"
    same = str(lp.get("objective")) == peer["objective"]
    if proved and same and lp["status"] == "optimal":
        return "same, proved"
    state = "proved" if proved else "open"
    return f"{fmt_num(peer['objective'])} / {fmt_num(peer['bound'])} ({state})"


def main_table(work, files):
    rows, t_lp, t_peer, n_opt, n_all = [], 0.0, 0.0, 0, 0
    for f in files:
        tag = f.replace("/", "_")
        lp_path = os.path.join(work, f"lp-{tag}.json")
        if not os.path.exists(lp_path):
            continue
        lp_rows = json.load(open(lp_path))
        peer = read_peer(os.path.join(work, f"peer-{tag}.tsv"))
        for r in lp_rows:
            p = peer.get(r["instance"])
            ps = float(p["seconds"]) if p else None
            ratio = f"{r['seconds'] / ps:.2f}" if ps else "-"
            t_lp += r["seconds"]
            t_peer += ps or 0.0
            n_all += 1
            n_opt += r["status"] == "optimal"
            rows.append(
                f"| {r['instance']} | {fmt_num(r['objective'])} | {fmt_num(r['bound'])} | {r['status']} "
                f"| {r['seconds']:.3f} | {'-' if ps is None else f'{ps:.3f}'} | {ratio} | {peer_cell(r, p)} |"
            )
    if not rows:
        return None
    head = (
        f"Run {datetime.date.today().isoformat()} on {os.environ.get('CPU', 'unknown CPU')}, "
        f"time limit {os.environ['LIMIT']} s per instance on both sides, one solver thread each; "
        f"peer: HiGHS through highspy {os.environ.get('HIGHSPY', '?')}.\n\n"
        "| instance | objective | bound | status | seconds leadplan | seconds peer | ratio | peer result |\n"
        "|---|---:|---:|---|---:|---:|---:|---|\n"
    )
    total = (
        f"| **total** | | | {n_opt} of {n_all} optimal | {t_lp:.2f} | {t_peer:.2f} "
        f"| {t_lp / t_peer:.2f} | |\n" if t_peer > 0 else ""
    )
    return head + "\n".join(rows) + "\n" + total


def small_table(work):
    out, tot = [], [0, 0, 0.0, 0.0]
    for k in range(1, 13):
        lp_path = os.path.join(work, f"small-lp-{k}.json")
        if not os.path.exists(lp_path):
            continue
        lp = json.load(open(lp_path))
        peer = read_peer(os.path.join(work, f"small-peer-{k}.tsv"))
        n_opt = sum(r["status"] == "optimal" for r in lp)
        agree = sum(str(r["objective"]) == peer.get(r["instance"], {}).get("objective") for r in lp)
        t_lp = sum(r["seconds"] for r in lp)
        t_peer = sum(float(p["seconds"]) for p in peer.values())
        slowest = max(lp, key=lambda r: r["seconds"])
        out.append(f"| gap{k} | {lp[0]['agents']} x {lp[0]['jobs']} | {n_opt} of {len(lp)} | {agree} of {len(lp)} "
                   f"| {slowest['seconds']:.3f} ({slowest['instance']}) | {t_lp:.3f} | {t_peer:.3f} |")
        tot = [tot[0] + n_opt, tot[1] + len(lp), tot[2] + t_lp, tot[3] + t_peer]
    if not out:
        return None
    return (
        "| file | size | optimal | same objective as peer | slowest instance (s) | seconds leadplan | seconds peer |\n"
        "|---|---|---|---|---:|---:|---:|\n" + "\n".join(out)
        + f"\n| **total** | | {tot[0]} of {tot[1]} | | | {tot[2]:.2f} | {tot[3]:.2f} |\n"
    )


def fastest_overheads(work):
    """Per instance, (build, setup) of the run with the smallest total."""
    best = {}
    for path in sorted(glob.glob(os.path.join(work, "over-*.txt"))):
        text = open(path).read()
        m = re.search(r"model building, read-back\): ([\d.]+) s of ([\d.]+) s", text)
        name = re.search(r"^([a-z]\d{5})\s", text, re.M)
        if m and name:
            pair = (float(m.group(1)), float(m.group(2)))
            if name.group(1) not in best or pair[1] < best[name.group(1)][1]:
                best[name.group(1)] = pair
    return best


def overhead_table(work):
    out = []
    for inst, (build, setup) in sorted(fastest_overheads(work).items()):
        full = None
        lp_path = os.path.join(work, f"lp-gap{inst[0]}.txt.json")
        if os.path.exists(lp_path):
            full = next((r["seconds"] for r in json.load(open(lp_path)) if r["instance"] == inst), None)
        share = f"{100 * build / full:.2f}% / {100 * setup / full:.2f}%" if full else "-"
        out.append(f"| {inst} | {build:.4f} | {setup:.4f} | {'-' if full is None else f'{full:.3f}'} | {share} |")
    if not out:
        return None
    return (
        "| instance | leadplan model building + read-back (s) | ... + hand-over to HiGHS and its set-up (s) "
        "| full solve (s) | share of the full solve |\n|---|---:|---:|---:|---:|\n" + "\n".join(out) + "\n"
    )


def microlp_table(work):
    out = []
    paths = sorted(glob.glob(os.path.join(work, "mlp-*.json")),
                   key=lambda p: (not re.search(r"mlp-\d+", p), int(re.sub(r"\D", "", p) or 0), p))
    for path in paths:
        try:
            rows = json.load(open(path))
        except (json.JSONDecodeError, OSError):
            continue
        for r in rows:
            out.append(f"| {r['instance']} | {r['agents']} x {r['jobs']} | {r['status']} | {fmt_num(r['objective'])} "
                       f"| {fmt_num(r['bound'])} | {r['seconds']:.2f} |")
    if not out:
        return None
    return (
        f"microlp, time limit {os.environ['MLIMIT']} s, first instance of each file:\n\n"
        "| instance | size | status | objective | bound | seconds |\n|---|---|---|---:|---:|---:|\n"
        + "\n".join(out) + "\n"
    )


def replace_section(doc, name, body):
    if body is None:
        return doc
    begin, end = f"<!-- bench-gap:{name} -->", f"<!-- /bench-gap:{name} -->"
    block = f"{begin}\n{body}{end}"
    if begin in doc and end in doc:
        return re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    return doc.rstrip("\n") + "\n\n" + block + "\n"


def main():
    work, doc_path = sys.argv[1], sys.argv[2]
    doc = open(doc_path).read() if os.path.exists(doc_path) else "# Benchmarks\n"
    doc = replace_section(doc, "table", main_table(work, os.environ["FILES"].split()))
    doc = replace_section(doc, "small", small_table(work))
    doc = replace_section(doc, "overhead", overhead_table(work))
    doc = replace_section(doc, "microlp", microlp_table(work))
    tmp = doc_path + ".tmp"
    with open(tmp, "w") as f:
        f.write(doc)
    os.replace(tmp, doc_path)


if __name__ == "__main__":
    main()
