# market-feed: the two commands a user needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.package-lock.json
KAFKA_JARS := .cache/kafka/libs/.complete
INTEROP_PYTHON := .cache/interop/venv/.complete
JAVA_INTEROP := .cache/interop/java/.complete
SCHEMA_REGISTRY_APP := .cache/schema-registry/.complete
QUESTDB_JAR := .cache/questdb/libs/.complete
PROMTOOL := .cache/promtool/.complete
CHROMIUM := .cache/chromium/.complete

.PHONY: help install interop-python promtool chromium dashboard bench-dashboard build lint eslint format-check typecheck static test test-unit test-integration run demo soak bench kafka-up kafka-down kafka-clean registry-up registry-down registry-clean questdb questdb-down clean

help:
	@echo "make run               the main job: live venues -> pipeline -> Kafka"
	@echo "make test              lint, typecheck, unit and integration tests (starts a local Kafka broker)"
	@echo "make test-unit         the unit tests alone (no JDK, no broker)"
	@echo "make lint              ESLint and the formatter's check (npm run format rewrites what it flags)"
	@echo "make demo              simulator + local Kafka + pipeline + a tail of decoded records (no exchange needed)"
	@echo "make soak              10 min at 5,000 trades/s with faults: memory, event-loop delay, reconciliation (SOAK_SECONDS)"
	@echo "make kafka-up / kafka-down   a local single-node Kafka broker on 127.0.0.1:9092"
	@echo "make registry-up / registry-down   a local schema registry (Confluent API) at http://127.0.0.1:8081/apis/ccompat/v7"
	@echo "make questdb / questdb-down        a local QuestDB for market-feed questdb: SQL and ILP at http://127.0.0.1:9000, PostgreSQL on :8812"
	@echo "make promtool          promtool (Debian prometheus package) for the deploy/ monitoring tests"
	@echo "make bench             benchmarks with same-run baselines (own broker on :19092 unless KAFKA_BROKERS is set)"
	@echo "make dashboard         the live view in the browser at http://127.0.0.1:8080/ (ARGS, e.g. ARGS='--brokers host:9092')"
	@echo "make bench-dashboard   the page's frame budget at 20 coins and 5,000 trades/s in headless Chromium"

# npm ci; the optional librdkafka client builds against the system OpenSSL and zlib when no prebuilt
# binary can be downloaded (a machine that can download one uses it), and its build is kept per machine
# (scripts/npm-install.sh).
$(NPM_STAMP): package.json package-lock.json scripts/npm-install.sh
	scripts/npm-install.sh
	@node -e "require('@confluentinc/kafka-javascript')" 2>/dev/null || echo "note: @confluentinc/kafka-javascript did not install; kafka.client=librdkafka is unavailable (needs a C++ toolchain, libssl-dev, zlib1g-dev)" >&2
	@touch $(NPM_STAMP)

$(KAFKA_JARS): scripts/kafka/pom.xml
	scripts/kafka.sh install

# The Python readers of the interop tests (confluent-kafka, fastavro; pyarrow, pandas and chdb for the
# archive's queries) in a venv of their own.
$(INTEROP_PYTHON): interop/python/requirements.txt scripts/interop-python.sh
	scripts/interop-python.sh install
	@touch $(INTEROP_PYTHON)

interop-python: $(INTEROP_PYTHON)

# The Java reader of the interop tests (Apache Avro Java + Kafka client): jars and classes.
$(JAVA_INTEROP): scripts/interop-java.sh interop/java/pom.xml $(shell find interop/java/src -name '*.java') | $(SCHEMA_REGISTRY_APP)
	scripts/interop-java.sh install
	@touch $(JAVA_INTEROP)

# Apicurio Registry (Confluent REST API) from Maven Central, and a Java 21+ to run it.
$(SCHEMA_REGISTRY_APP): scripts/schema-registry/pom.xml | $(KAFKA_JARS)
	scripts/schema-registry.sh install

# QuestDB's server jar from Maven Central, for the tests of `market-feed questdb`: the last of the Maven installs,
# which run one after another (they share ~/.m2). `make questdb` fetches it by itself when missing.
$(QUESTDB_JAR): scripts/questdb/pom.xml scripts/questdb.sh | $(JAVA_INTEROP)
	scripts/questdb.sh install

# promtool for the deploy/ tests (alert rules, Prometheus config): Debian's prometheus package when
# promtool is not on PATH, installed without leaving a Prometheus server running.
$(PROMTOOL): scripts/promtool.sh
	scripts/promtool.sh install

promtool: $(PROMTOOL)

# Debian's Chromium for the dashboard's browser test and benchmark (apt-get, only when missing).
$(CHROMIUM): scripts/chromium.sh | $(PROMTOOL)
	scripts/chromium.sh install

chromium: $(CHROMIUM)

# What the tests need besides the pipeline: the schema registry, QuestDB, the interop readers, promtool and Chromium.
# `run` and `demo` need only the npm packages (and the broker's jars, fetched by scripts/kafka.sh up when it
# starts a local broker).
# They are independent of each other, so `make -j` runs them side by side (as `make test` does), but for
# two orderings: the Maven installs one after another (they share ~/.m2, which Maven does not lock), and
# Chromium after promtool (each may run apt-get, which takes one lock).
install: $(NPM_STAMP) $(KAFKA_JARS) $(SCHEMA_REGISTRY_APP) $(QUESTDB_JAR) $(INTEROP_PYTHON) $(JAVA_INTEROP) $(PROMTOOL) $(CHROMIUM)

# The package (dist/), built again when a source, the build's tsconfig or the packages change. The
# build only emits (`tsc --noCheck`): the types are checked once, by `make typecheck`, which covers the
# tests too, instead of the sources twice (the build takes 10 s of CPU instead of 18).
DIST_STAMP := dist/.complete
$(DIST_STAMP): $(NPM_STAMP) tsconfig.build.json $(shell find src simulator -name '*.ts' -not -name '*.spec.ts' 2>/dev/null)
	npm run build
	@touch $(DIST_STAMP)

build: $(DIST_STAMP)

# ESLint's rules and the formatter's check (`npm run format` rewrites what it flags).
lint: eslint format-check

# STATIC_NICE: a prefix for the three static checks below (`make test` runs them under `nice`).
STATIC_NICE ?=

eslint: $(NPM_STAMP)
	$(STATIC_NICE) npx eslint .

# Both from what their last runs on this machine learned (scripts/format-check.sh, scripts/typecheck.sh):
# a checkout checks again only what differs.
format-check: $(NPM_STAMP)
	$(STATIC_NICE) scripts/format-check.sh

typecheck: $(NPM_STAMP)
	$(STATIC_NICE) scripts/typecheck.sh

# The operators' specs under coverage (src/operators' lines, at least 90 %: vitest.config.ts), the other specs
# without: coverage makes the whole run a third dearer in CPU, and the operators' own specs cover 96 % of
# their lines (the other specs add 1 %).
test-unit: $(NPM_STAMP)
	@mkdir -p reports
	npx vitest run --project unit --exclude 'src/operators/**' --reporter=default --reporter=json --outputFile.json=reports/unit.json
	npx vitest run --project unit --coverage src/operators/ --reporter=default --reporter=json --outputFile.json=reports/unit-operators.json

# Most files five at a time; then, together, those whose assertions are wall-clock bounds (vitest.config.ts),
# in one run of both projects (the broker and the registry start once). INTEGRATION_AFTER: targets it waits for
# besides its prerequisites (`make test` names the unit tests, which take both cores until they end).
test-integration: install $(DIST_STAMP) | $(INTEGRATION_AFTER)
	@mkdir -p reports
	MARKET_FEED_BUILT=1 npx vitest run --project integration --project integration-alone --reporter=default --reporter=json --outputFile.json=reports/integration.json

# ESLint and typecheck each build a whole TypeScript program: side by side on the machine's two
# cores, with the formatter's lighter check beside them.
static: $(NPM_STAMP)
	$(MAKE) --no-print-directory -j3 --output-sync=target eslint format-check typecheck

# The installs side by side (most of their time is downloads and a native build), lint, typecheck and
# the unit tests beside them as soon as the npm packages are in, then the integration tests as soon as
# the unit tests end. The static checks run under `nice`, taking what the tests leave, and end during the
# integration tests: about 190 s of CPU from nothing, about 135 s when this machine checked a tree before
# (scripts/format-check.sh, scripts/typecheck.sh). Each target's output is shown whole when it ends.
test:
	@$(MAKE) --no-print-directory -j4 --output-sync=target install static test-unit $(DIST_STAMP) test-integration INTEGRATION_AFTER=test-unit STATIC_NICE='nice -n 10'

run: build
	scripts/run.sh $(ARGS)

# DEMO_SCHEMA_REGISTRY=1 starts the local registry, which scripts/schema-registry.sh up installs first.
demo: build
	scripts/demo.sh

dashboard: $(NPM_STAMP)
	npx tsx src/cli/main.ts dashboard $(ARGS)

soak: build
	npx tsx scripts/soak.ts

# Benchmarks use a broker of their own (port 19092, data under .cache/kafka/bench-run, removed
# afterwards) so that tests starting and stopping the default one do not disturb a measurement.
BENCH_KAFKA_PORT ?= 19092
BENCH_KAFKA_RUN_DIR ?= .cache/kafka/bench-run

bench: $(NPM_STAMP) build
	@if [ -z "$$KAFKA_BROKERS" ]; then \
	  $(MAKE) --no-print-directory $(KAFKA_JARS) && \
	  KAFKA_PORT=$(BENCH_KAFKA_PORT) KAFKA_RUN_DIR=$(BENCH_KAFKA_RUN_DIR) scripts/kafka.sh up && \
	  KAFKA_BROKERS=127.0.0.1:$(BENCH_KAFKA_PORT) KAFKA_RUN_DIR=$(BENCH_KAFKA_RUN_DIR) KAFKAJS_NO_PARTITIONER_WARNING=1 npx tsx bench/main.ts; \
	  status=$$?; KAFKA_PORT=$(BENCH_KAFKA_PORT) KAFKA_RUN_DIR=$(BENCH_KAFKA_RUN_DIR) scripts/kafka.sh clean; exit $$status; \
	else \
	  KAFKAJS_NO_PARTITIONER_WARNING=1 npx tsx bench/main.ts; \
	fi

# The dashboard page under 20 coins at 5,000 trades/s (simulator -> run -> Kafka -> dashboard -> Chromium).
bench-dashboard: $(NPM_STAMP) $(KAFKA_JARS) $(CHROMIUM)
	@if [ -z "$$KAFKA_BROKERS" ]; then \
	  KAFKA_PORT=$(BENCH_KAFKA_PORT) KAFKA_RUN_DIR=$(BENCH_KAFKA_RUN_DIR) scripts/kafka.sh up && \
	  KAFKA_BROKERS=127.0.0.1:$(BENCH_KAFKA_PORT) KAFKAJS_NO_PARTITIONER_WARNING=1 npx tsx bench/dashboard.ts; \
	  status=$$?; KAFKA_PORT=$(BENCH_KAFKA_PORT) KAFKA_RUN_DIR=$(BENCH_KAFKA_RUN_DIR) scripts/kafka.sh clean; exit $$status; \
	else \
	  KAFKAJS_NO_PARTITIONER_WARNING=1 npx tsx bench/dashboard.ts; \
	fi

# The readiness probe (scripts/kafka/ready.mjs) uses the npm packages.
kafka-up: $(NPM_STAMP) $(KAFKA_JARS)
	scripts/kafka.sh up

kafka-down:
	scripts/kafka.sh down

kafka-clean:
	scripts/kafka.sh clean

registry-up: $(SCHEMA_REGISTRY_APP)
	scripts/schema-registry.sh up

registry-down:
	scripts/schema-registry.sh down

registry-clean:
	scripts/schema-registry.sh clean

# The jar fetched first when missing (the script's install); QUESTDB_HTTP_PORT, QUESTDB_PG_PORT, QUESTDB_ROOT
# and the others move it (scripts/questdb.sh).
questdb:
	scripts/questdb.sh start

questdb-down:
	scripts/questdb.sh stop

clean:
	rm -rf dist coverage reports
