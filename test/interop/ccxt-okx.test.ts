import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ofType } from './tardis-records.js';
import type { AggTrade, BookLevel, DerivativeTicker, FeedEvent, Liquidation, OrderBookView, TradeEvent } from '../../src/model/index.js';
import { DOC_LIQUIDATION_ORDERS, LOCAL_TS, contractValueOf, inBase, isListedSwap, okxFullBookViews, okxNormalizer, recorded, sameQuantity } from './okx-interop.js';
import type { CcxtTrade } from './ccxt-records.js';

/**
 * Our OKX parsers (spot `okx`, linear swaps `okx_swap`, through `okxNormalizer`: the product's decode path
 * with the swaps' contract values from OKX's recorded instrument list) against ccxt's `pro.okx` handlers fed
 * the same frames through `handleMessage`, its markets set by hand with each swap's `contractSize` (no REST
 * call). ccxt keeps a swap's sizes in contracts (`amount`, `bidVolume`, `contracts`); we publish the base
 * asset, so every swap size is compared as ccxt's contracts x `ctVal` (OKX: "For `FUTURES`/`SWAP`/`OPTION`,
 * the unit is contract", docs-v5 #order-book-trading-market-data-ws-trades-channel). Where ccxt reads a field
 * otherwise than OKX documents it, the test says so and asserts our reading.
 */
type Exchange = 'okx' | 'okx_swap';

interface CcxtTicker {
  readonly timestamp?: number;
  readonly last?: number;
  readonly bid?: number;
  readonly bidVolume?: number;
  readonly ask?: number;
  readonly askVolume?: number;
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly baseVolume?: number;
  readonly quoteVolume?: number;
}
interface CcxtFundingRate {
  readonly fundingRate?: number;
  readonly fundingTimestamp?: number;
  readonly nextFundingTimestamp?: number;
}
interface CcxtLiquidation {
  readonly symbol: string;
  readonly price: number;
  readonly contracts: number;
  readonly contractSize?: number;
  readonly side: string;
  readonly timestamp: number;
}
interface CcxtBook {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}
interface CcxtOkx {
  handleMessage(client: unknown, message: unknown): void;
  setMarkets(markets: readonly Record<string, unknown>[]): unknown;
  readonly trades: Record<string, readonly CcxtTrade[]>;
  readonly tickers: Record<string, CcxtTicker>;
  readonly bidsasks: Record<string, CcxtTicker>;
  readonly fundingRates: Record<string, CcxtFundingRate>;
  readonly liquidations?: readonly CcxtLiquidation[];
  readonly orderbooks: Record<string, CcxtBook>;
}

/** ccxt's unified symbol: `BTC/USDT` for spot `BTC-USDT`, `BTC/USDT:USDT` for the linear swap `BTC-USDT-SWAP`. */
function unified(instId: string): string {
  const [base = '', quote = '', kind] = instId.split('-');
  return kind === 'SWAP' ? `${base}/${quote}:${quote}` : `${base}/${quote}`;
}

const SPOT = ['BTC-USDT', 'BSV-USDT'];
/**
 * The linear swaps the frames name; BTC-USDC-SWAP (2023) was listed after the recorded list: no contract
 * value, so only its prices are compared.
 */
const SWAPS = ['BTC-USDT-SWAP', 'IOST-USDT-SWAP', 'WNCG-USDT-SWAP', 'BTC-USDC-SWAP'];

/** ccxt's OKX handler with the frames' markets set by hand. */
function ccxtOkx(): CcxtOkx {
  const exchange = new ccxt.pro.okx() as unknown as CcxtOkx;
  const market = (id: string, swap: boolean): Record<string, unknown> => {
    const [base = '', quote = ''] = id.split('-');
    const kind = { type: swap ? 'swap' : 'spot', spot: !swap, swap, future: false, option: false, contract: swap };
    const contract = swap ? { settle: quote, settleId: quote, linear: true, inverse: false, contractSize: isListedSwap(id) ? contractValueOf(id) : undefined } : {};
    return { id, symbol: unified(id), base, quote, baseId: base, quoteId: quote, ...kind, ...contract, active: true, precision: {}, limits: {}, info: {} };
  };
  exchange.setMarkets([...SPOT.map((id) => market(id, false)), ...SWAPS.map((id) => market(id, true))]);
  return exchange;
}

/** A client that takes ccxt's resolutions and keeps no subscriptions. */
const client = { url: 'wss://ws.okx.com:8443/ws/v5/public', resolve: () => undefined, reject: () => undefined, subscriptions: {} };

/** Each frame through both, in order; `compare` after each with what we made of it (a refusal fails the test). */
function replay(exchange: Exchange, frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: CcxtOkx, n: number) => void): CcxtOkx {
  const normalize = okxNormalizer(exchange);
  const theirs = ccxtOkx();
  frames.forEach((text, n) => {
    theirs.handleMessage(client, JSON.parse(text) as unknown);
    const ours = normalize(text, LOCAL_TS + n);
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    compare(ours.frame, theirs, n);
  });
  return theirs;
}


describe("our OKX parsers against ccxt's pro okx handlers on the recorded frames", () => {
  it.each([
    ['okx', ['okx-trades.ndjson', 'okx-trades-all.ndjson'], 23, [[1040968612, 1040968613]]],
    ['okx_swap', ['okx-swap-trades.ndjson'], 2, []],
  ] as const)('%s: every trade alike (id, price, base quantity, taker side, time); a merged `trades` record is our aggregate trade', (exchange, files, count, merged) => {
    const ours: (TradeEvent | AggTrade)[] = [];
    const theirs = replay(exchange, files.flatMap(recorded), (events) => void ours.push(...events.filter((e) => e.type === 'trade' || e.type === 'agg_trade')));
    const byId = new Map(Object.entries(theirs.trades).flatMap(([symbol, list]) => list.map((t) => [`${symbol} ${t.id}`, t] as const)));
    expect([ours.length, byId.size]).toEqual([count, count]);
    for (const trade of ours) {
      const id = trade.type === 'trade' ? trade.tradeId : String(trade.lastTradeId);
      const their = byId.get(`${unified(trade.symbol)} ${id}`);
      // OKX: "side: Trade side of taker" (docs-v5 #order-book-trading-market-data-ws-trades-channel); ccxt keeps it as sent.
      expect([trade.price, trade.side.toLowerCase(), trade.exchangeTs], id).toEqual([their?.price, their?.side, their?.timestamp]);
      // A swap's `sz` is contracts: ccxt's amount x ctVal (BTC-USDT-SWAP: 7 contracts = 0.07 BTC, 1 = 0.01).
      const base = exchange === 'okx_swap' ? inBase(their?.amount ?? NaN, trade.symbol) : their?.amount;
      expect(sameQuantity(trade.quantity, base), `${id}: ${trade.quantity} against ${base}`).toBe(true);
    }
    // OKX `trades`: "tradeId: The last trade ID in the trades aggregation"; "count: The count of trades aggregated"
    // (docs-v5 #order-book-trading-market-data-ws-trades-channel). ccxt reads every record as one trade of that id;
    // okx-trades.ndjson line 22 (2026, count 2) is two fills, ids 1040968612-1040968613: we publish it as an
    // aggregate trade, so that the id it skips is no hole (our trades come from `trades-all`, one record per fill).
    expect(ours.filter((t): t is AggTrade => t.type === 'agg_trade').map((a) => [a.firstTradeId, a.lastTradeId])).toEqual(merged);
    if (exchange === 'okx_swap') expect(ours.map((t) => t.quantity)).toEqual([0.07, 0.01]);
  });

  it.each([
    ['okx', 'okx-bbo-tbt.ndjson'],
    ['okx_swap', 'okx-swap-bbo-tbt.ndjson'],
  ] as const)('%s: the bbo-tbt best bid/ask alike (prices, sizes in base, time)', (exchange, file) => {
    let compared = 0;
    replay(exchange, recorded(file), (events, theirs) => {
      for (const ticker of events.filter(ofType('book_ticker'))) {
        const their = theirs.bidsasks[unified(ticker.symbol)];
        const size = (s: number | undefined): number => (exchange === 'okx_swap' ? inBase(s ?? NaN, ticker.symbol) : (s ?? NaN));
        expect([ticker.bid, ticker.ask, ticker.exchangeTs]).toEqual([their?.bid, their?.ask, their?.timestamp]);
        expect([sameQuantity(ticker.bidSize, size(their?.bidVolume)), sameQuantity(ticker.askSize, size(their?.askVolume))]).toEqual([true, true]);
        compared += 1;
      }
    });
    expect(compared).toBe(1);
  });

  it.each([
    ['okx', 'okx-tickers.ndjson', 10],
    ['okx_swap', 'okx-swap-tickers.ndjson', 3],
  ] as const)("%s: after every tickers frame our last price and day's volume are ccxt's (a swap's volume read in base)", (exchange, file, count) => {
    let frames = 0;
    replay(exchange, recorded(file), (events, theirs) => {
      const ticks = events.filter(ofType('price_tick'));
      for (const tick of ticks) {
        const their = theirs.tickers[unified(tick.symbol)];
        expect([tick.price, tick.exchangeTs], tick.symbol).toEqual([their?.last, their?.timestamp]);
        if (exchange === 'okx') {
          expect([tick.volume24h, tick.turnover24h]).toEqual([their?.baseVolume, their?.quoteVolume]);
        } else if (isListedSwap(tick.symbol)) {
          // OKX: "vol24h: 24h trading volume, with a unit of contract. If it is a derivatives contract, the value is the
          // number of contracts"; "volCcy24h: ... If it is a derivatives contract, the value is the number of base
          // currency" (docs-v5 #order-book-trading-market-data-ws-tickers-channel). ccxt gives a swap's vol24h as its
          // baseVolume: contracts. Ours is the base asset: ccxt's x ctVal (7399887.86 x 0.01 = 73998.8786 BTC, volCcy24h).
          expect(sameQuantity(tick.volume24h, inBase(their?.baseVolume ?? NaN, tick.symbol)), tick.symbol).toBe(true);
        }
      }
      frames += ticks.length > 0 ? 1 : 0;
    });
    expect(frames).toBe(count);
  });

  it("okx: the book of the 98 recorded books frames (a snapshot, 97 updates, 2022: no seqId) is ccxt's after every frame: all 400 levels a side that our book keeps, and the top 50 that normalize publishes", () => {
    // Pushes without a seqId (before OKX added it) are applied in the order they came (okxBookReducer); the
    // checksum is not checked (OKX sends 0 since 2026). OKX keeps `books` at 400 levels a side: every update
    // that adds a level deletes the one it pushes out.
    const frames = recorded('okx-books.ndjson');
    const kept = okxFullBookViews('okx', frames);
    const levels = (side: readonly BookLevel[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.size]);
    let views = 0;
    replay('okx', frames, (events, theirs, n) => {
      const their = theirs.orderbooks['BTC/USDT'];
      const [bids, asks] = [their?.bids.map(([p, s]) => [p, s]) ?? [], their?.asks.map(([p, s]) => [p, s]) ?? []];
      const full = kept[n];
      if (full?.type !== 'book_view') throw new Error(`frame ${n + 1}: ${full?.type ?? 'no book'}`);
      expect([full.bids.length, full.asks.length, bids.length, asks.length], `frame ${n + 1}`).toEqual([400, 400, 400, 400]);
      expect(levels(full.bids), `bids after frame ${n + 1}`).toEqual(bids);
      expect(levels(full.asks), `asks after frame ${n + 1}`).toEqual(asks);
      const view: OrderBookView | undefined = events.filter(ofType('order_book')).at(-1);
      expect([levels(view?.bids), levels(view?.asks)], `normalize's view after frame ${n + 1}`).toEqual([bids.slice(0, 50), asks.slice(0, 50)]);
      views += 1;
    });
    expect(views).toBe(98);
  });

  it('okx_swap: the BTC-USDT-SWAP funding rate alike; the time the rate is paid is OKX\'s fundingTime, which ccxt names fundingTimestamp', () => {
    const ours: DerivativeTicker[] = [];
    // Line 2 only: line 1 is an X-Perp (BTC-USD_UM_XPERP-310404, instType FUTURES), not a swap this venue follows.
    const theirs = replay('okx_swap', recorded('okx-swap-funding-rate.ndjson').slice(1), (events) => void ours.push(...events.filter(ofType('derivative_ticker'))));
    const mine = ours.at(-1);
    const their = theirs.fundingRates[unified('BTC-USDT-SWAP')];
    // OKX: "fundingRate: Current funding rate"; "fundingTime: Settlement time"; "nextFundingTime: Forecasted funding
    // time for the next period" (docs-v5 #public-data-websocket-funding-rate-channel). Our nextFundingTs is when the
    // current rate is next applied, fundingTime (1646323200000, 2022-03-03 16:00 UTC); ccxt's nextFundingTimestamp
    // is OKX's nextFundingTime, the period after.
    expect([mine?.fundingRate, mine?.nextFundingTs]).toEqual([their?.fundingRate, their?.fundingTimestamp]);
    expect([mine?.fundingRate, mine?.nextFundingTs]).toEqual([0.0001534702159002, 1646323200000]);
  });

  it("okx_swap: the mark price alike; ccxt keeps an index-tickers price under the index's own symbol (WNCG/USDT), we under the swap it prices", () => {
    const frames = [...recorded('okx-swap-index-tickers.ndjson').slice(0, 1), ...recorded('okx-swap-mark-price.ndjson')];
    let last: DerivativeTicker | undefined;
    const theirs = replay('okx_swap', frames, (events) => {
      last = events.filter(ofType('derivative_ticker')).at(-1) ?? last;
    });
    // OKX: index-tickers `instId` is the "Index ... Same as `uly`" (docs-v5 #public-data-websocket-index-tickers-channel): WNCG-USDT-SWAP's uly is WNCG-USDT.
    expect([last?.symbol, last?.markPrice, last?.indexPrice]).toEqual(['WNCG-USDT-SWAP', theirs.tickers[unified('WNCG-USDT-SWAP')]?.markPrice, theirs.tickers['WNCG/USDT']?.indexPrice]);
    expect([last?.markPrice, last?.indexPrice]).toEqual([2.1729, 2.1675]);
  });

  it("okx_swap: the documented SWAP liquidation alike on price and time; its size in base and OKX's order side read as the position closed", () => {
    const ours: Liquidation[] = [];
    const theirs = replay('okx_swap', [DOC_LIQUIDATION_ORDERS], (events) => void ours.push(...events.filter(ofType('liquidation'))));
    const [their, ...more] = theirs.liquidations ?? [];
    expect([ours.length, more.length]).toEqual([1, 0]);
    const [mine] = ours;
    expect([mine?.symbol, mine?.price, mine?.exchangeTs]).toEqual(['IOST-USDT-SWAP', their?.price, their?.timestamp]);
    // ccxt: 13 contracts. Its parseWsLiquidation calls safeLiquidation without the market, so its contractSize and
    // baseValue come back undefined although its market has one: the size is its contracts x IOST-USDT-SWAP's ctVal
    // in the recorded list (1000), 13,000 IOST.
    expect([their?.contracts, their?.contractSize]).toEqual([13, undefined]);
    expect(sameQuantity(mine?.quantity, inBase(their?.contracts ?? NaN, 'IOST-USDT-SWAP'))).toBe(true);
    // OKX: "side: Order side" and "posSide: Position mode side ... `net`: Net mode" (docs-v5
    // #public-data-websocket-liquidation-orders-channel): posSide names no side in net mode, so the side of the
    // position is read from the forced order's: a buy closes a short. ccxt keeps the order's side (`buy`) as its side.
    expect([their?.side, mine?.positionSide]).toEqual(['buy', 'SHORT']);
  });
});
