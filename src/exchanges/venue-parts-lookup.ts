import { instrumentKey } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { FeedSymbols } from './adapter-config.js';
import { splitSymbol, type SymbolParts } from './split-symbol.js';
import { symbolPartsLookup } from './symbol-parts-lookup.js';
import { VENUES } from './venues.js';

/**
 * A venue's symbols split where no list of its instruments is at hand (`normalize`, a replay): the
 * configured ones first, the rest by the venue's own rule (`splitUnlisted`) or by known quotes; a
 * perpetual venue's records name their instrument, as live (`BTC-USDT-PERP`).
 */
export function venuePartsLookup(exchange: ExchangeId, symbols?: FeedSymbols): (symbol: string) => SymbolParts | undefined {
  const { market, splitUnlisted = splitSymbol } = VENUES[exchange];
  if (market === 'spot') return symbolPartsLookup(symbols, splitUnlisted);
  const configured = symbolPartsLookup(symbols, splitUnlisted);
  return symbolPartsLookup(undefined, (symbol) => {
    const parts = configured(symbol);
    return parts === undefined ? undefined : { ...parts, instrument: instrumentKey(parts.coin, parts.quote, market) };
  });
}
