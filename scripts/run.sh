#!/usr/bin/env bash
# `make run`: the pipeline against the live venues, into KAFKA_BROKERS, or into a local broker
# (scripts/kafka.sh, 127.0.0.1:9092) started first when KAFKA_BROKERS is not set.
# Extra options for `market-feed run` come as arguments (make run ARGS="--coins BTC,ETH").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${KAFKA_BROKERS:-}" ]; then
  scripts/kafka.sh up
  export KAFKA_BROKERS=127.0.0.1:9092
fi
exec node dist/src/cli/main.js run "$@"
