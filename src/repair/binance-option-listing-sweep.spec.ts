import { describe, expect, it } from 'vitest';
import { answer, askedUrl, BETWEEN, FIRST_TRADE_AT, LIST_BEFORE, listedStatus, liveTrade, sweptListing } from './__fixtures__/listing-sweep-run.js';

const NEW = 'BTC-261127-56000-C';
const OLD = 'BTC-261127-60000-P';

/** An `optionSymbols` entry of `exchangeInfo` as the options "Exchange Information" page writes one, of `unit` coins a contract. */
const optionSymbol = (symbol: string, unit: number) => ({
  expiryDate: 1795766400000,
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '5', maxPrice: '100000', tickSize: '5' },
    { filterType: 'LOT_SIZE', minQty: '0.01', maxQty: '100', stepSize: '0.01' },
  ],
  symbol,
  side: symbol.endsWith('-C') ? 'CALL' : 'PUT',
  strikePrice: symbol.split('-')[2] ?? '',
  underlying: 'BTCUSDT',
  unit,
  quoteAsset: 'USDT',
  status: 'TRADING',
});

interface Made {
  readonly id: number;
  readonly time: number;
}

/**
 * Binance's options REST over one option's made-up trades, as documented: `trades?symbol=&limit=` the latest
 * `limit` (at most 500), oldest first, `side` -1 where a seller took; `exchangeInfo` listing only `OLD` until
 * `listed` is set (the option came after the first read). Logs the paths asked.
 */
function fakeBinance(trades: readonly Made[], failing = false) {
  const asked: string[] = [];
  let reads = 0;
  const send: typeof fetch = (input) => {
    const url = askedUrl(input);
    asked.push(`${url.pathname}${url.search}`);
    if (failing) return answer({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }, 503);
    if (url.pathname === '/eapi/v1/exchangeInfo') {
      reads += 1;
      return answer({ timezone: 'UTC', optionSymbols: [optionSymbol(OLD, 1), ...(reads > 1 ? [optionSymbol(NEW, 1)] : [])] });
    }
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const latest = [...trades].sort((a, b) => a.id - b.id).slice(-limit);
    return answer(latest.map((t) => ({ id: t.id, symbol: NEW, price: '1200', qty: '-0.5', quoteQty: '600', side: -1, time: t.time })));
  };
  return { asked, send };
}

const EVENTS = [listedStatus('binance_options', NEW), liveTrade('binance_options', NEW, '3', FIRST_TRADE_AT)];

describe("Binance's sweep of an option listed during the run", () => {
  it('repairs and names, by id, the trades it made between its listing and its first record here, its unit read again for it', async () => {
    const venue = fakeBinance([
      { id: 1, time: LIST_BEFORE + 3_000 },
      { id: 2, time: LIST_BEFORE + 5_000 },
      { id: 3, time: FIRST_TRADE_AT },
    ]);
    expect(await sweptListing('binance_options', venue.send, EVENTS)).toEqual([
      `gap ${NEW}: trade ids 1..2 made between its listing and its first record here (${BETWEEN}), found in binance_options's trades made then`,
      `repair ${NEW} 1 1200 0.5 SELL ${LIST_BEFORE + 3_000}`,
      `repair ${NEW} 2 1200 0.5 SELL ${LIST_BEFORE + 5_000}`,
      `gap_repaired ${NEW}: 2 trades repaired from binance_options's trades made between its listing and its first record here`,
    ]);
    expect(venue.asked).toEqual(['/eapi/v1/exchangeInfo', '/eapi/v1/exchangeInfo', `/eapi/v1/trades?symbol=${NEW}&limit=500`]);
  });

  it('names nothing for a listing whose first trade was its first record here', async () => {
    const venue = fakeBinance([{ id: 3, time: FIRST_TRADE_AT }]);
    expect(await sweptListing('binance_options', venue.send, EVENTS)).toEqual([]);
    expect(venue.asked.at(-1)).toBe(`/eapi/v1/trades?symbol=${NEW}&limit=500`);
  });

  it('says the time before its latest 500 trades begin unrepaired', async () => {
    const many = Array.from({ length: 600 }, (_, n) => ({ id: n + 1, time: LIST_BEFORE + 500 + n * 10 }));
    const venue = fakeBinance(many);
    const said = await sweptListing('binance_options', venue.send, [
      listedStatus('binance_options', NEW),
      liveTrade('binance_options', NEW, '600', FIRST_TRADE_AT),
    ]);
    // The latest 500 are ids 101..600; 101 was made at +1,500 ms.
    const reach = new Date(LIST_BEFORE + 1_501).toISOString();
    expect(said.slice(0, 3)).toEqual([
      `gap ${NEW}: trades made between its listing and its first record here (between ${new Date(LIST_BEFORE - 1000).toISOString()} and ${reach}) may be missing`,
      `gap_unrepaired ${NEW}: history: binance_options's latest trades reach back to ${reach} only`,
      `gap ${NEW}: trade ids 101..599 made between its listing and its first record here (${BETWEEN}), found in binance_options's trades made then`,
    ]);
  });

  it('says a listing whose trades cannot be read gap, then gap_unrepaired with the reason', async () => {
    const said = await sweptListing('binance_options', fakeBinance([], true).send, EVENTS);
    expect(said).toHaveLength(2);
    expect(said[0]).toBe(`gap ${NEW}: trades made between its listing and its first record here (${BETWEEN}) may be missing`);
    expect(said[1]).toMatch(new RegExp(`^gap_unrepaired ${NEW}: venue_error: binance_options's trades made then could not be read: .*503`));
  });
});
