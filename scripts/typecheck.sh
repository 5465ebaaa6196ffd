#!/usr/bin/env bash
# The type check (tsc --noEmit), starting from what its last run on this machine learned, kept beside
# the installs (scripts/lib/kept.sh): a fresh checkout checks again only what differs from it.
#
# tsc's incremental build info names files by their paths from it and by their contents' hashes, so it
# serves a checkout anywhere, and tsc drops it itself when the compiler or its options differ. What the
# check reports is what a check from nothing reports: only the work is kept. 32 s of CPU from nothing,
# 8.5 s on an unchanged tree. MARKET_FEED_KEEP=off starts from nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"

info=.cache/typecheck.tsbuildinfo
kept=""
[ "${MARKET_FEED_KEEP:-}" = off ] || kept="$(keep_root)/typecheck.tsbuildinfo"
mkdir -p .cache
if [ -n "$kept" ] && [ -f "$kept" ]; then cp "$kept" "$info"; fi

status=0
npx tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile "$info" || status=$?

keep_file "$info" "$kept"
exit "$status"
