#!/usr/bin/env bash
# Renders the guide's workbook screenshots with LibreOffice (headless) and
# poppler: docs/src/img/workbook-capabilities.png (the example workbook's
# capabilities sheet) and docs/src/img/workbook-plan.png (solve --format xlsx).
# Needs: soffice (Debian: libreoffice-calc-nogui) and pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -- solve scenarios/trilateral-public-goods.toml --format xlsx --out "$tmp/plan.xlsx"
soffice --headless --convert-to pdf --outdir "$tmp" examples/trilateral-public-goods.xlsx "$tmp/plan.xlsx" >/dev/null
# Page 4 is the capabilities sheet, page 2 of the plan workbook its plan sheet.
pdftoppm -f 4 -l 4 -r 200 -x 123 -y 132 -W 1955 -H 104 -png -singlefile \
  "$tmp/trilateral-public-goods.pdf" docs/src/img/workbook-capabilities
pdftoppm -f 2 -l 2 -r 130 -x 80 -y 85 -W 1270 -H 240 -png -singlefile \
  "$tmp/plan.pdf" docs/src/img/workbook-plan
