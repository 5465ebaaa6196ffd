import { describe, expect, it } from 'vitest';
import {
  answer,
  askedUrl,
  BETWEEN,
  FIRST_RECORD_AT,
  FIRST_TRADE_AT,
  LIST_BEFORE,
  listedStatus,
  liveTrade,
  sweptListing,
} from './__fixtures__/listing-sweep-run.js';

const NEW = 'BTC-USD-261127-56000-C';

/** An `instruments?instType=OPTION&instFamily=BTC-USD` entry as the docs' example writes one: 0.01 BTC a contract (`ctVal` 1 times `ctMult` 0.01). */
const INSTRUMENT = {
  instType: 'OPTION',
  instId: NEW,
  uly: 'BTC-USD',
  instFamily: 'BTC-USD',
  settleCcy: 'BTC',
  ctVal: '1',
  ctMult: '0.01',
  ctValCcy: 'BTC',
  optType: 'C',
  stk: '56000',
  listTime: String(LIST_BEFORE + 2_000),
  expTime: '1795766400000',
  tickSz: '0.0005',
  lotSz: '1',
  minSz: '1',
  state: 'live',
};

interface Made {
  readonly id: number;
  readonly ts: number;
}

/**
 * OKX's REST over one option's made-up trades, as the docs describe `history-trades` (`type=1` pages by id,
 * `type=2` by time, `after` the records older than the cursor, newest first, 100 at most) and the family's
 * `instruments`. Logs the queries asked.
 */
function fakeOkx(trades: readonly Made[], failing = false) {
  const asked: string[] = [];
  const send: typeof fetch = (input) => {
    const url = askedUrl(input);
    const q = url.searchParams;
    asked.push(`${url.pathname}${url.search}`);
    if (failing) return answer({ code: '50001', msg: 'Service temporarily unavailable, please try again later', data: [] }, 503);
    if (url.pathname === '/api/v5/public/instruments') return answer({ code: '0', msg: '', data: [INSTRUMENT] });
    const after = Number(q.get('after'));
    const older = trades.filter((t) => (q.get('type') === '2' ? t.ts < after : t.id < after)).sort((a, b) => b.id - a.id);
    const data = older
      .slice(0, Math.min(100, Number(q.get('limit') ?? 100)))
      .map((t) => ({ instId: NEW, side: 'sell', sz: '50', px: '0.012', tradeId: String(t.id), ts: String(t.ts) }));
    return answer({ code: '0', msg: '', data });
  };
  return { asked, send };
}

const EVENTS = [listedStatus('okx_options', NEW), liveTrade('okx_options', NEW, '3', FIRST_TRADE_AT)];

describe("OKX's sweep of an option listed during the run", () => {
  it('repairs and names, by id, the trades it made between its listing and its first record here, sized in the coin', async () => {
    const venue = fakeOkx([
      { id: 1, ts: LIST_BEFORE + 3_000 },
      { id: 2, ts: LIST_BEFORE + 5_000 },
      { id: 3, ts: FIRST_TRADE_AT },
    ]);
    expect(await sweptListing('okx_options', venue.send, EVENTS)).toEqual([
      `gap ${NEW}: trade ids 1..2 made between its listing and its first record here (${BETWEEN}), found in okx_options's trades made then`,
      `repair ${NEW} 1 0.012 0.5 SELL ${LIST_BEFORE + 3_000}`,
      `repair ${NEW} 2 0.012 0.5 SELL ${LIST_BEFORE + 5_000}`,
      `gap_repaired ${NEW}: 2 trades repaired from okx_options's trades made between its listing and its first record here`,
    ]);
    expect(venue.asked).toEqual([
      `/api/v5/market/history-trades?instId=${NEW}&type=2&after=${FIRST_RECORD_AT + 21}&limit=100`,
      '/api/v5/public/instruments?instType=OPTION&instFamily=BTC-USD',
    ]);
  });

  it('names nothing for a listing whose first trade was its first record here', async () => {
    const venue = fakeOkx([{ id: 3, ts: FIRST_TRADE_AT }]);
    expect(await sweptListing('okx_options', venue.send, EVENTS)).toEqual([]);
    expect(venue.asked[0]).toBe(`/api/v5/market/history-trades?instId=${NEW}&type=2&after=${FIRST_RECORD_AT + 21}&limit=100`);
  });

  it('reads back by id while a page is full, and says what 5 pages do not reach unrepaired', async () => {
    const many = Array.from({ length: 600 }, (_, n) => ({ id: n + 1, ts: LIST_BEFORE + 500 + n * 10 }));
    const venue = fakeOkx([...many, { id: 601, ts: FIRST_TRADE_AT }]);
    const said = await sweptListing('okx_options', venue.send, [listedStatus('okx_options', NEW), liveTrade('okx_options', NEW, '601', FIRST_TRADE_AT)]);
    // Pages of ids 601..502, 501..402, ... 201..102: the oldest read, 102, was made at +1,510 ms.
    const reach = new Date(LIST_BEFORE + 500 + 101 * 10 + 1).toISOString();
    expect(said.slice(0, 3)).toEqual([
      `gap ${NEW}: trades made between its listing and its first record here (between ${new Date(LIST_BEFORE - 1000).toISOString()} and ${reach}) may be missing`,
      `gap_unrepaired ${NEW}: history: okx_options's latest trades reach back to ${reach} only`,
      `gap ${NEW}: trade ids 102..600 made between its listing and its first record here (${BETWEEN}), found in okx_options's trades made then`,
    ]);
    expect(said.filter((line) => line.startsWith('repair '))).toHaveLength(499);
    expect(venue.asked.filter((path) => path.includes('type=1'))).toEqual(
      [502, 402, 302, 202].map((id) => `/api/v5/market/history-trades?instId=${NEW}&type=1&after=${id}&limit=100`),
    );
  });

  it('says a listing whose trades cannot be read gap, then gap_unrepaired with the reason', async () => {
    const said = await sweptListing('okx_options', fakeOkx([], true).send, EVENTS);
    expect(said).toHaveLength(2);
    expect(said[0]).toBe(`gap ${NEW}: trades made between its listing and its first record here (${BETWEEN}) may be missing`);
    expect(said[1]).toMatch(new RegExp(`^gap_unrepaired ${NEW}: venue_error: okx_options's trades made then could not be read: .*503`));
  });
});
