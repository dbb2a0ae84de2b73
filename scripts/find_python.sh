#!/usr/bin/env bash
# Print the path of a Python >= 3.11 that can create a virtualenv; exit 1 if none.
#
# Why not just `python3`: the machine's default may be older, and pyenv's shims for
# versions that are not "global" (e.g. `python3.12`) exist on PATH but only print
# "command not found" -- so every candidate is actually run before it is accepted.
# Order: python3.11, python3.12, python3.13 on PATH, then pyenv's installed
# versions directly (bypassing the shims), then plain python3.
set -u

works() {
    # Runs, is >= 3.11, and has venv + ensurepip (Debian splits those out).
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

candidates=()
for minor in 11 12 13; do
    if c=$(command -v "python3.$minor" 2>/dev/null); then candidates+=("$c"); fi
done

pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for minor in 11 12 13; do
    # Newest patch release first.
    for dir in $(ls -d "$pyenv_root"/versions/3."$minor".* 2>/dev/null | sort -rV); do
        candidates+=("$dir/bin/python3.$minor")
    done
done

if c=$(command -v python3 2>/dev/null); then candidates+=("$c"); fi

for c in "${candidates[@]}"; do
    if works "$c"; then
        echo "$c"
        exit 0
    fi
done
echo "find_python.sh: no Python >= 3.11 with venv found (tried: ${candidates[*]:-nothing})" >&2
exit 1
