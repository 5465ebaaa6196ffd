import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { normalizeBookTickers, normalizeDerivativeTickers, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import type { ExchangeId } from '../../src/model/market-record.js';
import type { FeedEvent } from '../../src/model/index.js';
import { levels, ofType, type TardisBookTicker, type TardisMapper, type TardisTicker, type TardisTrade } from './tardis-records.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our Bitget path (`createFrameNormalizer`, as `normalize` and the feed run it) against two implementations
 * written apart from ours, on the recorded frames (test/fixtures/exchange-frames/SOURCES.md): ccxt's
 * (`pro.bitget`, fed the frames through `handleMessage`) and tardis-node's mappers (`tardis-dev`, exchanges
 * `bitget` and `bitget-futures`; the installed release maps API v2, which is what the feed subscribes).
 * Sizes are the base coin on both markets, for all three.
 */
const FRAMES = new URL('../fixtures/exchange-frames/', import.meta.url);
const RUNS = new URL('../../src/exchanges/bitget/__fixtures__/', import.meta.url);
/** Before Bitget's v3 switch (2026-04-28, tardis-node `BITGET_V3_API_SWITCH_DATE`): tardis maps these frames by v2. */
const LOCAL = new Date(Date.UTC(2026, 0, 1));

const read = (url: URL): readonly string[] =>
  readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
const lines = (name: string): readonly string[] => read(new URL(name, FRAMES));

/** What our path makes of the frames, one array per frame. */
function ours(exchange: ExchangeId, frames: readonly string[]): readonly (readonly FeedEvent[])[] {
  const normalize = createFrameNormalizer(exchange, 'c1');
  return frames.map((text, n) => {
    const out = normalize(text, LOCAL.valueOf() + n);
    if (!out.ok) throw new Error(`line ${n + 1}: ${out.error}`);
    return out.frame;
  });
}

type CcxtSide = readonly (readonly [number, number, readonly [string, string]])[];
interface CcxtBitget {
  handleMessage(client: unknown, message: unknown): void;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly orderbooks: Record<string, { readonly bids: CcxtSide; readonly asks: CcxtSide }>;
}

/** A ccxt bitget fed nothing yet, and a client that records every rejection (a checksum it found wrong). */
function ccxtBitget(): { readonly exchange: CcxtBitget; readonly client: object; readonly rejected: string[] } {
  const rejected: string[] = [];
  const client = {
    url: 'wss://ws.bitget.com/v2/ws/public',
    resolve: () => undefined,
    reject: (error: unknown) => rejected.push(String(error)),
    subscriptions: {},
    futures: {},
  };
  return { exchange: new ccxt.pro.bitget(), client, rejected };
}

function tardis<T>(mapper: TardisMapper<T>, frames: readonly string[]): readonly T[] {
  return frames.flatMap((text) => {
    const message: unknown = JSON.parse(text);
    return mapper.canHandle(message) ? [...(mapper.map(message, LOCAL) ?? [])] : [];
  });
}

describe("our Bitget parsers against ccxt's (bitget) and tardis-node's (bitget, bitget-futures) on the recorded frames", () => {
  it('ccxt and tardis: every trade of an update alike (id, price, size, time, taker side); a snapshot (the trades before the subscription) published by neither tardis nor us', () => {
    for (const [exchange, file] of [
      ['bitget', 'bitget-trade.ndjson'],
      ['bitget_futures', 'bitget-futures-trade.ndjson'],
    ] as const) {
      const frames = lines(file);
      const trades = ours(exchange, frames).flat().filter(ofType('trade'));
      const updates = frames.filter((text) => text.includes('"action":"update"'));
      const { exchange: peer, client } = ccxtBitget();
      for (const text of updates) peer.handleMessage(client, JSON.parse(text) as unknown);
      const theirs = Object.values(peer.trades).flat();
      const tardisTrades = tardis(normalizeTrades(exchange === 'bitget' ? 'bitget' : 'bitget-futures', LOCAL) as TardisMapper<TardisTrade>, frames);
      expect(trades).toHaveLength(updates.length === 0 ? 0 : theirs.length);
      expect(tardisTrades).toHaveLength(trades.length);
      trades.forEach((t, n) => {
        const mine = [t.tradeId, t.price, t.quantity, t.exchangeTs, t.side.toLowerCase()];
        const c = theirs[n];
        const d = tardisTrades[n];
        expect(mine).toEqual([c?.id, c?.price, c?.amount, c?.timestamp, c?.side]);
        expect(mine).toEqual([d?.id, d?.price, d?.amount, d?.timestamp.valueOf(), d?.side]);
      });
    }
  });

  it('ccxt: a v3 publicTrade alike (id, size, time, taker side; ccxt 4.5 reads no price from it, so the price is the frame\u2019s `p`)', () => {
    const frames = lines('bitget-v3-publicTrade.ndjson');
    const [trade] = ours('bitget', frames).flat().filter(ofType('trade'));
    const { exchange: peer, client } = ccxtBitget();
    for (const text of frames) peer.handleMessage(client, JSON.parse(text) as unknown);
    const [c] = Object.values(peer.trades).flat();
    expect([trade?.tradeId, trade?.quantity, trade?.exchangeTs, trade?.side.toLowerCase()]).toEqual([c?.id, c?.amount, c?.timestamp, c?.side]);
    expect(c?.price).toBeUndefined();
    expect(trade?.price).toBe(76671.22);
  });

  it('tardis: every books1 best bid/ask alike, spot and futures', () => {
    for (const [exchange, file] of [
      ['bitget', 'bitget-books1.ndjson'],
      ['bitget_futures', 'bitget-futures-books1.ndjson'],
    ] as const) {
      const frames = lines(file);
      const tickers = ours(exchange, frames).flat().filter(ofType('book_ticker'));
      const theirs = tardis(normalizeBookTickers(exchange === 'bitget' ? 'bitget' : 'bitget-futures', LOCAL) as TardisMapper<TardisBookTicker>, frames);
      expect(tickers.length).toBeGreaterThan(0);
      expect(theirs).toHaveLength(tickers.length);
      tickers.forEach((b, n) => {
        const t = theirs[n];
        expect([b.symbol, b.bid, b.bidSize, b.ask, b.askSize, b.exchangeTs]).toEqual([t?.symbol, t?.bidPrice, t?.bidAmount, t?.askPrice, t?.askAmount, t?.timestamp.valueOf()]);
      });
    }
  });

  it('tardis: every futures ticker alike (mark, index, funding rate and time, open interest, last price, time)', () => {
    const frames = lines('bitget-futures-ticker.ndjson');
    const tickers = ours('bitget_futures', frames).flat().filter(ofType('derivative_ticker'));
    const theirs = tardis(normalizeDerivativeTickers('bitget-futures', LOCAL) as TardisMapper<TardisTicker>, frames);
    expect(tickers).toHaveLength(2);
    expect(theirs).toHaveLength(2);
    tickers.forEach((d, n) => {
      const t = theirs[n];
      expect([d.symbol, d.markPrice, d.indexPrice, d.fundingRate, d.nextFundingTs, d.openInterest, d.lastPrice, d.exchangeTs]).toEqual([
        t?.symbol,
        t?.markPrice,
        t?.indexPrice,
        t?.fundingRate,
        t?.fundingTimestamp?.valueOf(),
        t?.openInterest,
        t?.lastPrice,
        t?.timestamp.valueOf(),
      ]);
    });
  });

  it("ccxt: a book rebuilt from each recorded whole run equals ccxt's after every update, every checksum matching for both", () => {
    for (const [exchange, file, symbol, count] of [
      ['bitget', 'bitget-v1-books-all.ndjson', 'EOSUSDT', 56],
      ['bitget_futures', 'bitget-v1-futures-books-all.ndjson', 'DASHUSDT', 98],
    ] as const) {
      const frames = read(new URL(file, RUNS));
      expect(frames).toHaveLength(count);
      const out = ours(exchange, frames);
      const { exchange: peer, client, rejected } = ccxtBitget();
      frames.forEach((text, n) => {
        peer.handleMessage(client, JSON.parse(text) as unknown);
        const view = out[n]?.filter(ofType('order_book')).at(-1);
        const book = peer.orderbooks[symbol];
        const top = (side: CcxtSide | undefined, depth: number) => (side ?? []).slice(0, depth).map(([price, size]) => [price, size]);
        const depth = Math.min(view?.bids.length ?? 0, view?.asks.length ?? 0);
        expect(depth, `line ${n + 1}`).toBeGreaterThanOrEqual(25);
        expect({ bids: levels(view?.bids).slice(0, depth), asks: levels(view?.asks).slice(0, depth) }, `${file} line ${n + 1}`).toEqual({
          bids: top(book?.bids, depth),
          asks: top(book?.asks, depth),
        });
      });
      expect(rejected).toEqual([]);
      expect(out.flat().filter(ofType('feed_status'))).toEqual([]);
    }
  });
});
