import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import type { FaultTrade, TradeFrame } from '../../sim-venue-protocol.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { gateFigure, type GateMarket, type GateUnits } from './gate-units.js';

/**
 * The public channels the simulator serves per instrument, without their market's prefix (docs "Public
 * trades channel", "Tickers channel", "Best bid or ask price", "Changed order book levels"): every trade,
 * the ticker, the best bid and ask, and the book's changes every 100 ms.
 */
export const GATE_CHANNELS = ['trades', 'tickers', 'book_ticker', 'order_book_update'] as const;
export type GateChannel = (typeof GATE_CHANNELS)[number];

/** The depth channel: one instrument a request, `["BTC_USDT","100ms"]` (futures `["BTC_USDT","100ms","100"]`). */
export const GATE_BOOK_CHANNEL = 'order_book_update';

/** The simulator's topic of a channel's instrument: `trades:BTC_USDT` (as the client names its topics). */
export function gateTopic(channel: string, symbol: string): string {
  return `${channel}:${symbol}`;
}

/** A topic's channel and instrument (`trades:BTC_USDT` -> `trades`, `BTC_USDT`); undefined for a text that is not one. */
export function gateTopicParts(topic: string): { readonly channel: string; readonly symbol: string } | undefined {
  const at = topic.indexOf(':');
  return at <= 0 ? undefined : { channel: topic.slice(0, at), symbol: topic.slice(at + 1) };
}

/** `time` (seconds) and `time_ms` of a frame sent at `now`. */
const times = (now: number) => ({ time: Math.floor(now / 1000), time_ms: now });

/** The connection id Gate names in its acks (`"conn_id":"65dc8eae3d01e458"`): 16 hex digits of the simulator's connection id. */
export function gateConnId(connectionId: string): string {
  let hash = 0x811c9dc5;
  for (let n = 0; n < connectionId.length; n++) hash = Math.imul(hash ^ connectionId.charCodeAt(n), 0x01000193) >>> 0;
  return `${hash.toString(16).padStart(8, '0')}${(connectionId.length * 0x9e3779b1).toString(16).slice(-8).padStart(8, '0')}`;
}

/**
 * The answer to a subscribe or unsubscribe, keys as recorded (gate-futures-subscribe-ack.ndjson line 8:
 * `time, time_ms, id, conn_id, trace_id, channel, event, payload, result`): the request's `id` when it
 * sent one, its payload echoed, `result.status` "success".
 */
export function gateAck(
  channel: string,
  event: 'subscribe' | 'unsubscribe',
  id: number | undefined,
  payload: readonly unknown[],
  connId: string,
  now: number,
): string {
  return JSON.stringify({
    ...times(now),
    ...(id === undefined ? {} : { id }),
    conn_id: connId,
    trace_id: `${connId}${now.toString(16).padStart(16, '0')}`,
    channel,
    event,
    payload,
    result: { status: 'success' },
  });
}

/**
 * A refused request (docs "Error": `error` `{code, message}` and `result` null): code 1 "invalid request
 * body" (not JSON, no channel), 2 "invalid argument" (an unknown currency pair or contract, a channel not
 * served: Gate refuses the whole request for one of them).
 */
export function gateError(channel: string, event: string, id: number | undefined, code: number, message: string, now: number): string {
  return JSON.stringify({ ...times(now), ...(id === undefined ? {} : { id }), channel, event, error: { code, message }, result: null });
}

/** The answer to the application ping (docs "Application ping pong"): `{"time","time_ms","channel":"spot.pong","event":"","error":null,"result":null}`. */
export function gatePong(market: GateMarket, now: number): string {
  return JSON.stringify({ ...times(now), channel: `${market}.pong`, event: '', error: null, result: null });
}

/** A push: `{"time","time_ms","channel","event":"update","result":..}` (every recorded 2023+ push), `result` already written. */
export function gatePush(channel: string, result: string, now: number): string {
  return `{"time":${Math.floor(now / 1000)},"time_ms":${now},"channel":"${channel}","event":"update","result":${result}}`;
}

/** The taker's side as Gate writes it (docs "Public trades channel": "side: buy or sell, taker side"). */
export const takerSide = (trade: Pick<SimulatedTrade, 'isBuyerMaker'>): 'buy' | 'sell' => (trade.isBuyerMaker ? 'sell' : 'buy');

/** A spot trade's `create_time_ms`: milliseconds with a fraction, as a string (`"1682689046123.0"`, gate-trades.ndjson). */
export const gateSpotMillis = (ts: number): string => `${ts}.0`;

/** One spot trade, keys as recorded (gate-trades.ndjson line 4: `id, create_time, create_time_ms, side, currency_pair, amount, price`). */
export function gateSpotTrade(
  id: number,
  trade: Pick<SimulatedTrade, 'price' | 'quantity' | 'isBuyerMaker' | 'ts'>,
  symbol: string,
  decimals: number,
  units: GateUnits,
) {
  return {
    id,
    create_time: Math.floor(trade.ts / 1000),
    create_time_ms: gateSpotMillis(trade.ts),
    side: takerSide(trade),
    currency_pair: symbol,
    amount: units.coin(symbol, trade.quantity),
    price: units.price(trade.price, decimals),
  };
}

/**
 * One futures trade, keys as the 2022 recording (gate-futures-trades.ndjson line 2, sorted: `contract,
 * create_time, create_time_ms, id, price, size`): `size` whole contracts, negative for a taker sell.
 */
export function gateFuturesTrade(
  trade: Pick<SimulatedTrade, 'tradeId' | 'price' | 'quantity' | 'isBuyerMaker' | 'ts'>,
  symbol: string,
  decimals: number,
  units: GateUnits,
) {
  const contracts = units.contracts(symbol, trade.quantity);
  return {
    contract: symbol,
    create_time: Math.floor(trade.ts / 1000),
    create_time_ms: trade.ts,
    id: trade.tradeId,
    price: units.price(trade.price, decimals),
    size: trade.isBuyerMaker ? -contracts : contracts,
  };
}

/**
 * The pushes of one symbol's new trades: spot one push a trade (`result` an object, gate-trades.ndjson),
 * each with its venue-wide id (`idOf`); futures one push of them all (`result` an array,
 * gate-futures-trades.ndjson line 3). The text is the same for every connection.
 */
export function gateTradeFrames(
  symbol: string,
  trades: readonly SimulatedTrade[],
  units: GateUnits,
  idOf: (tradeId: number) => number,
  now: number,
): TradeFrame[] {
  if (units.kind === 'spot')
    return trades.map((t) => ({
      payload: gatePush('spot.trades', JSON.stringify(gateSpotTrade(idOf(t.tradeId), t, symbol, t.priceDecimals, units)), now),
      trades: [t],
    }));
  if (trades.length === 0) return [];
  const result = trades.map((t) => gateFuturesTrade(t, symbol, t.priceDecimals, units));
  return [{ payload: gatePush('futures.trades', JSON.stringify(result), now), trades }];
}

/** `change_percentage`: percent over the rolling day, 4 decimals (`"-0.4034"`, gate-tickers.ndjson). */
const changePercent = (state: SymbolState): string => gateFigure(state.open > 0 ? ((state.last - state.open) / state.open) * 100 : 0, 4);

/** A quote volume's decimals (`"337744396.9986996"`, gate-tickers.ndjson): 7, trimmed. */
const QUOTE_DECIMALS = 7;

/**
 * A `spot.tickers` push, keys as recorded (gate-tickers.ndjson line 8: `currency_pair, last,
 * lowest_ask, highest_bid, change_percentage, base_volume, quote_volume, high_24h, low_24h`).
 */
export function gateSpotTicker(state: SymbolState, units: GateUnits, now: number): string {
  return gatePush('spot.tickers', JSON.stringify(gateSpotTickerFields(state, units)), now);
}

/** A spot pair's ticker figures (the push's `result`, and an entry of REST `/spot/tickers`). */
export function gateSpotTickerFields(state: SymbolState, units: GateUnits) {
  const d = state.priceDecimals;
  return {
    currency_pair: state.symbol,
    last: units.price(state.last, d),
    lowest_ask: units.price(state.ask, d),
    highest_bid: units.price(state.bid, d),
    change_percentage: changePercent(state),
    base_volume: units.coin(state.symbol, state.volume),
    quote_volume: gateFigure(state.turnover, QUOTE_DECIMALS),
    high_24h: units.price(state.high, d),
    low_24h: units.price(state.low, d),
  };
}

/** Gate's funding interval, s (`"funding_interval":28800`, gate-futures-tickers.ndjson line 3): the simulator's 8 hours. */
export const GATE_FUNDING_INTERVAL_S = 28_800;

/** A funding rate's decimals (`"0.000052"`): 6, trimmed. */
const RATE_DECIMALS = 6;

/**
 * A contract's ticker figures, keys as the 2026 recording (gate-futures-tickers.ndjson line 3): open
 * interest `total_size` and `volume_24h` in contracts, `volume_24h_base` in the coin, quote volumes in
 * USDT; mark, index, funding and its next time (s) from the perpetual model; `t` the time, ms.
 */
export function gateFuturesTickerFields(state: SymbolState, contract: PerpetualState, units: GateUnits, now: number) {
  const d = state.priceDecimals;
  const { symbol } = state;
  const quote = gateFigure(state.turnover, 0);
  const rate = gateFigure(contract.fundingRate, RATE_DECIMALS);
  return {
    contract: symbol,
    last: units.price(state.last, d),
    change_percentage: changePercent(state),
    total_size: String(units.contracts(symbol, contract.openInterest)),
    volume_24h: String(units.contracts(symbol, state.volume)),
    volume_24h_base: units.coin(symbol, state.volume),
    volume_24h_quote: quote,
    volume_24h_settle: quote,
    mark_price: units.price(contract.markPrice, d),
    funding_rate: rate,
    funding_rate_indicative: rate,
    funding_interval: GATE_FUNDING_INTERVAL_S,
    funding_offset: 0,
    funding_next_apply: Math.floor(contract.nextFundingTime / 1000),
    index_price: units.price(contract.indexPrice, d),
    quanto_base_rate: '',
    low_24h: units.price(state.low, d),
    high_24h: units.price(state.high, d),
    price_type: 'last',
    change_from: '24h',
    change_price: gateFigure(state.last - state.open, d),
    t: now,
  };
}

/** A `futures.tickers` push: `result` an array of one contract's figures (gate-futures-tickers.ndjson line 3). */
export function gateFuturesTicker(state: SymbolState, contract: PerpetualState, units: GateUnits, now: number): string {
  return gatePush('futures.tickers', JSON.stringify([gateFuturesTickerFields(state, contract, units, now)]), now);
}

/**
 * A `*.book_ticker` push, keys as recorded (gate-book_ticker.ndjson, gate-futures-book_ticker.ndjson:
 * `t, u, s, b, B, a, A`): spot sizes strings in the coin, futures whole contracts as numbers; `u` the
 * symbol's update count.
 */
export function gateBookTicker(state: SymbolState, units: GateUnits, now: number): string {
  const d = state.priceDecimals;
  const { symbol } = state;
  const size = (quantity: number) => (units.kind === 'spot' ? units.coin(symbol, quantity) : units.contracts(symbol, quantity));
  const result = {
    t: now,
    u: state.updateId,
    s: symbol,
    b: units.price(state.bid, d),
    B: size(state.bidSize),
    a: units.price(state.ask, d),
    A: size(state.askSize),
  };
  return gatePush(`${units.kind}.book_ticker`, JSON.stringify(result), now);
}

/** One trade push of one fill, `fields` laid over the trade (the control API's garbage is made from it). */
export function gateFaultTradeFrame(market: GateMarket, symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  if (market === 'spot') {
    const trade = {
      id: 5_000_000_001,
      create_time: Math.floor(now / 1000),
      create_time_ms: gateSpotMillis(now),
      side: 'buy',
      currency_pair: symbol,
      amount: '1',
      price: '1.5',
      ...fields,
    };
    return gatePush('spot.trades', JSON.stringify(trade), now);
  }
  const trade = { contract: symbol, create_time: Math.floor(now / 1000), create_time_ms: now, id: 1, price: '1.5', size: 1, ...fields };
  return gatePush('futures.trades', JSON.stringify([trade]), now);
}

/**
 * Gate's trade in the control API's garbage: a trade push and the names of its price, size, time and
 * side (futures have no side field: the sign of `size` is the side).
 */
export function gateFaultTrade(market: GateMarket): FaultTrade {
  return {
    frame: (symbol, now, fields) => gateFaultTradeFrame(market, symbol, now, fields),
    names:
      market === 'spot'
        ? { price: 'price', quantity: 'amount', time: 'create_time_ms', side: 'side' }
        : { price: 'price', quantity: 'size', time: 'create_time_ms', side: 'size' },
  };
}

/**
 * A frame a Gate client must refuse, `n` picking the damage: cut mid-frame, a negative price, a size
 * that is not a number, a depth push whose `U` is a string, a spot trade with an unknown side (futures:
 * a size of 0, which has no side), a trade whose id is no decimal.
 */
export function gateMalformedFrame(market: GateMarket, n: number, symbol: string, now: number): string {
  const quantity = market === 'spot' ? 'amount' : 'size';
  const level = market === 'spot' ? ['1.5', '1'] : { p: '1.5', s: 1 };
  const book = { t: now, s: symbol, U: 'eight', u: 9, b: [level], a: [] };
  const damaged = [
    gateFaultTradeFrame(market, symbol, now).slice(0, 60),
    gateFaultTradeFrame(market, symbol, now, { price: '-5' }),
    gateFaultTradeFrame(market, symbol, now, { [quantity]: 'NaN' }),
    gatePush(`${market}.order_book_update`, JSON.stringify(book), now),
    gateFaultTradeFrame(market, symbol, now, market === 'spot' ? { side: 'up' } : { size: 0 }),
    gateFaultTradeFrame(market, symbol, now, { id: 'x17' }),
  ];
  return damaged[n % damaged.length] ?? '';
}
