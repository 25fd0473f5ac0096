#!/usr/bin/env bash
# The non-browser test suite on every supported Python (pyenv interpreters 3.11, 3.12, 3.13).
#
# For each version: a fresh venv in /tmp, `pip install -r requirements-dev.txt`, then
# `python -m pytest -q -m "not browser" -p no:cacheprovider` from the repository root with that
# venv. Afterwards the repository must hold no new or modified file: `git status --porcelain`
# (tracked and untracked files) is compared before and after each run, and so is a hash of every
# file it lists, so a change to an already-modified file is noticed too. Ignored files
# (.hypothesis/, test-output/, __pycache__/) are listed separately, for information only.
#
# Usage: bash scripts/python_matrix.sh [3.11 3.12 3.13]      (PYENV_ROOT, KEEP_VENVS=1 to keep /tmp venvs)
# Exit status: 0 when every version installed, passed and wrote nothing into the repository.
#
# Note: the comparison sees the whole work tree, so an edit made by someone else while the
# matrix runs shows up as a "write"; the listed paths tell which.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PYENV_ROOT="${PYENV_ROOT:-$HOME/.pyenv}"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -eq 0 ] && VERSIONS=(3.11 3.12 3.13)
OUT="$(mktemp -d /tmp/python-matrix.XXXXXX)"
echo "logs: $OUT"

interpreter() {  # the newest pyenv interpreter of a minor version, e.g. 3.12 -> ~/.pyenv/versions/3.12.1/bin/python
  local minor="$1" dir
  dir="$(ls -d "$PYENV_ROOT"/versions/"$minor".* 2>/dev/null | grep -E "/$minor\.[0-9]+$" | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/bin/python" ] && echo "$dir/bin/python"
}

snapshot() {  # porcelain status plus a hash of each listed path (untracked files listed one by one)
  git -C "$ROOT" status --porcelain --untracked-files=all | while IFS= read -r line; do
    path="${line:3}"
    path="${path##* -> }"
    if [ -f "$ROOT/$path" ]; then
      printf '%s %s\n' "$line" "$(sha1sum "$ROOT/$path" | cut -c1-12)"
    else
      printf '%s -\n' "$line"
    fi
  done
}

ignored() {  # ignored files outside .venv and node_modules, with their modification times
  git -C "$ROOT" status --porcelain --ignored --untracked-files=all \
    | grep '^!! ' | grep -v -E '^!! (\.venv|node_modules)/' | cut -c4- | sort \
    | while IFS= read -r p; do printf '%s %s\n' "$p" "$(stat -c %Y "$ROOT/$p" 2>/dev/null)"; done
}

declare -A PYV INSTALL TESTS SUMMARY WRITES SECONDS_TAKEN
status=0
for minor in "${VERSIONS[@]}"; do
  start=$(date +%s)
  log="$OUT/py$minor.log"
  py="$(interpreter "$minor")"
  if [ -z "$py" ]; then
    PYV[$minor]="missing"; INSTALL[$minor]="-"; TESTS[$minor]="-"; SUMMARY[$minor]="no pyenv $minor"; WRITES[$minor]="-"
    SECONDS_TAKEN[$minor]=0; status=1; continue
  fi
  PYV[$minor]="$("$py" -c 'import platform; print(platform.python_version())')"
  venv="/tmp/python-matrix-venv-$minor"
  rm -rf "$venv"
  echo "== Python ${PYV[$minor]}: venv $venv" | tee "$log"
  "$py" -m venv "$venv" >>"$log" 2>&1
  "$venv/bin/python" -m pip install -q --upgrade pip >>"$log" 2>&1
  if "$venv/bin/python" -m pip install -r "$ROOT/requirements-dev.txt" >>"$log" 2>&1; then
    INSTALL[$minor]="ok"
  else
    INSTALL[$minor]="FAILED"
    # the package pip could not install (no wheel / no matching version / build failure)
    SUMMARY[$minor]="$(grep -E 'ERROR: (Could not find|No matching|Failed to build|Failed building)|error: subprocess' "$log" | head -n 2 | tr '\n' ' ' | cut -c1-160)"
    TESTS[$minor]="-"; WRITES[$minor]="-"; SECONDS_TAKEN[$minor]=$(( $(date +%s) - start )); status=1
    [ "${KEEP_VENVS:-0}" = 1 ] || rm -rf "$venv"
    continue
  fi
  before="$(snapshot)"; ignored_before="$(ignored)"
  (cd "$ROOT" && "$venv/bin/python" -m pytest -q -m "not browser" -p no:cacheprovider) >>"$log" 2>&1
  rc=$?
  after="$(snapshot)"; ignored_after="$(ignored)"
  TESTS[$minor]=$([ $rc -eq 0 ] && echo "passed" || echo "FAILED (rc $rc)")
  [ $rc -eq 0 ] || status=1
  SUMMARY[$minor]="$(grep -E '^[0-9]+ (passed|failed)|[0-9]+ (passed|failed|error)' "$log" | tail -n 1 | sed 's/=//g; s/^ *//')"
  if [ "$before" == "$after" ]; then
    WRITES[$minor]="none"
  else
    WRITES[$minor]="CHANGED"
    status=1
    echo "-- repository changed during the run (before / after):" >>"$log"
    diff <(echo "$before") <(echo "$after") >>"$log"
  fi
  if [ "$ignored_before" != "$ignored_after" ]; then
    echo "-- ignored files created or touched (not counted as writes):" >>"$log"
    diff <(echo "$ignored_before") <(echo "$ignored_after") | grep '^>' | cut -c3- | cut -d' ' -f1 \
      | sed -E 's#/[^/]*$#/#' | sort | uniq -c >>"$log"
  fi
  SECONDS_TAKEN[$minor]=$(( $(date +%s) - start ))
  [ "${KEEP_VENVS:-0}" = 1 ] || rm -rf "$venv"
done

echo
printf '%-8s %-9s %-8s %-16s %-9s %6s  %s\n' "python" "version" "install" "tests" "writes" "secs" "summary"
for minor in "${VERSIONS[@]}"; do
  printf '%-8s %-9s %-8s %-16s %-9s %6s  %s\n' "$minor" "${PYV[$minor]}" "${INSTALL[$minor]}" "${TESTS[$minor]}" \
    "${WRITES[$minor]}" "${SECONDS_TAKEN[$minor]}" "${SUMMARY[$minor]}"
done
echo "logs: $OUT"
exit $status
