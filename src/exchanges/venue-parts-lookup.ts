import { instrumentKey, listingKey, type VenueListing } from '../model/instrument.js';
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
    return parts === undefined ? undefined : { ...parts, instrument: parts.instrument ?? instrumentKey(parts.coin, parts.quote, market) };
  });
}

/**
 * A venue's symbols split as its own list says (`normalize --listings`: the venue's instrument list as
 * its REST answered it), each with the instrument it is published under and its contract value where
 * the venue sizes in contracts (OKX swaps); symbols the list does not name as `venuePartsLookup` splits them.
 */
export function listedPartsLookup(exchange: ExchangeId, listings: readonly VenueListing[]): (symbol: string) => SymbolParts | undefined {
  const { market } = VENUES[exchange];
  const listed = new Map<string, SymbolParts>();
  for (const listing of listings) {
    const { symbol, base, quote, contractValue } = listing;
    const instrument = market === 'spot' ? {} : { instrument: listingKey(listing, market) };
    listed.set(symbol.toUpperCase(), { coin: base, quote, ...instrument, ...(contractValue === undefined ? {} : { contractValue }) });
  }
  const unlisted = venuePartsLookup(exchange);
  return (symbol) => listed.get(symbol.toUpperCase()) ?? unlisted(symbol);
}
