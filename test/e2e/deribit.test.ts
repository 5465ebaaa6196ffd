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
const DERIBIT = ['deribit', 'deribit_options'] as const;
const SECRET = 'never-in-a-log-4f1c';
/** Deribit's coin-margined perpetuals and every BTC and ETH option, books of the futures, the list read every 10 s, `.raw` channels with credentials. */
const ARGS = [
  '--markets',
  'inverse,option',
  '--venues',
  'deribit,deribit_options',
  '--coins',
  'BTC,ETH',
  '--books',
  'all',
  '--catalog-refresh-ms',
  '10000',
  '--deribit-client-id',
  'market-feed-e2e',
  '--deribit-client-secret',
  SECRET,
];

/** Each symbol's made trades from the first published to the last published of it (by `trade_seq`), and which of them are not published. */
function unpublishedBetween(run: PipelineRun, trades: readonly ConsumedRecord[], exchange: 'deribit' | 'deribit_options'): readonly string[] {
  const bySymbol = new Map<string, number[]>();
  for (const t of trades.filter((t) => value(t, 'exchange') === exchange)) {
    const symbol = String(value(t, 'symbol'));
    bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), Number(value(t, 'tradeId'))]);
  }
  const missing: string[] = [];
  for (const [symbol, ids] of bySymbol) {
    const [first, last] = [Math.min(...ids), Math.max(...ids)];
    const published = new Set(ids);
    for (const made of run.sim.control.madeTrades(exchange, symbol)) {
      const seq = Number(made.venueTradeId);
      if (seq >= first && seq <= last && !published.has(seq)) missing.push(`${symbol} ${seq}`);
    }
  }
  return missing;
}

/**
 * The option trades the simulator made (its tape) of the options the feed followed, from the moment every
 * options shard was first subscribed to `until`, that were neither published nor inside a gap named for
 * their symbol (by ids, or up to an id from a time): a hole nobody said.
 */
function unnamedOptionTrades(
  run: PipelineRun,
  trades: readonly ConsumedRecord[],
  statuses: readonly Record<string, unknown>[],
  until: number,
): readonly string[] {
  const firstSubscribed = new Map<string, number>();
  for (const s of statuses)
    if (s['exchange'] === 'deribit_options' && s['state'] === 'subscribed' && !firstSubscribed.has(String(s['shard'])))
      firstSubscribed.set(String(s['shard']), Number(s['ts']));
  const from = Math.max(...firstSubscribed.values());
  const published = new Set(
    trades.filter((t) => value(t, 'exchange') === 'deribit_options').map((t) => `${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`),
  );
  const gaps = statuses.filter((s) => s['exchange'] === 'deribit_options' && s['state'] === 'gap' && typeof s['missingTo'] === 'number');
  const named = (symbol: string, id: number): boolean =>
    gaps.some((g) => g['symbol'] === symbol && id <= Number(g['missingTo']) && (typeof g['missingFrom'] !== 'number' || id >= g['missingFrom']));
  return run.sim.control
    .madeTrades('deribit_options')
    .filter((t) => /^(BTC|ETH)-/.test(t.symbol) && t.ts >= from && t.ts <= until)
    .filter((t) => !published.has(`${t.symbol} ${t.venueTradeId}`) && !named(t.symbol, Number(t.venueTradeId)))
    .map((t) => `${t.symbol} ${t.venueTradeId} at ${new Date(t.ts).toISOString()}`);
}

describe('Deribit inverse futures and options (simulator -> pipeline process -> real Kafka)', () => {
  it("follows BTC's and ETH's whole option chains through an expiry and a new listing; a dropped socket's hole repaired by trade_seq, every option trade made meanwhile published or named, a skipped change_id resyncs that book only, a missed test_request answer reconnects losing nothing, bad frames dead-lettered only once sent", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: [...DERIBIT], coins: ['BTC', 'ETH'], tradesPerSecond: 10 },
      args: ARGS,
    });
    const { sim, cli } = run;
    await cli.waitForLog((line) => stateOf(line) === 'subscribed', 30_000);
    await sleep(2000);
    // Nothing bad was sent yet: every frame so far was read (a far option's mark of 0.000001 too), none dead-lettered.
    expect(cli.logs.filter((line) => line.msg === 'invalid frame' || line.msg === 'acknowledged stream silent: reconnecting')).toEqual([]);

    // A change of BTC-PERPETUAL's book never sent: the next change's prev_change_id is not the last change_id.
    sim.control.bookFault('deribit', 'drop', 'BTC-PERPETUAL');
    await cli.waitForLog((line) => stateOf(line) === 'book_resync', 10_000);

    // A hole no socket saw: both venues' sockets dropped and refused for 2.5 s while the market trades on.
    for (const venue of DERIBIT) sim.control.refuseUpgrade(venue, 503);
    for (const venue of DERIBIT) sim.control.drop(venue);
    await sleep(2500);
    for (const venue of DERIBIT) sim.control.refuseUpgrade(venue, undefined);
    await cli.waitForLog((line) => stateOf(line) === 'gap_repaired', 30_000);

    // Deribit stops taking the feed's public/test answers: it closes each socket at its next test_request.
    const from = cli.statuses().length;
    const since = () => cli.statuses().slice(from);
    const sockets = DERIBIT.reduce((n, venue) => n + sim.control.heartbeatFault(venue, true, 60_000).heartbeatSockets, 0);
    expect(sockets).toBeGreaterThanOrEqual(2);
    const shardsWith = (state: string) =>
      new Set(
        since()
          .filter((s) => s['state'] === state)
          .map((s) => `${String(s['exchange'])} ${String(s['shard'])}`),
      );
    await cli.waitForLog(() => shardsWith('disconnected').size >= sockets, 30_000);
    // Then it takes the answers again, and every shard is subscribed once more after its last disconnect.
    for (const venue of DERIBIT) sim.control.heartbeatFault(venue, false);
    const backAgain = (): boolean => {
      const last = new Map<string, string>();
      for (const s of since())
        if (s['state'] === 'disconnected' || s['state'] === 'subscribed') last.set(`${String(s['exchange'])} ${String(s['shard'])}`, String(s['state']));
      return last.size >= sockets && [...last.values()].every((state) => state === 'subscribed');
    };
    await cli.waitForLog(backAgain, 30_000);
    await sleep(2000);

    // The nearest expiry ends and a new one is listed further out: the next list read follows both.
    const expiredAt = Date.now();
    const expiry = sim.control.expire('deribit_options');
    expect(expiry.expired.length).toBeGreaterThan(20);
    expect(expiry.listed.length).toBeGreaterThan(20);
    const newSymbol = expiry.listed.find((s) => /^BTC-.*-C$/.test(s)) ?? '';
    await cli.waitForLog((line) => stateOf(line) === 'listed' && (line['status'] as { symbol?: string }).symbol === newSymbol, 30_000);
    await sleep(4000);
    // The pipeline has read its sockets up to the expiry (a busy machine can hold it seconds behind the venue, and a stop
    // loses what it has not read): each expired option it followed said closed.
    const closing = expiry.expired.filter((symbol) => /^(BTC|ETH)-/.test(symbol) && !/PERPETUAL|^\w+-\d+\w+\d+$/.test(symbol)).length;
    const closed = (): number => cli.logs.filter((line) => line.msg === 'instrument closed by the venue: unsubscribing').length;
    await cli.waitForLog(() => closed() >= closing, 60_000);
    const goodUntil = Date.now();
    // Bad input now: frames the feed must refuse, each a dead letter, none costing a socket.
    sim.control.sendMalformed('deribit_options', 6);
    // Read up to them (past goodUntil) before the stop.
    await cli.waitForLog((line) => line.msg === 'invalid frame', 60_000);
    await sleep(1500);
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    // No dead letter before the bad input was sent; the bad input dead-lettered.
    expect(deadLettersBefore(records['dead_letter'], goodUntil)).toEqual([]);
    expect(deadLettersBefore(records['dead_letter']).length).toBeGreaterThanOrEqual(1);
    // One status per change of state: none said again in its scope while nothing changed.
    expect(repeatedStates(statuses)).toEqual([]);
    const summaries = records['option_summary'] ?? [];
    const trades = records['trade'] ?? [];

    // The chain: at least 500 options, each keyed by its canonical option, quoted in the coin.
    const followed = new Set(summaries.map((s) => s.key));
    expect(followed.size).toBeGreaterThanOrEqual(500);
    for (const s of summaries.slice(0, 2000)) {
      expect(s.key).toMatch(/^(BTC|ETH)-USD-\d{8}-\d+(\.\d+)?-[CP]$/);
      expect(s.value).toMatchObject({ exchange: 'deribit_options', instrument: s.key, quote: value(s, 'coin') });
      expect(Number(value(s, 'markIv'))).toBeGreaterThan(0);
      expect(Math.abs(Number(value(s, 'delta')))).toBeLessThanOrEqual(1);
    }
    // The expiry: each expired option said delisted once, no summary of it after, the new expiry followed.
    const delisted = new Set(statuses.filter((s) => s['state'] === 'delisted' && s['exchange'] === 'deribit_options').map((s) => String(s['symbol'])));
    const expiredFollowed = expiry.expired.filter((symbol) => /^(BTC|ETH)-/.test(symbol) && !/PERPETUAL|^\w+-\d+\w+\d+$/.test(symbol));
    for (const symbol of expiredFollowed) expect(delisted.has(symbol), symbol).toBe(true);
    // By the venue's time, as in option-venues.test.ts: a busy machine reads late.
    const lastOfExpired = Math.max(...summaries.filter((s) => expiredFollowed.includes(String(value(s, 'symbol')))).map((s) => Number(value(s, 'exchangeTs'))));
    const delistedAt = Math.min(...statuses.filter((s) => s['state'] === 'delisted').map((s) => Number(s['ts'])));
    expect(lastOfExpired).toBeLessThanOrEqual(delistedAt + 1000);
    const newlyListed = new Set(expiry.listed.filter((symbol) => /^(BTC|ETH)-/.test(symbol)));
    expect(summaries.filter((s) => newlyListed.has(String(value(s, 'symbol')))).length).toBeGreaterThan(0);
    // Each expired option's last ticker said its book closed: it was unsubscribed, its silence no stall.
    expect(cli.logs.filter((line) => line.msg === 'acknowledged stream silent: reconnecting')).toEqual([]);
    expect(cli.logs.filter((line) => line.msg === 'instrument closed by the venue: unsubscribing').length).toBeGreaterThanOrEqual(expiredFollowed.length);

    // The futures: keyed apart from linear contracts, in the base asset, every trade the venue made once, ids running on.
    expectTradesOnTape(trades, sim.control, [...DERIBIT]);
    expect(trades.filter((t) => value(t, 'exchange') === 'deribit_options').length).toBeGreaterThan(0);
    for (const t of trades.filter((t) => value(t, 'exchange') === 'deribit')) expect(t.key).toMatch(/^(BTC|ETH)-USD-INV-PERP$/);
    expectConsecutiveIds(trades, 'deribit', ['BTC-PERPETUAL', 'ETH-PERPETUAL'], 100, 'sorted');
    expect(unpublishedBetween(run, trades, 'deribit')).toEqual([]);
    expect(unpublishedBetween(run, trades, 'deribit_options')).toEqual([]);
    // Every option trade the venue made while followed was published or inside a gap named for its option (its first trade too),
    // and so was every trade of an option listed during the run, from its listing on: what it traded before its first
    // summary here (the next list read, the subscription) is swept from the venue's trades by currency.
    const unnamed = unnamedOptionTrades(run, trades, statuses, goodUntil - 1000);
    // On a failure, what the run said of the first such option (and of the shards), and whether the expiry listed or expired it.
    const first = unnamed[0]?.split(' ')[0] ?? '';
    const story =
      unnamed.length === 0
        ? ''
        : JSON.stringify({
            expiryTs: expiry.expiryTs,
            expiredAt: expiredAt,
            expired: expiry.expired.includes(first),
            listed: expiry.listed.includes(first),
            statuses: statuses
              .filter((s) => s['symbol'] === first || s['state'] === 'subscribed' || s['state'] === 'disconnected')
              .map((s) => [s['ts'], s['state'], s['symbol'], s['shard'], String(s['reason']).slice(0, 100)]),
          });
    expect(unnamed, story).toEqual([]);
    const gaps = statuses.filter((s) => s['state'] === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s['state'] === 'gap_unrepaired')).toEqual([]);
    expect(trades.some((t) => value(t, 'source') === 'repair' && value(t, 'exchange') === 'deribit')).toBe(true);

    // The skipped change_id broke BTC-PERPETUAL's book alone.
    const resyncs = statuses.filter((s) => s['state'] === 'book_resync' && !String(s['reason']).includes('reconnect'));
    expect(resyncs.map((s) => s['symbol'])).toEqual(['BTC-PERPETUAL']);
    const tickers = (records['derivative_ticker'] ?? []).filter((t) => value(t, 'symbol') === 'BTC-PERPETUAL');
    expect(tickers.at(-1)?.value).toMatchObject({
      instrument: 'BTC-USD-INV-PERP',
      markPrice: expect.any(Number) as number,
      openInterest: expect.any(Number) as number,
    });

    // Within Deribit's limits throughout (one exchange's counters for both venues): nothing refused, 32 connections and 250 channels a call never passed.
    const limits = sim.control.counters('deribit_options');
    expect(limits).toMatchObject({ connectionsRefused: 0, subscribesRefused: 0, requestsRefused: 0, restRefused: 0, rawRefused: 0 });
    expect(Number(limits['openConnectionsPeak'])).toBeLessThanOrEqual(32);
    expect(Number(limits['channelsPerSubscribePeak'])).toBeLessThanOrEqual(250);

    // The missed heartbeat answers cost a reconnect of each venue, nothing else; the secret is in no log.
    expect(sim.control.counters('deribit')['testRequestsUnanswered']).toBeGreaterThan(0);
    expect(JSON.stringify(cli.logs)).not.toContain(SECRET);
    expect(JSON.stringify(records['feed_status'])).not.toContain(SECRET);
  });
});
