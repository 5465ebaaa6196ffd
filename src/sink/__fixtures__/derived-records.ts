import type { BookChange, IntervalBookSnapshot, Quote, TradeBar } from '../../model/index.js';
import { FULL_PROVENANCE } from './full-provenance.js';

// The derived data's records: one of each type with every field set (for `FULL`), and the values at
// their edges every reader must give back as written (`DERIVED_RECORDS`).

// A Coinbase BTC-USD book followed as BTC-USDT (equivalent quotes): every provenance field set.
const coinbase = FULL_PROVENANCE;

// Bybit's BTCUSDT, published under its own coin-quote (no `instrument`).
const bybit = {
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  isFallback: false,
  env: 'prod',
  connectionId: 'bybit-3',
} as const;

export const fullBookChange: Required<BookChange> = {
  ...coinbase,
  type: 'book_change',
  isSnapshot: false,
  bids: [
    { price: 65140.5, size: 0.75 },
    { price: 65139, size: 0 },
  ],
  asks: [{ price: 65141, size: 1.25 }],
  updateId: 18521289,
};

export const fullIntervalSnapshot: Required<IntervalBookSnapshot> = {
  ...coinbase,
  exchangeTs: 1786310822700,
  type: 'interval_book_snapshot',
  name: 'book_snapshot_2_grouped10_100ms',
  depth: 2,
  intervalMs: 100,
  grouping: 10,
  bids: [
    { price: 65140, size: 2.5 },
    { price: 65130, size: 0.125 },
  ],
  asks: [{ price: 65150, size: 1.75 }],
  updateId: 18521288,
};

export const fullQuote: Required<Quote> = {
  ...coinbase,
  exchangeTs: 1786310823000,
  type: 'quote',
  name: 'quote_1s',
  intervalMs: 1000,
  bidPrice: 65140.5,
  bidSize: 0.75,
  askPrice: 65141,
  askSize: 1.25,
  updateId: 18521288,
};

export const fullTradeBar: Required<TradeBar> = {
  ...coinbase,
  exchangeTs: 1786310880000,
  receivedTs: 1786310880103,
  type: 'trade_bar',
  name: 'trade_bar_1m',
  kind: 'time',
  interval: 60_000,
  open: 65100,
  high: 65150.5,
  low: 65090,
  close: 65140.5,
  volume: 12.5,
  buyVolume: 7.25,
  sellVolume: 5.25,
  trades: 431,
  vwap: 65121.0625,
  openTs: 1786310820153,
  closeTs: 1786310879870,
};

/**
 * Every derived record type at its edges, in the order a topic would hold them: a book change that is a
 * whole book, one that removes levels (size 0) and one with a side the update left alone (empty); an
 * interval snapshot grouped and one ungrouped with an empty side; quotes with one side or none; a time, a
 * tick and a volume bar.
 */
export const DERIVED_RECORDS: readonly (BookChange | IntervalBookSnapshot | Quote | TradeBar)[] = [
  {
    ...bybit,
    type: 'book_change',
    exchangeTs: 1786310822500,
    receivedTs: 1786310822507,
    isSnapshot: true,
    bids: [
      { price: 65140, size: 2 },
      { price: 65139.5, size: 0.5 },
    ],
    asks: [{ price: 65140.5, size: 0.001 }],
    updateId: 1,
  },
  {
    ...bybit,
    type: 'book_change',
    exchangeTs: 1786310822520,
    receivedTs: 1786310822526,
    isSnapshot: false,
    bids: [{ price: 65140, size: 0 }],
    asks: [{ price: 65140.5, size: 0 }],
    updateId: 2,
  },
  {
    ...bybit,
    type: 'book_change',
    exchangeTs: 1786310822540,
    receivedTs: 1786310822545,
    isSnapshot: false,
    bids: [{ price: 65139.5, size: 3 }],
    asks: [],
    updateId: 3,
  },
  fullBookChange,
  fullIntervalSnapshot,
  {
    ...bybit,
    type: 'interval_book_snapshot',
    exchangeTs: 1786310822600,
    receivedTs: 1786310822612,
    name: 'book_snapshot_25_100ms',
    depth: 25,
    intervalMs: 100,
    bids: [{ price: 65139.5, size: 3.5 }],
    asks: [],
    updateId: 3,
  },
  {
    ...bybit,
    type: 'interval_book_snapshot',
    exchangeTs: 1786310822540,
    receivedTs: 1786310822545,
    name: 'book_snapshot_5_0ms',
    depth: 5,
    intervalMs: 0,
    bids: [],
    asks: [],
    updateId: 4,
  },
  fullQuote,
  {
    ...bybit,
    type: 'quote',
    exchangeTs: 1786310822540,
    receivedTs: 1786310822545,
    name: 'quote',
    intervalMs: 0,
    askPrice: 65140.5,
    askSize: 0.001,
    updateId: 3,
  },
  { ...bybit, type: 'quote', exchangeTs: 1786310823000, receivedTs: 1786310823004, name: 'quote_1s', intervalMs: 1000, updateId: 4 },
  fullTradeBar,
  {
    ...bybit,
    type: 'trade_bar',
    exchangeTs: 1786310822611,
    receivedTs: 1786310822618,
    name: 'trade_bar_3ticks',
    kind: 'tick',
    interval: 3,
    open: 65140,
    high: 65140.5,
    low: 65139.5,
    close: 65140.5,
    volume: 0.006,
    buyVolume: 0.004,
    sellVolume: 0.002,
    trades: 3,
    vwap: 65140.166666666664,
    openTs: 1786310822605,
    closeTs: 1786310822611,
  },
  {
    ...bybit,
    type: 'trade_bar',
    exchangeTs: 1786310822630,
    receivedTs: 1786310822634,
    name: 'trade_bar_0.5vol',
    kind: 'volume',
    interval: 0.5,
    open: 65141,
    high: 65141,
    low: 65141,
    close: 65141,
    volume: 0.75,
    buyVolume: 0.75,
    sellVolume: 0,
    trades: 1,
    vwap: 65141,
    openTs: 1786310822630,
    closeTs: 1786310822630,
  },
];
