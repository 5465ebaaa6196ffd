import type { TradeEvent } from '../src/model/index.js';

/**
 * Trade number `n` of instrument number `instrument` (Bybit's `COIN<instrument>USDT`), received at
 * `receivedTs` and made 5 ms before, as the Bybit mapper makes them (fresh strings per trade).
 */
export function coinTrade(n: number, instrument: number, receivedTs: number): TradeEvent {
  return {
    type: 'trade',
    exchange: 'bybit',
    symbol: `COIN${instrument}USDT`,
    coin: `COIN${instrument}`,
    quote: 'USDT',
    exchangeTs: receivedTs - 5,
    receivedTs,
    isFallback: false,
    env: 'prod',
    connectionId: 'c0ffee01',
    tradeId: `${1_000_000_000 + n}`,
    price: 100 + (n % 100) / 10,
    quantity: 0.001 * (n % 7),
    side: n % 2 === 0 ? 'BUY' : 'SELL',
    isBuyerMaker: n % 2 === 1,
  };
}
