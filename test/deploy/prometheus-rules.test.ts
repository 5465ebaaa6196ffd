import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { promtool, repoRoot } from './promtool.js';

const prometheusDir = join(repoRoot, 'deploy', 'prometheus');

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface RuleTest {
  readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts?: readonly unknown[] }[];
}

const rules = (parse(readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap((group) => group.rules);
const unitTests = (parse(readFileSync(join(prometheusDir, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests;

describe("deploy/prometheus (promtool from Debian's prometheus package)", () => {
  it('passes promtool check rules on the alert rules', async () => {
    const result = await promtool(['check', 'rules', 'deploy/prometheus/alerts.yml']);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.code, result.output).toBe(0);
  });

  it('passes promtool check config on the scrape config, its rule files and its target files', async () => {
    const result = await promtool(['check', 'config', 'deploy/prometheus/prometheus.yml']);
    expect(result.output).toContain('is valid prometheus config file syntax');
    expect(result.code, result.output).toBe(0);
  });

  it("passes the alerts' promtool unit tests: series that fire each alert and series that must not", async () => {
    const result = await promtool(['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect(result.output).toContain('SUCCESS');
    expect(result.code, result.output).toBe(0);
  });

  it('covers the feed stale, all sources down, shard not delivering, spool growing, no acks, readyz failing, dead letters rising and symbol capacity conditions', () => {
    const exprs = new Map(rules.map((rule) => [rule.alert, rule.expr]));
    expect([...exprs.keys()]).toEqual(
      expect.arrayContaining([
        'MarketFeedStale',
        'MarketFeedAllSourcesDown',
        'MarketFeedSpoolGrowing',
        'MarketFeedNoKafkaAcks',
        'MarketFeedNotReady',
        'MarketFeedDeadLettersRising',
        'MarketFeedShardNotDelivering',
        'MarketFeedSymbolCapacityExceeded',
      ]),
    );
    expect(exprs.get('MarketFeedStale')).toContain('market_feed_last_event_age_seconds');
    expect(exprs.get('MarketFeedAllSourcesDown')).toContain('market_feed_events_in_total');
    expect(exprs.get('MarketFeedSpoolGrowing')).toContain('market_feed_spool_records');
    expect(exprs.get('MarketFeedNoKafkaAcks')).toContain('market_feed_sink_oldest_unacked_age_seconds');
    expect(exprs.get('MarketFeedNotReady')).toContain('market_feed_ready');
    expect(exprs.get('MarketFeedDeadLettersRising')).toContain('event="dead_lettered"');
    expect(exprs.get('MarketFeedShardNotDelivering')).toContain('market_feed_shard_state');
    expect(exprs.get('MarketFeedSymbolCapacityExceeded')).toContain('market_feed_symbols_refused_total');
    expect(exprs.get('MarketFeedSymbolCapacityExceeded')).toContain('market_feed_symbols_evicted_total');
  });

  it('gives every alert a for duration, a severity and a summary and description for the person on call', () => {
    for (const rule of rules) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary']?.length ?? 0, rule.alert).toBeGreaterThan(20);
      expect(rule.annotations?.['description']?.length ?? 0, rule.alert).toBeGreaterThan(100);
    }
  });

  it('unit-tests every alert both firing and not firing', () => {
    const checks = unitTests.flatMap((test) => test.alert_rule_test ?? []);
    for (const rule of rules) {
      const own = checks.filter((check) => check.alertname === rule.alert);
      expect(
        own.some((check) => (check.exp_alerts?.length ?? 0) > 0),
        `${rule.alert} fires in a test`,
      ).toBe(true);
      expect(
        own.some((check) => (check.exp_alerts?.length ?? 0) === 0),
        `${rule.alert} stays quiet in a test`,
      ).toBe(true);
    }
  });
});
