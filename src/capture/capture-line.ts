import { EXCHANGE_IDS, type EpochMillis, type ExchangeId } from '../model/market-record.js';

/**
 * One line of a capture file (gzip NDJSON): a raw text frame exactly as the venue sent it, with
 * the venue, the socket that delivered it and the local receive time.
 */
export interface CaptureLine {
  /** Local receive time of the frame, epoch ms; replays keep it as the records' `receivedTs`. */
  readonly receivedTs: EpochMillis;
  readonly exchange: ExchangeId;
  /** The socket that delivered the frame (a reconnect starts a new one). */
  readonly connectionId: string;
  /** The server-to-client text frame, unparsed. */
  readonly frame: string;
}

/** The JSON text of a capture line (without the newline). */
export function formatCaptureLine(line: CaptureLine): string {
  return JSON.stringify({ receivedTs: line.receivedTs, exchange: line.exchange, connectionId: line.connectionId, frame: line.frame });
}

/** Parses one line of a capture file, or says why it is not one. */
export function parseCaptureLine(text: string): { readonly ok: true; readonly line: CaptureLine } | { readonly ok: false; readonly error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'not an object' };
  const v = value as Record<string, unknown>;
  const { receivedTs, exchange, connectionId, frame } = v;
  if (typeof receivedTs !== 'number' || !Number.isSafeInteger(receivedTs)) return { ok: false, error: 'receivedTs: not epoch ms' };
  if (typeof exchange !== 'string' || !(EXCHANGE_IDS as readonly string[]).includes(exchange)) return { ok: false, error: 'exchange: unknown venue' };
  if (typeof connectionId !== 'string') return { ok: false, error: 'connectionId: not a string' };
  if (typeof frame !== 'string') return { ok: false, error: 'frame: not a string' };
  return { ok: true, line: { receivedTs, exchange: exchange as ExchangeId, connectionId, frame } };
}

/**
 * The path of the `index`-th file of a rotated capture: `out` itself first, then
 * `capture.1.ndjson.gz`, `capture.2.ndjson.gz` ... (or `out.1`, `out.2` without that suffix).
 */
export function capturePartPath(out: string, index: number): string {
  if (index === 0) return out;
  const suffix = '.ndjson.gz';
  return out.endsWith(suffix) ? `${out.slice(0, -suffix.length)}.${index}${suffix}` : `${out}.${index}`;
}
