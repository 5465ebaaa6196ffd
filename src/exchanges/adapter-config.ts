import type { Observable } from 'rxjs';
import type { SocketBarriers } from './connection/socket-barriers.js';
import type { IngestGate } from './ingest-gate.js';
import type { Logger } from 'pino';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';

/** The instruments of a feed: base assets, all quoted in one asset. */
export interface FeedSymbols {
  /** Base assets, e.g. `['BTC', 'ETH']`. */
  readonly coins: readonly string[];
  /** Quote asset, e.g. `USDT`. */
  readonly quote: string;
}

/** One instrument as a venue lists it: the venue's symbol, its base and quote there, and the instrument it serves when that differs. */
export interface VenueSymbol {
  /** e.g. `BTCUSDT`. */
  readonly symbol: string;
  readonly coin: string;
  readonly quote: string;
  /** The instrument (`BTC-USDT`) the listing serves when its own base-quote is not it (a listing at an equivalent quote, `BTC-USD`); absent: `coin-quote`. */
  readonly instrument?: string;
  /** Whether its order book is followed (its depth channel subscribed when the feed follows books). Default: as the feed. */
  readonly book?: boolean;
  /** What one contract is worth where the venue sizes in contracts (`VenueListing.contractValue`: base asset for OKX swaps, USD for COIN-M); absent: sizes are in the base asset. */
  readonly contractValue?: number;
}

/** Waits for the venue's connection budget before each socket is opened (see `ConnectionBudget`). */
export interface OpenPacer {
  /** Emits once (then completes) when a socket may be opened; unsubscribing gives the turn up. */
  turn(): Observable<void>;
}

/** Named parameters every venue feed takes. */
export interface AdapterConfig {
  readonly exchange: ExchangeId;
  /** WebSocket endpoint; tests point it at the simulator. */
  readonly url: string;
  readonly symbols: FeedSymbols;
  /**
   * The instruments to subscribe, when they change while the feed runs (a connection shard's):
   * emits the current list on subscribe, then each new list; the open socket subscribes what was
   * added and unsubscribes what was removed. Absent: `symbols`, fixed.
   */
  readonly instruments$?: Observable<readonly VenueSymbol[]>;
  /** Waited on before each socket is opened (the venue's connection-attempt limit); default none. */
  readonly openPacer?: OpenPacer;
  /** `testnet` for venues whose prices are not market prices; default the protocol's `env(exchange)`. */
  readonly env?: MarketEnv;
  readonly logger?: Logger;
  /** Local time source, epoch ms, for `receivedTs` and status `ts`; default the scheduler's `now()` (`Date.now` on `asyncScheduler`). */
  readonly clock?: () => number;
  /** Largest accepted message, bytes; default 1 MiB. */
  readonly maxPayload?: number;
  /** Accept a venue certificate that does not verify; default false. */
  readonly allowUnverifiedTls?: boolean;
  /** Told about every received text frame, before parsing (for `market-feed record`). */
  readonly onFrame?: (frame: ReceivedFrame) => void;
  /** Pauses reading the venue's sockets while the pipeline is behind its sink. */
  readonly ingestGate?: IngestGate;
  /** Where each socket open says how to ask it for a barrier (a cluster's giver, before it stops serving a shard). */
  readonly barriers?: SocketBarriers;
}

/** One text frame as a venue sent it, with the socket and the local receive time. */
export interface ReceivedFrame {
  readonly connectionId: string;
  readonly text: string;
  readonly receivedTs: number;
}

/** The socket options an adapter passes on from its config. */
export function socketOptionsOf(config: AdapterConfig): { readonly maxPayload?: number; readonly allowUnverifiedTls?: boolean; readonly gate?: IngestGate } {
  return {
    ...(config.ingestGate === undefined ? {} : { gate: config.ingestGate }),
    ...(config.maxPayload === undefined ? {} : { maxPayload: config.maxPayload }),
    ...(config.allowUnverifiedTls === undefined ? {} : { allowUnverifiedTls: config.allowUnverifiedTls }),
  };
}
