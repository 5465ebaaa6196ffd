import type { KrakenRestTrade, KrakenTradesPage } from '../kraken-trades.js';

/**
 * A pair's made-up trade history as Kraken's `Trades` serves it: ids consecutive from `firstId`, times
 * increasing by irregular steps (some trades sharing a microsecond), pages by `since` in nanoseconds
 * (inclusive or exclusive: Kraken does not say), the latest `count` without one. Counts its requests.
 */
export class FakeTradeHistory {
  readonly trades: readonly KrakenRestTrade[];
  requests = 0;

  constructor(options: { readonly firstId: number; readonly count: number; readonly startMicros: number; readonly inclusive: boolean }) {
    this.inclusive = options.inclusive;
    const trades: KrakenRestTrade[] = [];
    let micros = options.startMicros;
    for (let n = 0; n < options.count; n++) {
      // Steps of 0 to about 3 s, every 13th trade at the same microsecond as the one before it.
      if (n % 13 !== 0) micros += ((n * 7919) % 3_000_000) + 1;
      trades.push({ id: options.firstId + n, price: '100.0', qty: '1.00000000', time: Math.floor(micros / 1000), isBuyerMaker: n % 2 === 0, micros });
    }
    this.trades = trades;
  }

  private readonly inclusive: boolean;

  page(count: number, since?: string): KrakenTradesPage {
    this.requests++;
    if (since === undefined) {
      const trades = this.trades.slice(-count);
      return { trades, last: this.cursorOf(trades, '0') };
    }
    const from = BigInt(since);
    const trades = this.trades.filter((t) => (this.inclusive ? BigInt(t.micros) * 1000n >= from : BigInt(t.micros) * 1000n > from)).slice(0, count);
    return { trades, last: this.cursorOf(trades, since) };
  }

  /** Kraken's `last`: the time of the last trade given, in nanoseconds. */
  private cursorOf(trades: readonly KrakenRestTrade[], otherwise: string): string {
    const last = trades.at(-1);
    return last === undefined ? otherwise : String(BigInt(last.micros) * 1000n);
  }
}
