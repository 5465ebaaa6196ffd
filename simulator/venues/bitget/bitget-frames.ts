import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import type { FaultTrade, TradeFrame } from '../../sim-venue-protocol.js';
import type { HistoricalTrade } from '../../trade-history.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';
import { bitgetFigure, type BitgetInstType, type BitgetUnits } from './bitget-units.js';

/** One subscription argument as Bitget takes and echoes it (docs "Websocket API", Subscribe): `{instType, channel, instId}`. */
export interface BitgetArg {
  readonly instType: string;
  readonly channel: string;
  readonly instId: string;
}

/**
 * The public channels the simulator serves per instrument (docs "Trade Channel", "Tickers Channel",
 * "Depth Channel"): every fill, the ticker, the best bid and ask (`books1`, a snapshot each push) and
 * the whole book (`books`, a snapshot then the changes).
 */
export const BITGET_CHANNELS = ['trade', 'ticker', 'books1', 'books'] as const;
export type BitgetChannel = (typeof BITGET_CHANNELS)[number];

/** The simulator's topic of an argument: `books:BTCUSDT` (the instrument type is the venue's). */
export function bitgetTopic(channel: string, instId: string): string {
  return `${channel}:${instId}`;
}

/** A topic's channel and instrument (`books:BTCUSDT` -> `books`, `BTCUSDT`); undefined for a text that is not one. */
export function bitgetTopicParts(topic: string): { readonly channel: string; readonly instId: string } | undefined {
  const at = topic.indexOf(':');
  return at <= 0 ? undefined : { channel: topic.slice(0, at), instId: topic.slice(at + 1) };
}

/** An argument as Bitget echoes it: `instType, channel, instId` (bitget-subscribe-ack.ndjson). */
function echoed(arg: BitgetArg): BitgetArg {
  return { instType: arg.instType, channel: arg.channel, instId: arg.instId };
}

/** The acknowledgement of one argument: `{"event":"subscribe","arg":{..}}` as recorded (bitget-subscribe-ack.ndjson), `unsubscribe` alike. */
export function bitgetAck(event: 'subscribe' | 'unsubscribe', arg: BitgetArg): string {
  return JSON.stringify({ event, arg: echoed(arg) });
}

/**
 * A refusal, `{"event":"error","arg":{..},"code":30001,"msg":".."}` (the argument first when it names
 * one, the code a JSON number), codes of Bitget's websocket error list as ccxt keeps it
 * (ccxt/ccxt `ts/src/pro/bitget.ts`, `exceptions.ws.exact`): 30001 a channel that doesn't exist
 * (`"instType:sp,channel:candleundefined,instId:BTCUSDT doesn't exist"`), 30002 illegal request, 30003
 * invalid op, 30006 too many requests, 30007 "request over limit,connection close".
 */
export function bitgetError(code: number, msg: string, arg?: BitgetArg): string {
  return JSON.stringify({ event: 'error', ...(arg === undefined ? {} : { arg: echoed(arg) }), code, msg });
}

/** 30001 for an argument naming an instrument type, channel or instrument the venue does not serve, worded as Bitget writes it. */
export function bitgetUnknownArg(arg: BitgetArg): string {
  return bitgetError(30001, `instType:${arg.instType},channel:${arg.channel},instId:${arg.instId} doesn't exist`, arg);
}

/** A push: `{"action","arg":{instType,channel,instId},"data":[..],"ts":<number>}`, keys in the recorded order (every bitget-*.ndjson push). */
export function bitgetPush(action: 'snapshot' | 'update', instType: BitgetInstType, channel: string, instId: string, data: string, now: number): string {
  return `{"action":"${action}","arg":{"instType":"${instType}","channel":"${channel}","instId":${JSON.stringify(instId)}},"data":[${data}],"ts":${now}}`;
}

/** The first of Bitget's 19-digit trade ids the simulator writes: ids rise with time and skip (`1471423022176681984`, bitget-futures-trade.ndjson). */
const TRADE_ID_BASE = 1_471_000_000_000_000_000n;
/** How far apart consecutive trades of the market are written: ids are not consecutive. */
const TRADE_ID_SPACING = 4096n;

/** The 19-digit id Bitget writes for the market's trade `tradeId` (a rising number), as text. */
export function bitgetTradeId(tradeId: number): string {
  return String(TRADE_ID_BASE + BigInt(tradeId) * TRADE_ID_SPACING);
}

/** The taker's side as Bitget writes it (docs "Trade Channel": "side: Trade direction"): `sell` when the seller was the aggressor. */
export const takerSide = (trade: Pick<SimulatedTrade, 'isBuyerMaker'>): 'buy' | 'sell' => (trade.isBuyerMaker ? 'sell' : 'buy');

/** One trade of a `trade` push, keys as recorded (`ts, price, size, side, tradeId`, bitget-trade.ndjson), every value a string. */
function tradeData(trade: HistoricalTrade | SimulatedTrade, decimals: number, symbol: string, units: BitgetUnits): string {
  return `{"ts":"${trade.ts}","price":"${units.price(trade.price, decimals)}","size":"${units.size(symbol, trade.quantity)}","side":"${takerSide(trade)}","tradeId":"${bitgetTradeId(trade.tradeId)}"}`;
}

/**
 * `update` pushes of one symbol's new trades, one push a trade as recorded (bitget-trade.ndjson line 1);
 * the text is the same for every connection.
 */
export function bitgetTradeFrames(symbol: string, trades: readonly SimulatedTrade[], units: BitgetUnits, now: number): TradeFrame[] {
  return trades.map((t) => ({
    payload: bitgetPush('update', units.instType, 'trade', symbol, tradeData(t, t.priceDecimals, symbol, units), now),
    trades: [t],
  }));
}

/** The `snapshot` of the last trades a subscriber of `trade` gets first (newest first, bitget-trade.ndjson line 2). */
export function bitgetTradeSnapshot(symbol: string, newestFirst: readonly HistoricalTrade[], decimals: number, units: BitgetUnits, now: number): string {
  return bitgetPush('snapshot', units.instType, 'trade', symbol, newestFirst.map((t) => tradeData(t, decimals, symbol, units)).join(','), now);
}

/** `(last - open) / open`, as recorded (`"-0.00328"`): 5 decimals. */
const change = (state: SymbolState): string => bitgetFigure(state.open > 0 ? (state.last - state.open) / state.open : 0, 5);

/** A quote volume's decimals (`"112038111.906637"`, bitget-ticker.ndjson). */
const QUOTE_VOLUME_DECIMALS = 6;

/** The figures of a symbol's ticker both markets write, as text. */
function figures(state: SymbolState, units: BitgetUnits) {
  const d = state.priceDecimals;
  return {
    lastPr: units.price(state.last, d),
    open24h: units.price(state.open, d),
    high24h: units.price(state.high, d),
    low24h: units.price(state.low, d),
    change24h: change(state),
    bidPr: units.price(state.bid, d),
    askPr: units.price(state.ask, d),
    bidSz: units.size(state.symbol, state.bidSize),
    askSz: units.size(state.symbol, state.askSize),
    baseVolume: units.size(state.symbol, state.volume),
    quoteVolume: bitgetFigure(state.turnover, QUOTE_VOLUME_DECIMALS),
  };
}

/**
 * A spot `ticker` push (action `snapshot` every push), keys in the recorded order (bitget-ticker.ndjson:
 * `instId, lastPr, open24h, high24h, low24h, change24h, bidPr, askPr, bidSz, askSz, baseVolume,
 * quoteVolume, openUtc, changeUtc24h, ts`): the rolling day's open stands for the UTC day's.
 */
export function bitgetSpotTicker(state: SymbolState, units: BitgetUnits, now: number): string {
  const f = figures(state, units);
  const data = {
    instId: state.symbol,
    lastPr: f.lastPr,
    open24h: f.open24h,
    high24h: f.high24h,
    low24h: f.low24h,
    change24h: f.change24h,
    bidPr: f.bidPr,
    askPr: f.askPr,
    bidSz: f.bidSz,
    askSz: f.askSz,
    baseVolume: f.baseVolume,
    quoteVolume: f.quoteVolume,
    openUtc: f.open24h,
    changeUtc24h: f.change24h,
    ts: String(now),
  };
  return bitgetPush('snapshot', 'SPOT', 'ticker', state.symbol, JSON.stringify(data), now);
}

/** A funding rate's decimals (`"0.00001"`, bitget-futures-ticker.ndjson): 6, trimmed. */
const RATE_DECIMALS = 6;

/**
 * A USDT-M `ticker` push, keys in the recorded order (bitget-futures-ticker.ndjson line 1: `instId,
 * lastPr, bidPr, askPr, bidSz, askSz, open24h, high24h, low24h, change24h, fundingRate,
 * nextFundingTime, markPrice, indexPrice, holdingAmount, baseVolume, quoteVolume, openUtc,
 * symbolType, symbol, deliveryPrice, ts`): mark, index, funding and its next time, and the open
 * interest in the base coin (`holdingAmount`) from the perpetual model; `symbolType` "1" (perpetual).
 */
export function bitgetFuturesTicker(state: SymbolState, contract: PerpetualState, units: BitgetUnits, now: number): string {
  const f = figures(state, units);
  const d = state.priceDecimals;
  const data = {
    instId: state.symbol,
    lastPr: f.lastPr,
    bidPr: f.bidPr,
    askPr: f.askPr,
    bidSz: f.bidSz,
    askSz: f.askSz,
    open24h: f.open24h,
    high24h: f.high24h,
    low24h: f.low24h,
    change24h: f.change24h,
    fundingRate: bitgetFigure(contract.fundingRate, RATE_DECIMALS),
    nextFundingTime: String(contract.nextFundingTime),
    markPrice: units.price(contract.markPrice, d),
    indexPrice: units.price(contract.indexPrice, d),
    holdingAmount: units.size(state.symbol, contract.openInterest),
    baseVolume: f.baseVolume,
    quoteVolume: f.quoteVolume,
    openUtc: f.open24h,
    symbolType: '1',
    symbol: state.symbol,
    deliveryPrice: '0',
    ts: String(now),
  };
  return bitgetPush('snapshot', 'USDT-FUTURES', 'ticker', state.symbol, JSON.stringify(data), now);
}

/**
 * A `books1` push: the best ask and bid as one-level lists, `checksum` 0 and `ts`, keys as recorded
 * (bitget-books1.ndjson, bitget-futures-books1.ndjson: `asks, bids, checksum, ts`); action `snapshot`
 * every push (docs "Depth Channel": books1 is a snapshot each time).
 */
export function bitgetBooks1(state: SymbolState, units: BitgetUnits, now: number): string {
  const d = state.priceDecimals;
  const level = (price: number, size: number) => [units.price(price, d), units.size(state.symbol, size)];
  const data = { asks: [level(state.ask, state.askSize)], bids: [level(state.bid, state.bidSize)], checksum: 0, ts: String(now) };
  return bitgetPush('snapshot', units.instType, 'books1', state.symbol, JSON.stringify(data), now);
}

/** One `trade` push of one fill, `fields` laid over the fill (the control API's garbage is made from it). */
export function bitgetFaultTradeFrame(instType: BitgetInstType, symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const fill = { ts: String(now), price: '1.5', size: '1', side: 'buy', tradeId: bitgetTradeId(1), ...fields };
  return bitgetPush('update', instType, 'trade', symbol, JSON.stringify(fill), now);
}

/** Bitget's trade in the control API's garbage: a `trade` update and the names of its price, size, time and side. */
export function bitgetFaultTrade(instType: BitgetInstType): FaultTrade {
  return {
    frame: (symbol, now, fields) => bitgetFaultTradeFrame(instType, symbol, now, fields),
    names: { price: 'price', quantity: 'size', time: 'ts', side: 'side' },
  };
}

/**
 * A frame a Bitget client must refuse, `n` picking the damage: cut mid-frame, a negative price, a size
 * that is not a number, a `books` update whose `seq` is a string, a trade with an unknown side, a
 * trade whose id is no decimal.
 */
export function bitgetMalformedFrame(instType: BitgetInstType, n: number, symbol: string, now: number): string {
  const book = { asks: [['1.5', '1']], bids: [], checksum: 0, ts: String(now), seq: 'eight', pseq: 7 };
  const damaged = [
    `{"action":"update","arg":{"instType":"${instType}","channel":"trade","instId":${JSON.stringify(symbol)}},"data":[{"ts":`,
    bitgetFaultTradeFrame(instType, symbol, now, { price: '-5' }),
    bitgetFaultTradeFrame(instType, symbol, now, { size: 'NaN' }),
    bitgetPush('update', instType, 'books', symbol, JSON.stringify(book), now),
    bitgetFaultTradeFrame(instType, symbol, now, { side: 'up' }),
    bitgetFaultTradeFrame(instType, symbol, now, { tradeId: 'x17' }),
  ];
  return damaged[n % damaged.length] ?? '';
}
