import { normalizeBookChanges, normalizeBookTickers, normalizeDerivativeTickers, normalizeLiquidations, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import type { TardisBookChange, TardisBookTicker, TardisLevel, TardisLiquidation, TardisMapper, TardisTicker, TardisTrade } from './tardis-records.js';
import type { AggTrade, BookLevel, DerivativeTicker, FeedEvent, Liquidation, OrderBookView, TradeEvent } from '../../src/model/index.js';
import { DOC_LIQUIDATION_ORDERS, DOC_OPEN_INTEREST, LOCAL_TS, inBase, isListedSwap, okxDepthUpdates, okxFullBookViews, okxNormalizer, recorded, sameQuantity } from './okx-interop.js';

/**
 * Our OKX parsers (`okxNormalizer`: the product's decode path with the swaps' contract values from OKX's
 * recorded instrument list) against tardis-node's OKX v5 mappers (`tardis-dev`: `okex` for spot, `okex-swap`
 * for swaps), a second implementation written apart from ours and from ccxt's. tardis passes every OKX size
 * on as sent: a swap's trade `amount`, book and best bid/ask amounts, liquidation `amount` and `openInterest`
 * (OKX's `oi`) are contracts, compared here as contracts x `ctVal`. Its funding time is OKX's `fundingTime`, as
 * ours is; a liquidation's `side` is the forced order's (`buy`: a short closed), as OKX sends it.
 */
const LOCAL = new Date(LOCAL_TS);


type Exchange = 'okx' | 'okx_swap';
const tardisId = (exchange: Exchange): 'okex' | 'okex-swap' => (exchange === 'okx' ? 'okex' : 'okex-swap');

/** Each frame through ours and through a tardis mapper; `compare` after each with both sides' output for it. */
function replay<T>(exchange: Exchange, mapper: TardisMapper<T>, frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: readonly T[], n: number) => void): void {
  const normalize = okxNormalizer(exchange);
  frames.forEach((text, n) => {
    const ours = normalize(text, LOCAL_TS + n);
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    const message: unknown = JSON.parse(text);
    compare(ours.frame, mapper.canHandle(message) ? [...(mapper.map(message, LOCAL) ?? [])] : [], n);
  });
}

/** A size of ours against tardis's: the same for spot, tardis's contracts x ctVal for a swap. */
const sizeOf = (exchange: Exchange, amount: number | undefined, symbol: string): number =>
  exchange === 'okx_swap' ? inBase(amount ?? NaN, symbol) : (amount ?? NaN);

describe("our OKX parsers against tardis-node's OKX v5 mappers (tardis-dev) on the same frames", () => {
  it.each([
    ['okx', ['okx-trades.ndjson', 'okx-trades-all.ndjson'], 23, [[1040968612, 1040968613]]],
    ['okx_swap', ['okx-swap-trades.ndjson'], 2, []],
  ] as const)('%s: every trade alike (id, price, base quantity, taker side, time); a merged `trades` record is our aggregate trade', (exchange, files, count, merged) => {
    const ours: (TradeEvent | AggTrade)[] = [];
    const theirs: TardisTrade[] = [];
    replay(exchange, normalizeTrades(tardisId(exchange), LOCAL) as TardisMapper<TardisTrade>, files.flatMap(recorded), (o, t) => {
      ours.push(...o.filter((e): e is TradeEvent | AggTrade => e.type === 'trade' || e.type === 'agg_trade'));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([count, count]);
    ours.forEach((trade, n) => {
      const their = theirs[n];
      const id = trade.type === 'trade' ? trade.tradeId : String(trade.lastTradeId);
      expect([trade.symbol, id, trade.price, trade.side.toLowerCase(), trade.exchangeTs]).toEqual([
        their?.symbol,
        their?.id,
        their?.price,
        their?.side,
        their?.timestamp.valueOf(),
      ]);
      expect(sameQuantity(trade.quantity, sizeOf(exchange, their?.amount, trade.symbol)), id).toBe(true);
    });
    // OKX `trades`: "tradeId: The last trade ID in the trades aggregation"; "count: The count of trades aggregated"
    // (docs-v5 #order-book-trading-market-data-ws-trades-channel). tardis reads every record as one trade of that id;
    // the 2026 record of count 2 is our aggregate trade of ids 1040968612-1040968613.
    expect(ours.filter((t): t is AggTrade => t.type === 'agg_trade').map((a) => [a.firstTradeId, a.lastTradeId])).toEqual(merged);
  });

  it.each([
    ['okx', 'okx-bbo-tbt.ndjson'],
    ['okx_swap', 'okx-swap-bbo-tbt.ndjson'],
  ] as const)('%s: the bbo-tbt best bid/ask alike (prices, sizes in base, time)', (exchange, file) => {
    let compared = 0;
    replay(exchange, normalizeBookTickers(tardisId(exchange), LOCAL) as TardisMapper<TardisBookTicker>, recorded(file), (ours, theirs) => {
      const mine = ours.filter((e) => e.type === 'book_ticker');
      expect(mine.length).toBe(theirs.length);
      mine.forEach((ticker, n) => {
        const their = theirs[n];
        expect([ticker.symbol, ticker.bid, ticker.ask, ticker.exchangeTs]).toEqual([their?.symbol, their?.bidPrice, their?.askPrice, their?.timestamp.valueOf()]);
        expect(sameQuantity(ticker.bidSize, sizeOf(exchange, their?.bidAmount, ticker.symbol))).toBe(true);
        expect(sameQuantity(ticker.askSize, sizeOf(exchange, their?.askAmount, ticker.symbol))).toBe(true);
        compared += 1;
      });
    });
    expect(compared).toBe(1);
  });

  it("okx: after every one of the 98 recorded books frames our book is the one tardis's book changes build: all 400 levels a side that our book keeps, and the top 50 that normalize publishes", () => {
    // tardis reads the public `books` channel unless OKX_API_KEY is set (then a tick-by-tick channel that needs a login).
    const mapper = normalizeBookChanges('okex', LOCAL) as TardisMapper<TardisBookChange>;
    const frames = recorded('okx-books.ndjson');
    const kept = okxFullBookViews('okx', frames);
    const levels = (side: readonly BookLevel[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.size]);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let compared = 0;
    replay('okx', mapper, frames, (ours, theirs, n) => {
      for (const change of theirs) {
        if (change.isSnapshot) [bids, asks].forEach((side) => side.clear());
        for (const [side, changed] of [[bids, change.bids] as const, [asks, change.asks] as const])
          for (const { price, amount } of changed) void (amount === 0 ? side.delete(price) : side.set(price, amount));
      }
      const [bestBids, bestAsks] = [[...bids].sort(([a], [b]) => b - a), [...asks].sort(([a], [b]) => a - b)];
      const full = kept[n];
      expect(full?.type === 'book_view' ? [levels(full.bids), levels(full.asks)] : full, `after frame ${n + 1}`).toEqual([bestBids, bestAsks]);
      const view = ours.filter((e): e is OrderBookView => e.type === 'order_book').at(-1);
      expect([levels(view?.bids), levels(view?.asks)], `normalize's view after frame ${n + 1}`).toEqual([bestBids.slice(0, 50), bestAsks.slice(0, 50)]);
      compared += 1;
    });
    expect([compared, bids.size, asks.size]).toEqual([98, 400, 400]);
  });

  it("okx_swap: a recorded swap depth push in base (REN-USDT-SWAP `books-l2-tbt`: tardis's contracts x 10 REN); with no snapshot before it normalize publishes no book but says so, and the inverse BTC-USD-SWAP is refused", () => {
    // tardis reads `books-l2-tbt` with OKX v5 mappers for a historical date after its v5 switch (2021-12-23).
    const mapper = normalizeBookChanges('okex-swap', new Date('2022-01-01T00:00:00Z')) as TardisMapper<TardisBookChange>;
    const frames = recorded('okx-swap-books.ndjson');
    const [ren = [], inverse = []] = okxDepthUpdates('okx_swap', frames);
    const theirs = frames.map((text) => [...(mapper.map(JSON.parse(text) as unknown, LOCAL) ?? [])]);
    const [change] = theirs[0] ?? [];
    const [update] = ren;
    const levels = (side: readonly { readonly price: number; readonly size: number }[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.size]);
    const inBaseOf = (side: readonly TardisLevel[] | undefined): readonly (readonly number[])[] =>
      (side ?? []).map((l) => [l.price, inBase(l.amount, 'REN-USDT-SWAP')]);
    expect([update?.symbol, update?.action, levels(update?.bids), levels(update?.asks)]).toEqual([change?.symbol, 'delta', inBaseOf(change?.bids), inBaseOf(change?.asks)]);
    // By hand: bids 1 contract (10 REN) at 0.65441, 0.65418 deleted; ask 14 contracts (140 REN) at 0.65442.
    expect([levels(update?.bids), levels(update?.asks)]).toEqual([[[0.65441, 10], [0.65418, 0]], [[0.65442, 140]]]);
    const normalize = okxNormalizer('okx_swap');
    const [first, second] = frames.map((text, n) => normalize(text, LOCAL_TS + n));
    expect(first?.ok === true ? first.frame.map((e) => (e.type === 'feed_status' ? [e.state, e.reason?.split(':')[0]] : e.type)) : first).toEqual([['book_resync', 'no_snapshot']]);
    // BTC-USD-SWAP is inverse (ctVal 100 USD): not listed by this venue, so its sizes cannot be read in the base asset.
    expect([inverse.length, theirs[1]?.length, second?.ok]).toEqual([0, 1, false]);
  });

  it("okx_swap: after every derivative ticker tardis emits, our merged figures for that swap are tardis's (mark, index, funding rate and time, open interest in base, last price)", () => {
    // In tardis's own order (its test "map okex-swap messages"): WNCG-USDT's index, then the swap's mark price and open
    // interest; then BTC-USDT-SWAP's funding (2022), tickers (2022, 2026) and the documented open interest.
    const frames = [
      ...recorded('okx-swap-index-tickers.ndjson').slice(0, 1),
      ...recorded('okx-swap-mark-price.ndjson'),
      ...recorded('okx-swap-open-interest.ndjson'),
      ...recorded('okx-swap-funding-rate.ndjson').slice(1),
      ...recorded('okx-swap-tickers.ndjson').slice(1),
      DOC_OPEN_INTEREST,
    ];
    const known = new Map<string, DerivativeTicker>();
    const lastPrices = new Map<string, number>();
    const compared: string[] = [];
    replay('okx_swap', normalizeDerivativeTickers('okex-swap', LOCAL) as TardisMapper<TardisTicker>, frames, (ours, theirs) => {
      for (const e of ours) {
        if (e.type === 'derivative_ticker') known.set(e.symbol, e);
        if (e.type === 'price_tick') lastPrices.set(e.symbol, e.price);
      }
      for (const t of theirs.filter((their) => isListedSwap(their.symbol))) {
        const mine = known.get(t.symbol);
        // The last price: a derivative ticker's when it carries one, else the symbol's last price tick (tickers channel).
        const last = mine?.lastPrice ?? lastPrices.get(t.symbol);
        expect([mine?.markPrice, mine?.indexPrice, mine?.fundingRate, mine?.nextFundingTs, last], t.symbol).toEqual([
          t.markPrice,
          t.indexPrice,
          t.fundingRate,
          t.fundingTimestamp?.valueOf(),
          t.lastPrice,
        ]);
        // OKX: "oi: Open interest, in units of contracts"; "oiCcy: Open interest, in currency units, like BTC"
        // (docs-v5 #public-data-websocket-open-interest-channel). tardis's openInterest is oi: contracts.
        expect(sameQuantity(mine?.openInterest, t.openInterest === undefined ? undefined : inBase(t.openInterest, t.symbol)), t.symbol).toBe(true);
        compared.push(t.symbol);
      }
    });
    expect(compared).toEqual(['WNCG-USDT-SWAP', 'WNCG-USDT-SWAP', 'BTC-USDT-SWAP', 'BTC-USDT-SWAP', 'BTC-USDT-SWAP', 'BTC-USDT-SWAP']);
    // By hand: WNCG's oi 644195 contracts of 1 WNCG; BTC-USDT-SWAP's documented oi 2216113.01000000309 contracts of 0.01 BTC
    // (OKX's oiCcy 22161.1301000000309).
    expect(known.get('WNCG-USDT-SWAP')?.openInterest).toBe(644195);
    expect(sameQuantity(known.get('BTC-USDT-SWAP')?.openInterest, Number('22161.1301000000309'))).toBe(true);
  });

  it('okx_swap: the documented SWAP liquidation alike (price, base quantity, time; a forced buy closes a short)', () => {
    // tardis drops the first liquidation-orders message of a connection (its mapper's _isFirstMessage): the recorded
    // FUTURES frame goes first, so that the documented SWAP frame is tardis's second.
    const frames = [...recorded('okx-swap-liquidation-orders.ndjson'), DOC_LIQUIDATION_ORDERS];
    const ours: Liquidation[] = [];
    const theirs: TardisLiquidation[] = [];
    replay('okx_swap', normalizeLiquidations('okex-swap', LOCAL) as TardisMapper<TardisLiquidation>, frames, (o, t) => {
      ours.push(...o.filter((e): e is Liquidation => e.type === 'liquidation' && isListedSwap(e.symbol)));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([1, 1]);
    const [mine] = ours;
    const [their] = theirs;
    expect([mine?.symbol, mine?.price, mine?.exchangeTs, mine?.positionSide === 'SHORT' ? 'buy' : 'sell']).toEqual([
      their?.symbol,
      their?.price,
      their?.timestamp.valueOf(),
      their?.side,
    ]);
    // 13 contracts of 1000 IOST (IOST-USDT-SWAP's ctVal in the recorded list).
    expect(sameQuantity(mine?.quantity, sizeOf('okx_swap', their?.amount, 'IOST-USDT-SWAP'))).toBe(true);
    expect(mine?.quantity).toBe(13_000);
  });
});
