import { firstValueFrom, of, take, timer } from 'rxjs';
import type { CaptureLine } from '../src/capture/capture-line.js';
import type { VenueSymbol } from '../src/exchanges/adapter-config.js';
import { protocolFor } from '../src/exchanges/protocol-registry.js';
import { venueFeed } from '../src/exchanges/venue-feed.js';
import type { StreamSpec } from '../src/exchanges/venue-protocol.js';
import type { ExchangeId } from '../src/model/index.js';

/** What one recording socket follows: a venue's coins at one quote, either its books alone or its streams of one record kind. */
export interface FrameRecording {
  readonly venue: ExchangeId;
  readonly url: string;
  readonly coins: readonly string[];
  readonly quote: string;
  /** The venue's streams of this record kind; `order_book`: its book channel alone. */
  readonly record: StreamSpec['record'] | 'order_book';
  readonly ms: number;
  /** The instruments followed instead of `coins` at `quote` (a venue without a coin's symbol: Deribit's options, named by the venue's list). */
  readonly instruments?: readonly VenueSymbol[];
}

/** Every frame one socket of a venue receives for `ms`, as capture lines, from the subscribe on. */
export async function recordVenueFrames({ venue, url, coins, quote, record, ms, instruments }: FrameRecording): Promise<CaptureLine[]> {
  const books = record === 'order_book';
  const protocol = protocolFor(venue, books ? { options: {} } : undefined);
  const lines: CaptureLine[] = [];
  const feed = venueFeed(protocol, {
    exchange: venue,
    url,
    symbols: { coins, quote },
    ...(instruments === undefined ? {} : { instruments$: of(instruments) }),
    books,
    streams: books ? [] : protocol.streams.filter((stream) => stream.record === record),
    onFrame: ({ connectionId, text, receivedTs }) => void lines.push({ exchange: venue, connectionId, frame: text, receivedTs }),
  });
  const subscription = feed.subscribe({ error: (error: unknown) => process.stderr.write(`${venue} ${record}: ${String(error)}\n`) });
  await firstValueFrom(timer(ms).pipe(take(1)));
  subscription.unsubscribe();
  return lines;
}
