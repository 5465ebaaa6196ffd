import { describe, expect, it } from 'vitest';
import type { MapperContext } from '../mapper-context.js';
import { splitGateSymbol } from './gate-listings.js';
import { gateLine, gateParsed } from './__fixtures__/gate-frames-at-hand.js';
import { gateBookPlan } from './gate-book-plan.js';
import { gateContractRefusal } from './gate-protocol.js';
import { mapGateFrame } from './gate-mappers.js';

const AT = 1_800_000_000_000;
const SPOT: MapperContext = { exchange: 'gate', env: 'prod', connectionId: 'g1', partsOf: (s) => splitGateSymbol(s) };
/** BTC_USDT contracts are 0.0001 BTC (the venue's list, `quanto_multiplier`), MOB_USDT's 10 MOB; PHB_USDT's value is unknown. */
const VALUES: Readonly<Record<string, number>> = { BTC_USDT: 0.0001, MOB_USDT: 10 };
const FUTURES: MapperContext = {
  exchange: 'gate_futures',
  env: 'prod',
  connectionId: 'g2',
  partsOf: (s) => {
    const parts = splitGateSymbol(s);
    const value = VALUES[s];
    return parts === undefined
      ? undefined
      : { ...parts, instrument: `${parts.coin}-${parts.quote}-PERP`, ...(value === undefined ? {} : { contractValue: value }) };
  },
};

describe("Gate's records", () => {
  it('a spot trade: the taker side, the amount in the coin, the id as written', () => {
    expect(mapGateFrame(gateParsed(gateLine('gate-trades.ndjson', 1)), AT, SPOT)).toEqual([
      expect.objectContaining({
        type: 'trade',
        exchange: 'gate',
        symbol: 'DIS_USDT',
        coin: 'DIS',
        quote: 'USDT',
        tradeId: '816995772',
        price: 121.58,
        quantity: 0.201,
        side: 'SELL',
        isBuyerMaker: true,
        exchangeTs: 1619093543708,
      }),
    ]);
  });

  it('a futures trade: contracts times the contract value, in the coin; a sell by its negative size', () => {
    expect(mapGateFrame(gateParsed(gateLine('gate-futures-trades.ndjson', 2)), AT, FUTURES)).toEqual([
      expect.objectContaining({ type: 'trade', symbol: 'MOB_USDT', instrument: 'MOB-USDT-PERP', tradeId: '927273', price: 0.836, quantity: 900, side: 'SELL' }),
    ]);
    // 2000 contracts of 0.0001 BTC: 0.2 BTC.
    const batch = mapGateFrame(gateParsed(gateLine('gate-futures-trades.ndjson', 3)), AT, FUTURES);
    expect(batch.map((t) => (t.type === 'trade' ? t.quantity : t.type))).toEqual([0.0001, 0.2, 0.0999]);
  });

  it('futures tickers: a price tick and a derivative ticker, open interest in the coin (658,216,984 contracts of 0.0001 BTC)', () => {
    const [tick, derivative] = mapGateFrame(gateParsed(gateLine('gate-futures-tickers.ndjson', 3)), AT, FUTURES);
    expect(tick).toEqual(
      expect.objectContaining({
        type: 'price_tick',
        price: 63964.7,
        high24h: 64443.9,
        low24h: 63209,
        volume24h: 39369.0687,
        turnover24h: 2518230674,
        change24hPct: -0.5151,
      }),
    );
    expect(derivative).toEqual(
      expect.objectContaining({
        type: 'derivative_ticker',
        instrument: 'BTC-USDT-PERP',
        exchangeTs: 1786540617093,
        markPrice: 63964.8,
        indexPrice: 63989.2,
        fundingRate: 0.000052,
        nextFundingTs: 1786550400000,
        openInterest: 65821.6984,
        openInterestTs: 1786540617093,
        openInterestSource: 'stream',
        lastPrice: 63964.7,
      }),
    );
  });

  it('spot tickers make price ticks only; best bid and ask in the coin, futures sizes times the contract value', () => {
    expect(mapGateFrame(gateParsed(gateLine('gate-tickers.ndjson', 1)), AT, SPOT).map((e) => e.type)).toEqual(['price_tick']);
    expect(mapGateFrame(gateParsed(gateLine('gate-book_ticker.ndjson', 1)), AT, SPOT)).toEqual([
      expect.objectContaining({
        type: 'book_ticker',
        symbol: 'ETC_ETH',
        bid: 0.010326,
        bidSize: 0.001,
        ask: 0.010366,
        askSize: 10,
        exchangeTsEstimated: false,
      }),
    ]);
    const btc = gateLine('gate-futures-book_ticker.ndjson', 1).replace('"PHB_USDT"', '"BTC_USDT"');
    expect(mapGateFrame(gateParsed(btc), AT, FUTURES)).toEqual([expect.objectContaining({ bid: 0.7379, bidSize: 0.0814, ask: 0.739, askSize: 0.0677 })]);
  });

  it('refuses a futures frame of an instrument whose contract value is unknown, never publishing contracts', () => {
    const unknown = gateParsed(gateLine('gate-futures-book_ticker.ndjson', 1));
    expect(gateContractRefusal(unknown, FUTURES)).toBe('PHB_USDT: contract value (quanto_multiplier) unknown, its sizes are contracts: not published');
    expect(gateContractRefusal(gateParsed(gateLine('gate-futures-trades.ndjson', 3)), FUTURES)).toBeUndefined();
  });

  it('book updates on futures are in the coin; of an instrument without a contract value, none', () => {
    const plan = gateBookPlan('futures');
    const frame = gateParsed(gateLine('gate-futures-order_book_update.ndjson', 2));
    expect(plan.updates(frame, AT, FUTURES)).toEqual([]);
    const known = gateParsed(gateLine('gate-futures-order_book_update.ndjson', 2).replace('"RDNT_USDT"', '"MOB_USDT"'));
    expect(plan.updates(known, AT, FUTURES)[0]?.asks).toEqual([
      { price: 0.3047, size: 83930 },
      { price: 0.2992, size: 13360 },
      { price: 0.2983, size: 15530 },
      { price: 0.3225, size: 130 },
    ]);
    expect(gateBookPlan('spot').updates(gateParsed(gateLine('gate-obu.ndjson', 1)), AT, SPOT)).toEqual([]);
  });
});
