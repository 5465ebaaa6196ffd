#!/usr/bin/env bash
# A Python virtualenv with the official Confluent client and fastavro, for the interop tests that
# read market-feed's topics with readers that share no code with it, and with pyarrow, pandas and
# chdb (ClickHouse's engine in process) for the archive's documented queries.
#
#   scripts/interop-python.sh install   create .cache/interop/venv and install interop/python/requirements.txt
#                                       (once; again only when requirements.txt changed)
#   scripts/interop-python.sh python    print the venv's python path (after install)
#
# Environment: PYTHON (python3), INTEROP_VENV (.cache/interop/venv).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
venv=${INTEROP_VENV:-$root/.cache/interop/venv}
case "$venv" in /*) ;; *) venv="$root/$venv" ;; esac
requirements="$root/interop/python/requirements.txt"
stamp="$venv/.complete"

die() { echo "interop-python.sh: $*" >&2; exit 1; }

install_venv() {
  # The stamp holds the requirements it was built from: a changed file rebuilds the venv.
  if [ -f "$stamp" ] && cmp -s "$stamp" "$requirements"; then return 0; fi
  command -v "$python" >/dev/null 2>&1 \
    || die "$python is not installed; the interop tests need Python 3.9 or newer (or set PYTHON)"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "$("$python" --version 2>&1) is too old; the interop tests need Python 3.9 or newer (or set PYTHON)"
  "$python" -c 'import venv, ensurepip' 2>/dev/null \
    || die "$python has no venv/ensurepip module; install it (Debian: apt-get install python3-venv)"
  echo "interop-python.sh: creating $venv from $requirements"
  rm -rf "$venv"
  "$python" -m venv "$venv" || die "$python -m venv $venv failed"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" \
    || die "pip could not install $requirements"
  cp "$requirements" "$stamp"
}

case "${1:-}" in
  install) install_venv ;;
  python) [ -f "$stamp" ] || die "no venv yet: run scripts/interop-python.sh install"; echo "$venv/bin/python" ;;
  *) echo "usage: scripts/interop-python.sh install|python" >&2; exit 2 ;;
esac
