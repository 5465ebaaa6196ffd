#!/usr/bin/env bash
# Debian's Chromium, for the dashboard's browser test and benchmark (driven by puppeteer-core, which
# downloads no browser of its own).
#
#   scripts/chromium.sh install   apt-get install chromium when it is missing (root, or sudo), then
#                                 write the stamp .cache/chromium/.complete
#   scripts/chromium.sh path      print the browser's path
#
# Environment: CHROMIUM_PATH (/usr/bin/chromium).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
stamp="$root/.cache/chromium/.complete"

die() { echo "chromium.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "installing Chromium needs root: run 'apt-get install -y chromium' as root, or set CHROMIUM_PATH"
  fi
}

install_browser() {
  if [ ! -x "$browser" ]; then
    command -v apt-get >/dev/null 2>&1 || die "$browser is missing and there is no apt-get; install Chromium and set CHROMIUM_PATH"
    echo "chromium.sh: installing Debian's chromium"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
    [ -x "$browser" ] || die "apt-get installed chromium but $browser is not there; set CHROMIUM_PATH"
  fi
  "$browser" --headless --no-sandbox --version >/dev/null 2>&1 || "$browser" --version >/dev/null 2>&1 || die "$browser does not start"
  mkdir -p "$(dirname "$stamp")"
  "$browser" --version > "$stamp" 2>/dev/null || echo "$browser" > "$stamp"
  echo "chromium.sh: $(cat "$stamp")"
}

case "${1:-}" in
  install) install_browser ;;
  path) echo "$browser" ;;
  *) die "usage: scripts/chromium.sh install|path" ;;
esac
