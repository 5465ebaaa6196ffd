#!/usr/bin/env bash
# A Python virtualenv with the official Confluent client and fastavro, for the interop tests that
# read market-feed's topics with readers that share no code with it, and with pyarrow, pandas and
# chdb (ClickHouse's engine in process) for the archive's documented queries.
#
#   scripts/interop-python.sh install   create .cache/interop/venv and install interop/python/requirements.txt
#                                       (once; again only when requirements.txt changed). The environment is
#                                       made once per machine for a requirements file and interpreter, in the
#                                       keep of scripts/lib/kept.sh, and the checkout's venv links to it.
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
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"

install_venv() {
  # The stamp holds the requirements it was built from: a changed file rebuilds the venv.
  if [ -f "$stamp" ] && cmp -s "$stamp" "$requirements"; then return 0; fi
  command -v "$python" >/dev/null 2>&1 \
    || die "$python is not installed; the interop tests need Python 3.9 or newer (or set PYTHON)"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "$("$python" --version 2>&1) is too old; the interop tests need Python 3.9 or newer (or set PYTHON)"
  "$python" -c 'import venv, ensurepip' 2>/dev/null \
    || die "$python has no venv/ensurepip module; install it (Debian: apt-get install python3-venv)"
  # One environment per requirements file and interpreter on this machine; a venv runs from where it is moved to (bin/python).
  local kept
  kept=$(kept_path interop-venv "$(digest_of_text "$(cat "$requirements")$("$python" -c 'import sys; print(sys.version)')")")
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  if is_kept "$kept" && cmp -s "$kept/.complete" "$requirements"; then
    ln -s "$kept" "$venv"
    return 0
  fi
  local made=$venv
  if [ -n "$kept" ]; then
    mkdir -p "$(dirname "$kept")"
    made=$(mktemp -d "$kept.partial-XXXXXX")
  fi
  echo "interop-python.sh: creating $venv from $requirements"
  "$python" -m venv "$made" || die "$python -m venv $made failed"
  "$made/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" \
    || die "pip could not install $requirements"
  cp "$requirements" "$made/.complete"
  [ "$made" = "$venv" ] && return 0
  touch "$made/.kept"
  # Another install may have kept the same environment meanwhile: either serves.
  if mv -T "$made" "$kept" 2>/dev/null; then prune_kept "$kept"; else rm -rf "$made"; fi
  ln -s "$kept" "$venv"
}

case "${1:-}" in
  install) install_venv ;;
  python) [ -f "$stamp" ] || die "no venv yet: run scripts/interop-python.sh install"; echo "$venv/bin/python" ;;
  *) echo "usage: scripts/interop-python.sh install|python" >&2; exit 2 ;;
esac
