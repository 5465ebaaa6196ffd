#!/usr/bin/env bash
# QuestDB (the server jar from Maven Central) run on the local JDK, for `market-feed questdb`.
#
#   scripts/questdb.sh install   resolve the jar into .cache/questdb/libs (once; later runs reuse it)
#   scripts/questdb.sh start     start it (a running one is reused) and wait until SQL answers
#   scripts/questdb.sh stop      stop it (its data is kept under QUESTDB_ROOT)
#   scripts/questdb.sh status    exit 0 when it runs and answers SQL
#   scripts/questdb.sh clean     kill it and remove its data
#
# Environment: QUESTDB_HTTP_PORT (9000: /exec, ILP over HTTP, the web console), QUESTDB_PG_PORT (8812,
# the PostgreSQL wire protocol, for Grafana), QUESTDB_ILP_TCP_PORT (9009), QUESTDB_HTTP_MIN_PORT (9003,
# health), QUESTDB_ROOT (.cache/questdb/run), QUESTDB_JVM_OPTS (the JVM's options, default -Xmx1g).
# The version is pinned in scripts/questdb/pom.xml. Everything listens on 127.0.0.1; telemetry is off.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
libs="$root/.cache/questdb/libs"
http_port=${QUESTDB_HTTP_PORT:-9000}
pg_port=${QUESTDB_PG_PORT:-8812}
ilp_tcp_port=${QUESTDB_ILP_TCP_PORT:-9009}
http_min_port=${QUESTDB_HTTP_MIN_PORT:-9003}
run_dir=${QUESTDB_ROOT:-$root/.cache/questdb/run}
case "$run_dir" in /*) ;; *) run_dir="$root/$run_dir" ;; esac
read -r -a jvm_opts <<< "${QUESTDB_JVM_OPTS:--Xmx1g}"
for p in "$http_port" "$pg_port" "$ilp_tcp_port" "$http_min_port"; do
  case "$p" in ''|*[!0-9]*) echo "questdb.sh: ports must be numbers, got '$p'" >&2; exit 2 ;; esac
done
pid_file="$run_dir/questdb.pid"
log_file="$run_dir/log/stdout.log"

script=questdb.sh
service=QuestDB
java_hint="QuestDB needs a JDK (17 or newer)"
# shellcheck source=lib/java-server.sh
. "$root/scripts/lib/java-server.sh"

jar() { ls "$libs"/questdb-*.jar 2>/dev/null | head -n 1; }

install_jar() {
  resolve_jars "$root/scripts/questdb/pom.xml" "$libs" "the QuestDB jar"
  [ -n "$(jar)" ] || die "Maven resolved no questdb jar into $libs"
}

# Whether SQL answers over HTTP.
answers() { http_answers "http://127.0.0.1:$http_port/exec?query=SELECT%201"; }

write_conf() {
  mkdir -p "$run_dir/conf" "$run_dir/log"
  cat > "$run_dir/conf/server.conf" <<CONF
http.bind.to=127.0.0.1:$http_port
http.min.net.bind.to=127.0.0.1:$http_min_port
pg.net.bind.to=127.0.0.1:$pg_port
line.tcp.net.bind.to=127.0.0.1:$ilp_tcp_port
line.udp.enabled=false
telemetry.enabled=false
CONF
}

start() {
  install_jar
  require java "$java_hint"
  require node "the readiness probe asks QuestDB's HTTP port with Node"
  if running_pid >/dev/null; then
    echo "questdb.sh: reusing QuestDB on 127.0.0.1:$http_port (pid $(running_pid))"
  else
    for p in "$http_port" "$pg_port" "$ilp_tcp_port" "$http_min_port"; do
      if port_open "$p"; then die "port $p is taken by another process; set the QUESTDB_*_PORT variables"; fi
    done
    write_conf
    launch java "${jvm_opts[@]}" -Djava.awt.headless=true -p "$(jar)" -m io.questdb/io.questdb.ServerMain -d "$run_dir"
  fi
  await_ready 90 QuestDB answers
  echo "questdb.sh: QuestDB ready: SQL and ILP at http://127.0.0.1:$http_port, PostgreSQL at 127.0.0.1:$pg_port (pid $(running_pid), data in $run_dir)"
}

clean() {
  local pid
  if pid=$(running_pid); then kill -KILL "$pid" 2>/dev/null || true; fi
  stop_service >/dev/null
  rm -rf "$run_dir"
  echo "questdb.sh: removed $run_dir"
}

case "${1:-}" in
  install) install_jar ;;
  start) start ;;
  stop) stop_service ;;
  status) running_pid >/dev/null && answers ;;
  clean) clean ;;
  *) echo "usage: scripts/questdb.sh install|start|stop|status|clean" >&2; exit 2 ;;
esac
