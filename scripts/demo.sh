#!/usr/bin/env bash
# `make demo`: the local exchange simulator (Bybit and Binance protocols), a local Kafka broker,
# the pipeline reading from the simulator, and a tail of decoded trades, so records flow without
# any exchange. Ctrl-C stops everything. DEMO_SECONDS=N stops by itself after N seconds.
# DEMO_SCHEMA_REGISTRY=1 also starts the local schema registry and uses the Confluent wire format.
# What the demo started, it stops: the simulator, the pipeline, and the broker and registry when
# it started them; a broker or registry already running before (scripts/kafka.sh status, on
# KAFKA_PORT and KAFKA_RUN_DIR) is used and left running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cli="node dist/src/cli/main.js"
port=${DEMO_SIMULATOR_PORT:-8765}
prefix=${DEMO_TOPIC_PREFIX:-demo.}
# DEMO_LOG_DIR: the logs and the spool (default .cache/demo), so two demos do not share them.
logs=${DEMO_LOG_DIR:-.cache/demo}; mkdir -p "$logs"; : > "$logs/pipeline.log"

pids=()
started_kafka=
started_registry=
# The pipeline and simulator first (the pipeline flushes to the broker as it stops), then the
# broker and registry the demo started.
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$started_registry" ]; then scripts/schema-registry.sh down || true; fi
  if [ -n "$started_kafka" ]; then scripts/kafka.sh down || true; fi
  echo "demo: stopped (pipeline log in $logs/pipeline.log)"
}
trap stop EXIT INT TERM

if [ -z "${KAFKA_BROKERS:-}" ]; then
  if scripts/kafka.sh status; then
    echo "demo: using the broker already running on $(scripts/kafka.sh brokers); it stays running"
  else
    # Marked before `up`: a broker that starts and then fails to answer is stopped too.
    started_kafka=1
    scripts/kafka.sh up
  fi
  KAFKA_BROKERS=$(scripts/kafka.sh brokers)
  export KAFKA_BROKERS
fi
# DEMO_SCHEMA_REGISTRY=1: Confluent framing against the local registry (scripts/schema-registry.sh).
if [ -n "${DEMO_SCHEMA_REGISTRY:-}" ] && [ -z "${SCHEMA_REGISTRY_URL:-}" ]; then
  if scripts/schema-registry.sh status; then
    echo "demo: using the schema registry already running; it stays running"
  else
    scripts/schema-registry.sh install
    started_registry=1
    scripts/schema-registry.sh up
  fi
  SCHEMA_REGISTRY_URL=$(scripts/schema-registry.sh url)
  export SCHEMA_REGISTRY_URL
fi

$cli simulate --port "$port" --coins BTC,ETH,SOL --rate 5 > "$logs/simulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done

LOG_PRETTY=false $cli run --coins BTC,ETH,SOL --metrics-port 0 --kafka-topic-prefix "$prefix" --spool-dir "$logs/spool" \
  --bybit-url "ws://127.0.0.1:$port/v5/public/spot" --binance-url "ws://127.0.0.1:$port/stream" \
  --binance-us-url "ws://127.0.0.1:$port/stream" --binance-testnet-url "ws://127.0.0.1:$port/stream" \
  > "$logs/pipeline.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 150); do grep -q '/readyz listening' "$logs/pipeline.log" 2>/dev/null && break; sleep 0.2; done
grep -q '/readyz listening' "$logs/pipeline.log" || { tail -n 20 "$logs/pipeline.log"; echo "demo: the pipeline did not start" >&2; exit 1; }
echo "demo: simulator on 127.0.0.1:$port, pipeline -> Kafka $KAFKA_BROKERS (topics ${prefix}market.*); decoded trades follow:"
if [ -n "${DEMO_SECONDS:-}" ]; then
  timeout --signal=INT "$DEMO_SECONDS" $cli consume --topic "${prefix}market.trades.v1" --topic "${prefix}market.stats.v1" || true
else
  $cli consume --topic "${prefix}market.trades.v1" --topic "${prefix}market.stats.v1"
fi
