import { readFileSync } from 'node:fs';
import { asyncScheduler, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { recordingPacer } from '../binance-usdm/__fixtures__/recording-pacer.js';
import { binanceCoinmFirstTradeUrl, binanceCoinmHistoryUrl, binanceCoinmTradeHistory } from './binance-coinm-trade-history.js';

const EXCHANGE_INFO = readFileSync(new URL('./__fixtures__/binance-coinm-exchangeInfo.json', import.meta.url), 'utf8');
/** The shape of the "Compressed/Aggregate Trades List" answer, `q` in contracts (the recorded BCHUSD_PERP trade a 11285749 and the next). */
const AGG_TRADES = JSON.stringify([
  { a: 11285749, p: '427.91', q: '3', f: 16034449, l: 16034449, T: 1626916403852, m: true },
  { a: 11285750, p: '427.90', q: '169', f: 16034450, l: 16034452, T: 1626916405368, m: true },
]);

describe('binanceCoinmTradeHistory', () => {
  it('reads aggregate trades by id on /dapi/v1/aggTrades, each q told in the coin with the size exchangeInfo gives (read once)', async () => {
    const asked: string[] = [];
    const paced = recordingPacer();
    const bchInfo = EXCHANGE_INFO.replace('"ETHUSD_PERP"', '"BCHUSD_PERP"');
    const reads = binanceCoinmTradeHistory({
      exchange: 'binance_coinm',
      restUrl: 'https://dapi.binance.com/',
      pacer: paced,
      timeoutMs: 1000,
      scheduler: asyncScheduler,
      options: {},
      fetch: (url) => {
        const text = url instanceof Request ? url.url : String(url);
        asked.push(text);
        return Promise.resolve(new Response(text.includes('exchangeInfo') ? bchInfo : AGG_TRADES, { status: 200 }));
      },
    });
    const page = await firstValueFrom(reads.byId?.('BCHUSD_PERP', 11285749, 2) ?? (undefined as never));
    await firstValueFrom(reads.byId?.('BCHUSD_PERP', 11285749, 2) ?? (undefined as never));
    expect(page.map((t) => t.id)).toEqual([11285749, 11285750]);
    expect(Number(page[0]?.qty)).toBeCloseTo(30 / 427.91, 15);
    expect(Number(page[1]?.qty)).toBeCloseTo(1690 / 427.9, 13);
    expect(asked).toEqual([
      'https://dapi.binance.com/dapi/v1/exchangeInfo',
      binanceCoinmHistoryUrl('https://dapi.binance.com', 'BCHUSD_PERP', 11285749, 2),
      binanceCoinmHistoryUrl('https://dapi.binance.com', 'BCHUSD_PERP', 11285749, 2),
    ]);
    expect(paced.weights).toEqual([1, 20, 20]);
    expect(binanceCoinmFirstTradeUrl('https://dapi.binance.com', 'bchusd_perp', 1, 2)).toBe(
      'https://dapi.binance.com/dapi/v1/aggTrades?symbol=BCHUSD_PERP&startTime=1&endTime=2&limit=1',
    );
  });
});
