import type { MarketEvent } from '../model/index.js';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import type { FeedSymbols } from './adapter-config.js';
import type { BookLoss, BookUpdate } from './book-update.js';
import type { MapperContext } from './mapper-context.js';
import type { SymbolParts } from './split-symbol.js';
import { symbolPartsLookup } from './symbol-parts-lookup.js';
import type { ControlFrame, VenueProtocol } from './venue-protocol.js';

/** Options for {@link frameDecoder}. */
export interface FrameDecoderConfig {
  /** The venue whose frames are decoded (stamped on every record). */
  readonly exchange: ExchangeId;
  /** Environment stamped on every record; default the protocol's `env(exchange)`. */
  readonly env?: MarketEnv;
  /** The configured instruments, split without guessing; default none (symbols split by known quotes). */
  readonly symbols?: FeedSymbols;
  /** Splits venue symbols instead of `symbols` (a feed whose instruments change: `SymbolDirectory`). */
  readonly partsOf?: (symbol: string) => SymbolParts | undefined;
  /** Whether the socket follows a symbol now (`MapperContext.follows`); absent: every symbol. */
  readonly follows?: (symbol: string) => boolean;
}

/**
 * One text frame after decoding: refused, a control frame for the connection, or market events; with
 * `sequence`, the frame's connection-wide number (`VenueProtocol.sequence`).
 */
export type DecodedFrame =
  /**
   * Refused, with the loss of each book it concerned (`BookPlan.refusedSymbols`: a frame of the book
   * channel, naming its symbols; none for other frames, or without a book plan): the book sync resyncs them.
   */
  | { readonly kind: 'invalid'; readonly error: string; readonly lost: readonly BookLoss[] }
  | { readonly kind: 'control'; readonly control: ControlFrame; readonly sequence?: number }
  /**
   * Market events, and the book updates of a depth frame (none unless the protocol has a book plan); with
   * `control`, a `closed` instrument's last frame, whose figures are published too (Deribit's last ticker at
   * expiry); with `refused`, why some of its entries were refused (`VenueProtocol.refusedEntries`), in one line.
   */
  | {
      readonly kind: 'events';
      readonly events: readonly MarketEvent[];
      readonly books: readonly BookUpdate[];
      readonly sequence?: number;
      readonly control?: ControlFrame;
      readonly refused?: string;
    };

/** Decodes one text frame received on `connectionId` at `receivedTs` (epoch ms). */
export type FrameDecoder = (text: string, receivedTs: number, connectionId: string) => DecodedFrame;

const NO_UPDATES: readonly BookUpdate[] = [];
const NO_LOSSES: readonly BookLoss[] = [];
const NO_ENTRIES: readonly string[] = [];

/**
 * Parse (a refusal is returned as such, with the losses of the books it concerned) -> classify control (a
 * `closed` instrument's last frame goes on, to publish its figures; refused, its control alone) -> the
 * protocol's `refuse` (a frame it cannot map, refused as the parser's are) -> map (and the book plan's updates),
 * for any protocol: the one path every frame takes, live (`venueFeed`), replayed (`replayVenueFeed`) or piped
 * (`market-feed normalize`). Symbol splits are remembered; the mapper context is reused while the socket stays the same.
 */
export function frameDecoder<F, S>(protocol: VenueProtocol<F, S>, config: FrameDecoderConfig): FrameDecoder {
  const { exchange } = config;
  const env = config.env ?? protocol.env(exchange);
  const partsOf = config.partsOf ?? symbolPartsLookup(config.symbols);
  const follows = config.follows === undefined ? {} : { follows: config.follows };
  let context: MapperContext = { exchange, env, connectionId: '', partsOf, ...follows };
  return (text, receivedTs, connectionId) => {
    const parsed = protocol.parse(text);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error, lost: lossesOf(protocol, text, parsed.error, receivedTs) };
    const sequence = protocol.sequence?.(parsed.frame);
    const control = protocol.control(parsed.frame);
    const closing = control?.kind === 'closed' ? { control } : {};
    if (control !== undefined && control.kind !== 'closed')
      return sequence === undefined ? { kind: 'control', control } : { kind: 'control', control, sequence };
    if (context.connectionId !== connectionId) context = { exchange, env, connectionId, partsOf, ...follows };
    const refusal = protocol.refuse?.(parsed.frame, context);
    if (refusal !== undefined && control !== undefined) return sequence === undefined ? { kind: 'control', control } : { kind: 'control', control, sequence };
    if (refusal !== undefined) return { kind: 'invalid', error: refusal, lost: lossesOf(protocol, text, refusal, receivedTs) };
    const books = protocol.book === undefined ? NO_UPDATES : protocol.book.updates(parsed.frame, receivedTs, context);
    const events = protocol.map(parsed.frame, receivedTs, context);
    const entries = protocol.refusedEntries?.(parsed.frame) ?? NO_ENTRIES;
    const refused = entries.length === 0 ? closing : { ...closing, refused: `${String(entries.length)} entries refused: ${entries.join('; ')}` };
    return sequence === undefined ? { kind: 'events', events, books, ...refused } : { kind: 'events', events, books, sequence, ...refused };
  };
}

/** The books a refused frame concerned, as losses (a peek at its raw text: refused frames only, never per delta). */
function lossesOf<F, S>(protocol: VenueProtocol<F, S>, text: string, error: string, receivedTs: number): readonly BookLoss[] {
  const symbols = protocol.book?.refusedSymbols(text) ?? [];
  return symbols.length === 0 ? NO_LOSSES : symbols.map((symbol) => ({ type: 'book_lost', symbol, error, receivedTs }));
}
