# Shared by scripts/kafka.sh and scripts/schema-registry.sh: a background Java service tracked by
# a pid file. Source it after setting `pid_file`, `run_dir` and `service` (e.g. "broker").

# Prints the pid of the running service; fails when none runs.
running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid; pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# Stops the service with SIGTERM, then SIGKILL after 30 s; $1 names the script in messages.
stop_service() {
  local script=$1 pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    echo "$script: no $service running from $run_dir"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$script: $service did not stop in 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  echo "$script: $service stopped"
}
