import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { normalizeBookTickers, normalizeDerivativeTickers, normalizeLiquidations, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../../src/exchanges/book-update.js';
import { createFrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, initialBinanceBook, stepBinanceBook, type BinanceBookState } from '../../src/exchanges/binance/binance-book-sequencer.js';
import { gateBookUpdate, readGateBookSnapshot } from '../../src/exchanges/gate/gate-book.js';
import { GATE_CONTRACT_LIQUIDATES, GATE_DOCUMENTED_LIQUIDATES, GATE_LIVE_LIQUIDATES } from '../../src/exchanges/gate/__fixtures__/gate-liquidation-frames.js';
import { parseGateFrame, type GateFrame } from '../../src/exchanges/gate/gate-frames.js';
import { mapGateFrame } from '../../src/exchanges/gate/gate-mappers.js';
import { splitGateSymbol } from '../../src/exchanges/gate/gate-listings.js';
import type { TardisBookTicker, TardisMapper, TardisTicker, TardisTrade } from './tardis-records.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our Gate frame readers and Gate's local-book rule (Binance US's, `stepBinanceBook` with `us`) against two
 * implementations written apart from ours, on the recorded frames (test/fixtures/exchange-frames/SOURCES.md):
 * ccxt's (`pro.gate`, fed the frames through `handleMessage`) and tardis-node's mappers (`tardis-dev`,
 * exchanges `gate-io` and `gate-io-futures`). Spot frames also go through `normalize`'s path; futures records are
 * sized in the coin only with the venue's contract values (its list), so futures are compared as read, in
 * contracts for all three.
 */
const FRAMES = new URL('../fixtures/exchange-frames/', import.meta.url);
const LOCAL = new Date(Date.UTC(2026, 0, 1));

const lines = (name: string): readonly string[] =>
  readFileSync(new URL(name, FRAMES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

function ours(text: string): GateFrame {
  const parsed = parseGateFrame(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.frame;
}

type CcxtSide = readonly (readonly [number, number])[];
interface CcxtBook {
  readonly bids: CcxtSide;
  readonly asks: CcxtSide;
  nonce?: number;
  reset(snapshot: unknown): void;
}
/** What ccxt's `futures.liquidates` handler (`handleLiquidation`, via `parseWsLiquidation`) makes of a row. */
interface CcxtLiquidation {
  readonly info: Readonly<Record<string, unknown>>;
  readonly symbol: string;
  readonly timestamp: number | undefined;
  readonly price?: number;
  readonly contracts?: number;
}
interface CcxtGate {
  handleMessage(client: unknown, message: unknown): void;
  handleLiquidation(client: unknown, message: unknown): void;
  readonly liquidations: readonly CcxtLiquidation[] | undefined;
  orderBook(snapshot: object): CcxtBook;
  parseOrderBook(body: unknown, symbol: string, timestamp: undefined, bids: string, asks: string, price: number | string, amount: number | string): unknown;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  orderbooks: Record<string, CcxtBook | undefined>;
}

/** A ccxt gate fed nothing yet, and a client that records every rejection (a book whose ids do not follow on). */
function ccxtGate(): { readonly exchange: CcxtGate; readonly client: object; readonly rejected: string[] } {
  const rejected: string[] = [];
  const client = {
    url: 'wss://api.gateio.ws/ws/v4/',
    resolve: () => undefined,
    reject: (error: unknown) => rejected.push(String(error)),
    subscriptions: {},
    futures: {},
  };
  return { exchange: new ccxt.pro.gate() as unknown as CcxtGate, client, rejected };
}

function tardis<T>(mapper: TardisMapper<T>, frames: readonly string[]): readonly T[] {
  return frames.flatMap((text) => {
    const message: unknown = JSON.parse(text);
    return mapper.canHandle(message) ? [...(mapper.map(message, LOCAL) ?? [])] : [];
  });
}

const ourTrades = (files: readonly string[]) =>
  files.flatMap((file) =>
    lines(file).flatMap((text) => {
      const frame = ours(text);
      return frame.kind === 'trades' ? frame.trades.map((t) => ({ id: t.id, price: Number(t.price), amount: Number(t.size), side: t.side, timestamp: t.ts })) : [];
    }),
  );

describe("our Gate readers against ccxt's (gate) and tardis-node's (gate-io, gate-io-futures) on the recorded frames", () => {
  it('normalize: the spot records of the recorded frames are what the readers compared below read (trades, best bid/ask, price ticks)', () => {
    const normalize = createFrameNormalizer('gate', 'c1');
    const records = ['gate-trades.ndjson', 'gate-book_ticker.ndjson', 'gate-tickers.ndjson'].flatMap((file) =>
      lines(file).flatMap((text, n) => {
        const out = normalize(text, LOCAL.valueOf() + n);
        if (!out.ok) throw new Error(`${file}:${n + 1}: ${out.error}`);
        return out.frame;
      }),
    );
    const trades = records.flatMap((r) => (r.type === 'trade' ? [{ id: r.tradeId, price: r.price, amount: r.quantity, side: r.side.toLowerCase(), timestamp: r.exchangeTs }] : []));
    expect(trades).toEqual(ourTrades(['gate-trades.ndjson']));
    expect(records.filter((r) => r.type === 'book_ticker')).toHaveLength(1);
    expect(records.filter((r) => r.type === 'price_tick')).toHaveLength(8);
    expect(records.every((r) => r.type !== 'feed_status')).toBe(true);
  });

  it('ccxt and tardis: every trade alike (id, price, size, taker side, time), spot and futures', () => {
    const files = ['gate-trades.ndjson', 'gate-futures-trades.ndjson'];
    const mine = ourTrades(files);
    expect(mine).toHaveLength(9);
    const { exchange, client } = ccxtGate();
    for (const file of files) for (const text of lines(file)) exchange.handleMessage(client, JSON.parse(text) as unknown);
    const theirs = Object.values(exchange.trades)
      .flat()
      .map(({ id, price, amount, side, timestamp }) => ({ id, price, amount, side, timestamp }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...theirs].sort(byId)).toEqual([...mine].sort(byId));

    const tardisTrades = [
      ...tardis(normalizeTrades('gate-io', LOCAL) as TardisMapper<TardisTrade>, lines(files[0] as string)),
      ...tardis(normalizeTrades('gate-io-futures', LOCAL) as TardisMapper<TardisTrade>, lines(files[1] as string)),
    ].map((t) => ({ id: t.id, price: t.price, amount: t.amount, side: t.side, timestamp: t.timestamp.valueOf() }));
    expect([...tardisTrades].sort(byId)).toEqual([...mine].sort(byId));
  });

  it('tardis: every best bid and ask alike, spot and futures (sizes in the coin and in contracts)', () => {
    for (const [exchange, file] of [
      ['gate-io', 'gate-book_ticker.ndjson'],
      ['gate-io-futures', 'gate-futures-book_ticker.ndjson'],
    ] as const) {
      const frames = lines(file);
      const theirs = tardis(normalizeBookTickers(exchange, LOCAL) as TardisMapper<TardisBookTicker>, frames).map((t) => ({
        symbol: t.symbol,
        bid: [t.bidPrice, t.bidAmount],
        ask: [t.askPrice, t.askAmount],
        ts: t.timestamp.valueOf(),
      }));
      const mine = frames.flatMap((text) => {
        const frame = ours(text);
        return frame.kind === 'book_ticker'
          ? [
              {
                symbol: frame.symbol,
                bid: [Number(frame.bid?.price), Number(frame.bid?.size)],
                ask: [Number(frame.ask?.price), Number(frame.ask?.size)],
                ts: frame.ts,
              },
            ]
          : [];
      });
      expect(mine.length, file).toBe(frames.length);
      expect(theirs, file).toEqual(mine);
    }
  });

  it('tardis: every futures ticker alike (mark, index, funding rate, open interest in contracts, last price)', () => {
    const frames = lines('gate-futures-tickers.ndjson');
    const theirs = tardis(normalizeDerivativeTickers('gate-io-futures', LOCAL) as TardisMapper<TardisTicker>, frames).map((t) => ({
      symbol: t.symbol,
      last: t.lastPrice,
      mark: t.markPrice,
      index: t.indexPrice,
      funding: t.fundingRate,
      openInterest: t.openInterest,
    }));
    const mine = frames.flatMap((text) => {
      const frame = ours(text);
      return frame.kind === 'tickers'
        ? frame.tickers.map((t) => ({
            symbol: t.symbol,
            last: Number(t.last),
            mark: Number(t.markPrice),
            index: Number(t.indexPrice),
            funding: Number(t.fundingRate),
            openInterest: Number(t.openInterest),
          }))
        : [];
    });
    expect(mine).toHaveLength(3);
    expect(theirs).toEqual(mine);
  });

  it("ccxt: a book rebuilt from each recorded run and its REST snapshot equals ccxt's after every push, no gap for either", () => {
    for (const [file, rest, marketId, symbol, count] of [
      ['gate-order_book_update.ndjson', 'gate-order_book-rest.ndjson', 'OMG_USDT', 'OMG/USDT', 51],
      ['gate-futures-order_book_update.ndjson', 'gate-futures-order_book-rest.ndjson', 'RDNT_USDT', 'RDNT/USDT', 70],
    ] as const) {
      const frames = lines(file).filter((text) => text.includes(`"${marketId}"`));
      expect(frames, file).toHaveLength(count);
      const body: unknown = JSON.parse(lines(rest)[0] ?? 'null');
      const snapshot: BookUpdate = readGateBookSnapshot(body, marketId, LOCAL.valueOf());

      // ccxt: its book from the same snapshot (as its `loadOrderBook` makes it), then every push through `handleMessage`.
      const { exchange, client, rejected } = ccxtGate();
      const peer = exchange.orderBook({});
      const [price, amount] = file.includes('futures') ? ['p', 's'] : [0, 1];
      peer.reset(exchange.parseOrderBook(body, symbol, undefined, 'bids', 'asks', price, amount));
      peer.nonce = snapshot.updateId;
      exchange.orderbooks[symbol] = peer;

      // Ours: the first push asks for a snapshot, which answers at once; every push after is applied or dropped by its ids.
      let state: BinanceBookState = initialBinanceBook(marketId);
      const step = (update: BookUpdate) => {
        const next = stepBinanceBook(state, update, { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, rule: 'us' });
        expect(next.outputs.filter((o) => o.type === 'book_resync')).toEqual([]);
        state = next.state;
        return next.fetch;
      };
      let applied = 0;
      frames.forEach((text, n) => {
        const frame = ours(text);
        if (frame.kind !== 'book_update') throw new Error(`${file}:${n + 1} is no depth push`);
        if (step(gateBookUpdate(frame, LOCAL.valueOf() + n))) step(snapshot);
        exchange.handleMessage(client, JSON.parse(text) as unknown);
        if (state.status !== 'live') throw new Error(`${file}:${n + 1}: the book is not live`);
        if (state.lastUpdateId === frame.lastUpdateId) applied += 1;
        const book = exchange.orderbooks[symbol];
        const side = (levels: readonly { readonly price: number; readonly size: number }[]) => levels.map(({ price: p, size }) => [p, size]);
        expect({ bids: side(state.book.bids), asks: side(state.book.asks) }, `${file}:${n + 1}`).toEqual({
          bids: (book?.bids ?? []).map(([p, size]) => [p, size]),
          asks: (book?.asks ?? []).map(([p, size]) => [p, size]),
        });
        expect(state.lastUpdateId, `${file}:${n + 1}`).toBe(book?.nonce);
      });
      expect(rejected).toEqual([]);
      // The pushes the snapshot covers were dropped by both; the rest applied.
      expect(applied, file).toBeGreaterThan(40);
    }
  });

  it("liquidations (futures.public_liquidates): neither peer reads the channel; ccxt's handler of the same rows' private twin agrees on the contract and the time, and reads no price or size from them", () => {
    const frames = [GATE_DOCUMENTED_LIQUIDATES, ...GATE_LIVE_LIQUIDATES, GATE_CONTRACT_LIQUIDATES];
    // Every contract worth 1 of its coin here: the quantities below are the rows' contracts.
    const context = {
      exchange: 'gate_futures' as const,
      env: 'prod' as const,
      connectionId: 'c1',
      partsOf: (symbol: string) => {
        const parts = splitGateSymbol(symbol);
        return parts === undefined ? undefined : { ...parts, contractValue: 1 };
      },
    };
    const mine = frames.flatMap((text) => mapGateFrame(ours(text), LOCAL.valueOf(), context)).map((l) => ({
      contract: l.symbol,
      time: l.exchangeTs,
      ...(l.type === 'liquidation' ? { price: l.price, contracts: l.quantity, position: l.positionSide } : {}),
    }));
    expect(mine).toEqual([
      { contract: 'BTC_USD', time: 1541486601123, price: 215.1, contracts: 124, position: 'LONG' },
      { contract: 'HEI_USDT', time: 1786327033531, price: 0.13827, contracts: 23, position: 'LONG' },
      { contract: 'HEI_USDT', time: 1786327035701, price: 0.13761, contracts: 9, position: 'LONG' },
      { contract: 'LAB_USDT', time: 1786327040872, price: 0.11824, contracts: 9, position: 'LONG' },
      { contract: 'BTC_USDT', time: 1787000000411, price: 64012.3, contracts: 37, position: 'LONG' },
      { contract: 'BTC_USDT', time: 1787000000907, price: 64390.1, contracts: 12, position: 'SHORT' },
    ]);

    // ccxt 4.5.84: no public liquidations on Gate (`has.watchLiquidations` false); `handleMessage` routes `liquidates` only.
    const { exchange, client } = ccxtGate();
    for (const text of frames) exchange.handleMessage(client, JSON.parse(text) as unknown);
    expect(exchange.liquidations).toBeUndefined();
    // Its `futures.liquidates` reader on the same frames: rows of a `result` array only (the live bare rows give nothing), each
    // at its `time_ms`; the price it reads from `fill_price` and the size as `size` less `left`, neither of which a public row has.
    for (const text of frames) exchange.handleLiquidation(client, JSON.parse(text) as unknown);
    const theirs = (exchange.liquidations ?? []).map((l) => ({ contract: l.info['contract'], time: l.timestamp, price: l.price, contracts: l.contracts }));
    const arrayRows = mine.filter((l) => l.contract !== 'HEI_USDT' && l.contract !== 'LAB_USDT');
    expect(theirs).toEqual(arrayRows.map((l) => ({ contract: l.contract, time: l.time, price: undefined, contracts: undefined })));

    // tardis-node 13.35.3 normalizes no Gate liquidations.
    expect(() => normalizeLiquidations('gate-io-futures' as Parameters<typeof normalizeLiquidations>[0], LOCAL)).toThrow('normalizeLiquidations: gate-io-futures not supported');
  });
});
