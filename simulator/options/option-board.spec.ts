import { describe, expect, it } from 'vitest';
import { START_TS } from '../perpetual/__fixtures__/perpetual-test-venue.js';
import { black76 } from './black76.js';
import type { BoardExpiry } from './board-option.js';
import { OptionBoard } from './option-board.js';
import { volatilityOf } from './volatility-smile.js';

const HOUR_MS = 3_600_000;

function board() {
  const clock = { now: START_TS };
  const made = new OptionBoard({ seed: 7, clock: () => clock.now });
  const events: BoardExpiry[] = [];
  let priced = 0;
  made.listen({ expired: (event) => events.push(event), priced: () => (priced += 1) });
  return { board: made, clock, events, priced: () => priced };
}

describe('the option board every options venue quotes', () => {
  it('lists BTC and ETH chains of 8 expiries or more at 08:00 UTC, 18 strikes each around the forward, and a small SOL chain', () => {
    const { board: b } = board();
    const live = b.liveOptions();
    for (const coin of ['BTC', 'ETH']) {
      const own = live.filter((o) => o.chain.coin === coin);
      const expiries = [...new Set(own.map((o) => o.expiryTs))];
      expect(expiries.length).toBeGreaterThanOrEqual(8);
      expect(expiries.every((ts) => new Date(ts).getUTCHours() === 8 && ts > START_TS)).toBe(true);
      for (const expiryTs of expiries) expect(own.filter((o) => o.expiryTs === expiryTs)).toHaveLength(36);
    }
    expect(new Set(live.filter((o) => o.chain.coin === 'SOL').map((o) => o.expiryTs)).size).toBe(3);
  });

  it("values each option by Black-76 at the smile's volatility off its expiry's forward", () => {
    const { board: b, clock } = board();
    for (const option of b.liveOptions().filter((_, n) => n % 97 === 0)) {
      const valued = b.value(option.id);
      const years = (option.expiryTs - clock.now) / (365 * 24 * HOUR_MS);
      const forward = b.forward(option.chain, option.expiryTs, clock.now);
      expect(valued?.forward).toBe(forward);
      expect(valued?.vol).toBeCloseTo(volatilityOf(option.chain.coin, Math.log(option.strike / forward), years), 12);
      expect(valued?.value.price).toBeCloseTo(black76({ type: option.type, forward, strike: option.strike, years, vol: valued?.vol ?? 0 }).price, 8);
    }
  });

  it('steps the marks once a step is due whoever advances it, and at once when the clock went back', () => {
    const { board: b, clock, priced } = board();
    const before = b.markVersion;
    for (const at of [500, 999, 1_000, 1_000, 1_500, 2_000]) {
      clock.now = START_TS + at;
      b.advance(clock.now, 1_000);
      b.advance(clock.now, 1_000);
    }
    expect(b.markVersion - before).toBe(2);
    clock.now = START_TS;
    b.advance(clock.now, 1_000);
    expect(b.markVersion - before).toBe(3);
    expect(priced()).toBe(3);
  });

  it('ends an expiry when the clock passes its 08:00 UTC: its options leave, a new weekly lists past the furthest, every listener told', () => {
    const { board: b, clock, events } = board();
    const live = b.liveOptions();
    const nearest = Math.min(...live.map((o) => o.expiryTs));
    const furthest = Math.max(...live.map((o) => o.expiryTs));
    clock.now = nearest - 1;
    b.advance(clock.now, 1_000);
    expect(events).toEqual([]);
    clock.now = nearest + 20;
    b.advance(clock.now, 1_000);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.expiryTs).toBe(nearest);
    expect(event?.expired.map((o) => o.id).sort()).toEqual(
      live
        .filter((o) => o.expiryTs === nearest)
        .map((o) => o.id)
        .sort(),
    );
    expect(event?.expired.every((o) => !b.isLive(o.id) && b.value(o.id) !== undefined)).toBe(true);
    expect(event?.next).toBeGreaterThan(furthest);
    expect(new Date(event?.next ?? 0).getUTCDay()).toBe(5);
    expect(event?.listed.every((o) => o.expiryTs === event.next && b.isLive(o.id))).toBe(true);
    expect(event?.listed.length).toBe(36 + 36 + 12);
    expect(Math.min(...b.liveOptions().map((o) => o.expiryTs))).toBeGreaterThan(nearest);
  });

  it('reads the index and forwards from a venue that trades them, and walks its own otherwise', () => {
    const { board: b, clock } = board();
    const option = b.liveOptions().find((o) => o.chain.coin === 'BTC');
    const expiryTs = option?.expiryTs ?? 0;
    const walked = b.index('BTC');
    b.stepMarks(clock.now);
    expect(b.index('BTC')).not.toBe(walked);
    b.useUnderlyings({
      index: (coin) => (coin === 'BTC' ? 70_000 : undefined),
      forward: (coin, ts) => (coin === 'BTC' && ts === expiryTs ? 70_100 : undefined),
    });
    b.stepMarks(clock.now);
    expect(b.index('BTC')).toBe(70_000);
    expect(option === undefined ? undefined : b.value(option.id)?.forward).toBe(70_100);
    expect(b.index('ETH')).not.toBe(70_000);
  });
});
