# Shared by scripts/kafka.sh, scripts/schema-registry.sh and scripts/questdb.sh: a Java server fetched
# from Maven Central, started in the background, tracked by a pid file, waited for and stopped.
# Source it after setting `script` (the script's name in messages, e.g. "kafka.sh"), `service` (e.g.
# "broker"); the functions that start, find or stop the server read `run_dir`, `pid_file` and
# `log_file` as they are when called (kafka.sh points them at one node after another).

die() { echo "$script: $*" >&2; exit 1; }

# shellcheck source=kept.sh
. "$(dirname "${BASH_SOURCE[0]}")/kept.sh"

# Dies unless command $1 is installed; $2 says why it is needed.
require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; $2"
}

# Runs Maven's dependency plugin goal $2 (copy, copy-dependencies) over pom $1 into folder $3; more
# arguments go to Maven. Fails as Maven does.
maven_dependency() {
  local pom=$1 goal=$2 dir=$3
  shift 3
  mvn -B -q -f "$pom" "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:$goal" -DoutputDirectory="$dir" "$@"
}

# Resolves the runtime jars of pom $1 into folder $2 once (its `.complete` marks them whole; later
# calls return at once); $3 names them in messages, $4 says how to do without Maven (optional).
# The jars of a pom are resolved once per machine (scripts/lib/kept.sh) and copied from there after.
# Needs java (`require java`, with the script's `java_hint`) and mvn.
resolve_jars() {
  local pom=$1 libs=$2 what=$3 otherwise=${4:-}
  if [ -f "$libs/.complete" ]; then return 0; fi
  local kept
  kept=$(kept_path "jars-$(basename "$(dirname "$pom")")" "$(digest_of_files "$pom")")
  if is_kept "$kept"; then
    take_kept "$kept" "$libs"
    return 0
  fi
  require java "$java_hint"
  require mvn "Maven resolves $what from Maven Central${otherwise:+; or $otherwise}"
  echo "$script: resolving $what from Maven Central into $libs"
  rm -rf "$libs"; mkdir -p "$libs"
  maven_dependency "$pom" copy-dependencies "$libs" -DincludeScope=runtime || die "Maven could not resolve $what"
  touch "$libs/.complete"
  keep_copy "$libs" "$kept"
}

# Whether something listens on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Whether GET $1 answers 2xx within 2 s (Node's fetch: the project's one runtime, no other client needed).
http_answers() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "$1" >/dev/null 2>&1
}

# Starts the command (java and its arguments) in the background, detached from the terminal, its
# output appended to `log_file`, and records its pid in `pid_file`. Does not wait for it.
launch() {
  nohup "$@" >> "$log_file" 2>&1 < /dev/null &
  echo $! > "$pid_file"
}

# Waits until the probe (the command after $1 and $2) succeeds, asking every `poll_seconds` (0.25 by
# default); dies with the end of `log_file` when the server exits meanwhile, or after $1 s. $2 names
# the server in messages.
await_ready() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ! running_pid >/dev/null; then
      tail -n 30 "$log_file" >&2
      die "$what exited during start-up; see $log_file"
    fi
    [ $SECONDS -lt $deadline ] || die "$what did not answer within $timeout s; see $log_file"
    sleep "${poll_seconds:-0.25}"
  done
}

# Prints the pid of the running service; fails when none runs.
running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid; pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# Stops the service with SIGTERM, then SIGKILL after 30 s.
stop_service() {
  local pid
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
