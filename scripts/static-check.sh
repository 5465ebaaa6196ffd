#!/usr/bin/env bash
# The type check and the formatter's check, each starting from what its last run on this machine
# learned (scripts/lib/kept.sh), so that a fresh checkout checks again only what differs from it.
#
#   scripts/static-check.sh typecheck   tsc --noEmit, incremental: its build info names files by their
#                                       paths from it and by their contents' hashes, and is dropped by tsc
#                                       itself when the compiler or its options differ (32 s of CPU from
#                                       nothing, 8 s on an unchanged tree)
#   scripts/static-check.sh format      prettier --check with its cache by content: a file whose content,
#                                       Prettier's version and options are as when it last passed is not
#                                       formatted again (30 s of CPU from nothing, 4 s on an unchanged tree)
#
# What each check reports is what a check from nothing reports: only the work is kept, never a verdict
# on content that changed. MARKET_FEED_KEEP=off starts each from nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"

# The machine's kept copy of a check's state (one file, the last run's; empty when keeping is off).
kept_state() {
  [ "${MARKET_FEED_KEEP:-}" = off ] && return 0
  echo "$(keep_root)/$1"
}

# Keeps the file $1 as the machine's copy $2: written aside, then moved in whole (a run beside this one
# keeps one of the two).
keep_state() {
  local file=$1 kept=$2
  if [ -z "$kept" ] || [ ! -f "$file" ]; then return 0; fi
  mkdir -p "$(dirname "$kept")"
  local partial
  partial=$(mktemp "$kept.partial-XXXXXX")
  if ! { cp "$file" "$partial" && mv -f "$partial" "$kept"; }; then rm -f "$partial"; fi
  return 0
}

mkdir -p .cache
case "${1:-}" in
  typecheck)
    info=.cache/typecheck.tsbuildinfo
    kept=$(kept_state typecheck.tsbuildinfo)
    if [ -n "$kept" ] && [ -f "$kept" ]; then cp "$kept" "$info"; fi
    status=0
    npx tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile "$info" || status=$?
    keep_state "$info" "$kept"
    exit "$status"
    ;;
  format)
    # Prettier names each file in its cache by its absolute path: kept with this checkout's root written
    # as a mark, and taken with the mark written as the root of the checkout taking it.
    cache=.cache/prettier-cache.json
    kept=$(kept_state prettier-cache.json)
    mark='@CHECKOUT@'
    if [ -n "$kept" ] && [ -f "$kept" ]; then sed "s#$mark/#$root/#g" "$kept" > "$cache"; fi
    status=0
    npx prettier --check --log-level warn --cache --cache-strategy content --cache-location "$cache" . || status=$?
    if [ -f "$cache" ]; then
      sed "s#$root/#$mark/#g" "$cache" > "$cache.marked"
      keep_state "$cache.marked" "$kept"
      rm -f "$cache.marked"
    fi
    exit "$status"
    ;;
  *)
    echo "usage: scripts/static-check.sh typecheck|format" >&2
    exit 2
    ;;
esac
