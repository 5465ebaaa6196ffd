#!/usr/bin/env bash
# promtool (Prometheus's rule and config checker) for the deploy/ tests, from Debian's `prometheus`
# package when it is not on PATH yet.
#
#   scripts/promtool.sh install   make promtool available (once; the stamp records which one)
#   scripts/promtool.sh path      print the promtool the tests use (after install)
#
# The package also ships the Prometheus server, and Debian starts a package's services on install in
# some setups. Installing here must not leave a server behind on port 9090: services are refused to
# start while apt runs (a policy-rc.d answering 101, the Debian interface that invoke-rc.d and
# deb-systemd-invoke obey), and any prometheus service found running afterwards is stopped.
#
# Environment: PROMTOOL (a promtool binary to use instead), PROMTOOL_STAMP (.cache/promtool/.complete).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
stamp=${PROMTOOL_STAMP:-$root/.cache/promtool/.complete}
case "$stamp" in /*) ;; *) stamp="$root/$stamp" ;; esac
policy=/usr/sbin/policy-rc.d

die() { echo "promtool.sh: $*" >&2; exit 1; }

# Runs a command as root: directly, or through sudo without a password prompt.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "installing Debian's prometheus package needs root (or sudo); or set PROMTOOL to a promtool binary"
  fi
}

# Puts a policy-rc.d that forbids starting services in place until `restore_policy`, keeping any existing one.
forbid_service_starts() {
  if [ -e "$policy" ]; then as_root cp -p "$policy" "$policy.market-feed-saved"; fi
  printf '#!/bin/sh\n# Services must not start while market-feed installs promtool.\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
}

restore_policy() {
  if [ -e "$policy.market-feed-saved" ]; then as_root mv -f "$policy.market-feed-saved" "$policy"
  else as_root rm -f "$policy"
  fi
}

# A prometheus service left running anyway (e.g. a systemd that ignored the policy) is stopped.
stop_started_server() {
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    echo "promtool.sh: stopping the prometheus service the package started"
    as_root systemctl stop prometheus || true
  fi
  if [ -x /etc/init.d/prometheus ] && as_root /etc/init.d/prometheus status >/dev/null 2>&1; then
    echo "promtool.sh: stopping the prometheus service the package started"
    as_root /etc/init.d/prometheus stop || true
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "promtool is not on PATH and there is no apt-get: install Prometheus's promtool, or set PROMTOOL"
  echo "promtool.sh: installing Debian's prometheus package for promtool (services kept from starting)"
  forbid_service_starts
  trap restore_policy EXIT
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus)
  as_root "${apt[@]}" || { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update && as_root "${apt[@]}"; } \
    || die "apt-get could not install the prometheus package"
  restore_policy
  trap - EXIT
  stop_started_server
}

find_promtool() {
  if [ -n "${PROMTOOL:-}" ]; then
    [ -x "$PROMTOOL" ] || die "PROMTOOL=$PROMTOOL is not an executable"
    echo "$PROMTOOL"
  else
    command -v promtool
  fi
}

install_promtool() {
  if [ -f "$stamp" ] && [ -x "$(cat "$stamp")" ]; then return 0; fi
  local found
  if ! found=$(find_promtool); then
    apt_install
    found=$(command -v promtool) || die "the prometheus package is installed but promtool is not on PATH"
  fi
  "$found" --version >/dev/null 2>&1 || die "$found --version failed"
  mkdir -p "$(dirname "$stamp")"
  echo "$found" >"$stamp"
  echo "promtool.sh: using $found ($("$found" --version 2>&1 | head -n 1))"
}

case "${1:-}" in
  install) install_promtool ;;
  path) [ -f "$stamp" ] || die "no promtool yet: run scripts/promtool.sh install"; cat "$stamp" ;;
  *) echo "usage: scripts/promtool.sh install|path" >&2; exit 2 ;;
esac
