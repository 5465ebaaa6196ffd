import type { MarketEvent } from '../model/index.js';
import type { ExchangeId } from '../model/market-record.js';
import { frameDecoder } from './frame-decoder.js';
import type { ParseResult } from './parse-result.js';
import { protocolFor } from './protocol-registry.js';

/** Turns one raw text frame of a venue into normalized events, or the reason it was refused. */
export type FrameNormalizer = (text: string, receivedTs: number) => ParseResult<readonly MarketEvent[]>;

const NONE: readonly MarketEvent[] = [];

/** The venue's frame decoder on one pseudo-connection: control frames (acks, pongs, errors) give no events. */
export function createFrameNormalizer(exchange: ExchangeId, connectionId: string): FrameNormalizer {
  const decode = frameDecoder(protocolFor(exchange), { exchange });
  return (text, receivedTs) => {
    const decoded = decode(text, receivedTs, connectionId);
    if (decoded.kind === 'invalid') return { ok: false, error: decoded.error };
    return { ok: true, frame: decoded.kind === 'events' ? decoded.events : NONE };
  };
}
