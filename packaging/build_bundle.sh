#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/speakprep/speakprep (the app with no command,
# the command line with one), with the bundled tiny.en model, the assets and Qt's plugins.
#
#   bash packaging/build_bundle.sh [OUT_DIR]     # default: dist
#
# Needs PyInstaller in .venv (`bash packaging/bootstrap.sh --dev` installs it). The same
# spec builds on Windows and macOS; see packaging/speakprep.spec.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)
python=${PYTHON:-$root/.venv/bin/python}
work="$out/.work"

# speakprep laid out as installed (assets inside the package), so PyInstaller finds
# speakprep.assets as an ordinary package; the checkout keeps assets/ at the top.
rm -rf "$work" "$out/speakprep"
mkdir -p "$work/stage"
cp -r "$root/speakprep" "$work/stage/speakprep"
cp -r "$root/assets" "$work/stage/speakprep/assets"
find "$work/stage" -name __pycache__ -prune -exec rm -rf {} +

SPEAKPREP_STAGE="$work/stage" "$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$out" --workpath "$work/pyinstaller" "$root/packaging/speakprep.spec"
rm -rf "$work"
echo "Built $out/speakprep ($(du -sh "$out/speakprep" | cut -f1)); run $out/speakprep/speakprep"
