#!/usr/bin/env bash
# The Java reader of interop/java (Apache Avro Java + the Kafka Java client), for interop tests.
#
#   scripts/interop-java.sh install     resolve its jars from Maven Central into .cache/interop/java/libs
#                                       and compile it into .cache/interop/java/classes (once; redone
#                                       when interop/java changes; built once per machine for its POM
#                                       and sources, and copied after)
#   scripts/interop-java.sh run ARGS    run it (fingerprints <dir> | read --brokers ... ; see AvroInterop.java)
#   scripts/interop-java.sh classpath   print its class path
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
project="$root/interop/java"
cache="$root/.cache/interop/java"
libs="$cache/libs"
classes="$cache/classes"
stamp="$cache/.complete"

die() { echo "interop-java.sh: $*" >&2; exit 1; }
# shellcheck source=lib/kept.sh
. "$root/scripts/lib/kept.sh"

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; $2"
}

# What the build depends on: the POM (jars) and every source file (classes).
digest_of() { (cd "$project" && sha256sum "$@" | sha256sum | cut -c1-64); }
pom_digest() { digest_of pom.xml; }
source_digest() { (cd "$project" && find src -name '*.java' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64); }

install() {
  local want_pom want_src
  want_pom=$(pom_digest)
  want_src=$(source_digest)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_pom $want_src" ]; then return 0; fi
  # Built once per machine for a POM and sources (scripts/lib/kept.sh), copied from there after.
  local kept
  kept=$(kept_path interop-java "$(digest_of_text "$want_pom $want_src")")
  if is_kept "$kept"; then
    take_kept "$kept" "$cache"
    return 0
  fi
  require java "the Java interop reader needs a JDK (17 or newer)"
  require javac "the Java interop reader needs a JDK (17 or newer), not only a JRE"
  require mvn "the Java interop reader's jars are resolved with Maven from Maven Central"
  local have_pom=""
  [ -f "$stamp" ] && have_pom=$(cut -d' ' -f1 "$stamp")
  if [ "$have_pom" != "$want_pom" ] || [ ! -d "$libs" ]; then
    echo "interop-java.sh: resolving Apache Avro and Kafka client jars from Maven Central into $libs"
    rm -rf "$libs"; mkdir -p "$libs"
    mvn -B -q -f "$project/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" || die "Maven could not resolve the jars"
  fi
  echo "interop-java.sh: compiling interop/java into $classes"
  rm -rf "$classes"; mkdir -p "$classes"
  (cd "$project" && find src -name '*.java' | LC_ALL=C sort > "$cache/sources.txt")
  (cd "$project" && javac -nowarn --release 17 -encoding UTF-8 -cp "$libs/*" -d "$classes" "@$cache/sources.txt") \
    || die "javac failed"
  echo "$want_pom $want_src" > "$stamp"
  keep_copy "$cache" "$kept"
}

classpath() { echo "$classes:$libs/*"; }

case "${1:-}" in
  install) install ;;
  run)
    shift
    [ -f "$stamp" ] || die "not installed; run scripts/interop-java.sh install (or make install)"
    exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$(classpath)" marketfeed.interop.AvroInterop "$@" ;;
  classpath) classpath ;;
  *) echo "usage: scripts/interop-java.sh install|run ARGS|classpath" >&2; exit 2 ;;
esac
