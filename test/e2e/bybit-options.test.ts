import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];
const VENUES = ['deribit_options', 'bybit_options'] as const;

/** An option's terms as both venues' keys spell them after the settlement: `BTC-20261127-56000-C`. */
const termsOf = (key: string): string => key.replace(/^(\w+)-\w+-/, '$1-');

describe("Bybit's options beside Deribit's (simulator -> pipeline process -> real Kafka)", () => {
  it("follows BTC's chains of both venues together: Bybit's summaries keyed by their settlement, rho NaN, each option's mark IV the same as Deribit's for the same option; every Bybit option trade made while followed is published, no gap; an expiry (on the board both venues price off) delists Bybit's delivered options", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: [...VENUES], coins: ['BTC'] },
      args: ['--markets', 'option', '--venues', VENUES.join(','), '--coins', 'BTC', '--catalog-refresh-ms', '10000'],
    });
    const { sim, cli } = run;
    const subscribed = (venue: string): boolean => cli.statuses().some((s) => s['exchange'] === venue && s['state'] === 'subscribed');
    await cli.waitForLog(() => VENUES.every(subscribed), 60_000);
    const followedFrom = Date.now();
    await sleep(6_000);
    expect(cli.logs.filter((line) => line.msg === 'invalid frame' || line.msg === 'acknowledged stream silent: reconnecting')).toEqual([]);

    // The nearest expiry is delivered on both venues (one option board): the next list reads delist it.
    const expiry = sim.control.expire('bybit_options');
    const deliveredAt = Date.now();
    const delivered = expiry.expired.filter((symbol) => symbol.startsWith('BTC-') && symbol.endsWith('-USDT'));
    expect(delivered.length).toBeGreaterThan(0);
    const delistedOf = (venue: string): Set<string> =>
      new Set(
        cli
          .statuses()
          .filter((s) => s['exchange'] === venue && s['state'] === 'delisted')
          .map((s) => String(s['symbol'])),
      );
    await cli.waitForLog(() => delivered.every((symbol) => delistedOf('bybit_options').has(symbol)), 40_000);
    await sleep(2_000);
    const stoppedAt = Date.now();
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const summaries = records['option_summary'] ?? [];
    const of = (venue: string): readonly ConsumedRecord[] => summaries.filter((s) => value(s, 'exchange') === venue);

    // Bybit's: keyed by their USDT settlement, quoted in USDT, IVs in percent, no rho (NaN).
    const bybit = of('bybit_options');
    expect(new Set(bybit.map((s) => s.key)).size).toBeGreaterThan(50);
    for (const s of bybit) {
      expect(s.key).toMatch(/^BTC-USDT-\d{8}-\d+(\.\d+)?-[CP]$/);
      expect(s.value).toMatchObject({ instrument: s.key, coin: 'BTC', quote: 'USDT' });
      expect(Number.isNaN(value(s, 'rho'))).toBe(true);
      expect(Number(value(s, 'markIv'))).toBeGreaterThan(1);
    }
    for (const s of of('deribit_options')) expect(s.key).toMatch(/^(BTC|ETH)-USD-\d{8}-\d+(\.\d+)?-[CP]$/);

    // One option, two venues, two keys: within a second the same mark IV (one forward and smile; measured: 4,510 pairs, at most 0.04
    // points apart, the venues' rounding).
    const deribitIv = new Map<string, { readonly ts: number; readonly iv: number }[]>();
    for (const s of of('deribit_options')) {
      const terms = termsOf(s.key ?? '');
      deribitIv.set(terms, [...(deribitIv.get(terms) ?? []), { ts: Number(value(s, 'exchangeTs')), iv: Number(value(s, 'markIv')) }]);
    }
    const pairs = bybit.flatMap((s) => {
      const ts = Number(value(s, 'exchangeTs'));
      const same = deribitIv.get(termsOf(s.key ?? ''))?.find((d) => Math.abs(d.ts - ts) <= 1_000);
      return same === undefined ? [] : [[Number(value(s, 'markIv')), same.iv] as const];
    });
    expect(pairs.length).toBeGreaterThan(20);
    expect(pairs.filter(([mine, theirs]) => Math.abs(mine - theirs) > 0.5)).toEqual([]);

    // The delivered options: each delisted on both venues, no Bybit summary of one after its delisting.
    const delistedAt = Math.min(...statuses.filter((s) => s['exchange'] === 'bybit_options' && s['state'] === 'delisted').map((s) => Number(s['ts'])));
    const lastOfDelivered = Math.max(...bybit.filter((s) => delivered.includes(String(value(s, 'symbol')))).map((s) => Number(value(s, 'receivedTs'))));
    expect(lastOfDelivered).toBeLessThanOrEqual(delistedAt + 1_000);
    expect(deliveredAt).toBeLessThanOrEqual(delistedAt);

    // Every trade the venue made of an option followed from the start (listed then), while followed: published. Nothing dropped a
    // socket, so no gap was named either.
    const published = new Set(
      (records['trade'] ?? [])
        .filter((t) => value(t, 'exchange') === 'bybit_options')
        .map((t) => `${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`),
    );
    expect(published.size).toBeGreaterThan(0);
    expect(statuses.filter((s) => s['exchange'] === 'bybit_options' && s['state'] === 'gap')).toEqual([]);
    const fromStart = new Set(bybit.filter((s) => Number(value(s, 'receivedTs')) < followedFrom + 3_000).map((s) => String(value(s, 'symbol'))));
    const unpublished = sim.control
      .madeTrades('bybit_options')
      .filter((t) => fromStart.has(t.symbol) && t.ts >= followedFrom && t.ts <= stoppedAt - 2_000)
      .filter((t) => !published.has(`${t.symbol} ${t.venueTradeId}`));
    expect(unpublished.map((t) => `${t.symbol} ${t.venueTradeId} at ${new Date(t.ts).toISOString()}`)).toEqual([]);
  }, 180_000);
});
