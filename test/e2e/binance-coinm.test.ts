import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';
import { expectConsecutiveIds, expectTradesOnTape } from './venue-tape.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

describe('Binance COIN-M (simulator -> pipeline process -> real Kafka)', () => {
  it('follows its whole list (--instruments all): its perpetuals and quarterly under their inverse keys, sizes in the coin, marks with open interest and books; a dropped socket\u2019s hole repaired by aggregate id', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['binance_coinm'], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: ['--markets', 'inverse', '--venues', 'binance_coinm', '--instruments', 'all', '--books', 'all', '--binance-coinm-open-interest-ms', '1000'],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 30_000);
    await sleep(3000);
    sim.control.refuseUpgrade('binance_coinm', 503);
    sim.control.drop('binance_coinm');
    await sleep(1500);
    sim.control.refuseUpgrade('binance_coinm', undefined);
    await cli.waitForLog((line) => stateOf(line) === 'gap_repaired', 30_000);
    await sleep(2000);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['binance_coinm']);
    const keys = new Set(trades.map((t) => t.key));
    expect(keys.size).toBe(3);
    expect([...keys]).toEqual(expect.arrayContaining(['BTC-USD-INV-PERP', 'ETH-USD-INV-PERP', expect.stringMatching(/^BTC-USD-INV-\d{8}$/)]));
    for (const t of trades) expect(t.value).toMatchObject({ exchange: 'binance_coinm', instrument: t.key, quote: 'USD' });
    // Each published quantity is the market's own in the coin: whole contracts of 100 or 10 USD at its price.
    const made = new Map(sim.control.madeTrades('binance_coinm').map((t) => [`${t.symbol} ${t.venueTradeId}`, t.quantity]));
    for (const t of trades)
      expect(Number(value(t, 'quantity'))).toBeCloseTo(made.get(`${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`) ?? NaN, 9);
    expectConsecutiveIds(trades, 'binance_coinm', ['BTCUSD_PERP', 'ETHUSD_PERP'], 10, 'sorted');
    expect(statuses.some((s) => s['state'] === 'gap_repaired' && s['exchange'] === 'binance_coinm')).toBe(true);

    const tickers = (records['derivative_ticker'] ?? []).filter((t) => value(t, 'symbol') === 'BTCUSD_PERP');
    expect(tickers.some((t) => Number(value(t, 'markPrice')) > 0 && value(t, 'fundingRate') !== null)).toBe(true);
    const interest = tickers.find((t) => value(t, 'openInterest') !== null);
    expect(interest?.value).toMatchObject({ openInterestSource: 'poll' });
    expect(Number(value(interest as ConsumedRecord, 'openInterestValue')) % 100).toBe(0);

    const books = (records['book_snapshot'] ?? []).filter((b) => b.key === 'BTC-USD-INV-PERP');
    expect(books.length).toBeGreaterThan(0);
  });
});
