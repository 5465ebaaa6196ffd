import type { SimCandle } from '../../sim-candles.js';
import type { SimConnection } from '../../sim-connection.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import { hlDecimal } from './hyperliquid-numbers.js';
import { HYPERLIQUID_CANDLE_INTERVALS } from './hyperliquid-request.js';

/**
 * The `candle` messages of one candle (hyperliquid.gitbook.io `api/websocket/subscriptions`, "Candle":
 * `t` open time, `T` close time, `s` coin, `i` interval, `o`, `c`, `h`, `l` prices, `v` volume in
 * coins, `n` number of trades), one object per message as recorded (ccxt/ccxt
 * `ts/src/test/static/ws/hyperliquid.json` @66358ac, watchOHLCV: `T` is the period's last ms).
 * The simulator's candles are those of its shared intervals that Hyperliquid has (not 6h; 8h, 3d
 * and 1M are acknowledged and never pushed); an open candle every second, a closed one at its end.
 */
export function hyperliquidCandleFrames(market: SimulatedMarket): (connection: SimConnection, candle: SimCandle) => readonly string[] {
  return (connection, candle) => {
    if (!(HYPERLIQUID_CANDLE_INTERVALS as readonly string[]).includes(candle.interval)) return [];
    if (!connection.subscriptions.has(`candle|${candle.symbol}|${candle.interval}`)) return [];
    const d = candle.priceDecimals;
    const data = {
      t: candle.openTime,
      T: candle.openTime + candle.intervalMs - 1,
      s: candle.symbol,
      i: candle.interval,
      o: hlDecimal(candle.open, d),
      c: hlDecimal(candle.close, d),
      h: hlDecimal(candle.high, d),
      l: hlDecimal(candle.low, d),
      v: hlDecimal(candle.volume, market.listing(candle.symbol)?.sizeDecimals ?? 6),
      n: candle.tradeCount,
    };
    return [JSON.stringify({ channel: 'candle', data })];
  };
}
