import type { FeedEvent, PriceTick, TradeEvent } from '../model/index.js';

/** A coin's last ticker, and the newest trade since it, merged only when someone asks. */
interface Latest {
  tick: PriceTick;
  trade: TradeEvent | undefined;
}

/**
 * The latest price per coin. A ticker sets every field; a later trade moves `price` (and the
 * provenance) so that `getPrice` is never older than the last trade seen. A trade only replaces
 * the coin's pending trade (no copy per trade); the merged tick is built on the first `get`.
 */
export class PriceCache {
  private readonly latest = new Map<string, Latest>();

  /** Folds one event in; true when the coin's price changed. */
  update(event: FeedEvent): boolean {
    if (event.type === 'price_tick') {
      const previous = this.latest.get(event.coin);
      if (previous !== undefined && exchangeTsOf(previous) > event.exchangeTs && previous.tick.exchange === event.exchange) return false;
      this.latest.set(event.coin, { tick: event, trade: undefined });
      return true;
    }
    if (event.type === 'trade') {
      const previous = this.latest.get(event.coin);
      if (previous === undefined || exchangeTsOf(previous) > event.exchangeTs) return false;
      previous.trade = event;
      return true;
    }
    return false;
  }

  get(coin: string): PriceTick | undefined {
    const latest = this.latest.get(coin.toUpperCase());
    return latest === undefined ? undefined : merged(latest);
  }

  all(): Readonly<Record<string, PriceTick>> {
    return Object.fromEntries([...this.latest].map(([coin, latest]) => [coin, merged(latest)]));
  }
}

function exchangeTsOf(latest: Latest): number {
  return latest.trade?.exchangeTs ?? latest.tick.exchangeTs;
}

/** The ticker moved by the pending trade; the result replaces both, so it is built once. */
function merged(latest: Latest): PriceTick {
  const { tick, trade } = latest;
  if (trade === undefined) return tick;
  latest.tick = {
    ...tick,
    exchange: trade.exchange,
    symbol: trade.symbol,
    price: trade.price,
    exchangeTs: trade.exchangeTs,
    receivedTs: trade.receivedTs,
    isFallback: trade.isFallback,
    env: trade.env,
    connectionId: trade.connectionId,
  };
  latest.trade = undefined;
  return latest.tick;
}
