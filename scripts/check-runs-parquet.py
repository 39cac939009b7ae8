#!/usr/bin/env python3
"""Check, with pyarrow (a Parquet reader that shares no code with leadplan),
that OUT_DIR/runs.parquet holds exactly the runs of OUT_DIR/runs.csv.

    python3 scripts/check-runs-parquet.py out/mc      # needs: pip install pyarrow

Optional: the Rust tests check the same with the parquet crate's row reader.
Every cell is compared: numbers as the same double, empty CSV cells as nulls.
Exits 0 when they agree, 1 with the first difference otherwise.
"""
import csv
import sys

import pyarrow.parquet as pq


def same(text, value):
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if isinstance(value, int):
        return text == str(value)
    if isinstance(value, float):
        return text != "" and float(text) == value
    return text == value


def main(out):
    table = pq.read_table(f"{out}/runs.parquet")
    with open(f"{out}/runs.csv", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if table.column_names != header:
        print(f"columns differ: {table.column_names} vs {header}")
        return 1
    if table.num_rows != len(body):
        print(f"{table.num_rows} Parquet rows, {len(body)} CSV rows")
        return 1
    columns = [table.column(name).to_pylist() for name in header]
    for k, row in enumerate(body):
        for name, text, col in zip(header, row, columns):
            if not same(text, col[k]):
                print(f"run {k}, {name}: csv {text!r}, parquet {col[k]!r}")
                return 1
    types = ", ".join(f"{f.name}: {f.type}" for f in list(table.schema)[:6])
    print(f"{out}: {len(body)} runs agree in all {len(header)} columns ({types}, ...)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
