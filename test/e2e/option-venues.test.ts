import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { installAvroJava, readWithAvroJava } from '../interop/avro-java.js';
import { pythonReaderInterpreter, readTopicsWithPython } from '../interop/python-topic-reader.js';
import type { ConsumedRecord } from '../support/topic-reader.js';
import { until } from '../support/until.js';
import { metricValue, startPipeline, type PipelineRun } from './pipeline-harness.js';
import { deadLettersBefore, repeatedStates } from './status-rules.js';

const brokers = inject('kafkaBrokers');
let run: PipelineRun | undefined;
let python = '';
beforeAll(async () => {
  await installAvroJava();
  python = await pythonReaderInterpreter();
}, 600_000);
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const value = (record: ConsumedRecord, field: string): unknown => record.value[field];

/**
 * Every venue of the option market the pipeline reads, priced by the simulator off one option board: one
 * forward and smile per underlying, each venue quoting its own spread and trading its own flow.
 */
const OPTION_VENUES = ['deribit_options', 'bybit_options', 'okx_options', 'binance_options'] as const;

/** How each venue keys BTC's options: by the coin it settles in (Deribit's and OKX's coin-settled ones struck in USD). */
const KEY: Readonly<Record<string, RegExp>> = {
  deribit_options: /^BTC-USD-\d{8}-\d+(\.\d+)?-[CP]$/,
  bybit_options: /^BTC-USDT-\d{8}-\d+(\.\d+)?-[CP]$/,
  okx_options: /^BTC-USD-\d{8}-\d+(\.\d+)?-[CP]$/,
  binance_options: /^BTC-USDT-\d{8}-\d+(\.\d+)?-[CP]$/,
};

/** An option's terms as every venue's key spells them after the settlement: `BTC-20261127-56000-C`. */
const termsOf = (key: string): string => key.replace(/^(\w+)-\w+-/, '$1-');

/**
 * Ten times the default option flow (600 trades a minute a chain) on Bybit, so that a new expiry trades before
 * it is followed. OKX and Binance keep the default: at an expiry, a busier flow loses trades of the options
 * followed from the start (Binance cuts a socket whose acknowledged open interest stream falls silent), named
 * by id, which is not what this test is about.
 */
const BUSY = { optionTradesPerMinute: 600 } as const;

/**
 * The trades `venue` made of the options it listed during the run (`listed`) up to `until`, each as
 * `symbol id`, that were published other than once and not inside a gap named for their option (by ids,
 * or by time from the gap's `lastEventTs` to when it was said).
 */
function unreconciledListings(
  run: PipelineRun,
  venue: string,
  listed: ReadonlySet<string>,
  trades: readonly ConsumedRecord[],
  statuses: readonly Readonly<Record<string, unknown>>[],
  until: number,
): readonly string[] {
  const published = new Map<string, number>();
  for (const t of trades.filter((t) => value(t, 'exchange') === venue)) {
    const key = `${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`;
    published.set(key, (published.get(key) ?? 0) + 1);
  }
  const gaps = statuses.filter((s) => s['exchange'] === venue && s['state'] === 'gap');
  const named = (symbol: string, id: string, ts: number): boolean =>
    gaps.some((g) =>
      g['symbol'] !== symbol
        ? false
        : typeof g['missingFrom'] === 'number'
          ? Number(id) >= g['missingFrom'] && Number(id) <= Number(g['missingTo'])
          : ts >= Number(g['lastEventTs']) && ts <= Number(g['ts']),
    );
  return run.sim.control
    .madeTrades(venue as (typeof OPTION_VENUES)[number])
    .filter((t) => listed.has(t.symbol) && t.ts <= until)
    .flatMap((t) => {
      const times = published.get(`${t.symbol} ${t.venueTradeId}`) ?? 0;
      if (times > 1) return [`${t.symbol} ${t.venueTradeId} published ${times} times`];
      return times === 1 || named(t.symbol, t.venueTradeId, t.ts) ? [] : [`${t.symbol} ${t.venueTradeId} at ${new Date(t.ts).toISOString()} unnamed`];
    });
}

describe("one underlying's options on every option venue together (simulator -> pipeline process -> real Kafka -> Avro Java and Python)", () => {
  it("follows BTC's chains of every venue: each venue's summaries keyed by its settlement and read by Apache Avro Java and fastavro, each mark IV the same as Deribit's for the same option; every option trade each venue made while followed is published, no gap; an expiry of the board delists it on every venue and lists a new one, whose every trade from its listing on is published once or inside a named gap", async () => {
    run = await startPipeline({
      brokers,
      simulator: { venues: [...OPTION_VENUES], coins: ['BTC'], venueOptions: { bybit_options: BUSY } },
      args: ['--markets', 'option', '--venues', OPTION_VENUES.join(','), '--coins', 'BTC', '--option-underlyings', 'BTC', '--catalog-refresh-ms', '10000'],
    });
    const { sim, cli, healthUrl } = run;
    const subscribed = (venue: string): boolean => cli.statuses().some((s) => s['exchange'] === venue && s['state'] === 'subscribed');
    await cli.waitForLog(() => OPTION_VENUES.every(subscribed), 60_000);
    const followedFrom = Date.now();
    await sleep(6_000);
    expect(cli.logs.filter((line) => line.msg === 'invalid frame' || line.msg === 'acknowledged stream silent: reconnecting')).toEqual([]);
    // When each venue's every socket had its streams (Binance's trades and marks come on two sockets a shard, each subscribed apart).
    const allSubscribedAt = new Map(
      OPTION_VENUES.map((venue) => [
        venue,
        Math.max(...cli.statuses().flatMap((s) => (s['exchange'] === venue && s['state'] === 'subscribed' ? [Number(s['ts'])] : []))),
      ]),
    );

    // The board's nearest expiry delivered: every venue's next list read delists its options of it, and lists the new expiry.
    const listedBefore = new Map(OPTION_VENUES.map((venue) => [venue, new Set(sim.control.instruments(venue).map((l) => l.symbol))]));
    const expiry = sim.control.expire(OPTION_VENUES[0] ?? 'deribit_options');
    const newListings = new Map(
      OPTION_VENUES.map((venue) => [
        venue,
        new Set(sim.control.instruments(venue).flatMap((l) => (listedBefore.get(venue)?.has(l.symbol) === true ? [] : [l.symbol]))),
      ]),
    );
    const deliveredAt = Date.now();
    const delistedOf = (venue: string): Set<string> =>
      new Set(
        cli
          .statuses()
          .filter((s) => s['exchange'] === venue && s['state'] === 'delisted')
          .map((s) => String(s['symbol'])),
      );
    expect(expiry.expired.length).toBeGreaterThan(0);
    await cli.waitForLog(() => OPTION_VENUES.every((venue) => delistedOf(venue).size > 0), 40_000);
    // Each new option followed from that read on; what it traded before is swept a second after its first record here.
    const listedHere = (venue: (typeof OPTION_VENUES)[number]): boolean =>
      cli.statuses().some((s) => s['exchange'] === venue && s['state'] === 'listed' && newListings.get(venue)?.has(String(s['symbol'])) === true);
    await cli.waitForLog(() => OPTION_VENUES.every(listedHere), 40_000);
    // Each venue's sweep of its new listings of BTC (what they traded before they were followed; Deribit lists ETH's
    // too) ended before the stop: a sweep that finds nothing says no status, the metrics count it (Binance and OKX ask
    // for each listing apart, at their REST pace: an expiry's take seconds). And no sooner than 10 s of flow.
    const sweptOf = async (): Promise<ReadonlyMap<string, number>> => {
      const exposition = await (await fetch(`${healthUrl}/metrics`)).text();
      return new Map(OPTION_VENUES.map((venue) => [venue, metricValue(exposition, 'market_feed_listing_sweeps_total', { exchange: venue })]));
    };
    let swept: ReadonlyMap<string, number> = new Map();
    const everySwept = async (): Promise<boolean> => {
      swept = await sweptOf();
      return OPTION_VENUES.every(
        (venue) => (swept.get(venue) ?? 0) >= [...(newListings.get(venue) ?? [])].filter((symbol) => symbol.startsWith('BTC-')).length,
      );
    };
    await Promise.all([sleep(10_000), until(() => `every new listing swept, ${JSON.stringify([...swept])}`, everySwept, 60_000, 500)]);
    const stoppedAt = Date.now();
    expect(await cli.stop('SIGTERM')).toBe(0);

    const records = await run.read();
    const statuses = (records['feed_status'] ?? []).map((s) => s.value);
    expect(deadLettersBefore(records['dead_letter'])).toEqual([]);
    expect(repeatedStates(statuses)).toEqual([]);
    const summaries = records['option_summary'] ?? [];
    const of = (venue: string): readonly ConsumedRecord[] => summaries.filter((s) => value(s, 'exchange') === venue);

    for (const venue of OPTION_VENUES) {
      const mine = of(venue);
      expect(new Set(mine.map((s) => s.key)).size, venue).toBeGreaterThan(20);
      for (const s of mine) {
        expect(s.key, venue).toMatch(KEY[venue] ?? /^$/);
        expect(s.value, venue).toMatchObject({ instrument: s.key, coin: 'BTC' });
        expect(Number(value(s, 'markIv')), `${venue} ${String(s.key)}`).toBeGreaterThan(1);
        // Only Deribit sends a rho; the others' is NaN (a double every reader knows).
        expect(Number.isNaN(value(s, 'rho')), venue).toBe(venue !== 'deribit_options');
      }
    }

    // Every summary of every venue read by two readers that share no code with the product.
    const topic = sinkTopics(run.prefix).records.option_summary;
    const java = await readWithAvroJava({ brokers, topics: [topic], schemas: [fileURLToPath(new URL('../../schemas/option-summary.avsc', import.meta.url))] });
    expect(java.summary).toMatchObject({ decoded: summaries.length, failed: 0 });
    const fast = await readTopicsWithPython({ python, brokers, topics: [topic] });
    expect([fast.failures, fast.summary.decoded]).toEqual([[], summaries.length]);
    const venuesRead = (rows: readonly { readonly value?: Readonly<Record<string, unknown>> }[]): readonly string[] =>
      [...new Set(rows.map((r) => String(r.value?.['exchange'])))].sort();
    expect([venuesRead(java.records), venuesRead(fast.records)]).toEqual([[...OPTION_VENUES].sort(), [...OPTION_VENUES].sort()]);

    // One option, every venue, its own key: within a second the same mark IV as Deribit's (one forward and smile; the venues' rounding apart).
    const deribitIv = new Map<string, { readonly ts: number; readonly iv: number }[]>();
    for (const s of of('deribit_options')) {
      const terms = termsOf(s.key ?? '');
      deribitIv.set(terms, [...(deribitIv.get(terms) ?? []), { ts: Number(value(s, 'exchangeTs')), iv: Number(value(s, 'markIv')) }]);
    }
    for (const venue of OPTION_VENUES.filter((v) => v !== 'deribit_options')) {
      const pairs = of(venue).flatMap((s) => {
        const ts = Number(value(s, 'exchangeTs'));
        const same = deribitIv.get(termsOf(s.key ?? ''))?.find((d) => Math.abs(d.ts - ts) <= 1_000);
        return same === undefined ? [] : [[String(s.key), Number(value(s, 'markIv')), same.iv] as const];
      });
      expect(pairs.length, venue).toBeGreaterThan(20);
      expect(pairs.filter(([, mine, theirs]) => Math.abs(mine - theirs) > 0.5)).toEqual([]);
    }

    for (const venue of OPTION_VENUES) {
      // The delivered options: no summary of one the venue made after its delisting (by the venue's time: a busy machine reads late).
      const delisted = statuses.filter((s) => s['exchange'] === venue && s['state'] === 'delisted');
      const delistedAt = Math.min(...delisted.map((s) => Number(s['ts'])));
      const gone = new Set(delisted.map((s) => String(s['symbol'])));
      const lastOfDelivered = Math.max(
        0,
        ...of(venue)
          .filter((s) => gone.has(String(value(s, 'symbol'))))
          .map((s) => Number(value(s, 'exchangeTs'))),
      );
      expect(lastOfDelivered, venue).toBeLessThanOrEqual(delistedAt + 1_000);
      expect(deliveredAt, venue).toBeLessThanOrEqual(delistedAt);

      // Every trade the venue made of an option followed from the start, while followed: published; nothing dropped a socket, so no gap.
      const published = new Set(
        (records['trade'] ?? []).filter((t) => value(t, 'exchange') === venue).map((t) => `${String(value(t, 'symbol'))} ${String(value(t, 'tradeId'))}`),
      );
      expect(published.size, venue).toBeGreaterThan(0);
      // No gap but those of the options listed during the run and followed (BTC's: summarized), their trades before they were followed found; none unrepaired.
      const summarized = new Set(of(venue).map((s) => String(value(s, 'symbol'))));
      const fresh = new Set([...(newListings.get(venue) ?? [])].filter((symbol) => summarized.has(symbol)));
      expect(fresh.size, venue).toBeGreaterThan(0);
      expect(statuses.filter((s) => s['exchange'] === venue && s['state'] === 'gap' && !fresh.has(String(s['symbol'])))).toEqual([]);
      expect(statuses.filter((s) => s['exchange'] === venue && s['state'] === 'gap_unrepaired')).toEqual([]);
      // Up to 2 s before the last frame the pipeline read of the venue: a busy machine can hold it seconds behind at the stop,
      // and a stop ends reading (what it had not read yet is not the pipeline's to publish).
      const lastRead = Math.max(
        ...[...of(venue), ...(records['trade'] ?? []).filter((t) => value(t, 'exchange') === venue)].map((r) => Number(value(r, 'receivedTs'))),
      );
      const until = Math.min(stoppedAt, lastRead) - 2_000;
      expect(unreconciledListings(run, venue, fresh, records['trade'] ?? [], statuses, until)).toEqual([]);
      const fromStart = new Set(
        of(venue)
          .filter((s) => Number(value(s, 'receivedTs')) < followedFrom + 3_000)
          .map((s) => String(value(s, 'symbol'))),
      );
      // How far each option's socket had been read at the stop, in the venue's time: its latest summary or trade
      // read (each option's marks come every 100 ms, in order with its trades). An overloaded machine reads
      // some sockets tens of seconds behind others, so the latest receipt of the venue's says nothing of them.
      const readTo = new Map<string, number>();
      for (const r of [...of(venue), ...(records['trade'] ?? []).filter((t) => value(t, 'exchange') === venue)]) {
        const symbol = String(value(r, 'symbol'));
        readTo.set(symbol, Math.max(readTo.get(symbol) ?? 0, Number(value(r, 'exchangeTs'))));
      }
      // From the venue's last subscription (a venue subscribes an option's trades apart from the marks that name it), through the expiry.
      const unpublished = sim.control
        .madeTrades(venue)
        .filter(
          (t) =>
            fromStart.has(t.symbol) &&
            t.ts >= Math.max(followedFrom, allSubscribedAt.get(venue) ?? Infinity) &&
            t.ts <= Math.min(until, (readTo.get(t.symbol) ?? 0) - 2_000),
        )
        .filter((t) => !published.has(`${t.symbol} ${t.venueTradeId}`));
      expect(unpublished.map((t) => `${venue} ${t.symbol} ${t.venueTradeId} at ${new Date(t.ts).toISOString()}`)).toEqual([]);
    }
  }, 240_000);
});
