import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { stateOf } from '../support/cli-process.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { readAfterStall, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { QUICK_FAILOVER_ARGS, liquidationSwings, expectConsecutiveIds, expectTradesOnTape, holeAndRepair, stallAndRecover, stretchesOf } from './venue-tape.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

describe('OKX spot and swaps (simulator -> pipeline process -> real Kafka)', () => {
  it("fails a stalled OKX shard over to Bybit and back; a skipped seqId resyncs that book only, so does a checksum that disagrees; every trade is one the venues made, none twice, none of OKX's missing while it served", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['okx', 'bybit'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 10 },
      args: ['--venues', 'okx,bybit', '--books', 'all', ...QUICK_FAILOVER_ARGS],
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 15_000);
    await sleep(1500);
    // Nothing bad was sent: every frame so far was read.
    expect(deadLettersBefore((await run.read())['dead_letter'])).toEqual([]);
    // The next increment of BTC-USDT's book is never sent: the one after it does not follow its seqId.
    sim.control.bookFault('okx', 'drop', 'BTC-USDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync', 10_000);
    // OKX turns its checksum on for ETH-USDT (a snapshot carrying one), then sends an update whose checksum is not its book's.
    sim.control.bookFault('okx', 'checksum', 'ETH-USDT');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync' && (line['status'] as { symbol?: string } | undefined)?.symbol === 'ETH-USDT', 10_000);
    await stallAndRecover(run, 'okx', { beforeMs: 1000, holdMs: 3000, settleMs: 2000 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(statuses.find((s) => s['state'] === 'failover')).toMatchObject({ fromExchange: 'okx', toExchange: 'bybit' });
    expect(statuses.find((s) => s['state'] === 'switch_back')).toMatchObject({ fromExchange: 'bybit', toExchange: 'okx' });
    // The chain broke on BTC-USDT, the checksum disagreed on ETH-USDT, each once; both books came back from a fresh snapshot.
    const resyncs = statuses.filter((s) => s['state'] === 'book_resync' && s['exchange'] === 'okx' && !String(s['reason']).includes('reconnect'));
    expect(resyncs.map((s) => s['symbol'])).toEqual(['BTC-USDT', 'ETH-USDT']);
    expect(String(resyncs[0]?.['reason'])).toMatch(/^gap: expected prevSeqId \d+, got \d+/);
    expect(String(resyncs[1]?.['reason'])).toMatch(/^checksum: expected -?\d+, computed -?\d+/);
    // Nothing bad was sent: no dead letter; one status per change of a shard's state.
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const books = (records['order_book'] ?? records['book_snapshot'] ?? []).filter((b) => value(b, 'exchange') === 'okx');
    expect(books.some((b) => value(b, 'symbol') === 'BTC-USDT')).toBe(true);
    expect(books.some((b) => value(b, 'symbol') === 'ETH-USDT')).toBe(true);

    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['okx', 'bybit']);
    for (const t of trades) expect(t.value).toMatchObject({ quote: 'USDT', isFallback: value(t, 'exchange') !== 'okx' });
    // OKX's trade ids run on by one per instrument in each stretch it served: while it served, none of its trades is missing.
    for (const key of ['BTC-USDT', 'ETH-USDT']) {
      const stretches = stretchesOf(
        trades.filter((t) => t.key === key),
        'okx',
      ).map((ids) => ids.map(Number));
      expect(stretches.length, key).toBe(2);
      for (const ids of stretches)
        expect(
          ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1),
          `${key}: ${ids.join(',')}`,
        ).toBe(true);
    }
    const btc = trades.filter((t) => t.key === 'BTC-USDT').map((t) => String(value(t, 'exchange')));
    expect(btc.filter((exchange, i) => i === 0 || btc[i - 1] !== exchange)).toEqual(['okx', 'bybit', 'okx']);
  });

  it("repairs an OKX socket's hole from the venue's trade history by id: every id from each instrument's first to its last once, each gap said repaired", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['okx'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--venues', 'okx'],
    });
    const { sim } = run;
    await holeAndRepair(run, 'okx', { subscribedWithinMs: 15_000, beforeMs: 1500, settleMs: 1500 });

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(statuses.filter((s) => s['state'] === 'gap_repaired')).toHaveLength(gaps.length);
    expect((records['dead_letter'] ?? []).map((d) => d.value)).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['okx']);
    expectConsecutiveIds(trades, 'okx', ['BTC-USDT', 'ETH-USDT'], 40, 'sorted');
    expect(trades.some((t) => value(t, 'source') === 'repair')).toBe(true);
  });

  it("publishes OKX swaps in the base asset: trades as the venue made them, the four ticker channels merged, and every liquidation OKX wrote to the feed's socket, once", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: ['okx_swap'], coins: ['BTC', 'ETH'], quote: 'USDT', tradesPerSecond: 20 },
      args: ['--markets', 'linear', '--venues', 'okx_swap'],
    });
    const { sim, cli } = run;
    await liquidationSwings(run, 'okx_swap');
    // Nothing bad was sent yet: no dead letter. Then bad input: frames the feed must refuse, each a dead letter, none costing a socket.
    expect(deadLettersBefore((await run.read())['dead_letter'])).toEqual([]);
    sim.control.sendMalformed('okx_swap', 6);
    await sleep(1000);
    // Silent before the stop, so that no liquidation is on the wire when the sockets close: each one written is read first.
    sim.control.stall('okx_swap');
    await readAfterStall(run.healthUrl, 'okx_swap', { minMs: 1000, types: ['trade', 'liquidation'] });
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    expect((records['dead_letter'] ?? []).length).toBeGreaterThanOrEqual(1);
    expect(repeatedStates((records['feed_status'] ?? []).map((s) => s.value))).toEqual([]);
    const trades = records['trade'] ?? [];
    expectTradesOnTape(trades, sim.control, ['okx_swap']);
    expectConsecutiveIds(trades, 'okx_swap', ['BTC-USDT-SWAP', 'ETH-USDT-SWAP'], 20);
    // The venue wrote contracts (BTC 0.01, ETH 0.1 a contract); the records carry what the venue made, in the base asset.
    const made = new Map(sim.control.madeTrades('okx_swap').map((t) => [`${t.symbol} ${t.venueTradeId}`, t.quantity]));
    for (const t of trades) {
      expect(t.key).toMatch(/^(BTC|ETH)-USDT-PERP$/);
      expect(Number(value(t, 'quantity'))).toBeCloseTo(made.get(`${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`) ?? Number.NaN, 9);
    }

    const tickers = (records['derivative_ticker'] ?? []).map((t) => t.value);
    for (const symbol of ['BTC-USDT-SWAP', 'ETH-USDT-SWAP']) {
      const last = tickers.filter((t) => t['symbol'] === symbol).at(-1);
      expect(last, symbol).toMatchObject({
        exchange: 'okx_swap',
        instrument: symbol.replace('-SWAP', '-PERP'),
        markPrice: expect.any(Number) as number,
        indexPrice: expect.any(Number) as number,
        fundingRate: expect.any(Number) as number,
        nextFundingTs: expect.any(Number) as number,
        openInterest: expect.any(Number) as number,
      });
    }

    const sent = sim.control.liquidations('okx_swap').filter((l) => l.sentTo.length > 0);
    expect(sent.length).toBeGreaterThan(3);
    expect(new Set(sent.map((l) => l.position))).toEqual(new Set(['long', 'short']));
    const keyOf = (l: { symbol: unknown; ts: unknown; side: unknown; price: unknown; quantity: unknown }): string =>
      `${String(l.symbol)} ${String(l.ts)} ${String(l.side)} ${Number(l.price).toFixed(8)} ${Number(l.quantity).toFixed(8)}`;
    const wrote = sent.map((l) =>
      keyOf({ symbol: l.symbol, ts: l.ts, side: l.position === 'long' ? 'LONG' : 'SHORT', price: l.price.toFixed(l.priceDecimals), quantity: l.quantity }),
    );
    const published = (records['liquidation'] ?? []).map((r) => r.value);
    const got = published.map((l) => keyOf({ symbol: l['symbol'], ts: l['exchangeTs'], side: l['positionSide'], price: l['price'], quantity: l['quantity'] }));
    expect([...got].sort()).toEqual([...wrote].sort());
    for (const l of published) expect(l).toMatchObject({ exchange: 'okx_swap', sampled: true });
  });
});
