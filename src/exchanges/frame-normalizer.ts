import type { MarketEvent } from '../model/index.js';
import type { ExchangeId, MarketEnv } from '../model/market-record.js';
import { parseBinanceFrame } from './binance/binance-frames.js';
import { mapBinanceFrame } from './binance/binance-mappers.js';
import { parseBybitFrame } from './bybit/bybit-frames.js';
import { mapBybitFrame } from './bybit/bybit-mappers.js';
import type { MapperContext } from './mapper-context.js';
import type { ParseResult } from './parse-result.js';
import { splitSymbol } from './split-symbol.js';

/** Turns one raw text frame of a venue into normalized events, or the reason it was refused. */
export type FrameNormalizer = (text: string, receivedTs: number) => ParseResult<readonly MarketEvent[]>;

/** The environment a venue's prices belong to: the Binance spot testnet is not a market. */
export function envOf(exchange: ExchangeId): MarketEnv {
  return exchange === 'binance_testnet' ? 'testnet' : 'prod';
}

/** Parse-then-map for one venue, with symbols split by known quote assets. */
export function createFrameNormalizer(exchange: ExchangeId, connectionId: string): FrameNormalizer {
  const context: MapperContext = { exchange, env: envOf(exchange), connectionId, partsOf: (s) => splitSymbol(s) };
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
