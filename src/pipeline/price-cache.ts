import type { FeedEvent, PriceTick } from '../model/index.js';

/**
 * The latest price per coin. A ticker sets every field; a later trade moves `price` (and the
 * provenance) so that `getPrice` is never older than the last trade seen.
 */
export class PriceCache {
  private readonly latest = new Map<string, PriceTick>();

  /** Folds one event in; returns the updated tick when the coin's price changed record. */
  update(event: FeedEvent): PriceTick | undefined {
    if (event.type === 'price_tick') {
      const previous = this.latest.get(event.coin);
      if (previous !== undefined && previous.exchangeTs > event.exchangeTs && previous.exchange === event.exchange) return undefined;
      this.latest.set(event.coin, event);
      return event;
    }
    if (event.type === 'trade') {
      const previous = this.latest.get(event.coin);
      if (previous === undefined || previous.exchangeTs > event.exchangeTs) return undefined;
      const tick: PriceTick = {
        ...previous,
        exchange: event.exchange,
        symbol: event.symbol,
        price: event.price,
        exchangeTs: event.exchangeTs,
        receivedTs: event.receivedTs,
        isFallback: event.isFallback,
        env: event.env,
        connectionId: event.connectionId,
      };
      this.latest.set(event.coin, tick);
      return tick;
    }
    return undefined;
  }

  get(coin: string): PriceTick | undefined {
    return this.latest.get(coin.toUpperCase());
  }

  all(): Readonly<Record<string, PriceTick>> {
    return Object.fromEntries(this.latest);
  }
}
