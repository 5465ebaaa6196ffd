import { DEFAULT_KAFKA_SETTINGS } from '../kafka/kafka-settings.js';
import { hostPort, httpUrlOrEmpty, integer, list, option, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';

/** The dashboard's settings as configured. */
export interface DashboardSettings {
  readonly host: string;
  readonly port: number;
  readonly metricsUrl?: string;
}

/** A host name or an IPv4/IPv6 address to listen on. */
function listenHost(raw: unknown): ParsedSetting<string> {
  return typeof raw === 'string' && /^[A-Za-z0-9.:-]{1,253}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, allowed: 'a host name or IP address, e.g. 127.0.0.1' };
}

/** Settings of `market-feed dashboard` besides the shared Kafka, registry and log options. */
export const DASHBOARD_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'dashboard.port',
    env: 'MARKET_FEED_DASHBOARD_PORT',
    flag: 'port',
    default: 8080,
    parse: integer(0, 65535),
    description: 'port of the page (0 picks a free port)',
  }),
  option({
    key: 'dashboard.host',
    env: 'MARKET_FEED_DASHBOARD_HOST',
    flag: 'host',
    default: '127.0.0.1',
    parse: listenHost,
    description: 'address of the page; loopback unless you mean to share it',
  }),
  option({
    key: 'dashboard.metricsUrl',
    env: 'MARKET_FEED_DASHBOARD_METRICS_URL',
    flag: 'metrics-url',
    default: undefined,
    parse: httpUrlOrEmpty,
    description: "the run process's /metrics (e.g. http://127.0.0.1:9464/metrics) for records in/acked and the spool; unset: rates from the topics",
  }),
  // The same setting as --kafka-brokers, under the shorter flag the dashboard takes.
  option({
    key: 'kafka.brokers',
    env: 'KAFKA_BROKERS',
    flag: 'brokers',
    default: [...DEFAULT_KAFKA_SETTINGS.brokers],
    parse: list(hostPort),
    description: 'Kafka bootstrap servers',
  }),
];
