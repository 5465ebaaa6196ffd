import { normalizeBookChanges, normalizeBookTickers, normalizeDerivativeTickers, normalizeTrades } from 'tardis-dev';
import { describe, expect, it } from 'vitest';
import { levels, ofType, type TardisBookChange, type TardisBookTicker, type TardisLevel, type TardisMapper, type TardisTicker, type TardisTrade } from './tardis-records.js';
import type { BookTicker, DerivativeTicker, FeedEvent, OrderBookView, TradeEvent } from '../../src/model/index.js';
import { LOCAL_TS, RECONSTRUCTED_BTC_BBO, hyperliquidNormalizer, recorded, withBacklogs, type FedFrame } from './hyperliquid-interop.js';

/**
 * Our Hyperliquid parsers (`hyperliquidNormalizer`: the product's decode path, given the perpetuals list as
 * `normalize --listings` is) against tardis-node's Hyperliquid mappers (`tardis-dev`: `normalizeTrades`,
 * `normalizeBookChanges`, `normalizeBookTickers`, `normalizeDerivativeTickers`), a second implementation
 * written apart from ours and from ccxt's. Each frame goes to both with the same receive time (tardis's
 * `localTimestamp`). tardis names an instrument by the coin upper-cased (`BTC`; `kPEPE` would be `KPEPE`),
 * we by the coin as the wire names it and the instrument `<base>-USDC-PERP`.
 */

/** Each frame through ours and through a tardis mapper, the n-th received at `LOCAL_TS + n` by both; `compare` after each. */
function replay<T>(mapper: TardisMapper<T>, frames: readonly string[], compare: (ours: readonly FeedEvent[], theirs: readonly T[], n: number) => void): void {
  const normalize = hyperliquidNormalizer();
  frames.forEach((text, n) => {
    const ours = normalize(text, LOCAL_TS + n);
    if (!ours.ok) throw new Error(`frame ${n + 1}: ${ours.error}`);
    const message: unknown = JSON.parse(text);
    compare(ours.frame, mapper.canHandle(message) ? [...(mapper.map(message, new Date(LOCAL_TS + n)) ?? [])] : [], n);
  });
}

const tardisLevels = (side: readonly TardisLevel[] | undefined): readonly (readonly number[])[] => (side ?? []).map((l) => [l.price, l.amount]);

describe("our Hyperliquid parsers against tardis-node's Hyperliquid mappers (tardis-dev) on the same frames", () => {
  it("trades: each coin's first message is a backlog neither publishes; every live trade alike (coin, id, price, size, taker side, time, receipt)", () => {
    const fed: readonly FedFrame[] = withBacklogs(recorded('hyperliquid-trades.ndjson'));
    const ours: TradeEvent[] = [];
    const theirs: TardisTrade[] = [];
    replay(
      normalizeTrades('hyperliquid', new Date(LOCAL_TS)) as TardisMapper<TardisTrade>,
      fed.map((f) => f.text),
      (o, t) => {
        ours.push(...o.filter(ofType('trade')));
        theirs.push(...t);
      },
    );
    expect([ours.length, theirs.length]).toEqual([4, 4]);
    ours.forEach((trade, n) => {
      const their = theirs[n];
      // Hyperliquid: "Side ... B = Bid = Buy, A = Ask = Short. Side is aggressing side for trades"; "Sz: In units of
      // coin, i.e. base currency" (docs "API > Notation"). tardis reads both so.
      expect([trade.symbol.toUpperCase(), trade.tradeId, trade.price, trade.quantity, trade.side.toLowerCase(), trade.exchangeTs, trade.receivedTs]).toEqual([
        their?.symbol,
        their?.id,
        their?.price,
        their?.amount,
        their?.side,
        their?.timestamp.valueOf(),
        their?.localTimestamp.valueOf(),
      ]);
    });
    // Fed FXS's backlog, FXS, BTC's backlog, BTC: what is published came with the recorded messages (frames 2 and 4).
    expect(ours.map((t) => t.receivedTs - LOCAL_TS)).toEqual([1, 3, 3, 3]);
    // By hand from the frames: FXS "A" 10.5 at 1.9008 (tid a JSON number); BTC "B" 0.00033 at 64097.0, then two "A"
    // (tids strings in ccxt's copy). tids are not in time order (604438142537043, 153378402400855, 663834423078060).
    expect(ours.map((t) => [t.instrument, t.coin, t.quote, t.tradeId, t.price, t.quantity, t.side, t.exchangeTs])).toEqual([
      ['FXS-USDC-PERP', 'FXS', 'USDC', '611279506717453', 1.9008, 10.5, 'SELL', 1730160015113],
      ['BTC-USDC-PERP', 'BTC', 'USDC', '604438142537043', 64097, 0.00033, 'BUY', 1786539552700],
      ['BTC-USDC-PERP', 'BTC', 'USDC', '153378402400855', 64096, 0.00023, 'SELL', 1786539553004],
      ['BTC-USDC-PERP', 'BTC', 'USDC', '663834423078060', 64096, 0.0312, 'SELL', 1786539553102],
    ]);
  });

  it("l2Book: after each of the 2 recorded snapshots our book is tardis's snapshot, every level of both sides (20 and 20), at the frame's time", () => {
    let compared = 0;
    replay(normalizeBookChanges('hyperliquid', new Date(LOCAL_TS)) as TardisMapper<TardisBookChange>, recorded('hyperliquid-l2Book.ndjson'), (ours, theirs, n) => {
      // Hyperliquid: WsBook is a "Snapshot feed" (docs "Websocket > Subscriptions"): each message replaces the book. tardis marks each a snapshot.
      const [change, ...more] = theirs;
      expect([change?.isSnapshot, more.length]).toEqual([true, 0]);
      const view: OrderBookView | undefined = ours.filter(ofType('order_book')).at(-1);
      expect([view?.symbol.toUpperCase(), view?.exchangeTs], `frame ${n + 1}`).toEqual([change?.symbol, change?.timestamp.valueOf()]);
      expect([levels(view?.bids), levels(view?.asks)], `frame ${n + 1}`).toEqual([tardisLevels(change?.bids), tardisLevels(change?.asks)]);
      expect([view?.bids.length, view?.asks.length]).toEqual([20, 20]);
      compared += 1;
    });
    expect(compared).toBe(2);
  });

  it('l2Book: the snapshots by hand: the best levels of each; a price the first had as a bid is an ask in the second, never both', () => {
    const views: OrderBookView[] = [];
    replay(normalizeBookChanges('hyperliquid', new Date(LOCAL_TS)) as TardisMapper<TardisBookChange>, recorded('hyperliquid-l2Book.ndjson'), (ours) => {
      views.push(...ours.filter(ofType('order_book')));
    });
    const [first, second] = views;
    const best = (view: OrderBookView | undefined): readonly (number | undefined)[] => [view?.bids[0]?.price, view?.bids[0]?.size, view?.asks[0]?.price, view?.asks[0]?.size];
    // Line 1: bid 64094.0 (12.29409), ask 64095.0 (2.37411); line 2, 3.2 s later: bid 64093.0 (0.09932), ask 64094.0
    // (20.92904). A snapshot replaces the book: 64094 leaves the bids as it joins the asks.
    expect([best(first), best(second)]).toEqual([
      [64094, 12.29409, 64095, 2.37411],
      [64093, 0.09932, 64094, 20.92904],
    ]);
    expect(second?.bids.some((l) => l.price === 64094)).toBe(false);
  });

  it("bbo: the best bid and ask alike (prices, sizes, the frame's time); the recorded spot pair's frame is tardis's book ticker and our refusal", () => {
    const mapper = normalizeBookTickers('hyperliquid', new Date(LOCAL_TS)) as TardisMapper<TardisBookTicker>;
    let compared = 0;
    replay(mapper, [RECONSTRUCTED_BTC_BBO], (ours, theirs) => {
      const mine: BookTicker[] = ours.filter(ofType('book_ticker'));
      expect([mine.length, theirs.length]).toEqual([1, 1]);
      const [ticker] = mine;
      const [their] = theirs;
      expect([ticker?.symbol.toUpperCase(), ticker?.bid, ticker?.bidSize, ticker?.ask, ticker?.askSize, ticker?.exchangeTs]).toEqual([
        their?.symbol,
        their?.bidPrice,
        their?.bidAmount,
        their?.askPrice,
        their?.askAmount,
        their?.timestamp.valueOf(),
      ]);
      // By hand: the first l2Book snapshot's first levels, at its time; the frame carries the time, so it is not estimated.
      expect([ticker?.bid, ticker?.bidSize, ticker?.exchangeTs, ticker?.exchangeTsEstimated]).toEqual([64094, 12.29409, 1786539643751, false]);
      compared += 1;
    });
    expect(compared).toBe(1);
    // `@162` is a spot pair (spot pairs are named `@<index>`, docs "Info endpoint > Spot"); the product follows the
    // perpetuals of `{"type":"meta"}` only, so it refuses the frame as not listed, where tardis maps it as it would a perpetual.
    const [spot = ''] = recorded('hyperliquid-bbo.ndjson');
    const their = [...(mapper.map(JSON.parse(spot) as unknown, new Date(LOCAL_TS)) ?? [])];
    expect(their.map((t) => [t.symbol, t.bidPrice, t.askPrice])).toEqual([['@162', 0.97925, 0.97934]]);
    const ours = hyperliquidNormalizer()(spot, LOCAL_TS);
    expect(ours.ok).toBe(false);
    expect(ours.ok ? '' : ours.error).toMatch(/@162/);
  });

  it("activeAssetCtx: mark, index (the oracle price), funding rate and open interest in coins alike, timed at receipt as tardis times it; no last price in either", () => {
    const ours: DerivativeTicker[] = [];
    const theirs: TardisTicker[] = [];
    replay(normalizeDerivativeTickers('hyperliquid', new Date(LOCAL_TS)) as TardisMapper<TardisTicker>, recorded('hyperliquid-activeAssetCtx.ndjson'), (o, t) => {
      ours.push(...o.filter(ofType('derivative_ticker')));
      theirs.push(...t);
    });
    expect([ours.length, theirs.length]).toEqual([1, 1]);
    const [mine] = ours;
    const [their] = theirs;
    // Hyperliquid: PerpsAssetCtx { funding, openInterest, oraclePx, markPx, ... } (docs "Websocket > Subscriptions");
    // the frame has no time field, so both time it by its receipt.
    expect([mine?.symbol.toUpperCase(), mine?.markPrice, mine?.indexPrice, mine?.fundingRate, mine?.openInterest, mine?.exchangeTs, mine?.lastPrice]).toEqual([
      their?.symbol,
      their?.markPrice,
      their?.indexPrice,
      their?.fundingRate,
      their?.openInterest,
      their?.timestamp.valueOf(),
      their?.lastPrice,
    ]);
    // By hand from the frame: markPx 64040.0, oraclePx 64063.1, funding 0.0000125 (an hour's rate: 0.01 % per 8 hours paid as an eighth each hour), openInterest 38485.06546 BTC.
    expect([mine?.markPrice, mine?.indexPrice, mine?.fundingRate, mine?.openInterest, mine?.lastPrice]).toEqual([64040, 64063.1, 0.0000125, 38485.06546, undefined]);
  });
});
