#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft) run from Maven Central jars on the local JDK.
#
#   scripts/kafka.sh install   resolve the jars into .cache/kafka/libs (once; later runs reuse them)
#   scripts/kafka.sh up        start the broker (a running one is reused) and wait until clients connect
#   scripts/kafka.sh down      stop it cleanly (data is kept; `clean` removes it)
#   scripts/kafka.sh status    exit 0 when it runs and answers
#   scripts/kafka.sh clean     stop it and remove its data
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (port+1), KAFKA_RUN_DIR (.cache/kafka/run),
# KAFKA_VERSION is pinned in scripts/kafka/pom.xml.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
libs="$root/.cache/kafka/libs"
run_dir=${KAFKA_RUN_DIR:-$root/.cache/kafka/run}
case "$run_dir" in /*) ;; *) run_dir="$root/$run_dir" ;; esac
pid_file="$run_dir/broker.pid"
log_file="$run_dir/logs/server.log"
cluster_id=bWFya2V0LWZlZWQtbG9jYWw

service=broker
# shellcheck source=lib/pid-file-service.sh
. "$root/scripts/lib/pid-file-service.sh"

die() { echo "kafka.sh: $*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; $2"
}

install_jars() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  require java "the local broker needs a JDK (17 or newer), or set KAFKA_BROKERS to an existing broker"
  require mvn "the local broker's jars are resolved with Maven from Maven Central, or set KAFKA_BROKERS"
  echo "kafka.sh: resolving Apache Kafka jars from Maven Central into $libs"
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -B -q -f "$root/scripts/kafka/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" || die "Maven could not resolve the Kafka jars"
  touch "$libs/.complete"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

answers() {
  node "$root/scripts/kafka/ready.mjs" "127.0.0.1:$port" >/dev/null 2>&1
}

up() {
  if running_pid >/dev/null && answers; then
    echo "kafka.sh: reusing the broker on 127.0.0.1:$port (pid $(running_pid))"
    return 0
  fi
  if port_open; then
    die "port $port is taken by another process; set KAFKA_PORT or KAFKA_BROKERS"
  fi
  install_jars
  require java "the local broker needs a JDK (17 or newer)"
  [ -d "$root/node_modules/kafkajs" ] || die "the readiness probe needs the npm packages: run npm ci (make kafka-up does)"
  mkdir -p "$run_dir/logs" "$run_dir/data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$run_dir/data|g" \
    "$root/scripts/kafka/server.properties.template" > "$run_dir/server.properties"
  local log4j="-Dlog4j.configuration=file:$root/scripts/kafka/log4j.properties"
  java -cp "$libs/*" "$log4j" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$run_dir/server.properties" --ignore-formatted >> "$log_file" 2>&1 \
    || die "formatting KRaft storage failed; see $log_file"
  nohup java -Xms256m -Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    "$log4j" -Dkafka.logs.dir="$run_dir/logs" -cp "$libs/*" kafka.Kafka "$run_dir/server.properties" \
    >> "$log_file" 2>&1 < /dev/null &
  echo $! > "$pid_file"
  local deadline=$((SECONDS + 90))
  until answers; do
    if ! running_pid >/dev/null; then
      tail -n 30 "$log_file" >&2
      die "the broker exited during start-up; see $log_file"
    fi
    [ $SECONDS -lt $deadline ] || die "the broker did not answer within 90 s; see $log_file"
    sleep 0.5
  done
  echo "kafka.sh: broker ready on 127.0.0.1:$port (pid $(running_pid), log $log_file)"
}

down() { stop_service kafka.sh; }

case "${1:-}" in
  install) install_jars ;;
  up) up ;;
  down) down ;;
  status) running_pid >/dev/null && answers ;;
  clean) down; rm -rf "$run_dir" ;;
  *) echo "usage: scripts/kafka.sh install|up|down|status|clean" >&2; exit 2 ;;
esac
