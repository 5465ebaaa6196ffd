import { decimal, flag, integer, matching, oneOf, text, type ControlParam, type IntegerRange } from './control-params.js';
import { ControlRefusal } from './control-refusal.js';
import { GARBAGE_KINDS } from './garbage-frames.js';
import { DEFAULT_LIST_FAULT_DELAY_MS, LIST_FAULT_KINDS } from './list-faults.js';
import type { SimulatorControl } from './simulator-control.js';
import type { SimVenueName } from './sim-venues.js';

type Params = Readonly<Record<string, ControlParam<unknown>>>;
type Values<P extends Params> = { readonly [K in keyof P]: P[K] extends ControlParam<infer T> ? T : never };

/** One action of the control API: its HTTP method, its query parameters, and what it does. */
export interface ControlAction<P extends Params = Params> {
  readonly method: 'GET' | 'POST';
  readonly params: P;
  /** Runs the action with validated parameters; the result is the JSON answer. */
  run(control: SimulatorControl, venue: SimVenueName, values: Values<P>): unknown;
}

const action = <P extends Params>(spec: ControlAction<P>): ControlAction => spec;

/** The answer of an action that only has an effect. */
const done = (effect: () => void): { readonly ok: true } => {
  effect();
  return { ok: true };
};

/** Asset and symbol names of the listing actions. */
const ASSET = /^[A-Z0-9]{1,20}$/;
const ASSET_TEXT = 'upper-case letters and digits, 1 to 20';
const SYMBOL =
  /^(?=.{2,40}$)(?:k?[A-Z0-9]+(?:[-/_][A-Z0-9]+(?:-SWAP)?)?|[A-Z0-9]+(?:_USDC)?-\d{1,2}[A-Z]{3}\d{2}-\d+(?:d\d+)?-[CP]|[A-Z0-9]+-[A-Z0-9]+-\d{6}-\d+(?:\.\d+)?-[CP])$/;
const SYMBOL_TEXT =
  'a symbol: upper-case letters and digits, 2 to 40, with one - or / between base and quote on Coinbase (BTC-USD) and Kraken (BTC/USD), one _ on Gate (BTC_USDT), a -SWAP after them on OKX swaps (BTC-USDT-SWAP), a k before a coin counted in thousands on Hyperliquid (kPEPE), or an option as Deribit names it (BTC-27NOV26-90000-C, SOL_USDC-27NOV26-147d5-P) or OKX (BTC-USD-261127-90000-C)';
/** The `symbol` of the socket faults: without it, every socket of the venue. */
const SOCKETS_OF = matching(SYMBOL, `${SYMBOL_TEXT}; the sockets holding one of its topics (default every socket)`, { optional: true });

/**
 * Close codes a server may send (RFC 6455 7.4): 1004-1006 and 1015 are reserved for "no code",
 * "abnormal closure" and "TLS failure" and never appear on the wire; 1016-2999 are unassigned.
 * (A 1006 as the client sees it is the `drop` action.)
 */
export const SENDABLE_CLOSE_CODES: readonly IntegerRange[] = [
  [1000, 1003],
  [1007, 1014],
  [3000, 4999],
];

/** Every control action, by name: the one place that says which parameters each takes and in what range. */
export const CONTROL_ACTIONS: Readonly<Record<string, ControlAction>> = {
  drop: action({ method: 'POST', params: { symbol: SOCKETS_OF }, run: (c, v, p) => ({ dropped: c.drop(v, p.symbol) }) }),
  close: action({
    method: 'POST',
    params: { code: integer(SENDABLE_CLOSE_CODES, { default: 1000 }), reason: text(123, { default: '' }) },
    run: (c, v, p) => ({ closed: c.close(v, p.code, p.reason) }),
  }),
  stall: action({
    method: 'POST',
    params: { on: flag({ default: true }), symbol: SOCKETS_OF },
    run: (c, v, p) => {
      const sockets = c.stall(v, p.on, p.symbol);
      return p.on ? { stalled: sockets } : { resumed: sockets };
    },
  }),
  refuse: action({
    method: 'POST',
    params: { status: integer([[400, 599]], { optional: true }) },
    run: (c, v, p) => done(() => c.refuseUpgrade(v, p.status)),
  }),
  malformed: action({ method: 'POST', params: { count: integer([[1, 1000]], { default: 1 }) }, run: (c, v, p) => done(() => c.sendMalformed(v, p.count)) }),
  garbage: action({
    method: 'POST',
    params: { kind: oneOf(GARBAGE_KINDS, { required: true }), count: integer([[1, 100]], { default: 1 }) },
    run: (c, v, p) => done(() => c.sendGarbage(v, p.kind, p.count)),
  }),
  'malformed-rate': action({
    method: 'POST',
    params: { rate: decimal(0, 1, { required: true }) },
    run: (c, v, p) => done(() => c.setMalformedRate(v, p.rate)),
  }),
  'trade-rate': action({
    method: 'POST',
    params: { 'per-symbol': decimal(0, 1_000_000, { required: true }) },
    run: (c, v, p) => done(() => c.setTradeRate(v, p['per-symbol'])),
  }),
  slow: action({ method: 'POST', params: { ms: integer([[0, 60_000]], { required: true }) }, run: (c, v, p) => done(() => c.slowDown(v, p.ms)) }),
  'slow-requests': action({
    method: 'POST',
    params: { ms: integer([[0, 120_000]], { required: true }) },
    run: (c, v, p) => done(() => c.slowRequests(v, p.ms)),
  }),
  move: action({
    method: 'POST',
    params: {
      pct: decimal(-99, 1000, { default: 1 }),
      seconds: decimal(0, 3600, { default: 5 }),
      'buy-ratio': decimal(0, 1, { default: 0.9 }),
      symbol: text(32, { optional: true }),
    },
    run: (c, v, p) => ({ moved: c.movePrice(v, { pct: p.pct, durationMs: p.seconds * 1000, buyRatio: p['buy-ratio'] }, p.symbol) }),
  }),
  'skew-candle': action({
    method: 'POST',
    params: {
      'price-pct': decimal(-50, 1000, { default: 2 }),
      'volume-pct': decimal(-100, 1000, { default: 50 }),
      symbol: text(32, { optional: true }),
    },
    run: (c, v, p) => ({ skewed: c.skewCandle(v, { pricePct: p['price-pct'], volumePct: p['volume-pct'] }, p.symbol) }),
  }),
  expire: action({ method: 'POST', params: {}, run: (c, v) => c.expire(v) }),
  'heartbeat-fault': action({
    method: 'POST',
    params: { on: flag({ default: true }), ms: integer([[1, 3_600_000]], { optional: true }) },
    run: (c, v, p) => c.heartbeatFault(v, p.on, p.ms),
  }),
  shutdown: action({ method: 'POST', params: {}, run: (c, v) => done(() => c.announceShutdown(v)) }),
  reset: action({ method: 'POST', params: {}, run: (c, v) => done(() => c.reset(v)) }),
  counters: action({ method: 'GET', params: {}, run: (c, v) => c.counters(v) }),
  sent: action({ method: 'GET', params: {}, run: (c, v) => c.sentTrades(v) }),
  made: action({ method: 'GET', params: { symbol: text(32, { optional: true }) }, run: (c, v, p) => c.madeTrades(v, p.symbol) }),
  subscriptions: action({ method: 'GET', params: {}, run: (c, v) => c.subscribeLog(v) }),
  'drop-delta': action({ method: 'POST', params: { symbol: text(32, { required: true }) }, run: (c, v, p) => done(() => c.bookFault(v, 'drop', p.symbol)) }),
  'cross-book': action({ method: 'POST', params: { symbol: text(32, { required: true }) }, run: (c, v, p) => done(() => c.bookFault(v, 'cross', p.symbol)) }),
  'checksum-book': action({
    method: 'POST',
    params: { symbol: text(32, { required: true }) },
    run: (c, v, p) => done(() => c.bookFault(v, 'checksum', p.symbol)),
  }),
  'restart-book': action({
    method: 'POST',
    params: { symbol: text(32, { required: true }) },
    run: (c, v, p) => done(() => c.bookFault(v, 'restart', p.symbol)),
  }),
  'late-snapshot': action({
    method: 'POST',
    params: { ms: integer([[0, 60_000]], { required: true }), symbol: text(32, { optional: true }), frozen: flag({ default: false }) },
    run: (c, v, p) => done(() => c.lateSnapshot(v, p.ms, p.symbol, p.frozen)),
  }),
  'rest-429': action({ method: 'POST', params: { count: integer([[1, 10_000]], { default: 1 }) }, run: (c, v, p) => done(() => c.throttleRest(v, p.count)) }),
  'list-fault': action({
    method: 'POST',
    params: {
      kind: oneOf(LIST_FAULT_KINDS, { required: true }),
      count: integer([[1, 10_000]], { default: 1 }),
      ms: integer([[0, 600_000]], { optional: true }),
    },
    run: (c, v, p) => {
      if (p.ms !== undefined && p.kind !== 'slow')
        throw new ControlRefusal(400, { error: 'ms: only kind=slow is held back', parameter: 'ms', allowed: 'with kind=slow only' });
      return c.listFault(v, p.kind, p.count, p.ms ?? DEFAULT_LIST_FAULT_DELAY_MS);
    },
  }),
  'rest-418': action({ method: 'POST', params: { ms: integer([[1_000, 3_600_000]], { default: 120_000 }) }, run: (c, v, p) => done(() => c.banRest(v, p.ms)) }),
  list: action({
    method: 'POST',
    params: {
      base: matching(ASSET, ASSET_TEXT, { required: true }),
      quote: matching(ASSET, ASSET_TEXT, { optional: true }),
      price: decimal(1e-12, 10_000_000, { optional: true }),
      rate: decimal(0, 100_000, { optional: true }),
    },
    run: (c, v, p) =>
      c.list(v, p.base, p.quote, { ...(p.price === undefined ? {} : { price: p.price }), ...(p.rate === undefined ? {} : { tradesPerSecond: p.rate }) }),
  }),
  delist: action({ method: 'POST', params: { symbol: matching(SYMBOL, SYMBOL_TEXT, { required: true }) }, run: (c, v, p) => c.delist(v, p.symbol) }),
  halt: action({
    method: 'POST',
    params: { symbol: matching(SYMBOL, SYMBOL_TEXT, { required: true }), status: oneOf(['HALT', 'BREAK'], { default: 'HALT' }) },
    run: (c, v, p) => c.halt(v, p.symbol, p.status === 'BREAK' ? 'break' : 'halted'),
  }),
  resume: action({ method: 'POST', params: { symbol: matching(SYMBOL, SYMBOL_TEXT, { required: true }) }, run: (c, v, p) => c.resume(v, p.symbol) }),
  instruments: action({ method: 'GET', params: {}, run: (c, v) => c.instruments(v) }),
  liquidations: action({ method: 'GET', params: { symbol: text(32, { optional: true }) }, run: (c, v, p) => c.liquidations(v, p.symbol) }),
  perpetual: action({ method: 'GET', params: { symbol: text(32, { optional: true }) }, run: (c, v, p) => c.perpetual(v, p.symbol) }),
  routes: action({ method: 'GET', params: {}, run: (c, v) => c.routes(v) }),
  route: action({
    method: 'POST',
    params: { kind: text(32, { required: true }), to: text(32, { required: true }) },
    run: (c, v, p) => c.route(v, p.kind, p.to),
  }),
  book: action({
    method: 'GET',
    params: {
      symbol: text(32, { required: true }),
      levels: integer([[1, 5000]], { default: 20 }),
      channel: oneOf(['orderbook.50', 'orderbook.200', 'orderbook.1000', 'depth@100ms', 'depth', 'depth@500ms', 'rest'], { optional: true }),
    },
    run: (c, v, p) => c.book(v, p.symbol, p.levels, p.channel),
  }),
};

/** The action of that name, never one of `Object.prototype`'s keys (`constructor`, `__proto__`). */
export function controlAction(name: string): ControlAction | undefined {
  return Object.hasOwn(CONTROL_ACTIONS, name) ? CONTROL_ACTIONS[name] : undefined;
}

/** The answer to a control request: HTTP status, JSON body, and the `Allow` header for a 405. */
export interface ControlAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly allow?: string;
}

/** The JSON body of every 4xx/5xx answer: what was wrong, and (when it is about one parameter) which one and what it allows. */
export interface ControlErrorBody {
  readonly error: string;
  readonly parameter?: string;
  readonly allowed?: string;
}

/** A control action whose parameters were checked, ready to run on a venue; or the 4xx answer saying why not. */
export type ParsedControlAction =
  | { readonly ok: true; run(control: SimulatorControl, venue: SimVenueName): unknown }
  | { readonly ok: false; readonly answer: ControlAnswer & { readonly body: ControlErrorBody } };

const refused = (status: number, body: ControlErrorBody): ParsedControlAction => ({ ok: false, answer: { status, body } });

/**
 * Checks the query against the action's parameters: 404 for an unknown action; 400 for an
 * unknown, repeated or bad parameter, naming it and what is allowed.
 */
export function parseControlAction(name: string, query: URLSearchParams): ParsedControlAction {
  const spec = controlAction(name);
  if (spec === undefined) return refused(404, { error: `unknown action '${name}'`, allowed: Object.keys(CONTROL_ACTIONS).join(', ') });
  const known = Object.keys(spec.params);
  for (const key of new Set(query.keys())) {
    if (!known.includes(key)) {
      return refused(400, {
        error: `unknown parameter '${key}' for ${name}`,
        parameter: key,
        allowed: known.length === 0 ? 'no parameters' : known.join(', '),
      });
    }
    if (query.getAll(key).length > 1)
      return refused(400, { error: `parameter '${key}' given more than once`, parameter: key, allowed: spec.params[key]?.allowed ?? '' });
  }
  const values: Record<string, unknown> = {};
  for (const [key, param] of Object.entries(spec.params)) {
    const result = param.parse(query.get(key) ?? undefined);
    if (!result.ok) return refused(400, { error: `${key}: ${result.problem}`, parameter: key, allowed: param.allowed });
    values[key] = result.value;
  }
  return { ok: true, run: (control, venue) => spec.run(control, venue, values) };
}

/** Checks and runs an action: its 4xx answer, or 200 with the action's result. */
export function runControlAction(control: SimulatorControl, venue: SimVenueName, name: string, query: URLSearchParams): ControlAnswer {
  const parsed = parseControlAction(name, query);
  if (!parsed.ok) return parsed.answer;
  try {
    return { status: 200, body: parsed.run(control, venue) };
  } catch (error) {
    if (error instanceof ControlRefusal) return { status: error.status, body: error.body };
    throw error;
  }
}

/** `GET /control`: every action with its method and parameters, for a person (or a test) exploring the API. */
export function describeControlActions(): Readonly<Record<string, { readonly method: string; readonly params: Readonly<Record<string, string>> }>> {
  return Object.fromEntries(
    Object.entries(CONTROL_ACTIONS).map(([name, spec]) => [
      name,
      { method: spec.method, params: Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, p.allowed])) },
    ]),
  );
}
