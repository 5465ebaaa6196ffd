import type { MarketEvent } from '../model/index.js';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import { parseBinanceFrame } from './binance/binance-frames.js';
import { mapBinanceFrame } from './binance/binance-mappers.js';
import { parseBybitFrame } from './bybit/bybit-frames.js';
import { mapBybitFrame } from './bybit/bybit-mappers.js';
import type { MapperContext } from './mapper-context.js';
import type { ParseResult } from './parse-result.js';
import { splitSymbol, type SymbolParts } from './split-symbol.js';

/** Turns one raw text frame of a venue into normalized events, or the reason it was refused. */
export type FrameNormalizer = (text: string, receivedTs: number) => ParseResult<readonly MarketEvent[]>;

/** The environment a venue's prices belong to: the Binance spot testnet is not a market. */
export function envOf(exchange: ExchangeId): MarketEnv {
  return exchange === 'binance_testnet' ? 'testnet' : 'prod';
}

/** Most distinct symbols whose split is remembered by one normalizer. */
const MAX_REMEMBERED_SYMBOLS = 10_000;

/** Parse-then-map for one venue, with symbols split by known quote assets (each split once). */
export function createFrameNormalizer(exchange: ExchangeId, connectionId: string): FrameNormalizer {
  const splits = new Map<string, SymbolParts | undefined>();
  const partsOf = (symbol: string): SymbolParts | undefined => {
    if (splits.has(symbol)) return splits.get(symbol);
    const parts = splitSymbol(symbol);
    if (splits.size < MAX_REMEMBERED_SYMBOLS) splits.set(symbol, parts);
    return parts;
  };
  const context: MapperContext = { exchange, env: envOf(exchange), connectionId, partsOf };
  if (exchange === 'bybit') {
    return (text, receivedTs) => {
      const parsed = parseBybitFrame(text);
      return parsed.ok ? { ok: true, frame: mapBybitFrame(parsed.frame, receivedTs, context) } : parsed;
    };
  }
  return (text, receivedTs) => {
    const parsed = parseBinanceFrame(text);
    return parsed.ok ? { ok: true, frame: mapBinanceFrame(parsed.frame, receivedTs, context) } : parsed;
  };
}
