import { describe, expect, it } from 'vitest';
import { deribitTestVenue } from './__fixtures__/deribit-test-venue.js';

type Body = { jsonrpc: string; result?: unknown; error?: { code: number; message: string; data?: Record<string, unknown> } };
type Instrument = { instrument_name: string; kind: string; base_currency: string; quote_currency: string; settlement_currency?: string; contract_size: number };

describe("the simulated Deribit's REST answers (docs.deribit.com public/...)", () => {
  const { rest, run } = deribitTestVenue();
  run(3_000);
  const get = (target: string): { status: number; body: Body } => {
    const answer = rest().answer(target);
    return { status: answer.status, body: JSON.parse(answer.body) as Body };
  };

  it('get_instruments by currency and kind: BTC options in BTC, USDC-settled ones under USDC, futures of 10 and 1 USD contracts', () => {
    const btc = get('/api/v2/public/get_instruments?currency=BTC&kind=option').body.result as Instrument[];
    expect(btc.length).toBeGreaterThan(250);
    expect(
      btc.every(
        (i) => i.kind === 'option' && i.base_currency === 'BTC' && i.quote_currency === 'BTC' && /^BTC-\d{1,2}[A-Z]{3}\d{2}-\d+-[CP]$/.test(i.instrument_name),
      ),
    ).toBe(true);
    const usdc = get('/api/v2/public/get_instruments?currency=USDC&kind=option').body.result as Instrument[];
    expect(usdc.length).toBeGreaterThan(0);
    expect(usdc.every((i) => i.instrument_name.startsWith('SOL_USDC-') && i.quote_currency === 'USDC' && i.settlement_currency === 'USDC')).toBe(true);
    const futures = get('/api/v2/public/get_instruments?currency=any&kind=future').body.result as Instrument[];
    expect(futures.find((i) => i.instrument_name === 'BTC-PERPETUAL')?.contract_size).toBe(10);
    expect(futures.find((i) => i.instrument_name === 'ETH-PERPETUAL')?.contract_size).toBe(1);
    const all = get('/api/v2/public/get_instruments?currency=any').body.result as Instrument[];
    const eth = get('/api/v2/public/get_instruments?currency=ETH&kind=option').body.result as Instrument[];
    expect(all.length).toBe(futures.length + btc.length + eth.length + usdc.length);
    expect(btc.length + eth.length).toBeGreaterThanOrEqual(500);
  });

  it('get_book_summary_by_currency: one summary per instrument of the kind, options with their mark IV and underlying', () => {
    const summaries = get('/api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option').body.result as Record<string, unknown>[];
    expect(summaries.length).toBe((get('/api/v2/public/get_instruments?currency=BTC&kind=option').body.result as unknown[]).length);
    for (const s of summaries)
      expect(s).toMatchObject({ mark_iv: expect.any(Number) as unknown, underlying_price: expect.any(Number) as unknown, base_currency: 'BTC' });
    const futures = get('/api/v2/public/get_book_summary_by_currency?currency=BTC&kind=future').body.result as Record<string, unknown>[];
    expect(futures.find((s) => s.instrument_name === 'BTC-PERPETUAL')).toMatchObject({ quote_currency: 'USD', current_funding: expect.any(Number) as unknown });
  });

  it('get_last_trades_by_instrument_and_time: the first trade since a time, oldest first', () => {
    const all = get('/api/v2/public/get_last_trades_by_instrument?instrument_name=ETH-PERPETUAL&count=1000&sorting=asc').body.result as {
      trades: { trade_seq: number; timestamp: number }[];
    };
    const middle = all.trades[Math.floor(all.trades.length / 2)];
    const since = get(
      `/api/v2/public/get_last_trades_by_instrument_and_time?instrument_name=ETH-PERPETUAL&start_timestamp=${middle?.timestamp ?? 0}&count=1&sorting=asc`,
    );
    const first = all.trades.find((t) => t.timestamp >= (middle?.timestamp ?? 0));
    expect((since.body.result as { trades: { trade_seq: number }[] }).trades.map((t) => t.trade_seq)).toEqual([first?.trade_seq]);
  });

  it('holds back the instrument list by the delay of a slow list fault, the answer itself the normal one', () => {
    rest().listFaults.arm('slow', 1, 7000);
    const slow = rest().answer('/api/v2/public/get_instruments?currency=BTC&kind=future');
    const normal = rest().answer('/api/v2/public/get_instruments?currency=BTC&kind=future');
    expect([slow.delayMs, slow.status, normal.delayMs]).toEqual([7000, 200, undefined]);
    expect(slow.body).toBe(normal.body);
  });

  it('answers a bad request 400 with a JSON-RPC error object naming the parameter', () => {
    expect(get('/api/v2/public/get_instruments?currency=DOGE')).toMatchObject({
      status: 400,
      body: { jsonrpc: '2.0', error: { code: -32602, data: { param: 'currency' } } },
    });
    expect(get('/api/v2/public/get_instruments?currency=BTC&kind=spot').body.error?.data).toMatchObject({ param: 'kind' });
    expect(get('/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&count=1001')).toMatchObject({
      status: 400,
      body: { error: { code: -32602, data: { param: 'count' } } },
    });
    expect(get('/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC_USDC-PERPETUAL')).toMatchObject({
      status: 400,
      body: { error: { code: 10020 } },
    });
    expect(get('/api/v2/public/get_everything')).toMatchObject({ status: 400, body: { error: { code: -32601 } } });
    // A REST answer has no JSON-RPC id, an error's no more than a result's.
    expect(Object.keys(get('/api/v2/public/get_everything').body)).toEqual(['jsonrpc', 'error', 'usIn', 'usOut', 'usDiff', 'testnet']);
  });
});

describe("the simulated Deribit's REST credits (docs.deribit.com 'Rate limits': 500 a request of 50,000, refilled at 10,000 a second)", () => {
  it('answers 100 requests at once, the 101st 429 with error 10028, and again after 50 ms of refill', () => {
    const { rest, run, control } = deribitTestVenue(['deribit']);
    const target = '/api/v2/public/get_instruments?currency=BTC&kind=future';
    const statuses = Array.from({ length: 101 }, () => rest().answer(target).status);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    const refused = rest().answer(target);
    expect([statuses[100], JSON.parse(refused.body)]).toMatchObject([429, { error: { code: 10028, message: 'too_many_requests' } }]);
    expect(control.counters('deribit')['restRefused']).toBe(2);
    run(60);
    expect(rest().answer(target).status).toBe(200);
  });

  it("get_last_trades_by_currency_and_time: every option trade of the currency made in the time range, oldest first, expired options' too, has_more past count", () => {
    const { control, rest: restOf, run: runOf } = deribitTestVenue(['deribit_options']);
    runOf(5_000);
    const answer = (target: string) =>
      JSON.parse(restOf().answer(target).body) as {
        result: { trades: { instrument_name: string; trade_seq: number; timestamp: number }[]; has_more: boolean };
      };
    const made = control.madeTrades('deribit_options').filter((t) => t.symbol.startsWith('BTC-'));
    expect(made.length).toBeGreaterThan(2);
    const [low, high] = [Math.min(...made.map((t) => t.ts)), Math.max(...made.map((t) => t.ts))];
    const { trades, has_more } = answer(
      `/api/v2/public/get_last_trades_by_currency_and_time?currency=BTC&kind=option&start_timestamp=${low}&end_timestamp=${high}&count=1000&sorting=asc`,
    ).result;
    expect(trades.map((t) => `${t.instrument_name} ${t.trade_seq}`).sort()).toEqual(made.map((t) => `${t.symbol} ${t.venueTradeId}`).sort());
    expect(trades.map((t) => t.timestamp)).toEqual([...trades.map((t) => t.timestamp)].sort((a, b) => a - b));
    expect(has_more).toBe(false);
    const first = answer(
      `/api/v2/public/get_last_trades_by_currency_and_time?currency=BTC&kind=option&start_timestamp=${low}&end_timestamp=${high}&count=1&sorting=asc`,
    ).result;
    expect(first).toEqual({ trades: [trades[0]], has_more: true });
    // An expiry delists the options; their trades are still answered.
    control.expire('deribit_options');
    const after = answer(
      `/api/v2/public/get_last_trades_by_currency_and_time?currency=BTC&kind=option&start_timestamp=${low}&end_timestamp=${high}&count=1000&sorting=asc`,
    ).result;
    expect(after.trades.length).toBe(trades.length);
  });
});
