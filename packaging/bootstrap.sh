#!/usr/bin/env bash
# Set up speakprep on a fresh machine: system libraries, a virtual environment in .venv,
# and the package. `bash packaging/bootstrap.sh --dev` adds what the tests need.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1
python=${PYTHON:-python3}

# System libraries: PortAudio for the microphone (sounddevice), and for the desktop app
# the X/EGL libraries Qt needs even offscreen. Debian/Ubuntu only; elsewhere install them
# with your package manager (macOS and Windows wheels bring their own).
if command -v apt-get >/dev/null 2>&1; then
    pkgs=(libportaudio2 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3)
    # Qt's X11 platform plugin (a desktop session; offscreen tests do not need it).
    pkgs+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
        libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1)
    # --dev: the validators that tests/test_packaging.py runs on the desktop entry and the
    # AppStream metadata.
    [ "$dev" = 1 ] && pkgs+=(desktop-file-utils appstream)
    need=()
    for pkg in "${pkgs[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [ ${#need[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    fi
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "speakprep needs Python 3.11 or newer (found $("$python" --version 2>&1))" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install --quiet -e '.[dev]'
else
    .venv/bin/python -m pip install --quiet .
fi
