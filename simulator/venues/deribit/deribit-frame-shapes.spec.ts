import { describe, expect, it } from 'vitest';
import { deribitTestVenue, onChannel, recordedDeribit, type RpcFrame } from './__fixtures__/deribit-test-venue.js';

type Fields = Record<string, unknown>;

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const keys = (value: unknown): string[] => Object.keys(value as Fields);
const dataOf = (frame: RpcFrame | undefined): unknown => frame?.params?.data;

/** The JSON types each key takes over some recorded objects (a key null in one line and a number in another takes both). */
function typesOver(objects: readonly unknown[]): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const object of objects) for (const [k, v] of Object.entries(object as Fields)) types.set(k, (types.get(k) ?? new Set()).add(typeOf(v)));
  return types;
}

/** Every key of `value` has one of the types the recorded objects give it. */
function expectTypes(value: unknown, types: Map<string, Set<string>>): void {
  for (const [k, v] of Object.entries(value as Fields)) expect([k, types.get(k)?.has(typeOf(v))]).toEqual([k, true]);
}

/** One client subscribed to a BTC option's and the perpetual's channels (`.raw`, after auth), and 20 s of their frames. */
function frames() {
  const test = deribitTestVenue(['deribit', 'deribit_options']);
  test.control.setTradeRate('deribit_options', 1);
  const option = test.venue('deribit_options').config.market.symbols.find((s) => s.startsWith('BTC-')) ?? '';
  const futures = test.connect('deribit');
  const options = test.connect('deribit_options');
  for (const client of [futures, options]) client.call('public/auth', { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' });
  futures.call('public/subscribe', {
    channels: ['trades.BTC-PERPETUAL.raw', 'book.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms', 'ticker.BTC-26MAR27.100ms'],
  });
  options.call('public/subscribe', { channels: [`ticker.${option}.100ms`, 'trades.' + option + '.raw'] });
  test.run(20_000);
  return { test, option, futures: futures.take(), options: options.take() };
}

describe('the simulated Deribit frames have the recorded keys, in the recorded order, and JSON types', () => {
  const { option, futures, options, test } = frames();

  it('future trades: the keys of deribit-trades.ndjson line 2 (2025-12-12 .100ms), in its order', () => {
    const recorded = (dataOf(recordedDeribit('deribit-trades.ndjson')[1]) as Fields[])[0];
    const sent = onChannel(futures, 'trades.BTC-PERPETUAL.raw').flatMap((f) => dataOf(f) as Fields[]);
    expect(sent.length).toBeGreaterThan(100);
    for (const trade of sent) expect(keys(trade)).toEqual(keys(recorded));
    for (const trade of sent) expectTypes(trade, typesOver([recorded]));
  });

  it('option trades: the keys of deribit-options-trades.ndjson, in its order, and contracts as today', () => {
    const recorded = (dataOf(recordedDeribit('deribit-options-trades.ndjson')[0]) as Fields[])[0];
    const sent = onChannel(options, `trades.${option}.raw`).flatMap((f) => dataOf(f) as Fields[]);
    expect(sent.length).toBeGreaterThan(0);
    for (const trade of sent) expect(keys(trade)).toEqual([...keys(recorded), 'contracts']);
    for (const trade of sent) expectTypes(trade, typesOver([{ ...recorded, contracts: 0.1 }]));
  });

  it('the perpetual ticker: the keys of deribit-ticker.ndjson line 2 (2025-12-12 .100ms) and its stats; a dated future without funding', () => {
    const recorded = dataOf(recordedDeribit('deribit-ticker.ndjson')[1]) as Fields;
    const sent = onChannel(futures, 'ticker.BTC-PERPETUAL.100ms').map((f) => dataOf(f) as Fields);
    expect(sent.length).toBeGreaterThan(100);
    for (const ticker of sent) {
      expect(keys(ticker)).toEqual(keys(recorded));
      expect(keys(ticker.stats)).toEqual(keys(recorded.stats));
      expectTypes(ticker, typesOver([recorded]));
    }
    const dated = onChannel(futures, 'ticker.BTC-26MAR27.100ms').map((f) => dataOf(f) as Fields);
    for (const ticker of dated) expect(keys(ticker)).toEqual(keys(recorded).filter((k) => !['interest_value', 'current_funding', 'funding_8h'].includes(k)));
  });

  it('the option ticker: the keys of deribit-options-ticker.ndjson lines 1-28, greeks {vega, theta, rho, gamma, delta}; types as lines 1-29 (last_price null before a trade)', () => {
    const recorded = recordedDeribit('deribit-options-ticker.ndjson').map((f) => dataOf(f) as Fields);
    const sent = onChannel(options, `ticker.${option}.100ms`).map((f) => dataOf(f) as Fields);
    expect(sent.length).toBeGreaterThan(10);
    for (const ticker of sent) {
      expect(keys(ticker)).toEqual(keys(recorded[0]));
      expect(keys(ticker.greeks)).toEqual(keys(recorded[0]?.greeks));
      expect(keys(ticker.stats)).toEqual(keys(recorded[0]?.stats));
      expectTypes(ticker, typesOver(recorded));
      expectTypes(ticker.stats, typesOver(recorded.map((r) => r.stats)));
    }
  });

  it('book: a snapshot and changes with the keys of deribit-book.ndjson lines 2 and 3, levels [action, price, amount]', () => {
    const [snapshot, change] = recordedDeribit('deribit-book.ndjson')
      .slice(1)
      .map((f) => dataOf(f) as Fields);
    const sent = onChannel(futures, 'book.BTC-PERPETUAL.100ms').map((f) => dataOf(f) as Fields);
    expect(keys(sent[0])).toEqual(keys(snapshot));
    expect(sent.length).toBeGreaterThan(50);
    for (const message of sent.slice(1)) expect(keys(message)).toEqual(keys(change));
    for (const level of sent.flatMap((m) => [...(m.bids as unknown[][]), ...(m.asks as unknown[][])]))
      expect(level.map(typeOf)).toEqual(['string', 'number', 'number']);
  });

  it("REST get_instruments: each future's and option's keys as the recorded list of 2021-07-22 (a USDC-settled option adds its currencies)", () => {
    const recorded = (recordedDeribit('deribit-get_instruments.ndjson')[0]?.result ?? []) as Fields[];
    const listed = JSON.parse(test.rest().answer('/api/v2/public/get_instruments?currency=any').body) as { jsonrpc: string; result: Fields[] };
    expect(keys(listed)).toEqual(['jsonrpc', 'result', 'usIn', 'usOut', 'usDiff', 'testnet']);
    for (const kind of ['future', 'option']) {
      const expected = recorded.find((i) => i.kind === kind);
      for (const item of listed.result.filter((i) => i.kind === kind)) {
        const usdc = item.settlement_currency === 'USDC';
        expect(keys(item)).toEqual([...keys(expected), ...(usdc ? ['settlement_currency', 'counter_currency'] : [])]);
        expectTypes(item, typesOver([{ ...expected, settlement_currency: '', counter_currency: '' }]));
      }
    }
  });

  it('REST get_last_trades_by_instrument: {has_more, trades} with the recorded trade keys', () => {
    const recorded = recordedDeribit('deribit-get_last_trades_by_instrument.ndjson')[0]?.result as { trades: Fields[] };
    const answer = JSON.parse(test.rest().answer('/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&count=5').body) as {
      result: { trades: Fields[] };
    };
    expect(keys(answer.result).sort()).toEqual(keys(recorded).sort());
    expect(answer.result.trades).toHaveLength(5);
    for (const trade of answer.result.trades) expect(keys(trade).sort()).toEqual(keys(recorded.trades[0]).sort());
  });
});
