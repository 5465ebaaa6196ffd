import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookOutput, BookUpdate } from '../book-update.js';
import { frameDecoder } from '../frame-decoder.js';
import { selectStreams } from '../select-streams.js';
import { splitSymbol } from '../split-symbol.js';
import { SubscribeAcks } from '../subscribe-acks.js';
import { venueEvents } from '../venue-events.js';
import type { VenueItem } from '../venue-item.js';
import { bybitLinearProtocol, bybitLinearProtocolWith } from './bybit-linear-protocol.js';
import { bybitLinearVenue } from './bybit-linear-venue.js';

function fixture(name: string): string[] {
  const url = new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

const decode = frameDecoder(bybitLinearProtocol, { exchange: 'bybit_linear', partsOf: (s) => splitSymbol(s) });
const control = (line: string) => {
  const decoded = decode(line, 1, 'c1');
  return decoded.kind === 'control' ? decoded.control : decoded;
};

describe('bybitLinearProtocol', () => {
  it('subscribes trades, tickers, best bid/ask, every liquidation (not the retired liquidation.*) and candles at the asked interval', () => {
    const topics = (interval: '1m' | '5m') =>
      selectStreams(bybitLinearProtocol.streams, { klines: interval, optional: [] }).map((s) => bybitLinearProtocol.topic('btcusdt', s));
    expect(topics('1m')).toEqual(['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'orderbook.1.BTCUSDT', 'allLiquidation.BTCUSDT', 'kline.1.BTCUSDT']);
    expect(topics('5m').at(-1)).toBe('kline.5.BTCUSDT');
    expect([bybitLinearProtocol.id, bybitLinearProtocol.exchanges, bybitLinearProtocol.env('bybit_linear')]).toEqual([
      'bybit-v5-linear',
      ['bybit_linear'],
      'prod',
    ]);
  });

  it('asks in requests of 50 topics under <connectionId>-<n> ids, at the base URL, and pings {"op":"ping"} every 20 s', () => {
    const plan = bybitLinearProtocol.connection;
    expect(plan.url('wss://stream.bybit.com/v5/public/linear', ['tickers.BTCUSDT'])).toBe('wss://stream.bybit.com/v5/public/linear');
    expect([plan.subscribe?.maxTopicsPerRequest, plan.subscribe?.requestsPerSecond]).toEqual([50, 10]);
    expect(plan.subscribe?.subscribeRequest(['tickers.BTCUSDT', 'allLiquidation.BTCUSDT'], plan.subscribe.requestId('c7', 3))).toEqual({
      id: 'c7-3',
      topics: ['tickers.BTCUSDT', 'allLiquidation.BTCUSDT'],
      text: '{"req_id":"c7-3","op":"subscribe","args":["tickers.BTCUSDT","allLiquidation.BTCUSDT"]}',
    });
    expect([plan.heartbeat?.intervalMs, plan.heartbeat?.message('c7', 2)]).toEqual([20_000, '{"req_id":"c7-ping-2","op":"ping"}']);
  });

  it('reads the recorded linear ack (ret_msg "", req_id "") as a success without an id, which settles the only request awaiting one', () => {
    const [recorded = ''] = fixture('bybit-linear-subscribe-ack.ndjson');
    const ack = control(recorded);
    expect(ack).toEqual({ kind: 'subscribe_ack', success: true, message: '' });
    const acks = new SubscribeAcks();
    acks.sent({ id: 'c1-1', topics: ['tickers.BTCUSDT'], text: '' });
    expect(acks.acknowledged(ack as { success: boolean })).toEqual({ success: true, topics: ['tickers.BTCUSDT'] });
  });

  it('matches an ack that echoes our req_id to its request, among several awaiting theirs', () => {
    // The recorded ack with the id the client sends; Bybit echoes `req_id` (a numeric 1 came back as "1" to ccxt).
    const echoed = (fixture('bybit-linear-subscribe-ack.ndjson')[0] ?? '').replace('"req_id":""', '"req_id":"c1-2"');
    const ack = control(echoed);
    expect(ack).toEqual({ kind: 'subscribe_ack', success: true, message: '', requestId: 'c1-2' });
    const acks = new SubscribeAcks();
    acks.sent({ id: 'c1-1', topics: ['tickers.BTCUSDT'], text: '' });
    acks.sent({ id: 'c1-2', topics: ['allLiquidation.BTCUSDT'], text: '' });
    expect(acks.acknowledged(ack as { success: boolean; requestId: string })).toEqual({ success: true, topics: ['allLiquidation.BTCUSDT'] });
  });

  it("reads the linear refusal of a topic it has no handler for as a failed ack naming the venue's words, and the linear pong", () => {
    expect(control(fixture('bybit-error.ndjson')[1] ?? '')).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: 'error:handler not found,topic:dcp.future',
      requestId: 'dcp.future',
    });
    expect(control(fixture('bybit-pong.ndjson')[1] ?? '')).toEqual({ kind: 'pong' });
  });

  it('merges the recorded tickers session in the shared path (live, replay, normalize): 64 derivative tickers, 17 price ticks, no update let through', async () => {
    const batches = fixture('bybit-linear-tickers.ndjson').map((line, n): readonly VenueItem[] => {
      const decoded = decode(line, 1_800_000_000_000 + n, 'c1');
      return decoded.kind === 'events' ? decoded.events : [];
    });
    const out = await lastValueFrom(from(batches).pipe(venueEvents(bybitLinearProtocol), toArray()));
    expect(out.filter((e) => e.type === 'derivative_ticker')).toHaveLength(64);
    expect(out.filter((e) => e.type === 'price_tick')).toHaveLength(17);
    expect(out.filter((e) => 'bybitTicker' in e)).toEqual([]);
  });
});

/** The recorded orderbook.200 levels folded by a plain map of price to size: snapshot replaces, size 0 deletes. */
function referenceTop(lines: readonly string[], levels: number): { readonly bids: number[][]; readonly asks: number[][] } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const line of lines) {
    const frame = JSON.parse(line) as { type: string; data: { b: string[][]; a: string[][] } };
    if (frame.type === 'snapshot') [bids, asks].forEach((side) => side.clear());
    for (const [side, pairs] of [
      [bids, frame.data.b],
      [asks, frame.data.a],
    ] as const) {
      for (const [price = '', size = ''] of pairs) {
        if (Number(size) === 0) side.delete(Number(price));
        else side.set(Number(price), Number(size));
      }
    }
  }
  const sorted = (side: Map<number, number>, direction: 1 | -1) => [...side].sort(([a], [b]) => direction * (a - b)).slice(0, levels);
  return { bids: sorted(bids, -1), asks: sorted(asks, 1) };
}

describe("bybitLinearProtocolWith's book plan over the recorded orderbook.200.BTCUSDT session (snapshot + 413 deltas)", () => {
  /** The whole recorded session (see __fixtures__/README.md); test/fixtures holds its first 21 frames. */
  const lines = readFileSync(new URL('./__fixtures__/bybit-linear-orderbook.ndjson', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

  it('stays in sync to the last frame, without a resync, its top 10 levels those of a plain fold of the frames', async () => {
    const plan = bybitLinearProtocolWith({ bookDepth: 200 }).book;
    if (plan === undefined) throw new Error('no book plan');
    const resubscribed: string[] = [];
    const updates: BookUpdate[] = [];
    lines.forEach((line) => {
      const parsed = bybitLinearProtocol.parse(line);
      if (parsed.ok) updates.push(...plan.updates(parsed.frame, 1));
    });
    expect(updates).toHaveLength(414);
    const context = {
      exchange: 'bybit_linear' as const,
      scheduler: asyncScheduler,
      logger: pino({ level: 'silent' }),
      resubscribe: (s: string) => void resubscribed.push(s),
    };
    const outputs: BookOutput[] = await lastValueFrom(from(updates).pipe(plan.sync(context), toArray()));
    expect(outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
    expect(resubscribed).toEqual([]);
    expect(outputs).toHaveLength(414);
    const last = outputs.at(-1);
    if (last?.type !== 'book_view') throw new Error('no view');
    expect(last.updateId).toBe(15077365);
    const reference = referenceTop(lines, 10);
    expect(last.bids.slice(0, 10).map((l) => [l.price, l.size])).toEqual(reference.bids);
    expect(last.asks.slice(0, 10).map((l) => [l.price, l.size])).toEqual(reference.asks);
  });

  it('reads them as books only at depth 200: the default orderbook.50 plan takes no update from them', () => {
    const plan = bybitLinearProtocolWith().book;
    const parsed = bybitLinearProtocol.parse(lines[0] ?? '');
    expect(plan?.channel).toBe('orderbook.50');
    expect(parsed.ok && plan?.updates(parsed.frame, 1)).toEqual([]);
  });
});

describe('bybitLinearVenue', () => {
  it('trades the linear market, names holes by time, and reads its list in pages of 1,000 and its volumes from linear tickers', () => {
    expect([bybitLinearVenue.market, bybitLinearVenue.tradeIds.rule, bybitLinearVenue.ws.url]).toEqual([
      'linear',
      'by_time',
      'wss://stream.bybit.com/v5/public/linear',
    ]);
    expect(bybitLinearVenue.catalog.listings.path).toBe('/v5/market/instruments-info?category=linear&limit=1000');
    expect(bybitLinearVenue.catalog.listings.next).toBeDefined();
    expect(bybitLinearVenue.catalog.volumes.path).toBe('/v5/market/tickers?category=linear');
  });

  it("follows Bybit's options: the configured book depth and topic characters", () => {
    expect(bybitLinearVenue.protocolWith?.of({ options: { 'books.bybitDepth': 200 } }).book?.channel).toBe('orderbook.200');
    expect(bybitLinearVenue.ownOptions?.limitsOf?.({ 'connections.bybitMaxTopicChars': 5000 })).toEqual({ maxTopicChars: 5000 });
  });
});
