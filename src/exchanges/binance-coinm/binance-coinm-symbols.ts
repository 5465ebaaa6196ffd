import { expiryDay, inverseFutureKey } from '../../model/instrument.js';
import type { SymbolParts } from '../split-symbol.js';

const SYMBOL = /^([A-Z0-9]+)USD_(PERP|\d{6})$/;

/**
 * A COIN-M symbol's parts without its list (`normalize`, a replay): `BTCUSD_PERP` is BTC at USD (keyed
 * `BTC-USD-INV-PERP` by its market), `BTCUSD_261226` the dated contract delivered on 2026-12-26, keyed
 * `BTC-USD-INV-20261226`. No contract size: without the list a COIN-M frame's contracts cannot be told in
 * the coin, and its sized frames are refused.
 */
export function splitBinanceCoinmSymbol(symbol: string): SymbolParts | undefined {
  const match = SYMBOL.exec(symbol.toUpperCase());
  if (match === null) return undefined;
  const [, coin = '', suffix = ''] = match;
  if (suffix === 'PERP') return { coin, quote: 'USD' };
  const expiryTs = Date.UTC(2000 + Number(suffix.slice(0, 2)), Number(suffix.slice(2, 4)) - 1, Number(suffix.slice(4, 6)), 8);
  if (Number.isNaN(expiryTs) || expiryDay(expiryTs) !== `20${suffix}`) return undefined;
  return { coin, quote: 'USD', instrument: inverseFutureKey(coin, 'USD', expiryTs) };
}
