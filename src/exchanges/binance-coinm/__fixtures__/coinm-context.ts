import { readFileSync } from 'node:fs';
import type { MapperContext } from '../../mapper-context.js';
import type { SymbolParts } from '../../split-symbol.js';
import { splitBinanceCoinmSymbol } from '../binance-coinm-symbols.js';

/** The receive time the specs stamp. */
export const RECEIVED = 1_800_000_000_000;

/**
 * Contract sizes of the recorded symbols as COIN-M lists them (`contractSize`: 100 USD for BTC, 10 USD
 * for every other coin; the recorded exchangeInfo of the 2021-07-22 capture, SOURCES-venues-2026.md).
 */
export const contractSizeOfCoin = (coin: string): number => (coin === 'BTC' ? 100 : 10);

/** A symbol's parts as the live feed knows them from the list: split, with its contract size. */
export function listedParts(symbol: string): SymbolParts | undefined {
  const parts = splitBinanceCoinmSymbol(symbol);
  return parts === undefined ? undefined : { ...parts, contractValue: contractSizeOfCoin(parts.coin) };
}

/** A COIN-M feed's mapper context, each symbol's contract size known; `unlisted` gives none (its list unread). */
export function coinmContext(unlisted = false): MapperContext {
  return {
    exchange: 'binance_coinm',
    env: 'prod',
    connectionId: 'coinm-1',
    partsOf: (symbol) => (unlisted ? splitBinanceCoinmSymbol(symbol) : listedParts(symbol)),
  };
}

/** The non-empty lines of a recorded frame file of `test/fixtures/exchange-frames/` (see its SOURCES.md). */
export function recordedLines(name: string): string[] {
  return readFileSync(new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A documented example of this folder's `__fixtures__/` (see its README), parsed. */
export function documented(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as unknown;
}

/** The non-empty lines of a recorded run kept in this folder (see its README). */
export function runLines(name: string): string[] {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
