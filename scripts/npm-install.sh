#!/usr/bin/env bash
# The npm packages (npm ci), with the optional librdkafka client's native build kept per machine.
#
# @confluentinc/kafka-javascript downloads a prebuilt binary where it can; where it cannot, it compiles
# librdkafka from its sources (about 3 minutes of CPU). The built client (its .node file and librdkafka's
# shared libraries, 7 MB) is kept in NATIVE_CACHE under the package's version, the Node ABI, the platform
# and the C library, so a second checkout on the same machine installs it in a second; a machine without
# it builds it as before, then keeps it. The finished node_modules is kept too, whole, for its lock file
# (scripts/lib/kept.sh): a checkout with the same lock file links to its files instead of running npm ci.
#
#   scripts/npm-install.sh
#
# Environment: NATIVE_CACHE (~/.cache/market-feed/native); MARKET_FEED_KEEP (see scripts/lib/kept.sh); CKJS_LINKING (dynamic: link the system
# OpenSSL and zlib when building).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cache=${NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/market-feed/native}
client=node_modules/@confluentinc/kafka-javascript
export CKJS_LINKING=${CKJS_LINKING:-dynamic}

loads() { node -e "require('@confluentinc/kafka-javascript')" >/dev/null 2>&1; }

# The locked version, the Node ABI, the platform and the C library: a build is reused only where all four match.
key=$(node -e '
  const lock = require("./package-lock.json");
  const entry = lock.packages?.["node_modules/@confluentinc/kafka-javascript"];
  const glibc = process.report?.getReport().header.glibcVersionRuntime ?? "unknown";
  console.log(entry === undefined ? "" : `${entry.version}-node${process.versions.modules}-${process.platform}-${process.arch}-glibc${glibc}`);
')
kept="$cache/kafka-javascript-$key.tar.gz"

# The whole node_modules of a lock file, this script, Node and the C library is kept once per machine
# (scripts/lib/kept.sh): a second checkout links its files (3 s) instead of running npm ci (25-50 s, 35-65 s of CPU).
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"
modules_kept=$(kept_path node-modules "$(digest_of_text "$(cat package.json package-lock.json scripts/npm-install.sh)$(node -p 'process.version + process.arch')$key")")
if is_kept "$modules_kept"; then
  take_kept "$modules_kept" node_modules linked
  if loads || [ -z "$key" ]; then
    echo "npm-install.sh: node_modules from $modules_kept"
    exit 0
  fi
  echo "npm-install.sh: the kept node_modules do not load the librdkafka client; installing" >&2
  rm -rf node_modules
fi

# The packages with an install script, by name, but for the Docker client's optional native builds (ssh2's
# crypto binding and cpu-features, 8 s of CPU): testcontainers reaches a Docker engine over SSH only when
# told to, and ssh2 does its work in JavaScript without them.
scripted() {
  node -e '
    const skipped = new Set(["ssh2", "cpu-features"]);
    const names = Object.entries(require("./package-lock.json").packages)
      .filter(([path, entry]) => path !== "" && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length))
      .filter((name) => !skipped.has(name));
    console.log([...new Set(names)].join("\n"));
  '
}

if [ -n "$key" ] && [ -f "$kept" ]; then
  # The install scripts run after the kept build is in place: the client's finds its binary there.
  npm ci --no-audit --no-fund --ignore-scripts
  tar -xzf "$kept" -C "$client"
  mapfile -t packages < <(scripted)
  npm rebuild --no-audit --no-fund "${packages[@]}"
  if loads; then
    echo "npm-install.sh: the librdkafka client from $kept"
    keep_copy node_modules "$modules_kept"
    exit 0
  fi
  echo "npm-install.sh: the kept librdkafka client does not load; building it" >&2
  rm -f "$kept"
  rm -rf "$client/build"
  npm rebuild @confluentinc/kafka-javascript
else
  npm ci --no-audit --no-fund
fi

if [ -n "$key" ] && loads; then
  mkdir -p "$cache"
  tmp=$(mktemp "$cache/.kafka-javascript-XXXXXX")
  (cd "$client" && tar -czf "$tmp" build/Release/confluent-kafka-javascript.node build/deps/librdkafka.so* build/deps/librdkafka++.so*)
  mv "$tmp" "$kept"
fi
if [ -z "$key" ] || loads; then keep_copy node_modules "$modules_kept"; fi
