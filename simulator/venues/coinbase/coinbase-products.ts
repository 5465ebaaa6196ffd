import { scaledDecimal, trimmedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SymbolState } from '../../simulated-market.js';
import { coinbaseDecimal } from './coinbase-frames.js';

/** Display names of the currencies the recorded list names (`base_name`, `quote_name`); others are named by their id. */
const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum',
  SOL: 'Solana',
  USD: 'US Dollar',
  USDC: 'USDC',
  USDT: 'Tether',
  EUR: 'Euro',
  GBP: 'British Pound',
};

/** A step `10^-decimals` as Coinbase writes increments (`"0.01"`, `"0.00000001"`, `"1"`). */
export function coinbaseIncrement(decimals: number): string {
  return trimmedDecimal(scaledDecimal(1, Math.max(0, decimals)));
}

/** How a product relates to its USD/USDC twin (memo §7): a `-USDC` product names its `-USD` twin in `alias`, the `-USD` one lists it in `alias_to`. */
export interface ProductAliases {
  readonly alias: string;
  readonly aliasTo: readonly string[];
}

/** The aliases of each product among `listed` (every product id the venue ever listed). */
export function productAliases(productId: string, listed: ReadonlySet<string>): ProductAliases {
  const [base, quote] = productId.split('-');
  if (quote === 'USDC' && listed.has(`${base}-USD`)) return { alias: `${base}-USD`, aliasTo: [] };
  if (quote === 'USD' && listed.has(`${base}-USDC`)) return { alias: '', aliasTo: [`${base}-USDC`] };
  return { alias: '', aliasTo: [] };
}

/** The venue's words for a listing's status: `online`; a halted one `offline` (the simulator's choice: the recorded list has none); `delisted`. */
function productStatus(status: SimListing['status']): string {
  if (status === 'trading') return 'online';
  return status === 'delisted' ? 'delisted' : 'offline';
}

/**
 * One product of `GET /api/v3/brokerage/market/products`, every field of the recorded answer in its
 * order (CF-CAP, memo §6; `__fixtures__/coinbase-products.json`): `price_increment` and
 * `quote_increment` the tick, `base_increment` and `base_min_size` the lot step, 24 h figures from
 * the market (percent change in percent). A delisted product stays listed with `trading_disabled`
 * and empty figures, as the recorded delisted ones are.
 */
export function coinbaseProduct(listing: SimListing, state: SymbolState | undefined, aliases: ProductAliases): Record<string, unknown> {
  const [idBase = listing.base, idQuote = ''] = listing.symbol.split('-');
  const base = listing.base === '' ? idBase : listing.base;
  const quote = listing.quote === '' ? idQuote : listing.quote;
  const d = listing.priceDecimals;
  const live = listing.status !== 'delisted' && state !== undefined;
  const figure = (value: () => string): string => (live ? value() : '');
  const last = state?.last ?? 0;
  const open = state?.open ?? 0;
  const tick = coinbaseIncrement(d);
  const lot = coinbaseIncrement(listing.sizeDecimals);
  return {
    product_id: listing.symbol,
    price: state === undefined ? '' : coinbaseDecimal(last, d),
    price_percentage_change_24h: figure(() => trimmedDecimal((open === 0 ? 0 : ((last - open) / open) * 100).toFixed(14)).replace(/^-0$/, '0')),
    volume_24h: figure(() => coinbaseDecimal(state?.volume ?? 0, Math.max(listing.sizeDecimals, 0))),
    volume_percentage_change_24h: figure(() => '0'),
    base_increment: lot,
    quote_increment: tick,
    quote_min_size: '1',
    quote_max_size: '10000000',
    base_min_size: lot,
    base_max_size: String(Math.max(1, Math.round(100_000_000 / Math.max(last, 1e-9)))),
    base_name: CURRENCY_NAMES[base] ?? base,
    quote_name: CURRENCY_NAMES[quote] ?? quote,
    watched: false,
    is_disabled: false,
    new: false,
    status: productStatus(listing.status),
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: listing.status !== 'trading',
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: quote,
    base_currency_id: base,
    fcm_trading_session_details: null,
    mid_market_price: '',
    alias: aliases.alias,
    alias_to: aliases.aliasTo,
    base_display_symbol: base,
    quote_display_symbol: aliases.alias === '' ? quote : 'USD',
    view_only: false,
    price_increment: tick,
    display_name: listing.symbol,
    product_venue: 'CBE',
    approximate_quote_24h_volume: figure(() => coinbaseDecimal(state?.turnover ?? 0, 2)),
    new_at: '2023-01-01T00:00:00Z',
    market_cap: '',
    base_cbrn: '',
    quote_cbrn: '',
    product_cbrn: '',
    icon_color: '',
    icon_url: '',
    display_name_overwrite: '',
    is_alpha_testing: false,
    about_description: '',
    best_bid_price: '',
    best_ask_price: '',
    high_24h: figure(() => coinbaseDecimal(state?.high ?? 0, d)),
    low_24h: figure(() => coinbaseDecimal(state?.low ?? 0, d)),
  };
}
