import { describe, expect, it } from 'vitest';
import type { BookTicker, DerivativeTicker, Liquidation, MarketEvent, PriceTick, TradeEvent } from '../../model/index.js';
import type { Kline } from '../../model/kline.js';
import { parseBinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import { coinmContext, RECEIVED, recordedLines, runLines } from './__fixtures__/coinm-context.js';
import { mapBinanceCoinmFrame } from './binance-coinm-mappers.js';
import { binanceCoinmProtocol } from './binance-coinm-protocol.js';

const context = coinmContext();

function parsed(line: string) {
  const result = parseBinanceUsdmFrame(line);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

const mapLine = (line: string): readonly MarketEvent[] => mapBinanceCoinmFrame(parsed(line), RECEIVED, context);

const base = { exchange: 'binance_coinm', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'coinm-1' } as const;

/**
 * Expected values are ccxt's and tardis-node's, worked out by hand from their code, never from this mapper:
 * - ccxt `binance.parseTrade` (aggTrade): `id` `a`, `price` `p`, `amount` `q` (contracts), side `m ? sell : buy`;
 *   ccxt `Exchange.safeTrade` for an inverse market: `cost = amount * contractSize / price`, the coin the trade
 *   moved, which is this feed's `quantity`;
 * - tardis-node `BinanceTradesMapper`/`BinanceLiquidationsMapper` (binance-delivery): `amount` `q` / `z` in
 *   contracts as sent; this feed's quantity times price over the contract size gives them back.
 * The decimals below are those formulas evaluated exactly (Python `Decimal`) and rounded to 15 digits.
 */
describe('mapBinanceCoinmFrame on the recorded aggregate trades (cryptofeed, dstream 2021-07-22)', () => {
  const lines = recordedLines('binance-coinm-aggTrade.ndjson');
  const trades = lines.flatMap(mapLine) as TradeEvent[];

  it('maps every frame to one trade, id the aggregate id a, the coin as ccxt costs an inverse trade (q x contractSize / p)', () => {
    expect(trades).toHaveLength(15);
    // Line 1: BCHUSD_PERP a 11285749, p 427.91, q 3 (10 USD contracts), T 1626916403852, m true.
    const { quantity, ...rest } = trades[0] ?? ({} as TradeEvent);
    expect(rest).toEqual({
      type: 'trade',
      ...base,
      symbol: 'BCHUSD_PERP',
      coin: 'BCH',
      quote: 'USD',
      exchangeTs: 1626916403852,
      tradeId: '11285749',
      price: 427.91,
      side: 'SELL',
      isBuyerMaker: true,
    });
    expect(quantity).toBeCloseTo(0.0701082003224977, 15);
  });

  it('keys a dated contract by its delivery day and sizes it the same way (ETHUSD_210924: q 60 at 1992.17)', () => {
    expect(trades[1]).toMatchObject({ symbol: 'ETHUSD_210924', coin: 'ETH', quote: 'USD', instrument: 'ETH-USD-INV-20210924', tradeId: '7297361' });
    expect(trades[1]?.quantity).toBeCloseTo(0.30117911624008, 14);
    // XRPUSD_PERP q 566 at 0.5666: 9989.41051888457 XRP.
    expect(trades[8]?.quantity).toBeCloseTo(9989.41051888457, 10);
    // EOSUSD_PERP q 1643 at 3.467: 4738.96740698010 EOS.
    expect(trades[9]?.quantity).toBeCloseTo(4738.9674069801, 10);
  });

  it("gives back tardis-node's amount, the contracts as sent, as quantity x price / contract size", () => {
    const sent = lines.map((line) => JSON.parse(line) as { data: { q: string; s: string } });
    trades.forEach((trade, n) => {
      const size = trade.coin === 'BTC' ? 100 : 10;
      expect((trade.quantity * trade.price) / size).toBeCloseTo(Number(sent[n]?.data.q), 9);
    });
  });

  it('reads m: true (buyer is maker) as a taker sell, every recorded trade', () => {
    expect(trades.every((t) => t.side === 'SELL' && t.isBuyerMaker)).toBe(true);
  });
});

describe('mapBinanceCoinmFrame on the recorded best bid/ask', () => {
  const quotes = runLines('binance-coinm-bookTicker-all.ndjson').flatMap(mapLine) as BookTicker[];

  it('maps each side in the coin over its own price, at the transaction time T', () => {
    expect(quotes).toHaveLength(672);
    // Line 1: BCHUSD_PERP u 167006084895, b 427.84 B 24, a 427.90 A 669, T 1626916403864.
    const { bidSize, askSize, ...rest } = quotes[0] ?? ({} as BookTicker);
    expect(rest).toEqual({
      type: 'book_ticker',
      ...base,
      symbol: 'BCHUSD_PERP',
      coin: 'BCH',
      quote: 'USD',
      exchangeTs: 1626916403864,
      bid: 427.84,
      ask: 427.9,
      updateId: 167006084895,
      exchangeTsEstimated: false,
    });
    expect(bidSize).toBeCloseTo(0.56095736724009, 14); // 24 x 10 / 427.84
    expect(askSize).toBeCloseTo(15.6344940406637, 12); // 669 x 10 / 427.90
  });
});

describe('mapBinanceCoinmFrame on the recorded mark price and liquidation', () => {
  it("maps markPriceUpdate as tardis-node's derivative ticker: mark p, funding r applied at T, no index (the frame has none)", () => {
    const [ticker] = recordedLines('binance-coinm-markPrice.ndjson').flatMap(mapLine) as DerivativeTicker[];
    expect(ticker).toEqual({
      type: 'derivative_ticker',
      ...base,
      symbol: 'BTCUSD_PERP',
      coin: 'BTC',
      quote: 'USD',
      exchangeTs: 1617309477000,
      markPrice: 59012.56007222,
      fundingRate: 0.00073689,
      nextFundingTs: 1617321600000,
    });
  });

  it("maps forceOrder S SELL as a long closed, at its price p, z contracts of 100 USD in BTC (tardis-node's amount: z, 3)", () => {
    const [liquidation] = recordedLines('binance-coinm-forceOrder.ndjson').flatMap(mapLine) as Liquidation[];
    const { quantity, ...rest } = liquidation ?? ({} as Liquidation);
    expect(rest).toEqual({
      type: 'liquidation',
      ...base,
      symbol: 'BTCUSD_200925',
      coin: 'BTC',
      quote: 'USD',
      instrument: 'BTC-USD-INV-20200925',
      exchangeTs: 1594622954021,
      positionSide: 'LONG',
      price: 9314.5,
      sampled: true,
    });
    expect(quantity).toBeCloseTo(0.0322078479789575, 15); // 3 x 100 / 9314.5
  });

  it('maps the subscribe answer to nothing, and the connection reads it as an ack of request 1000', () => {
    const [line = ''] = recordedLines('binance-coinm-subscribe-ack.ndjson');
    expect(mapLine(line)).toEqual([]);
    expect(binanceCoinmProtocol.control(parsed(line))).toEqual({ kind: 'subscribe_ack', success: true, message: '', requestId: '1000' });
  });
});

describe('mapBinanceCoinmFrame on the 24 h ticker and candles (the COIN-M documentation\u2019s shapes)', () => {
  it("takes the ticker's base volume from q (the coin) and its USD turnover from v (contracts) times the contract size", () => {
    const line = JSON.stringify({
      stream: 'btcusd_200626@ticker',
      data: {
        e: '24hrTicker',
        E: 1591268262453,
        s: 'BTCUSD_200626',
        ps: 'BTCUSD',
        p: '-43.4',
        P: '-0.452',
        w: '0.00147974',
        c: '9548.5',
        Q: '2',
        o: '9591.9',
        h: '10000.0',
        l: '7000.0',
        v: '487850',
        q: '32968676323.46222700',
        O: 1591181820000,
        C: 1591268262442,
        F: 512014,
        L: 615289,
        n: 103272,
      },
    });
    const [tick] = mapLine(line) as PriceTick[];
    expect(tick).toMatchObject({
      symbol: 'BTCUSD_200626',
      price: 9548.5,
      open24h: 9591.9,
      volume24h: 32968676323.462227,
      turnover24h: 48_785_000,
      change24hPct: -0.452,
    });
  });

  it("takes a candle's base volume from k.q and its USD volume from k.v contracts", () => {
    const line = JSON.stringify({
      stream: 'btcusd_perp@kline_1m',
      data: {
        e: 'kline',
        E: 1591261542539,
        s: 'BTCUSD_PERP',
        k: {
          t: 1591261500000,
          T: 1591261559999,
          s: 'BTCUSD_PERP',
          i: '1m',
          f: 606400,
          L: 606430,
          o: '9638.9',
          c: '9639.8',
          h: '9639.8',
          l: '9638.6',
          v: '156',
          n: 31,
          x: false,
          q: '1.61836886',
          V: '73',
          Q: '0.75731156',
          B: '0',
        },
      },
    });
    const [kline] = mapLine(line) as Kline[];
    expect(kline).toMatchObject({ symbol: 'BTCUSD_PERP', volume: 1.61836886, quoteVolume: 15_600, tradeCount: 31 });
  });
});

describe('a COIN-M frame whose contract size is unknown (its list unread)', () => {
  const unlisted = coinmContext(true);
  const refusal = (line: string) => binanceCoinmProtocol.refuse?.(parsed(line), unlisted);

  it('is refused by the protocol, never published in contracts; a mark price, which carries no size, is not', () => {
    const [trade = ''] = recordedLines('binance-coinm-aggTrade.ndjson');
    const [depth = ''] = recordedLines('binance-coinm-depthUpdate.ndjson');
    const [mark = ''] = recordedLines('binance-coinm-markPrice.ndjson');
    expect(refusal(trade)).toBe('BCHUSD_PERP: contract size unknown (its list unread), its contracts cannot be told in the coin');
    expect(refusal(depth)).toContain('BCHUSD_PERP: contract size unknown');
    expect(refusal(mark)).toBeUndefined();
    expect(mapBinanceCoinmFrame(parsed(trade), RECEIVED, unlisted)).toEqual([]);
  });

  it('is not refused when the feed knows its size', () => {
    const [trade = ''] = recordedLines('binance-coinm-aggTrade.ndjson');
    expect(binanceCoinmProtocol.refuse?.(parsed(trade), context)).toBeUndefined();
  });
});

describe('a COIN-M frame whose size is no number in the coin', () => {
  it('is refused, naming the contracts and the price, as Deribit names its own', () => {
    const [recorded = ''] = recordedLines('binance-coinm-aggTrade.ndjson');
    const trade = recorded.replace(/"p":"[^"]+"/, '"p":"5e-324"');
    expect(binanceCoinmProtocol.refuse?.(parsed(trade), context)).toMatch(/^\d+ contracts of 10 USD over 5e-324 is no quantity of the base asset$/);
    expect(binanceCoinmProtocol.refuse?.(parsed(recorded), context)).toBeUndefined();
  });
});
