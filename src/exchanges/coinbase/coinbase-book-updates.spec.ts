import { describe, expect, it } from 'vitest';
import { coinbaseBookUpdates } from './coinbase-book-updates.js';
import { parsedFrame, recordedBookLines, recordedLines } from './__fixtures__/recorded-frames.js';

const RECEIVED = 1_800_000_000_000;
// 2026-08-09T21:05:48Z is 1786309548 s after the epoch (Python's datetime, not this code).
const AT_21_05_48 = 1_786_309_548_000;

function updatesOf(line: string) {
  const frame = parsedFrame(line);
  if (frame.kind !== 'l2_data') throw new Error(frame.kind);
  return coinbaseBookUpdates(frame, RECEIVED);
}

describe('coinbaseBookUpdates', () => {
  it('makes an update a delta: bids from side bid, size 0 kept to delete, the sequence number as the update id, the level time as the exchange time', () => {
    expect(updatesOf(recordedLines('coinbase-l2_data-updates.ndjson')[0] ?? '')).toEqual([
      {
        type: 'book_update',
        symbol: 'ETH-USD',
        action: 'delta',
        bids: [
          { price: 1918.55, size: 0.00000131 },
          { price: 1917.95, size: 1.1531 },
          { price: 1917.35, size: 0 },
        ],
        asks: [],
        updateId: 22,
        exchangeTs: AT_21_05_48 + 464,
        receivedTs: RECEIVED,
      },
    ]);
  });

  it('puts side offer among the asks', () => {
    const [update] = updatesOf(recordedLines('coinbase-l2_data-updates.ndjson')[2] ?? '');
    expect([update?.bids, update?.asks, update?.updateId]).toEqual([[{ price: 1679.53, size: 0.05972024 }], [{ price: 1921.5, size: 0.0948519 }], 25]);
  });

  it('makes the whole-book frame a snapshot stamped with its one event time', () => {
    const [update] = updatesOf(recordedBookLines()[0] ?? '');
    expect([update?.action, update?.symbol, update?.updateId, update?.exchangeTs, update?.bids.length, update?.asks.length]).toEqual([
      'snapshot',
      'ETH-USD',
      21,
      AT_21_05_48 + 351,
      6935,
      16399,
    ]);
  });

  it('takes the envelope timestamp when an event has no level to carry a time', () => {
    const line =
      '{"channel":"l2_data","timestamp":"2026-08-09T21:05:48.721955891Z","sequence_num":29,"events":[{"type":"update","product_id":"ETH-USD","updates":[]}]}';
    expect(updatesOf(line)).toEqual([
      { type: 'book_update', symbol: 'ETH-USD', action: 'delta', bids: [], asks: [], updateId: 29, exchangeTs: AT_21_05_48 + 721, receivedTs: RECEIVED },
    ]);
  });

  it('makes one update per product event, in order', () => {
    const line =
      '{"channel":"l2_data","timestamp":"2026-08-09T21:05:48Z","sequence_num":30,"events":[' +
      '{"type":"update","product_id":"ETH-USD","updates":[{"side":"bid","event_time":"2026-08-09T21:05:48.1Z","price_level":"1","new_quantity":"2"}]},' +
      '{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"offer","event_time":"2026-08-09T21:05:48.2Z","price_level":"3","new_quantity":"4"}]}]}';
    expect(updatesOf(line).map((u) => [u.symbol, u.action, u.exchangeTs])).toEqual([
      ['ETH-USD', 'delta', AT_21_05_48 + 100],
      ['BTC-USD', 'snapshot', AT_21_05_48 + 200],
    ]);
  });
});
