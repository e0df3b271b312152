#!/usr/bin/env bash
# Set up speakprep on a fresh machine: system libraries, a virtual environment in .venv,
# and the package. `bash packaging/bootstrap.sh --dev` adds what the tests need.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

is_new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

# Python 3.11 or newer: $PYTHON if set, else python3, else the newest python3.1x on PATH
# (Ubuntu 22.04's python3 is 3.10; deadsnakes or uv may have put a newer one beside it).
if [ -n "${PYTHON:-}" ]; then
    python=$PYTHON
else
    python=python3
    if ! is_new_enough python3; then
        for candidate in python3.14 python3.13 python3.12 python3.11; do
            if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
                python=$candidate
                break
            fi
        done
    fi
fi
if ! is_new_enough "$python"; then
    found=$("$python" --version 2>&1 || echo "no $python")
    cat >&2 <<MSG
speakprep needs Python 3.11 or newer, and $python is: $found.
Ubuntu 22.04 and Debian 11 ship 3.10 or older. Get a newer one in any of these ways, then run
this script again (add PYTHON=... if it is not found by itself):
  * deadsnakes (Ubuntu):  sudo add-apt-repository ppa:deadsnakes/ppa
                          sudo apt-get install python3.11 python3.11-venv
  * uv:                   curl -LsSf https://astral.sh/uv/install.sh | sh
                          uv python install 3.11
                          PYTHON="\$(uv python find 3.11)" bash packaging/bootstrap.sh
  * pyenv:                pyenv install 3.11
                          PYTHON="\$(pyenv root)/versions/\$(pyenv latest 3.11)/bin/python" \\
                              bash packaging/bootstrap.sh
MSG
    exit 1
fi

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
    # --dev: tests/test_bundle.py checks with strace that the bundle opens no socket.
    [ "$dev" = 1 ] && pkgs+=(strace)
    # Debian and Ubuntu leave venv's pip bootstrap (ensurepip) out of python3: it is in
    # python3.X-venv. Only for a Python that apt manages (in /usr; not uv's or pyenv's).
    if ! "$python" -c 'import ensurepip' >/dev/null 2>&1 &&
        [ "$("$python" -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
        pkgs+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
    fi
    need=()
    for pkg in "${pkgs[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [ ${#need[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        # sudo may ask for a password: say what it is for.
        echo "Installing system libraries with apt-get: ${need[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    fi
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv; then
        rm -rf .venv
        echo "Could not create .venv with $python: install its venv module" \
            "(Debian/Ubuntu: apt-get install python3-venv) and run this again." >&2
        exit 1
    fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip

# setuptools builds in the checkout (build/, speakprep.egg-info/); neither is needed once
# installed, editable or not. Remove them unless they were there before.
leftovers=()
for made in build speakprep.egg-info; do
    [ -e "$made" ] || leftovers+=("$made")
done
# pip is quiet, and a first install fetches several hundred MB (Qt, the speech model's
# runtime): say so, or the terminal looks stuck for minutes.
echo "Installing speakprep and its Python packages into .venv" \
    "(about 800 MB on disk; a few minutes the first time)..."
if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install --quiet -e '.[dev]'
else
    .venv/bin/python -m pip install --quiet .
fi
[ ${#leftovers[@]} -eq 0 ] || rm -rf "${leftovers[@]}"
echo "speakprep is installed: start it with .venv/bin/speakprep"
