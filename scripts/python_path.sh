#!/usr/bin/env bash
# Print a PATH prefix ("dir:dir:...") holding a working python3.11, python3.12 and
# python3.13 where pyenv has them installed (newest patch release of each).
#
# Why: tox finds interpreters by name on PATH, but pyenv only enables the shim of
# its "global" version; `python3.12` through the shim says "command not found".
# Putting the real bin directories first lets tox's py311/py312/py313 envs run.
set -u

pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
dirs=()
for minor in 11 12 13; do
    for dir in $(ls -d "$pyenv_root"/versions/3."$minor".* 2>/dev/null | sort -rV); do
        if "$dir/bin/python3.$minor" -c 'import sys' >/dev/null 2>&1; then
            dirs+=("$dir/bin")
            break
        fi
    done
done
(IFS=:; echo "${dirs[*]}")
