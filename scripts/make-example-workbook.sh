#!/usr/bin/env bash
# Regenerates examples/trilateral-public-goods.xlsx from the TOML scenario, with
# leadplan itself (a test checks the shipped file is what export writes today).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -- export scenarios/trilateral-public-goods.toml --format xlsx \
  --out examples/trilateral-public-goods.xlsx
