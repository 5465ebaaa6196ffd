import { readFileSync } from 'node:fs';
import { RECORDED_FRAMES, frameLines } from '../../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../../mapper-context.js';
import { splitSymbol, type SymbolParts } from '../../split-symbol.js';
import { parseOkxFrame, type OkxFrame } from '../okx-frames.js';

/** The recorded lines of one `test/fixtures/exchange-frames/okx-*.ndjson` file, in order. */
export function okxLines(file: string): readonly string[] {
  return frameLines(RECORDED_FRAMES, (name) => name === file).map(({ text }) => text);
}

/** Line `n` (1-based) of a recorded file. */
export function okxLine(file: string, n: number): string {
  const line = okxLines(file)[n - 1];
  if (line === undefined) throw new Error(`${file} has no line ${n}`);
  return line;
}

/** A text frame parsed, or the test fails. */
export function okxParsed(text: string): OkxFrame {
  const parsed = parseOkxFrame(text);
  if (!parsed.ok) throw new Error(`refused: ${parsed.error}`);
  return parsed.frame;
}

/** An answer of `__fixtures__/`, parsed. */
export function okxRestExample(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as unknown;
}

/**
 * Contract values of the swaps the specs follow, from the recorded SWAP instruments answer of
 * 2022-05-13 (`okx-instruments-swap.json`: BTC-USDT-SWAP 0.01 BTC, WNCG-USDT-SWAP 1 WNCG, REN-USDT-SWAP 10 REN) and, for
 * BTC-USDC-SWAP, the 2023 ticker that shows it (okx-swap-tickers.ndjson line 1: 0.0001 BTC).
 */
export const CONTRACT_VALUES: Readonly<Record<string, number>> = {
  'BTC-USDT-SWAP': 0.01,
  'BTC-USDC-SWAP': 0.0001,
  'WNCG-USDT-SWAP': 1,
  'REN-USDT-SWAP': 10,
};

/**
 * A swap's parts as the live feed's directory gives them for the swaps it was told (those of
 * `CONTRACT_VALUES`): base, quote, its `-PERP` key and its contract value; `undefined` for any other.
 * With `contractValues: false`, the parts of any `BASE-QUOTE-SWAP` without a contract value, as a
 * directory that was never told it (`normalize` without the list).
 */
export function swapPartsOf(symbol: string, contractValues = true): SymbolParts | undefined {
  const [, coin, quote] = /^([A-Z0-9]+)-([A-Z0-9]+)-SWAP$/.exec(symbol) ?? [];
  if (coin === undefined || quote === undefined) return undefined;
  const parts = { coin, quote, instrument: `${coin}-${quote}-PERP` };
  if (!contractValues) return parts;
  const contractValue = CONTRACT_VALUES[symbol];
  return contractValue === undefined ? undefined : { ...parts, contractValue };
}

export const SPOT_CONTEXT: MapperContext = { exchange: 'okx', env: 'prod', connectionId: 'okx-1', partsOf: (symbol) => splitSymbol(symbol) };
export const SWAP_CONTEXT: MapperContext = { exchange: 'okx_swap', env: 'prod', connectionId: 'okx-swap-1', partsOf: (symbol) => swapPartsOf(symbol) };

/** The swap context of a feed that knows no contract value (`normalize` without the instrument list). */
export const SWAP_CONTEXT_WITHOUT_CONTRACT_VALUES: MapperContext = { ...SWAP_CONTEXT, partsOf: (symbol) => swapPartsOf(symbol, false) };
