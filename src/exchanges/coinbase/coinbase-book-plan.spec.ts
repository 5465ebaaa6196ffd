import { pino } from 'pino';
import { asyncScheduler, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookUpdate } from '../book-update.js';
import { coinbaseBookPlan } from './coinbase-book-plan.js';
import { parsedFrame, recordedLines } from './__fixtures__/recorded-frames.js';

const level = (price: number, size: number) => ({ price, size });
const update = (symbol: string, action: BookUpdate['action'], seq: number, bid: number, ask: number): BookUpdate => ({
  type: 'book_update',
  symbol,
  action,
  bids: [level(bid, 1)],
  asks: [level(ask, 1)],
  updateId: seq,
  exchangeTs: seq,
  receivedTs: seq,
});

describe('coinbaseBookPlan', () => {
  const plan = coinbaseBookPlan({ viewLevels: 5 });

  it('subscribes the level2 channel', () => {
    expect(plan.channel).toBe('level2');
  });

  it('takes book updates from l2_data frames only', () => {
    const [book] = recordedLines('coinbase-l2_data-updates.ndjson');
    expect(plan.updates(parsedFrame(book ?? ''), 7).map((u) => [u.symbol, u.action, u.updateId, u.receivedTs])).toEqual([['ETH-USD', 'delta', 22, 7]]);
    for (const file of ['coinbase-market_trades.ndjson', 'coinbase-ticker.ndjson', 'coinbase-heartbeats.ndjson', 'coinbase-subscriptions.ndjson']) {
      for (const line of recordedLines(file)) expect(plan.updates(parsedFrame(line), 7)).toEqual([]);
    }
  });

  it('keeps a book per product and resubscribes the product whose book crossed, once', async () => {
    const resubscribed: string[] = [];
    const context = {
      exchange: 'coinbase' as const,
      scheduler: asyncScheduler,
      logger: pino({ enabled: false }),
      resubscribe: (s: string) => resubscribed.push(s),
    };
    const outputs = await lastValueFrom(
      of(
        update('ETH-USD', 'snapshot', 1, 100, 101),
        update('BTC-USD', 'snapshot', 2, 200, 201),
        update('ETH-USD', 'delta', 3, 102, 103),
        update('ETH-USD', 'delta', 4, 104, 105),
        update('BTC-USD', 'delta', 5, 199, 202),
        update('ETH-USD', 'snapshot', 6, 90, 91),
      ).pipe(plan.sync(context), toArray()),
    );
    expect(outputs.map((o) => `${o.type} ${o.symbol} ${o.updateId}`)).toEqual([
      'book_view ETH-USD 1',
      'book_view BTC-USD 2',
      'book_resync ETH-USD 3',
      'book_view BTC-USD 5',
      'book_view ETH-USD 6',
    ]);
    expect(resubscribed).toEqual(['ETH-USD']);
  });
});
