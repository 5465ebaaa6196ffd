# Shared by the install scripts: what an install made (resolved jars, a compiled reader, a Python
# environment) is kept once per machine, under a key that names everything it was made from (a pom's
# digest, a requirements file's, the interpreter's version), and a later install of the same key in any
# checkout takes the kept copy instead of making it again. A checkout's own files still make everything
# when nothing is kept (a new machine); a copy is kept only once whole (made aside, then moved in).
#
# MARKET_FEED_KEEP moves the place (default ${XDG_CACHE_HOME:-$HOME/.cache}/market-feed/kept);
# MARKET_FEED_KEEP=off keeps nothing and takes nothing.

keep_root() {
  echo "${MARKET_FEED_KEEP:-${XDG_CACHE_HOME:-$HOME/.cache}/market-feed/kept}"
}

# The sha256 of the files named (their contents, in the order given), for a key.
digest_of_files() {
  cat "$@" | sha256sum | cut -c1-64
}

# The sha256 of a string, for a key.
digest_of_text() {
  printf '%s' "$1" | sha256sum | cut -c1-64
}

# Where what is made under name $1 and key $2 is kept (whether or not it is there yet); empty when keeping is off.
kept_path() {
  [ "${MARKET_FEED_KEEP:-}" = off ] && return 0
  echo "$(keep_root)/$1-$2"
}

# Whether a whole copy is kept at $1.
is_kept() {
  [ -n "$1" ] && [ -f "$1/.kept" ]
}

# Copies the kept folder $1 into folder $2 (made anew), times and modes as kept; marks the copy used.
# With `linked` as $3, the files are hard links to the kept ones instead: for what nothing changes in place
# once installed (node_modules: a package is replaced by new files, never rewritten where it lies), 40,000
# files in 3 s instead of up to 35 s of writing 570 MB on this kind of machine; links need one file system,
# elsewhere the files are copied.
take_kept() {
  local kept=$1 dir=$2 how=${3:-copied}
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  if [ "$how" != linked ] || ! cp -al "$kept" "$dir" 2>/dev/null; then
    rm -rf "$dir"
    cp -a "$kept" "$dir"
  fi
  rm -f "$dir/.kept"
  touch "$kept/.kept" 2>/dev/null || true
}

# Of the copies kept under the name of $1 (its path less the key), leaves the two used last and any used
# within a day; copies left half made by an install that died go after a day too.
prune_kept() {
  local prefix=${1%-*} old
  find "$(dirname "$prefix")" -maxdepth 1 -name "$(basename "$prefix")-*.partial-*" -mtime +0 -exec rm -rf {} + 2>/dev/null || true
  # shellcheck disable=SC2012
  ls -1dt "$prefix"-*/.kept 2>/dev/null | tail -n +3 | while read -r old; do
    if [ -n "$(find "$old" -mtime +0 2>/dev/null)" ]; then rm -rf "$(dirname "$old")"; fi
  done
}

# Keeps a copy of the finished folder $1 at $2 (nothing when $2 is empty or already kept). Made aside
# and moved in whole; another install keeping the same key at once leaves one of the two copies.
keep_copy() {
  local dir=$1 kept=$2
  [ -z "$kept" ] && return 0
  is_kept "$kept" && return 0
  mkdir -p "$(dirname "$kept")"
  local partial
  partial=$(mktemp -d "$kept.partial-XXXXXX")
  if cp -a "$dir/." "$partial/" && touch "$partial/.kept" && mv -T "$partial" "$kept" 2>/dev/null; then
    prune_kept "$kept"
    return 0
  fi
  rm -rf "$partial"
  return 0
}

# Keeps the file $1 at $2, replacing what is there (nothing when $2 is empty or $1 is missing): written
# aside, then moved in whole, so a reader never sees half of it and of two runs at once one copy stays.
keep_file() {
  local file=$1 kept=$2 partial
  [ -n "$kept" ] && [ -f "$file" ] || return 0
  mkdir -p "$(dirname "$kept")"
  partial=$(mktemp "$kept.partial-XXXXXX")
  if ! { cp "$file" "$partial" && mv -f "$partial" "$kept"; }; then rm -f "$partial"; fi
  return 0
}
