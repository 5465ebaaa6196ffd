import type { SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** Kraken's own asset names where they differ from the common ones (ccxt `commonCurrencies`: XBT -> BTC, XDG -> DOGE). */
const KRAKEN_ASSETS: Readonly<Record<string, string>> = { BTC: 'XBT', DOGE: 'XDG' };

/**
 * Kraken's legacy asset ids, X- and Z-prefixed, of the oldest assets (AssetPairs example: `XXBT`,
 * `XETH`, `ZUSD`; Kraken.Net#126: `ZEUR`, `ZUSD`; cryptofeed's map: `ZCAD`, `ZGBP`, `ZJPY`); other
 * assets go by their name.
 */
const LEGACY_ASSET_IDS: Readonly<Record<string, string>> = {
  XBT: 'XXBT',
  ETH: 'XETH',
  LTC: 'XLTC',
  XRP: 'XXRP',
  XDG: 'XXDG',
  USD: 'ZUSD',
  EUR: 'ZEUR',
  GBP: 'ZGBP',
  JPY: 'ZJPY',
  CAD: 'ZCAD',
};

/** How Kraken's REST names a pair. */
export interface KrakenPairNames {
  /** The key of the pair in every REST answer; here the altname (`XBTUSD`): the legacy `XXBTZUSD` keys are not simulated. */
  readonly key: string;
  readonly altname: string;
  /** The v1 WebSocket name (`XBT/USD`, `XDG/USDT`), as AssetPairs still writes it. */
  readonly wsname: string;
  /** Asset ids (`XXBT`, `ZUSD`, `SOL`). */
  readonly base: string;
  readonly quote: string;
}

/** The REST names of a listing whose symbol is its Kraken v2 name (`BTC/USD`). */
export function krakenPairNames(listing: Pick<SimListing, 'symbol' | 'base' | 'quote'>): KrakenPairNames {
  const [base = listing.base, quote = listing.quote] = listing.symbol.split('/');
  const asset = (name: string) => KRAKEN_ASSETS[name] ?? name;
  const altname = asset(base) + asset(quote);
  const id = (name: string) => LEGACY_ASSET_IDS[asset(name)] ?? asset(name);
  return { key: altname, altname, wsname: `${asset(base)}/${asset(quote)}`, base: id(base), quote: id(quote) };
}

/**
 * The listed pairs (delisted ones are gone from Kraken's lists) by every name a `pair` parameter
 * may use: the key and the altname everywhere; the v2 name (`BTC/USD`) only where `withV2` is set
 * (AssetPairs, whose documented example asks `pair=BTC/USD,ETH/BTC`; Ticker and Trades with it are
 * unconfirmed, so refused). Rebuilt when the market's listings change.
 */
export class KrakenPairIndex {
  private version = -1;
  private byName = new Map<string, SimListing>();
  private byV2Name = new Map<string, SimListing>();

  constructor(private readonly market: SimulatedMarket) {}

  /** The listed pairs, in listing order. */
  listed(): SimListing[] {
    this.sync();
    return [...this.byV2Name.values()];
  }

  find(name: string, withV2 = false): SimListing | undefined {
    this.sync();
    return this.byName.get(name) ?? (withV2 ? this.byV2Name.get(name) : undefined);
  }

  private sync(): void {
    if (this.version === this.market.version) return;
    this.version = this.market.version;
    const listed = this.market.listings().filter((l) => l.status !== 'delisted');
    this.byV2Name = new Map(listed.map((l) => [l.symbol, l]));
    this.byName = new Map(listed.map((l) => [krakenPairNames(l).key, l]));
  }
}
