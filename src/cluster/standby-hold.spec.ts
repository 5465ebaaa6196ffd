import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { StandbyHold } from './standby-hold.js';
import { btcTrade } from './__fixtures__/hand-over-events.js';

const trade = (id: number, at: number): TradeEvent => btcTrade(id, at);

describe('StandbyHold', () => {
  it('holds the trades received within holdMs, oldest first, and says how far back it reaches', () => {
    const hold = new StandbyHold(10_000);
    for (let n = 0; n < 5; n++) hold.add(trade(n, n * 4_000), n * 4_000);
    // At 16 s: received at 8, 12 and 16 s are within 10 s; 0 and 4 s are let go.
    expect(hold.held(16_000).map((held) => held.tradeId)).toEqual(['2', '3', '4']);
    expect(hold.reachMs(16_000)).toBe(8_000);
    expect(hold.reachMs(30_000)).toBe(0);
    expect(hold.size).toBe(0);
  });

  it('stays bounded by holdMs of trades however many pass through it', () => {
    const hold = new StandbyHold(1_000);
    // 10 trades a ms for 20 s: at most those of 1 001 ms (received 1 000 ms before now to now), 10 010 trades, are ever held.
    let most = 0;
    for (let ms = 0; ms < 20_000; ms++) {
      for (let n = 0; n < 10; n++) hold.add(trade(ms * 10 + n, ms), ms);
      most = Math.max(most, hold.size);
    }
    expect(most).toBe(10_010);
    expect(hold.held(19_999)[0]?.tradeId).toBe(String(18_999 * 10));
  });
});
