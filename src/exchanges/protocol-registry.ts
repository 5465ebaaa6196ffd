import type { ExchangeId } from '../model/market-record.js';
import type { BinanceFrame } from './binance/binance-frames.js';
import { binanceProtocol } from './binance/binance-protocol.js';
import type { BookPlan } from './book-sync.js';
import type { BybitBookDepth } from './bybit/bybit-book-plan.js';
import { bybitProtocolWith } from './bybit/bybit-protocol.js';
import type { VenueProtocol } from './venue-protocol.js';
import { VENUES } from './venues.js';

/** The protocol of every venue, from its definition. */
const PROTOCOLS: Readonly<Record<ExchangeId, VenueProtocol>> = Object.fromEntries(Object.entries(VENUES).map(([id, venue]) => [id, venue.protocol])) as Record<
  ExchangeId,
  VenueProtocol
>;

/** Choices a venue's protocol takes from the configuration. */
export interface ProtocolSettings {
  /** Levels per side of Bybit's depth topic (`orderbook.{depth}`); default 50. */
  readonly bybitBookDepth?: BybitBookDepth;
  /**
   * The Binance family's book plan (`binanceBookPlan`), created once per process: it holds each
   * venue's REST weight pacer, shared by that venue's connections. Absent: no Binance books.
   */
  readonly binanceBook?: BookPlan<BinanceFrame>;
}

/** Whether a venue speaks Binance's protocol (the Binance family: its book plan, REST weights and history by id). */
export function speaksBinance(exchange: ExchangeId): boolean {
  return PROTOCOLS[exchange] === binanceProtocol;
}

/** The protocol that speaks to a venue. */
export function protocolFor(exchange: ExchangeId, settings: ProtocolSettings = {}): VenueProtocol {
  if (exchange === 'bybit' && settings.bybitBookDepth !== undefined) return bybitProtocolWith({ bookDepth: settings.bybitBookDepth });
  // The Binance family's book plan goes to the venues that speak Binance's protocol, no other.
  if (speaksBinance(exchange) && settings.binanceBook !== undefined) return { ...binanceProtocol, book: settings.binanceBook };
  return PROTOCOLS[exchange];
}
