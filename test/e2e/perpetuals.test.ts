import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { readAfterStall, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { QUICK_FAILOVER_ARGS, liquidationSwings, expectConsecutiveIds, expectTradesOnTape, holeAndRepair, stallAndRecover } from './venue-tape.js';
import { stateOf } from '../support/cli-process.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const PERPETUALS = ['--markets', 'linear', '--venues', 'bybit_linear,binance_usdm'];
const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

/** The exchange times of one venue's derivative tickers of one symbol, in order. */
const tickerTimes = (tickers: readonly ConsumedRecord[], exchange: string, symbol: string, source?: string): number[] =>
  tickers
    .filter((t) => value(t, 'exchange') === exchange && value(t, 'symbol') === symbol && (source === undefined || value(t, 'openInterestSource') === source))
    .map((t) => Number(value(t, 'exchangeTs')));

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? t));

describe('perpetuals: Bybit linear and Binance USD-M (simulator -> pipeline process -> real Kafka)', () => {
  it("fails a stalled Bybit linear shard over to Binance USD-M and back; trades are the venues' own under BTC-USDT-PERP; funding, mark and open interest arrive at each venue's cadence", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bybit_linear', 'binance_usdm'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: [...PERPETUALS, ...QUICK_FAILOVER_ARGS, '--binance-usdm-open-interest-ms', '1000'],
    });
    const { sim } = run;
    await stallAndRecover(run, 'bybit_linear', { beforeMs: 3000, holdMs: 4500, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'bybit_linear', toExchange: 'binance_usdm' });
    // Only the venues' own frames came in: no dead letter; each state said once as it was entered.
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'binance_usdm', toExchange: 'bybit_linear' });

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['bybit_linear', 'binance_usdm']);
    for (const t of trades) {
      expect(t.key).toMatch(/^(BTC|ETH)-USDT-PERP$/);
      expect(t.value).toMatchObject({ instrument: t.key, quote: 'USDT', isFallback: value(t, 'exchange') !== 'bybit_linear' });
    }
    const btc = trades.filter((t) => t.key === 'BTC-USDT-PERP').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['bybit_linear', 'binance_usdm', 'bybit_linear']);
    // Binance USD-M's aggregate ids run on per symbol while it served: nothing of its lost.
    expectConsecutiveIds(trades, 'binance_usdm', ['BTCUSDT', 'ETHUSDT'], 10);

    const tickers = records['derivative_ticker'] ?? [];
    for (const t of tickers) expect(t.key).toBe(value(t, 'instrument'));
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      // Bybit: every 100 ms while the market moves, open interest in the stream.
      const bybit = tickerTimes(tickers, 'bybit_linear', symbol);
      expect(bybit.length, symbol).toBeGreaterThan(20);
      expect(median(gaps(bybit)), symbol).toBeLessThanOrEqual(200);
      expect(tickers.find((t) => value(t, 'exchange') === 'bybit_linear' && value(t, 'symbol') === symbol)?.value).toMatchObject({
        openInterestSource: 'stream',
        markPrice: expect.any(Number) as number,
        indexPrice: expect.any(Number) as number,
        fundingRate: expect.any(Number) as number,
        nextFundingTs: expect.any(Number) as number,
      });
      // Binance USD-M: the mark price every second, open interest polled every second (the option's setting).
      const marks = tickerTimes(tickers, 'binance_usdm', symbol).filter((_, i, all) => i === 0 || all[i - 1] !== all[i]);
      expect(marks.length, symbol).toBeGreaterThanOrEqual(4);
      const polled = tickers.filter(
        (t) => value(t, 'exchange') === 'binance_usdm' && value(t, 'symbol') === symbol && value(t, 'openInterestSource') === 'poll',
      );
      const pollTimes = [...new Set(polled.map((t) => Number(value(t, 'openInterestTs'))))];
      expect(pollTimes.length, symbol).toBeGreaterThanOrEqual(3);
      expect(median(gaps(pollTimes)), symbol).toBeLessThanOrEqual(1600);
    }
  });

  it('publishes every liquidation the simulated Bybit sent, once, each as the venue made it', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bybit_linear'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--markets', 'linear', '--venues', 'bybit_linear'],
    });
    const { sim, cli } = run;
    await liquidationSwings(run, 'bybit_linear');
    // The venue falls silent before the run stops, so that no liquidation is on the wire when its
    // sockets close: each one written to a socket is read first.
    sim.control.stall('bybit_linear');
    await readAfterStall(run.healthUrl, 'bybit_linear', { minMs: 1000, types: ['trade', 'liquidation'] });
    expect(await cli.stop('SIGTERM')).toBe(0);

    const sent = sim.control.liquidations('bybit_linear').filter((l) => l.sentTo.length > 0);
    expect(sent.length).toBeGreaterThan(5);
    expect(new Set(sent.map((l) => l.position))).toEqual(new Set(['long', 'short']));
    const records = await run.read();
    const published = (records['liquidation'] ?? []).map((r) => r.value);
    const keyOf = (l: { symbol: unknown; ts: unknown; side: unknown; price: unknown; quantity: unknown }): string =>
      `${String(l.symbol)} ${String(l.ts)} ${String(l.side)} ${String(l.price)} ${String(l.quantity)}`;
    const made = sent.map((l) =>
      keyOf({
        symbol: l.symbol,
        ts: l.ts,
        side: l.position === 'long' ? 'LONG' : 'SHORT',
        price: Number(l.price.toFixed(l.priceDecimals)),
        quantity: l.quantity,
      }),
    );
    const got = published.map((l) => keyOf({ symbol: l['symbol'], ts: l['exchangeTs'], side: l['positionSide'], price: l['price'], quantity: l['quantity'] }));
    expect([...got].sort()).toEqual([...made].sort());
    for (const l of published) expect(l).toMatchObject({ exchange: 'bybit_linear', sampled: false, instrument: `${String(l['coin'])}-USDT-PERP` });
  });

  it('names a stream the venue moved to another route within the stale time, instead of staying quietly empty', async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['binance_usdm'], coins: ['BTC'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--markets', 'linear', '--venues', 'binance_usdm', '--stale-after-ms', '3000'],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(2500);
    // Binance serves the mark price on /public from now on: the feed's /market subscription is acknowledged and silent.
    const moved = Date.now();
    expect(sim.control.route('binance_usdm', 'markPrice', 'public').changed).toBeGreaterThan(0);
    const named = await cli.waitForLog((line) => line['msg'] === 'acknowledged stream silent: reconnecting', 10_000);
    expect(Date.now() - moved).toBeLessThan(3000 + 1000);
    expect(named['topics']).toEqual(['btcusdt@markPrice@1s']);
    await sleep(500);
    expect(await cli.stop('SIGTERM')).toBe(0);
    const records = await run.read();
    const reasons = (records['feed_status'] ?? []).map((s) => String(s.value['reason']));
    expect(
      reasons.some((reason) =>
        /^binance_usdm acknowledged btcusdt@markPrice@1s on ws:\/\/127\.0\.0\.1:\d+\/usdm\/market\/stream\?streams=.* and sent nothing for \d+ ms/.test(reason),
      ),
    ).toBe(true);
  });

  it("follows the whole perpetual market from the venues' lists, keeps Binance USD-M's books by its pu chain, and repairs a hole by aggregate id", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['bybit_linear', 'binance_usdm'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--instruments', 'all', '--quotes', 'USDT', '--markets', 'linear', '--venues', 'binance_usdm,bybit_linear', '--books', 'all'],
    });
    const { sim } = run;
    await holeAndRepair(run, 'binance_usdm', { subscribedWithinMs: 20_000, beforeMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const trades = records['trade'] ?? [];
    // The lists' perpetuals only: no quarterly contract, no spot key.
    expect(new Set(trades.map((t) => t.key))).toEqual(new Set(['BTC-USDT-PERP', 'ETH-USDT-PERP']));
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired').length).toBeGreaterThanOrEqual(1);
    expectTradesOnTape(trades, sim.control, ['binance_usdm']);
    expectConsecutiveIds(trades, 'binance_usdm', ['BTCUSDT', 'ETHUSDT'], 40, 'sorted');
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
    // Books kept from /fapi/v1/depth and the pu-chained deltas, before and after the reconnect.
    const books = records['book_snapshot'] ?? [];
    for (const key of ['BTC-USDT-PERP', 'ETH-USDT-PERP']) {
      const mine = books.filter((b) => b.key === key && value(b, 'exchange') === 'binance_usdm');
      expect(mine.length, key).toBeGreaterThan(10);
    }
    expect(statuses.filter((s) => s['state'] === 'book_resync' && !String(s['reason']).includes('reconnect'))).toEqual([]);
  });
});
