#!/usr/bin/env bash
# Apache Kafka (KRaft) run from Maven Central jars on the local JDK: one broker, or a cluster of
# KAFKA_NODES brokers on loopback (each also a controller; replication KAFKA_NODES up to 3, at least
# two in sync when there are three).
#
#   scripts/kafka.sh install   resolve the jars into .cache/kafka/libs and archive the classes a broker loads
#                              (.cache/kafka/classes.jsa), once; later runs reuse them
#   scripts/kafka.sh up        start every node (running ones are reused) and wait until clients connect
#                              and the cluster has all its brokers
#   scripts/kafka.sh down      stop every node cleanly (data is kept; `clean` removes it)
#   scripts/kafka.sh status    exit 0 when every node runs and answers
#   scripts/kafka.sh clean     kill every node and remove the data
#   scripts/kafka.sh brokers   print the bootstrap list (host:port,...)
#
# Environment: KAFKA_PORT (9092), KAFKA_NODES (1), KAFKA_CONTROLLER_PORT (port+1, one node only),
# KAFKA_BROKER_SESSION_TIMEOUT_MS (9000, how long a crashed broker's old session blocks its restart),
# KAFKA_RUN_DIR (.cache/kafka/run), KAFKA_JVM_EXTRA_OPTS (more options for the broker's JVM, e.g. the
# tests' -XX:TieredStopAtLevel=1); KAFKA_VERSION is pinned in scripts/kafka/pom.xml. Node K of a
# cluster listens on port+2(K-1) (clients) and the next port (controllers), with its files in
# KAFKA_RUN_DIR/node-K (its pid in broker.pid there).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${KAFKA_PORT:-9092}
nodes=${KAFKA_NODES:-1}
case "$nodes" in 1|2|3|4|5) ;; *) echo "kafka.sh: KAFKA_NODES must be 1 to 5, got '$nodes'" >&2; exit 2 ;; esac
libs="$root/.cache/kafka/libs"
base_dir=${KAFKA_RUN_DIR:-$root/.cache/kafka/run}
case "$base_dir" in /*) ;; *) base_dir="$root/$base_dir" ;; esac
cluster_id=bWFya2V0LWZlZWQtbG9jYWw
replication=$((nodes < 3 ? nodes : 3))
min_isr=$((replication < 3 ? 1 : 2))
# A crashed broker comes back once its old session has run out: tests restarting brokers shorten it.
broker_session_ms=${KAFKA_BROKER_SESSION_TIMEOUT_MS:-9000}
read -r -a jvm_extra <<< "${KAFKA_JVM_EXTRA_OPTS:-}"
case "$broker_session_ms" in ''|*[!0-9]*) echo "kafka.sh: KAFKA_BROKER_SESSION_TIMEOUT_MS must be a number of ms, got '$broker_session_ms'" >&2; exit 2 ;; esac

# Node K's ports and files; sets node_port, node_controller_port, run_dir, pid_file and log_file.
select_node() {
  local k=$1
  if [ "$nodes" = 1 ]; then
    node_port=$port
    node_controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
    run_dir=$base_dir
  else
    node_port=$((port + 2 * (k - 1)))
    node_controller_port=$((node_port + 1))
    run_dir=$base_dir/node-$k
  fi
  pid_file="$run_dir/broker.pid"
  log_file="$run_dir/logs/server.log"
}

# Every node's client (`clients`) or controller (`controllers`, as quorum voters) address, comma-separated.
node_addresses() {
  local k entry list=""
  for k in $(seq 1 "$nodes"); do
    select_node "$k"
    if [ "$1" = controllers ]; then entry="$k@127.0.0.1:$node_controller_port"; else entry="127.0.0.1:$node_port"; fi
    list="$list${list:+,}$entry"
  done
  echo "$list"
}

voters() { node_addresses controllers; }

bootstrap() { node_addresses clients; }

script=kafka.sh
service=broker
java_hint="the local broker needs a JDK (17 or newer), or set KAFKA_BROKERS to an existing broker"
# The readiness probe is a Node process with a Kafka client: asked twice a second.
poll_seconds=0.5
# shellcheck source=lib/java-server.sh
. "$root/scripts/lib/java-server.sh"

# The classes a broker and the storage tool load, read from a shared archive instead of the jars: a node
# starts on 1.4 s of CPU instead of 2.3 s, the storage tool on 0.5 s instead of 0.9 s. The archive
# (about 60 MB, 7 s of CPU to write) is written from the jars once, by the list in
# scripts/kafka/classes.lst: the classes a broker (-XX:DumpLoadedClassList) loaded through a topic's
# creation, writes, a group's reads and a clean stop, and those the storage tool added. A class the list
# names but the jars lack is skipped; an archive that no longer matches the jars or the JDK is ignored by
# the JVM (the classes then load from the jars), so the list needs renewing only for speed.
class_list="$root/scripts/kafka/classes.lst"
class_archive="$root/.cache/kafka/classes.jsa"

archive_classes() {
  if [ -f "$class_archive" ] && [ "$class_archive" -nt "$libs/.complete" ] && [ "$class_archive" -nt "$class_list" ]; then return 0; fi
  local partial="$class_archive.$$"
  if java -Xshare:dump -XX:SharedClassListFile="$class_list" -XX:SharedArchiveFile="$partial" -cp "$libs/*" > "$partial.log" 2>&1; then
    mv -f "$partial" "$class_archive"
  else
    echo "$script: the brokers' class archive could not be written (they start without it); see $partial.log" >&2
    rm -f "$partial"
    return 0
  fi
  rm -f "$partial.log"
}

# The JVM option that reads the class archive, when there is one.
archive_option() {
  if [ -f "$class_archive" ]; then echo "-XX:SharedArchiveFile=$class_archive"; fi
}

install_jars() {
  resolve_jars "$root/scripts/kafka/pom.xml" "$libs" "the Apache Kafka jars" "set KAFKA_BROKERS"
  require java "$java_hint"
  archive_classes
}

# Whether the node on port $1 answers and its cluster has all the brokers.
answers() {
  node "$root/scripts/kafka/ready.mjs" "127.0.0.1:$1" "$nodes" >/dev/null 2>&1
}

# Starts node $1 unless it already runs; does not wait for it.
start_node() {
  local k=$1
  select_node "$k"
  if running_pid >/dev/null; then
    echo "kafka.sh: reusing node $k on 127.0.0.1:$node_port (pid $(running_pid))"
    return 0
  fi
  if port_open "$node_port"; then
    die "port $node_port is taken by another process; set KAFKA_PORT or KAFKA_BROKERS"
  fi
  mkdir -p "$run_dir/logs" "$run_dir/data"
  sed -e "s|@PORT@|$node_port|g" -e "s|@CONTROLLER_PORT@|$node_controller_port|g" -e "s|@DATA_DIR@|$run_dir/data|g" \
    -e "s|@NODE_ID@|$k|g" -e "s|@VOTERS@|$(voters)|g" \
    -e "s|@REPLICATION@|$replication|g" -e "s|@MIN_ISR@|$min_isr|g" \
    -e "s|@BROKER_SESSION_MS@|$broker_session_ms|g" -e "s|@BROKER_HEARTBEAT_MS@|$((broker_session_ms / 4))|g" \
    "$root/scripts/kafka/server.properties.template" > "$run_dir/server.properties"
  local log4j="-Dlog4j.configuration=file:$root/scripts/kafka/log4j.properties"
  local archive; archive=$(archive_option)
  # A restart keeps the formatted storage: the storage tool (a JVM of its own, 0.6-2.5 s) would only say
  # that its one log directory has meta.properties already (--ignore-formatted).
  if [ ! -f "$run_dir/data/meta.properties" ]; then
    java ${archive:+"$archive"} -cp "$libs/*" "$log4j" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$run_dir/server.properties" --ignore-formatted >> "$log_file" 2>&1 \
      || die "formatting KRaft storage of node $k failed; see $log_file"
  fi
  launch java -Xms256m -Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true ${archive:+"$archive"} "${jvm_extra[@]}" \
    "$log4j" -Dkafka.logs.dir="$run_dir/logs" -cp "$libs/*" kafka.Kafka "$run_dir/server.properties"
}

up() {
  local k
  install_jars
  [ -d "$root/node_modules/kafkajs" ] || die "the readiness probe needs the npm packages: run npm ci (make kafka-up does)"
  for k in $(seq 1 "$nodes"); do start_node "$k"; done
  for k in $(seq 1 "$nodes"); do
    select_node "$k"
    await_ready 90 "node $k" answers "$node_port"
  done
  if [ "$nodes" = 1 ]; then
    echo "kafka.sh: broker ready on 127.0.0.1:$port (pid $(running_pid), log $log_file)"
  else
    echo "kafka.sh: $nodes brokers ready on $(bootstrap) (replication $replication, min in sync $min_isr, logs in $base_dir/node-*/logs)"
  fi
}

for_each_node() {
  local k status=0
  for k in $(seq 1 "$nodes"); do
    select_node "$k"
    "$@" || status=$?
  done
  return $status
}

node_answers() { running_pid >/dev/null && answers "$node_port"; }

signal_node() { local pid; if pid=$(running_pid); then kill "-$1" "$pid" 2>/dev/null || true; fi; }

# Every node is told to stop at once: a node stopped alone waits for a controller quorum the others
# no longer make up.
down() {
  for_each_node signal_node TERM
  for_each_node stop_service
}

# Data is removed anyway: no clean shutdown to wait for.
clean() {
  for_each_node signal_node KILL
  for_each_node stop_service >/dev/null
  rm -rf "$base_dir"
  echo "kafka.sh: removed $base_dir"
}

case "${1:-}" in
  install) install_jars ;;
  up) up ;;
  down) down ;;
  status) for_each_node node_answers ;;
  clean) clean ;;
  brokers) bootstrap ;;
  *) echo "usage: scripts/kafka.sh install|up|down|status|clean|brokers" >&2; exit 2 ;;
esac
