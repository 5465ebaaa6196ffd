import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import type { SymbolParts } from './split-symbol.js';

/** What a mapper needs besides the frame: provenance stamped on every record. */
export interface MapperContext {
  readonly exchange: ExchangeId;
  readonly env: MarketEnv;
  /** The socket that delivered the frames. */
  readonly connectionId: string;
  /** Base and quote of a venue symbol; `undefined` makes the frame invalid. */
  readonly partsOf: (symbol: string) => SymbolParts | undefined;
  /**
   * Whether the socket follows a symbol now (one of the instruments it was last told), for a channel
   * that pushes more than the socket's own (OKX `liquidation-orders`, subscribed per instrument type):
   * each socket keeps its own, so that shards never publish one record twice. Absent (`normalize`, a
   * replay): every symbol.
   */
  readonly follows?: (symbol: string) => boolean;
}
