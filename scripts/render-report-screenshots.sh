#!/usr/bin/env bash
# Renders the first page of the minister's report (the briefing) for the shipped
# trilateral scenario, with its 2,000-run Monte Carlo sweep, and for the
# five-country study, as a person sees it in a browser: headless Chromium at
# 1280 x 1900 (apt-get install chromium). Writes docs/src/img/report-minister-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/leadplan"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Exit 1 only says some runs have no plan (capacities drawn too low); the results are complete.
"$bin" sweep scenarios/trilateral-montecarlo.sweep.toml --out "$work/mc" >/dev/null || [ $? -eq 1 ]
"$bin" report scenarios/trilateral-public-goods.toml --sweep "$work/mc" --out "$work/trilateral.html"
"$bin" report examples/indo-pacific-five.toml --out "$work/five.html"
for name in trilateral five; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1280,1900 --screenshot="docs/src/img/report-minister-$name.png" \
    "file://$work/$name.html" 2>/dev/null
done
ls -l docs/src/img/report-minister-*.png
