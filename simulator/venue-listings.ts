import { ControlRefusal } from './control-refusal.js';
import type { ListingStatus, SimListing } from './sim-listing.js';
import type { SimVenue } from './sim-venue.js';
import { perpetualSymbols } from './perpetual/perpetual-symbols.js';

/** A listing as the control API shows it: the instrument, its status, its tick size (its own, the smallest of its steps) and lot step. */
export interface ListingAnswer extends SimListing {
  readonly tickSize: string;
  readonly lotStep: string;
}

const answer = (listing: SimListing): ListingAnswer => ({
  ...listing,
  tickSize: (listing.priceTick?.size ?? 10 ** -listing.priceDecimals).toFixed(listing.priceDecimals),
  lotStep: (10 ** -listing.sizeDecimals).toFixed(listing.sizeDecimals),
});

/** The venue's listing of `symbol`; 404 when it never listed it. */
function known(venue: SimVenue, symbol: string): SimListing {
  const listing = venue.config.market.listing(symbol);
  if (listing === undefined) throw new ControlRefusal(404, { error: `${venue.config.name} has no symbol '${symbol}'`, parameter: 'symbol' });
  return listing;
}

/**
 * Lists `base``quote` on the venue now: the universe's instrument (the same figures as on the other
 * venue) or one defined from the name, at `price` and `tradesPerSecond` if given. A delisted symbol
 * is listed again. 400 when it is listed already.
 */
export function listInstrument(
  venue: SimVenue,
  base: string,
  quote: string | undefined,
  options: { readonly price?: number; readonly tradesPerSecond?: number },
): ListingAnswer {
  const { market, universe, name, symbolOf } = venue.config;
  const chosen = quote ?? universe?.quotes[0] ?? 'USDT';
  const symbol = symbolOf(base, chosen);
  const existing = market.listing(symbol);
  if (existing !== undefined && existing.status !== 'delisted')
    throw new ControlRefusal(400, { error: `${name} lists '${symbol}' already (${existing.status})`, parameter: 'base' });
  const instrument = universe?.define(base, chosen, options) ?? { coin: base, quote: chosen, ...options };
  // A perpetual venue lists it as a contract: lots sized as its other contracts are.
  const entry = { ...instrument, symbol };
  return answer(market.list(venue.config.perpetual === undefined ? entry : (perpetualSymbols([entry])[0] ?? entry)));
}

/** Delists `symbol`: its streams go silent, Bybit refuses new subscriptions to it, Binance shows it as BREAK. */
export function delistInstrument(venue: SimVenue, symbol: string): ListingAnswer {
  const listing = known(venue, symbol);
  if (listing.status === 'delisted') throw new ControlRefusal(400, { error: `'${symbol}' is delisted already`, parameter: 'symbol' });
  return setStatus(venue, symbol, 'delisted');
}

/** Halts trading of `symbol` (`halted`: Binance HALT; `break`: Binance BREAK); its streams go silent. */
export function haltInstrument(venue: SimVenue, symbol: string, status: 'halted' | 'break'): ListingAnswer {
  const listing = known(venue, symbol);
  if (listing.status === 'delisted') throw new ControlRefusal(400, { error: `'${symbol}' is delisted: list it again instead`, parameter: 'symbol' });
  return setStatus(venue, symbol, status);
}

/** Resumes trading of a halted `symbol`. */
export function resumeInstrument(venue: SimVenue, symbol: string): ListingAnswer {
  const listing = known(venue, symbol);
  if (listing.status === 'delisted') throw new ControlRefusal(400, { error: `'${symbol}' is delisted: list it again instead`, parameter: 'symbol' });
  return setStatus(venue, symbol, 'trading');
}

/** Every listing of the venue, delisted ones included. */
export function venueListings(venue: SimVenue): readonly ListingAnswer[] {
  return venue.config.market.listings().map(answer);
}

function setStatus(venue: SimVenue, symbol: string, status: ListingStatus): ListingAnswer {
  venue.config.market.setStatus(symbol, status);
  return answer(known(venue, symbol));
}
