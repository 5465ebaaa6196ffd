import { describe, expect, it } from 'vitest';
import { deribitTestVenue, onChannel, type RpcFrame } from './__fixtures__/deribit-test-venue.js';

type FutureTrade = { trade_seq: number; price: number; amount: number; contracts: number; instrument_name: string };
type BookData = { type: 'snapshot' | 'change'; change_id: number; prev_change_id?: number; bids: [string, number, number][]; asks: [string, number, number][] };

const trades = (frames: readonly RpcFrame[], channel: string): FutureTrade[] => onChannel(frames, channel).flatMap((f) => f.params?.data as FutureTrade[]);

describe("the simulated Deribit futures' trades: whole USD contracts, the tape's quantity exactly amount / price", () => {
  it('sends amounts of whole contracts (10 USD BTC, 1 USD ETH) whose amount / price is the made trade quantity, bit for bit', () => {
    const { connect, control, run } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.call('public/subscribe', { channels: ['trades.BTC-PERPETUAL.100ms', 'trades.ETH-PERPETUAL.100ms'] });
    run(3_000);
    const frames = client.take();
    for (const [symbol, contract] of [
      ['BTC-PERPETUAL', 10],
      ['ETH-PERPETUAL', 1],
    ] as const) {
      const sent = trades(frames, `trades.${symbol}.100ms`);
      expect(sent.length).toBeGreaterThan(20);
      const made = new Map(control.madeTrades('deribit', symbol).map((t) => [t.tradeId, t.quantity]));
      for (const t of sent) {
        expect(Number.isInteger(t.contracts) && t.contracts >= 1).toBe(true);
        expect(t.amount).toBe(t.contracts * contract);
        expect(made.get(t.trade_seq)).toBe(t.amount / t.price);
      }
    }
  });

  it('answers get_last_trades_by_instrument by trade_seq with the same amounts, amount / price the tape quantity', () => {
    const { rest, control, run } = deribitTestVenue(['deribit']);
    run(3_000);
    const made = control.madeTrades('deribit', 'BTC-PERPETUAL');
    const from = made[10]?.tradeId ?? 0;
    const answer = rest().answer(
      `/api/v2/public/get_last_trades_by_instrument?instrument_name=BTC-PERPETUAL&start_seq=${from}&end_seq=${from + 4}&count=1000&sorting=asc`,
    );
    const result = (JSON.parse(answer.body) as { result: { trades: FutureTrade[]; has_more: boolean } }).result;
    expect(result.trades.map((t) => t.trade_seq)).toEqual([from, from + 1, from + 2, from + 3, from + 4]);
    expect(result.has_more).toBe(false);
    for (const [n, t] of result.trades.entries()) expect(t.amount / t.price).toBe(made[10 + n]?.quantity);
  });
});

describe('the simulated Deribit index with only deribit_options served', () => {
  it("moves the options' index and underlying at each mark step although nothing trades the futures", () => {
    const { connect, venue, run } = deribitTestVenue(['deribit_options']);
    const option = venue('deribit_options').config.market.symbols.find((s) => s.startsWith('BTC-')) ?? '';
    const client = connect('deribit_options');
    client.call('public/subscribe', { channels: [`ticker.${option}.100ms`] });
    run(10_000);
    const tickers = onChannel(client.take(), `ticker.${option}.100ms`).map((f) => f.params?.data as { index_price: number; underlying_price: number });
    expect(tickers.length).toBeGreaterThanOrEqual(8);
    expect(new Set(tickers.map((t) => t.index_price)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(tickers.map((t) => t.underlying_price)).size).toBeGreaterThanOrEqual(8);
  });
});

describe('the simulated Deribit books: a snapshot, then changes chained by change_id', () => {
  it('sends a snapshot of "new" levels, then changes whose prev_change_id is the last change_id, in USD of whole contracts', () => {
    const { connect, run } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.call('public/subscribe', { channels: ['book.BTC-PERPETUAL.100ms'] });
    run(3_000);
    const books = onChannel(client.take(), 'book.BTC-PERPETUAL.100ms').map((f) => f.params?.data as BookData);
    expect(books[0]?.type).toBe('snapshot');
    expect(books[0]?.prev_change_id).toBeUndefined();
    expect([...(books[0]?.bids ?? []), ...(books[0]?.asks ?? [])].every(([action, , amount]) => action === 'new' && amount > 0 && amount % 10 === 0)).toBe(
      true,
    );
    const changes = books.slice(1);
    expect(changes.length).toBeGreaterThan(10);
    let last = books[0]?.change_id ?? 0;
    for (const change of changes) {
      expect(change.type).toBe('change');
      expect(change.prev_change_id).toBe(last);
      expect(change.change_id).toBeGreaterThan(last);
      last = change.change_id;
      for (const [action, , amount] of [...change.bids, ...change.asks]) expect(action === 'delete' ? amount === 0 : amount > 0).toBe(true);
    }
  });

  it("skips one change_id after drop-delta: the next change's prev_change_id is not the last change_id the client got", () => {
    const { connect, run, control } = deribitTestVenue(['deribit']);
    const client = connect('deribit');
    client.call('public/subscribe', { channels: ['book.BTC-PERPETUAL.100ms'] });
    run(500);
    const before = onChannel(client.take(), 'book.BTC-PERPETUAL.100ms').map((f) => f.params?.data as BookData);
    control.bookFault('deribit', 'drop', 'BTC-PERPETUAL');
    run(2_000);
    const changes = [before.at(-1), ...onChannel(client.take(), 'book.BTC-PERPETUAL.100ms').map((f) => f.params?.data as BookData)];
    const broken = changes.slice(1).filter((c, i) => c?.prev_change_id !== changes[i]?.change_id);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toBe(changes[1]);
    expect(broken[0]?.prev_change_id).toBeGreaterThan(changes[0]?.change_id ?? Infinity);
  });
});
