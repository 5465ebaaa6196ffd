import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { metricValue, startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { exposedMetricNames, type ExposedMetrics } from './exposed-metric-names.js';
import { repoRoot } from './promtool.js';
import { promqlMetricNames } from './promql-metric-names.js';

/** Series Prometheus makes itself: they are on no target's /metrics. */
const PROMETHEUS_MADE = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);
/** Loopback ports of this file's simulator and pipeline metrics server. */
const SIMULATOR_PORT = 30010;
const METRICS_PORT = 30011;

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly Panel[];
}

function alertExpressions(): Map<string, string> {
  const rules = (
    parse(readFileSync(join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }
  ).groups.flatMap((group) => group.rules);
  return new Map(rules.map((rule) => [`alert ${rule.alert}`, rule.expr]));
}

function dashboardExpressions(): Map<string, string> {
  const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'dashboards', 'market-feed.json'), 'utf8')) as {
    panels: Panel[];
    templating: { list: { name: string; query: { query: string } | string }[] };
  };
  const found = new Map<string, string>();
  const visit = (panel: Panel): void => {
    panel.targets?.forEach((target, i) => {
      if (target.expr !== undefined) found.set(`panel "${panel.title ?? '?'}" #${i}`, target.expr);
    });
    panel.panels?.forEach(visit);
  };
  dashboard.panels.forEach(visit);
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
    // Grafana's label_values(metric, label): only the first argument is a metric.
    const labelValues = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*\w+\s*\)$/.exec(query);
    found.set(`variable $${variable.name}`, labelValues?.[1] ?? query);
  }
  return found;
}

/** Metric name -> the rules and panels that query it. */
function queriedNames(): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [where, expr] of [...alertExpressions(), ...dashboardExpressions()]) {
    for (const name of promqlMetricNames(expr)) users.set(name, [...(users.get(name) ?? []), where]);
  }
  return users;
}

async function waitForReadyz(url: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${url}/readyz`)).status === status) return;
    await sleep(100);
  }
  throw new Error(`/readyz did not answer ${status} within ${timeoutMs} ms`);
}

/** The names on /metrics once Kafka has acknowledged records (the ack latency histogram has samples). */
async function exposedOnceAcked(url: string, timeoutMs: number): Promise<ExposedMetrics> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exposed = exposedMetricNames(await (await fetch(`${url}/metrics`)).text());
    if (exposed.withSamples.has('market_feed_receive_to_ack_seconds_bucket')) return exposed;
    if (Date.now() > deadline) throw new Error(`no Kafka acknowledgement on /metrics within ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function readyGauge(url: string): Promise<number> {
  const exposition = await (await fetch(`${url}/metrics`)).text();
  const match = /^market_feed_ready (\S+)$/m.exec(exposition);
  if (match === null) throw new Error('no market_feed_ready sample on /metrics');
  return Number(match[1]);
}

describe('promqlMetricNames', () => {
  it('takes metric names, not functions, labels, label values, ranges, numbers or Grafana variables', () => {
    const expr =
      'histogram_quantile(0.99, sum by (le, exchange) (rate(a_seconds_bucket{instance=~"$instance", job="b_total"}[$__rate_interval]))) ' +
      '/ on (instance) group_left (topic) sum without (event) (increase(c_total{event="dead_lettered"}[5m] offset 1m)) > bool 1e3 ' +
      'unless up == 0 or max(d_seconds) by (symbol) and e:recorded';
    expect(promqlMetricNames(expr).sort()).toEqual(['a_seconds_bucket', 'c_total', 'd_seconds', 'e:recorded', 'up']);
  });
});

describe('the metrics deploy/ queries (alert rules, Grafana dashboard) on a real market-feed run', () => {
  const brokers = inject('kafkaBrokers');
  let run: PipelineRun | undefined;
  beforeAll(async () => {
    run = await startPipeline({
      brokers,
      simulator: { port: SIMULATOR_PORT },
      args: ['--metrics-port', String(METRICS_PORT), '--stale-after-ms', '2000', '--failover-after-ms', '4000'],
    });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('are all on the /metrics of `market-feed run` (simulator -> run -> Kafka), histograms by their _bucket, _sum and _count', async () => {
    if (run === undefined) throw new Error('no pipeline');
    expect(run.healthUrl).toBe(`http://127.0.0.1:${METRICS_PORT}`);
    await waitForReadyz(run.healthUrl, 200, 60_000);
    const exposed = await exposedOnceAcked(run.healthUrl, 30_000);

    const queried = queriedNames();
    expect(queried.size).toBeGreaterThan(20);
    expect([...queried.keys()]).toEqual(
      expect.arrayContaining([
        'market_feed_ready',
        'market_feed_receive_to_ack_seconds_bucket',
        'market_feed_receive_to_ack_seconds_sum',
        'market_feed_receive_to_ack_seconds_count',
        'market_feed_spool_records',
        'market_feed_sink_events_total',
        'market_feed_nodejs_eventloop_lag_p99_seconds',
        'market_feed_shard_state',
        'market_feed_shard_instruments',
        'market_feed_shard_active_venue',
        'market_feed_venue_sockets',
        'market_feed_symbols_refused_total',
        'market_feed_symbols_evicted_total',
      ]),
    );
    const missing = [...queried]
      .filter(([name]) => !PROMETHEUS_MADE.has(name) && !exposed.names.has(name))
      .map(([name, where]) => `${name} (queried by ${where.join(', ')})`);
    expect(missing).toEqual([]);
    for (const name of queried.keys()) {
      if (!PROMETHEUS_MADE.has(name)) expect(name, 'a market-feed metric').toMatch(/^market_feed_/);
    }
  });

  it('show the one shard of two coins subscribed on the primary with its socket, and the operators with nothing refused or forgotten', async () => {
    if (run === undefined) throw new Error('no pipeline');
    await waitForReadyz(run.healthUrl, 200, 60_000);
    const exposition = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(metricValue(exposition, 'market_feed_shard_state', { state: 'subscribed' })).toBe(1);
    expect(metricValue(exposition, 'market_feed_shard_state')).toBe(1);
    expect(metricValue(exposition, 'market_feed_shard_instruments')).toBe(2);
    expect(metricValue(exposition, 'market_feed_shard_active_venue', { exchange: 'bybit' })).toBe(1);
    expect(metricValue(exposition, 'market_feed_venue_sockets', { exchange: 'bybit' })).toBe(1);
    expect(exposition).toContain('market_feed_symbols_refused_total{operator="windowed_stats_1s"} 0');
    expect(exposition).toContain('market_feed_symbols_evicted_total{operator="large_trades"} 0');
    expect(exposition).toContain('market_feed_symbols_evicted_total{operator="detect_gaps"} 0');
  });

  it('show readiness as market_feed_ready, equal to what /readyz answers, as the active venue goes stale and fails over', async () => {
    if (run === undefined) throw new Error('no pipeline');
    await waitForReadyz(run.healthUrl, 200, 60_000);
    expect(await readyGauge(run.healthUrl)).toBe(1);

    run.sim.control.stall('bybit');
    await waitForReadyz(run.healthUrl, 503, 15_000);
    expect(await readyGauge(run.healthUrl)).toBe(0);

    await waitForReadyz(run.healthUrl, 200, 30_000);
    expect(await readyGauge(run.healthUrl)).toBe(1);
    const exposition = await (await fetch(`${run.healthUrl}/metrics`)).text();
    expect(exposedMetricNames(exposition).withSamples).toContain('market_feed_failovers_total');
    // The shard reads from Binance now, through a socket of its own; Bybit's stalled socket was dropped at the cut-over.
    expect(metricValue(exposition, 'market_feed_shard_state', { state: 'failed_over' })).toBe(1);
    expect(metricValue(exposition, 'market_feed_shard_active_venue', { exchange: 'binance' })).toBe(1);
    expect(metricValue(exposition, 'market_feed_venue_sockets', { exchange: 'binance' })).toBe(1);
    expect(metricValue(exposition, 'market_feed_venue_sockets', { exchange: 'bybit' })).toBe(0);
  });
});
