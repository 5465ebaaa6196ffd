import { asyncScheduler, firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { restWeightPacer } from '../rest/rest-weight-pacer.js';
import { deribitTradeHistory } from './deribit-trade-history.js';

/** The recorded option trade (deribit-options-trades.ndjson, `trades.option.any.raw`): BTC-26MAR21-62000-C, trade_seq 1706, a buy of 0.1 BTC at 0.007. */
const RECORDED = {
  trade_seq: 1706,
  trade_id: '137488100',
  timestamp: 1616321732986,
  tick_direction: 0,
  price: 0.007,
  mark_price: 0.00670817,
  iv: 78.44,
  instrument_name: 'BTC-26MAR21-62000-C',
  index_price: 56151.63,
  direction: 'buy',
  amount: 0.1,
};

/**
 * Deribit's `public/get_last_trades_by_currency_and_time` over made-up trades (the recorded one's fields),
 * as documented: the trades of a currency's options from `start_timestamp` to `end_timestamp`, oldest first,
 * `count` at most, `has_more` when more follow. Logs the queries asked.
 */
function fakeDeribit(trades: Readonly<Record<string, readonly (typeof RECORDED)[]>>) {
  const asked: string[] = [];
  const send: typeof fetch = (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const q = url.searchParams;
    asked.push(`${q.get('currency')} ${q.get('kind')} ${q.get('start_timestamp')}..${q.get('end_timestamp')} count ${q.get('count')} ${q.get('sorting')}`);
    const count = Number(q.get('count'));
    const all = (trades[q.get('currency') ?? ''] ?? []).filter(
      (t) => t.timestamp >= Number(q.get('start_timestamp')) && t.timestamp <= Number(q.get('end_timestamp')),
    );
    const body = { jsonrpc: '2.0', result: { trades: all.slice(0, count), has_more: all.length > count } };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  return { asked, send };
}

const accessOf = (send: typeof fetch) => ({
  exchange: 'deribit_options' as const,
  restUrl: 'http://deribit.test/',
  pacer: restWeightPacer(asyncScheduler, { weightPerMinute: 1_000_000, minIntervalMs: 0, backoffInitialMs: 20 }),
  timeoutMs: 5000,
  scheduler: asyncScheduler,
  options: {},
  fetch: send,
});

describe("Deribit's sweep of the option trades made while a connection was lost", () => {
  it('reads every currency the options settle in, each trade with its option, id trade_seq, amount in the coin, the taker side', async () => {
    const eth = { ...RECORDED, instrument_name: 'ETH-26MAR21-2000-P', trade_seq: 1, timestamp: RECORDED.timestamp + 5, direction: 'sell', amount: 3 };
    const venue = fakeDeribit({ BTC: [RECORDED], ETH: [eth] });
    const madeBetween = deribitTradeHistory(accessOf(venue.send), 'coin').madeBetween;
    if (madeBetween === undefined) throw new Error('options sweep expected');
    const { trades: swept } = await firstValueFrom(madeBetween(RECORDED.timestamp - 1000, RECORDED.timestamp + 1000) ?? of({ trades: [] }));
    expect(swept).toEqual([
      { symbol: 'BTC-26MAR21-62000-C', id: 1706, price: '0.007', qty: '0.1', time: 1616321732986, isBuyerMaker: false },
      { symbol: 'ETH-26MAR21-2000-P', id: 1, price: '0.007', qty: '3', time: 1616321732991, isBuyerMaker: true },
    ]);
    expect(venue.asked).toEqual(['BTC', 'ETH', 'USDC'].map((currency) => `${currency} option 1616321731986..1616321733986 count 1000 asc`));
  });

  it('reads on from the last trade\u2019s time while the answer says more follow, keeping a trade read twice once', async () => {
    // 1,500 BTC option trades, two a millisecond: the second page starts at the first's last millisecond.
    const many = Array.from({ length: 1500 }, (_, n) => ({ ...RECORDED, trade_seq: n + 1, timestamp: RECORDED.timestamp + Math.floor(n / 2) }));
    const venue = fakeDeribit({ BTC: many });
    const madeBetween = deribitTradeHistory(accessOf(venue.send), 'coin').madeBetween;
    if (madeBetween === undefined) throw new Error('options sweep expected');
    const { trades: swept } = await firstValueFrom(madeBetween(RECORDED.timestamp, RECORDED.timestamp + 10_000) ?? of({ trades: [] }));
    expect(swept.map((t) => t.id)).toEqual(many.map((t) => t.trade_seq));
    expect(venue.asked.filter((line) => line.startsWith('BTC'))).toEqual([
      'BTC option 1616321732986..1616321742986 count 1000 asc',
      // The 1,000th trade (seq 1000) was made at +499 ms.
      'BTC option 1616321733485..1616321742986 count 1000 asc',
    ]);
  });

  it('sweeps nothing on the futures: each trades every second, its next trade names a hole at once', () => {
    expect(deribitTradeHistory(accessOf(fakeDeribit({}).send), 'usd').madeBetween).toBeUndefined();
  });
});
