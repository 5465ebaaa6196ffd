import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SimCandle } from '../../sim-candles.js';
import type { SimConnection } from '../../sim-connection.js';
import { OKX_CANDLE_CHANNELS, okxTopic } from './okx-channels.js';
import type { OkxInstType } from './okx-ticker-frames.js';
import { okxPrice, type OkxUnits } from './okx-units.js';

/** Decimals of a quote volume (`volCcyQuote`; the documented example writes `"5529.5858061"`). */
const QUOTE_DECIMALS = 8;

/**
 * A candle channel's frames (okx docs-v5 `#order-book-trading-market-data-ws-candlesticks-channel`, on
 * `/business`): `{"arg":{"channel":"candle1m","instId"},"data":[[ts, o, h, l, c, vol, volCcy,
 * volCcyQuote, confirm]]}`, all strings, `ts` the candle's opening time, `vol` in base on spot and
 * contracts on swaps, `volCcy` in quote on spot and base on swaps, `volCcyQuote` in quote, `confirm`
 * "1" once closed. The simulator pushes an open candle every second ("the fastest interval 1 second")
 * and a closed one when its period ends.
 */
export function okxCandleFrames(instType: OkxInstType, units: OkxUnits): (connection: SimConnection, candle: SimCandle) => readonly string[] {
  return (connection, candle) => {
    const channel = OKX_CANDLE_CHANNELS[candle.interval];
    if (channel === undefined || !connection.subscriptions.has(okxTopic(channel, candle.symbol))) return [];
    const d = candle.priceDecimals;
    const quote = trimmedDecimal(candle.quoteVolume.toFixed(QUOTE_DECIMALS));
    const base = trimmedDecimal(candle.volume.toFixed(units.baseDecimals(candle.symbol)));
    const row = [
      String(candle.openTime),
      okxPrice(candle.open, d),
      okxPrice(candle.high, d),
      okxPrice(candle.low, d),
      okxPrice(candle.close, d),
      units.size(candle.symbol, candle.volume),
      instType === 'SPOT' ? quote : base,
      quote,
      candle.closed ? '1' : '0',
    ];
    return [JSON.stringify({ arg: { channel, instId: candle.symbol }, data: [row] })];
  };
}
