#!/usr/bin/env bash
# Regenerates the example workbooks from their TOML scenarios, with leadplan
# itself (a test checks the shipped files are what export writes today):
# examples/trilateral-public-goods.xlsx (the trilateral scenario) and
# examples/first-study.xlsx (a small study to fill in, from examples/first-study.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -- export scenarios/trilateral-public-goods.toml --format xlsx \
  --out examples/trilateral-public-goods.xlsx
cargo run --quiet -- export examples/first-study.toml --format xlsx \
  --out examples/first-study.xlsx
