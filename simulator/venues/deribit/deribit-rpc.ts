/**
 * Deribit's JSON-RPC 2.0 framing (docs.deribit.com "JSON-RPC"): a request `{"jsonrpc":"2.0","id":N,
 * "method":..,"params":{..}}`; an answer `{"jsonrpc":"2.0","id":N,"result":..,"usIn":..,"usOut":..,
 * "usDiff":..,"testnet":false}` (as `deribit-subscribe-ack.ndjson`) or with `error: {code, message,
 * data?}` (docs.deribit.com `articles/errors`); a notification `{"jsonrpc":"2.0","method":
 * "subscription","params":{"channel":..,"data":..}}`.
 */
export interface DeribitRequest {
  readonly id: number | string | null;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Error codes and messages of docs.deribit.com `articles/errors` that the simulator answers with. */
export const DERIBIT_ERRORS = {
  parse: { code: -32700, message: 'Parse error' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  tooLarge: { code: -32600, message: 'request entity too large' },
  tooManyRequests: { code: 10028, message: 'too_many_requests' },
  badRequest: { code: 11050, message: 'bad_request' },
  invalidCredentials: { code: 13004, message: 'invalid_credentials' },
  rawUnauthorized: { code: 13778, message: 'raw_subscriptions_not_available_for_unauthorized' },
  invalidInstrument: { code: 10020, message: 'invalid_or_unsupported_instrument' },
} as const;
export type DeribitError = (typeof DERIBIT_ERRORS)[keyof typeof DERIBIT_ERRORS];

/** The microsecond stamps of an answer: `usIn`, `usOut` (as text, as recorded) and `usDiff`. */
function stamps(now: number): Record<string, unknown> {
  const us = now * 1000;
  return { usIn: String(us), usOut: String(us + 150), usDiff: 150, testnet: false };
}

export function resultReply(id: DeribitRequest['id'], result: unknown, now: number): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result, ...stamps(now) });
}

/** An error answer; `id` undefined leaves it out (a REST answer has none). */
export function errorReply(id: DeribitRequest['id'] | undefined, error: DeribitError, now: number, data?: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error: { ...error, ...(data === undefined ? {} : { data }) }, ...stamps(now) });
}

export function notification(channel: string, data: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { channel, data } });
}

/** A text frame read as a request, or the error to answer (`Parse error` for what is not JSON, `Invalid params` for a request without a method or with params that are not an object). */
export function parseDeribitRequest(
  text: string,
): { readonly ok: true; readonly request: DeribitRequest } | { readonly ok: false; readonly id: DeribitRequest['id']; readonly error: DeribitError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: DERIBIT_ERRORS.parse };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, id: null, error: DERIBIT_ERRORS.parse };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'number' || typeof record.id === 'string' ? record.id : null;
  if (typeof record.method !== 'string') return { ok: false, id, error: DERIBIT_ERRORS.invalidParams };
  const params = record.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return { ok: false, id, error: DERIBIT_ERRORS.invalidParams };
  return { ok: true, request: { id, method: record.method.replace(/^\/?(?:api\/v2\/)?/, ''), params: params as Record<string, unknown> } };
}

/** A list of strings, or undefined. */
export function stringList(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}
