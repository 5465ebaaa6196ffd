import { describe, expect, it } from 'vitest';
import { okxLine, okxParsed, SWAP_CONTEXT } from './__fixtures__/okx-frames-at-hand.js';
import { okxBookPlan, okxBookSymbolsOf } from './okx-book-plan.js';

describe('okxBookPlan', () => {
  it('turns a recorded spot depth push into an update of its levels, numbered by `seqId` (0: the 2022 push has none)', () => {
    const [update] = okxBookPlan('base').updates(okxParsed(okxLine('okx-books.ndjson', 2)), 7);
    expect(update).toMatchObject({ type: 'book_update', symbol: 'BTC-USDT', action: 'delta', updateId: 0, exchangeTs: 1652459225453, receivedTs: 7 });
    expect(update?.asks[0]).toEqual({ price: 30243.5, size: 1.2112, px: '30243.5', sz: '1.2112' });
    expect(update).toMatchObject({ checksum: -652563973 });
    expect(update !== undefined && 'prevUpdateId' in update).toBe(false);
  });

  it('sizes a swap depth push in the base asset: the recorded REN-USDT-SWAP update, 14 contracts of 10 REN, 140 REN', () => {
    const plan = okxBookPlan('contracts');
    const [update] = plan.updates(okxParsed(okxLine('okx-swap-books.ndjson', 1)), 7, SWAP_CONTEXT);
    expect(update).toMatchObject({
      symbol: 'REN-USDT-SWAP',
      action: 'delta',
      asks: [{ price: 0.65442, size: 140 }],
      bids: [
        { price: 0.65441, size: 10 },
        { price: 0.65418, size: 0 },
      ],
    });
    expect(plan.updates(okxParsed(okxLine('okx-swap-books.ndjson', 1)), 7)).toEqual([]);
  });

  it('makes no update of other channels', () => {
    expect(okxBookPlan('base').updates(okxParsed(okxLine('okx-tickers.ndjson', 1)), 7)).toEqual([]);
  });

  it('names the instrument of a refused depth push from its text, whole or cut short, and nothing for other channels', () => {
    expect(okxBookSymbolsOf('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["1","x"')).toEqual(['BTC-USDT']);
    expect(okxBookSymbolsOf(okxLine('okx-tickers.ndjson', 1))).toEqual([]);
  });
});
