import { Observable } from 'rxjs';
import { invalidFrameReporter, symbolPartsLookup } from '../exchanges/adapter-config.js';
import { OverlapDeduplicator } from '../exchanges/binance/overlap-deduplicator.js';
import { parseBinanceFrame } from '../exchanges/binance/binance-frames.js';
import { mapBinanceFrame } from '../exchanges/binance/binance-mappers.js';
import { parseBybitFrame } from '../exchanges/bybit/bybit-frames.js';
import { mapBybitFrame } from '../exchanges/bybit/bybit-mappers.js';
import { feedStatusOf } from '../exchanges/feed-status-of.js';
import { envOf } from '../exchanges/frame-normalizer.js';
import type { MapperContext } from '../exchanges/mapper-context.js';
import type { FeedEvent, MarketEvent } from '../model/index.js';
import type { VenueFeedFactory, VenueFeedOptions } from '../pipeline/venue-feed.js';
import type { CaptureLine } from './capture-line.js';

/**
 * A venue whose frames come from a capture instead of a socket: each captured frame goes through
 * the venue's own parser and mapper with its original `receivedTs` and `connectionId`, as the live
 * adapter would have (Binance overlap duplicates dropped likewise; invalid frames reported).
 * A `connected` status is emitted when a new connection id first appears. The feed never completes
 * by itself: the replay ends it by stopping the pipeline when the capture is exhausted.
 */
export function replayVenueFeed(frames$: Observable<CaptureLine>): VenueFeedFactory {
  return (options) =>
    new Observable<FeedEvent>((subscriber) => {
      const toEvents = frameMapper(options);
      const connections = new Set<string>();
      const subscription = frames$.subscribe((line) => {
        if (line.exchange !== options.exchange) return;
        if (!connections.has(line.connectionId)) {
          connections.add(line.connectionId);
          subscriber.next(feedStatusOf(options.exchange, 'connected', 'replayed capture', line.receivedTs, line.connectionId));
        }
        for (const event of toEvents(line)) subscriber.next(event);
      });
      return () => subscription.unsubscribe();
    });
}

function frameMapper(options: VenueFeedOptions): (line: CaptureLine) => readonly MarketEvent[] {
  const { exchange } = options;
  const partsOf = symbolPartsLookup({ coins: options.coins, quote: options.quote });
  const reportInvalid = invalidFrameReporter({ exchange, url: options.url, symbols: { coins: options.coins, quote: options.quote }, env: envOf(exchange), logger: options.logger, onInvalidFrame: options.onInvalidFrame });
  const context = (connectionId: string): MapperContext => ({ exchange, env: envOf(exchange), connectionId, partsOf });
  if (exchange === 'bybit') {
    return (line) => {
      const parsed = parseBybitFrame(line.frame);
      if (parsed.ok) return mapBybitFrame(parsed.frame, line.receivedTs, context(line.connectionId));
      reportInvalid(line.connectionId, line.frame, parsed.error, line.receivedTs);
      return [];
    };
  }
  const dedupe = new OverlapDeduplicator();
  return (line) => {
    const parsed = parseBinanceFrame(line.frame);
    if (parsed.ok) return mapBinanceFrame(parsed.frame, line.receivedTs, context(line.connectionId)).filter((event) => dedupe.isNew(event));
    reportInvalid(line.connectionId, line.frame, parsed.error, line.receivedTs);
    return [];
  };
}
