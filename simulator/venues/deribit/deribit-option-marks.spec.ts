import { describe, expect, it } from 'vitest';
import { deribitTestVenue, type RpcFrame } from './__fixtures__/deribit-test-venue.js';

type Instrument = { instrument_name: string; expiration_timestamp: number; strike: number; option_type: 'call' | 'put' };
type Ticker = { instrument_name: string; state: 'open' | 'closed'; mark_price: number; underlying_price: number; bid_iv: number; best_bid_price: number };

const DAY_MS = 86_400_000;
const tickersOf = (frames: readonly RpcFrame[]): Ticker[] =>
  frames.filter((f) => f.method === 'subscription' && f.params?.channel?.startsWith('ticker.') === true).map((f) => f.params?.data as Ticker);

describe("the simulated Deribit options' marks follow the venue's", () => {
  it('marks a live option 0.000001 at least (the lowest recorded live mark, deribit-options-ticker.ndjson line 3) a day before expiry, however far out of the money; a worthless expiry\u2019s closed ticker 0', () => {
    const { clock, connect, control, rest, run } = deribitTestVenue(['deribit_options']);
    const listed = (JSON.parse(rest().answer('/api/v2/public/get_instruments?currency=any&kind=option').body) as { result: Instrument[] }).result;
    const nearest = Math.min(...listed.map((i) => i.expiration_timestamp));
    const expiring = listed.filter((i) => i.expiration_timestamp === nearest && !i.instrument_name.includes('_USDC'));
    const client = connect('deribit_options');
    client.call('public/subscribe', { channels: expiring.map((i) => `ticker.${i.instrument_name}.100ms`) });
    // A day before the expiry: the wings' Black-76 values round to 0 at 8 decimals.
    clock.now = nearest - DAY_MS;
    run(1_500);
    const live = tickersOf(client.take());
    expect(new Set(live.map((t) => t.instrument_name)).size).toBe(expiring.length);
    for (const t of live) expect([t.instrument_name, t.state, t.mark_price >= 0.000001]).toEqual([t.instrument_name, 'open', true]);
    expect(live.some((t) => t.mark_price === 0.000001)).toBe(true);

    clock.now = nearest;
    control.expire('deribit_options');
    run(1_500);
    const closed = tickersOf(client.take()).filter((t) => t.state === 'closed');
    expect(closed.length).toBe(expiring.length);
    const terms = new Map(expiring.map((i) => [i.instrument_name, i]));
    for (const t of closed) {
      const option = terms.get(t.instrument_name);
      const worthless = option === undefined || (option.option_type === 'call' ? option.strike >= t.underlying_price : option.strike <= t.underlying_price);
      expect([t.instrument_name, worthless ? t.mark_price === 0 : t.mark_price > 0]).toEqual([t.instrument_name, true]);
    }
    expect(closed.filter((t) => t.mark_price === 0).length).toBeGreaterThan(expiring.length / 4);
  });
});
