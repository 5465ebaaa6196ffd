#!/usr/bin/env bash
# The formatter's check (prettier --check), asked only of the files whose content this machine has not
# seen pass before, under the same path, Prettier and configuration (scripts/lib/kept.sh).
#
# A file is named by its path in the checkout and the git hash of its content as it is on disk, so the
# list serves a checkout anywhere (Prettier's own cache names files by their absolute path). The list is
# kept under a key naming Prettier's version, its configuration, what it ignores and this script; it is
# written again only after a check that passed, holding the tree just checked. A file not on it is
# checked as from nothing. 31 s of CPU from nothing, under a second on a tree checked before.
# MARKET_FEED_KEEP=off checks every file.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"

if [ "${MARKET_FEED_KEEP:-}" = off ] || ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  exec npx prettier --check --log-level warn .
fi

version=$(npx prettier --version)
kept=$(kept_path format-passed "$(digest_of_text "$version$(cat .prettierrc.json .prettierignore .gitignore scripts/format-check.sh 2>/dev/null)")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every file `prettier --check .` may look at: tracked and untracked, less what git ignores (Prettier
# ignores it too); each as "<content hash> <path>".
git ls-files --cached --others --exclude-standard | while IFS= read -r path; do [ -f "$path" ] && printf '%s\n' "$path"; done > "$work/paths"
git hash-object --stdin-paths < "$work/paths" | paste -d ' ' - "$work/paths" | sort > "$work/tree"

touch "$work/passed"
if [ -n "$kept" ] && [ -f "$kept" ]; then sort "$kept" > "$work/passed"; fi
comm -23 "$work/tree" "$work/passed" | cut -d ' ' -f 2- > "$work/asked"

# Each file named is checked as by `prettier --check .`: the ignore files still apply, and a kind of
# file Prettier does not know is passed over.
if [ -s "$work/asked" ]; then
  tr '\n' '\0' < "$work/asked" | xargs -0 npx prettier --check --log-level warn --ignore-unknown --
fi

if [ -n "$kept" ]; then
  mkdir -p "$(dirname "$kept")"
  # Lists under another key (another Prettier, configuration or script) go after a day unused.
  find "$(dirname "$kept")" -maxdepth 1 -name 'format-passed-*' ! -name "$(basename "$kept")*" -mtime +0 -delete 2>/dev/null || true
  keep_file "$work/tree" "$kept"
fi
