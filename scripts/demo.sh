#!/usr/bin/env bash
# `make demo`: the local exchange simulator (Bybit and Binance protocols), a local Kafka broker,
# the pipeline reading from the simulator, and a tail of decoded trades, so records flow without
# any exchange. Ctrl-C stops everything. DEMO_SECONDS=N stops by itself after N seconds.
# DEMO_SCHEMA_REGISTRY=1 also starts the local schema registry and uses the Confluent wire format.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cli="node dist/src/cli/main.js"
port=${DEMO_SIMULATOR_PORT:-8765}
prefix=${DEMO_TOPIC_PREFIX:-demo.}
logs=.cache/demo; mkdir -p "$logs"; : > "$logs/pipeline.log"

if [ -z "${KAFKA_BROKERS:-}" ]; then
  scripts/kafka.sh up
  export KAFKA_BROKERS=127.0.0.1:9092
fi
# DEMO_SCHEMA_REGISTRY=1: Confluent framing against the local registry (scripts/schema-registry.sh).
if [ -n "${DEMO_SCHEMA_REGISTRY:-}" ] && [ -z "${SCHEMA_REGISTRY_URL:-}" ]; then
  scripts/schema-registry.sh install
  scripts/schema-registry.sh up
  SCHEMA_REGISTRY_URL=$(scripts/schema-registry.sh url)
  export SCHEMA_REGISTRY_URL
fi

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo: stopped (pipeline log in $logs/pipeline.log)"
}
trap stop EXIT INT TERM

$cli simulate --port "$port" --coins BTC,ETH,SOL --rate 5 > "$logs/simulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done

LOG_PRETTY=false $cli run --coins BTC,ETH,SOL --metrics-port 0 --kafka-topic-prefix "$prefix" --spool-dir .cache/demo/spool \
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
