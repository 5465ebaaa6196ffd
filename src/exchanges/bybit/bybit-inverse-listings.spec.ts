import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BYBIT_INVERSE_LOT_STEP, readBybitInverseInstrumentsInfo, splitBybitInverseSymbol } from './bybit-inverse-listings.js';
import { readBybitQuoteVolumes } from './bybit-quote-volumes.js';
import { bybitRecentTradesUrl, readBybitRecentTrades } from './bybit-recent-trades.js';

interface Answer {
  retCode: number;
  retMsg: string;
  result: { category: string; list: Record<string, unknown>[]; nextPageCursor?: string };
}
/** See __fixtures__/README.md: the inverse instruments reconstructed from the documented layouts; the documented inverse tickers. */
const answer = (name: string): Answer => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Answer;
const instruments = () => answer('bybit-instruments-info-inverse.json');

describe('readBybitInverseInstrumentsInfo', () => {
  it('lists the inverse perpetual at USD and the dated future with its key and expiry from deliveryTime, leaving the linear entry out', () => {
    expect(readBybitInverseInstrumentsInfo(instruments())).toEqual({
      listings: [
        { exchange: 'bybit_inverse', symbol: 'BTCUSD', base: 'BTC', quote: 'USD', state: 'trading', venueStatus: 'Trading', tickSize: 0.1, lotStep: 1e-8 },
        {
          exchange: 'bybit_inverse',
          symbol: 'ETHUSDZ22',
          base: 'ETH',
          quote: 'USD',
          state: 'trading',
          venueStatus: 'Trading',
          tickSize: 0.05,
          lotStep: 1e-8,
          // deliveryTime 1672387200000 is 2022-12-30 08:00 UTC, the last Friday of the quarter's month.
          key: 'ETH-USD-INV-20221230',
          expiryTs: 1672387200000,
        },
      ],
      skipped: [],
    });
    expect(BYBIT_INVERSE_LOT_STEP).toBe(1e-8);
  });

  it('skips and records a dated future without a usable delivery time, keeping the others', () => {
    const json = instruments();
    json.result.list = json.result.list.map((entry) => (entry['symbol'] === 'ETHUSDZ22' ? { ...entry, deliveryTime: '0' } : entry));
    const read = readBybitInverseInstrumentsInfo(json);
    expect(read.listings.map((l) => l.symbol)).toEqual(['BTCUSD']);
    expect(read.skipped).toEqual([expect.objectContaining({ path: '$.result.list[1].deliveryTime' })]);
  });

  it('reads a contract not trading (Closed) as listed but halted', () => {
    const json = instruments();
    json.result.list = json.result.list.map((entry) => (entry['symbol'] === 'BTCUSD' ? { ...entry, status: 'Closed' } : entry));
    expect(readBybitInverseInstrumentsInfo(json).listings[0]).toMatchObject({ symbol: 'BTCUSD', state: 'halted', venueStatus: 'Closed' });
  });
});

describe('splitBybitInverseSymbol', () => {
  it('splits a perpetual into its coin and USD, and leaves a dated future (its delivery day is in the list only) unsplit', () => {
    expect(splitBybitInverseSymbol('BTCUSD')).toEqual({ coin: 'BTC', quote: 'USD' });
    expect(splitBybitInverseSymbol('ETHUSD')).toEqual({ coin: 'ETH', quote: 'USD' });
    expect(splitBybitInverseSymbol('BTCUSDZ26')).toBeUndefined();
    expect(splitBybitInverseSymbol('BTCUSDT')).toBeUndefined();
  });
});

describe('Bybit inverse 24 h volumes', () => {
  it('reads volume24h, which is USD on inverse (the documented BTCUSD: 13713832 USD beside a turnover of 115.6907 BTC)', () => {
    expect(readBybitQuoteVolumes(answer('bybit-tickers-inverse.json'), 'volume24h')).toEqual({ volumes: new Map([['BTCUSD', 13713832]]), skipped: [] });
  });
});

describe("Bybit's recent inverse trades (GET /v5/market/recent-trade?category=inverse)", () => {
  it('asks for the 1,000 trades derivatives keep', () => {
    expect(bybitRecentTradesUrl('https://api.bybit.com', 'btcusd', 'inverse')).toBe(
      'https://api.bybit.com/v5/market/recent-trade?category=inverse&symbol=BTCUSD&limit=1000',
    );
  });

  it('gives a trade size (USD) in the coin, size over price: 2500 at 125000 is 0.02', () => {
    const json = {
      retCode: 0,
      retMsg: 'OK',
      result: {
        category: 'inverse',
        list: [
          {
            execId: '20f43950-d8dd-5b31-9112-a178eb6023af',
            symbol: 'BTCUSD',
            price: '125000.00',
            size: '2500',
            side: 'Buy',
            time: '1760352369811',
            isBlockTrade: false,
          },
        ],
      },
    };
    expect(readBybitRecentTrades(json, 'inverse')).toEqual([
      { id: '20f43950-d8dd-5b31-9112-a178eb6023af', price: '125000.00', qty: '0.02', time: 1760352369811, isBuyerMaker: false },
    ]);
  });
});
