import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { levels, ofType } from './tardis-records.js';
import type { DerivativeTicker, FeedEvent, OrderBookView, TradeEvent } from '../../src/model/index.js';
import { LOCAL_TS, RECONSTRUCTED_BTC_BBO, hyperliquidNormalizer, recorded, withBacklogs } from './hyperliquid-interop.js';

/**
 * Our Hyperliquid parsers (`hyperliquidNormalizer`: the product's decode path, given the perpetuals list as
 * `normalize --listings` is) against ccxt's `pro.hyperliquid` handlers fed the same frames through
 * `handleMessage`, its markets set by hand (no REST call). ccxt's WebSocket handlers read trades and books;
 * its `activeAssetCtx` handler makes a ticker of the mid and impact prices only, so mark, index, funding and
 * open interest are compared with the readers ccxt applies to the same asset context over REST
 * (`parseFundingRate`, `parseOpenInterest`: `metaAndAssetCtxs` entries carry the same fields). Where ccxt reads a
 * field otherwise than Hyperliquid documents it, the test says so and asserts our reading.
 */
interface CcxtTrade {
  readonly id: string;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly timestamp: number;
  readonly side: string;
}
interface CcxtTicker {
  readonly last?: number;
  readonly close?: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly previousClose?: number;
  readonly quoteVolume?: number;
}
interface CcxtFundingRate {
  readonly symbol: string;
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly fundingRate?: number;
  readonly fundingTimestamp?: number;
  readonly interval?: string;
}
interface CcxtOpenInterest {
  readonly symbol: string;
  readonly openInterestAmount?: number;
}
interface CcxtBook {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
  readonly timestamp?: number;
}
interface CcxtHyperliquid {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly Record<string, unknown>[]): unknown;
  parseFundingRate(info: unknown): CcxtFundingRate;
  parseOpenInterest(interest: unknown): CcxtOpenInterest;
  milliseconds: () => number;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly bidsasks: Record<string, unknown>;
  readonly orderbooks: Record<string, CcxtBook>;
}

/** ccxt's unified symbol of a perpetual's coin: `BTC/USDC:USDC` (its `coinToMarketId`). */
const unified = (coin: string): string => `${coin}/USDC:USDC`;

/**
 * ccxt's handler with the frames' perpetuals set by hand. ccxt's own market id is the asset's index in `meta`;
 * its handlers look a market up by the unified symbol they make from the coin, so the id is never read here.
 */
function ccxtHyperliquid(): CcxtHyperliquid {
  const exchange = new ccxt.pro.hyperliquid() as unknown as CcxtHyperliquid;
  const market = (coin: string): Record<string, unknown> => ({
    id: coin,
    symbol: unified(coin),
    base: coin,
    quote: 'USDC',
    settle: 'USDC',
    baseId: coin,
    quoteId: 'USDC',
    settleId: 'USDC',
    baseName: coin,
    type: 'swap',
    spot: false,
    swap: true,
    future: false,
    option: false,
    contract: true,
    linear: true,
    inverse: false,
    contractSize: 1,
    active: true,
    precision: {},
    limits: {},
    info: {},
  });
  exchange.setMarkets(['BTC', 'FXS'].map(market));
  return exchange;
}

/** A client that takes ccxt's resolutions and keeps no subscriptions. */
const client = { url: 'wss://api.hyperliquid.xyz/ws', resolve: () => undefined, reject: () => undefined, subscriptions: {} };

/** Each frame through both, the n-th received at `LOCAL_TS + n`; `compare` after each with what we made of it (a refusal fails the test). */
function replay(frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: CcxtHyperliquid, n: number) => void): CcxtHyperliquid {
  const normalize = hyperliquidNormalizer();
  const theirs = ccxtHyperliquid();
  frames.forEach((text, n) => {
    theirs.handleMessage(client, JSON.parse(text) as unknown);
    const ours = normalize(text, LOCAL_TS + n);
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    compare(ours.frame, theirs, n);
  });
  return theirs;
}


describe("our Hyperliquid parsers against ccxt's pro hyperliquid handlers on the recorded frames", () => {
  it("trades: every trade we publish is ccxt's of that id (price, size, taker side, time); ccxt also publishes each coin's backlog", () => {
    const fed = withBacklogs(recorded('hyperliquid-trades.ndjson'));
    const ours: TradeEvent[] = [];
    const theirs = replay(
      fed.map((f) => f.text),
      (events) => void ours.push(...events.filter(ofType('trade'))),
    );
    const all = Object.values(theirs.trades).flat();
    const byId = new Map(all.map((t) => [`${t.symbol} ${t.id}`, t] as const));
    expect(ours.length).toBe(4);
    for (const trade of ours) {
      const their = byId.get(`${unified(trade.coin)} ${trade.tradeId}`);
      // Hyperliquid: "B = Bid = Buy, A = Ask = Short. Side is aggressing side for trades" (docs "API > Notation"); ccxt reads "A" as sell, else buy.
      expect([trade.price, trade.quantity, trade.side.toLowerCase(), trade.exchangeTs], trade.tradeId).toEqual([their?.price, their?.amount, their?.side, their?.timestamp]);
    }
    // ccxt's handleTrades appends every trade of every `trades` message, so the message a subscription starts with,
    // Hyperliquid's backlog of recent trades (not new ones), is published as trades: here the 4 of the backlogs
    // beside the 4 live ones, 8 in all. We publish the live ones only, from each coin's second message.
    expect([all.length, byId.size]).toEqual([8, 8]);
    expect(fed.filter((f) => f.backlog).length).toBe(2);
  });

  it("l2Book: after each of the 2 recorded snapshots our book is ccxt's, every level of both sides, at the frame's time", () => {
    let compared = 0;
    replay(recorded('hyperliquid-l2Book.ndjson'), (events, theirs, n) => {
      // ccxt resets its book to each l2Book message, as Hyperliquid's "Snapshot feed" (docs "Websocket > Subscriptions") asks.
      const their = theirs.orderbooks[unified('BTC')];
      const view: OrderBookView | undefined = events.filter(ofType('order_book')).at(-1);
      expect([levels(view?.bids), levels(view?.asks)], `frame ${n + 1}`).toEqual([their?.bids.map(([p, s]) => [p, s]), their?.asks.map(([p, s]) => [p, s])]);
      expect([view?.bids.length, view?.asks.length, view?.exchangeTs]).toEqual([20, 20, their?.timestamp]);
      compared += 1;
    });
    expect(compared).toBe(2);
  });

  it('bbo: ccxt reads no `bbo` frame (its handlers have none), so only ours gives the best bid and ask', () => {
    let tickers = 0;
    const theirs = replay([RECONSTRUCTED_BTC_BBO], (events) => {
      tickers += events.filter(ofType('book_ticker')).length;
    });
    // ccxt 4.5's pro hyperliquid dispatches trades, l2Book, candle, activeAssetCtx and user channels; `bbo` is
    // not among them. The values are compared with tardis-node's reading (tardis-hyperliquid.test.ts).
    expect([tickers, Object.keys(theirs.bidsasks)]).toEqual([1, []]);
  });

  it("activeAssetCtx: mark, index (oraclePx), funding rate and open interest in coins as ccxt's readers take them; the next hourly funding alike", () => {
    const [frame = ''] = recorded('hyperliquid-activeAssetCtx.ndjson');
    const ours: DerivativeTicker[] = [];
    const theirs = replay([frame], (events) => void ours.push(...events.filter(ofType('derivative_ticker'))));
    const { data } = JSON.parse(frame) as { readonly data: { readonly coin: string; readonly ctx: Record<string, unknown> } };
    // ccxt's readers take a `metaAndAssetCtxs` entry: the asset context with the coin as `name`. Its funding time is
    // the next whole hour of its own clock, set here to our receipt of the frame.
    theirs.milliseconds = () => LOCAL_TS;
    const funding = theirs.parseFundingRate({ name: data.coin, ...data.ctx });
    const interest = theirs.parseOpenInterest({ info: { name: data.coin, ...data.ctx } });
    const [mine, ...more] = ours;
    expect(more).toEqual([]);
    expect([unified(mine?.coin ?? ''), mine?.markPrice, mine?.indexPrice, mine?.fundingRate, mine?.openInterest]).toEqual([
      funding.symbol,
      funding.markPrice,
      funding.indexPrice,
      funding.fundingRate,
      interest.openInterestAmount,
    ]);
    // Hyperliquid: "funding is paid every hour at one eighth of the computed rate for each hour" (docs "Trading > Funding"),
    // and ccxt's interval says so ('1h'). By hand: received
    // 2026-08-12 13:06:40 UTC, the rate is next applied at 14:00:00 (1786543200000).
    expect([mine?.nextFundingTs, funding.interval]).toEqual([funding.fundingTimestamp, '1h']);
    expect(mine?.nextFundingTs).toBe(1_786_543_200_000);
  });

  it("activeAssetCtx: ccxt's ticker gives the mid price as its last price and the impact prices as its bid and ask; the frame has no last trade and no best bid/ask, so we publish neither", () => {
    const [frame = ''] = recorded('hyperliquid-activeAssetCtx.ndjson');
    const published: FeedEvent['type'][] = [];
    let last: number | undefined;
    const theirs = replay([frame], (events) => {
      published.push(...events.map((e) => e.type));
      last = events.filter(ofType('derivative_ticker')).at(-1)?.lastPrice;
    });
    const their = theirs.tickers[unified('BTC')];
    // Hyperliquid: SharedAssetCtx { dayNtlVlm, prevDayPx, markPx, midPx? } (docs "Websocket > Subscriptions"): midPx is
    // the book's mid, not a traded price; `impactPxs` are the prices a set notional would fill at, not the best levels.
    // ccxt's parseTicker sets close = midPx (64041.5), which its ticker also gives as `last`, and bid/ask = impactPxs.
    expect([their?.last, their?.close, their?.bid, their?.ask]).toEqual([64041.5, 64041.5, 64041, 64042]);
    expect([published, last]).toEqual([['derivative_ticker'], undefined]);
  });

  it("activeSpotAssetCtx: ccxt makes a ticker of the spot pair @2's context; the product follows perpetuals only and refuses it as not listed", () => {
    const [frame = ''] = recorded('hyperliquid-activeSpotAssetCtx.ndjson');
    const theirs = ccxtHyperliquid();
    theirs.handleMessage(client, JSON.parse(frame) as unknown);
    // Spot pairs are named `@<index>` (docs "Info endpoint > Spot"); ccxt's handler takes both contexts alike.
    expect([theirs.tickers['@2']?.close, theirs.tickers['@2']?.quoteVolume]).toEqual([0.00005307, 24629.86429498]);
    const ours = hyperliquidNormalizer()(frame, LOCAL_TS);
    expect(ours.ok).toBe(false);
    expect(ours.ok ? '' : ours.error).toMatch(/spot/);
  });
});
