import { describe, expect, it } from 'vitest';
import { readGateFuturesContracts, readGateQuoteVolumes, readGateSpotPairs, splitGateSymbol } from './gate-listings.js';
import { readGateTrades } from './gate-recent-trades.js';

/** Entries shaped as the docs' examples ("List all currency pairs supported", "List all futures contracts", "Retrieve market trades"). */
const PAIR = {
  id: 'ETH_USDT',
  base: 'ETH',
  quote: 'USDT',
  fee: '0.2',
  amount_precision: 3,
  precision: 6,
  trade_status: 'tradable',
  sell_start: 1516378650,
  buy_start: 1516378650,
};
const CONTRACT = {
  name: 'BTC_USDT',
  type: 'direct',
  quanto_multiplier: '0.0001',
  order_price_round: '0.1',
  status: 'trading',
  in_delisting: false,
  funding_interval: 28800,
};

describe("Gate's lists", () => {
  it('spot pairs: tick and lot step from their decimal places; one side only held halted, untradable left out', () => {
    const read = readGateSpotPairs([
      PAIR,
      { ...PAIR, id: 'NEW_USDT', base: 'NEW', trade_status: 'buyable' },
      { ...PAIR, id: 'OLD_USDT', base: 'OLD', trade_status: 'untradable' },
    ]);
    expect(read.listings).toEqual([
      { exchange: 'gate', symbol: 'ETH_USDT', base: 'ETH', quote: 'USDT', state: 'trading', venueStatus: 'tradable', tickSize: 0.000001, lotStep: 0.001 },
      { exchange: 'gate', symbol: 'NEW_USDT', base: 'NEW', quote: 'USDT', state: 'halted', venueStatus: 'buyable', tickSize: 0.000001, lotStep: 0.001 },
    ]);
    expect(read.skipped).toEqual([]);
  });

  it('futures contracts: the linear ones, contract value quanto_multiplier, tick order_price_round; delisted and inverse left out', () => {
    const read = readGateFuturesContracts([
      CONTRACT,
      { ...CONTRACT, name: 'NEW_USDT', status: 'prelaunch' },
      { ...CONTRACT, name: 'OLD_USDT', status: 'delisted' },
      { ...CONTRACT, name: 'BTC_USD', type: 'inverse' },
      { ...CONTRACT, name: 'BAD', quanto_multiplier: '0.1' },
    ]);
    expect(read.listings).toEqual([
      {
        exchange: 'gate_futures',
        symbol: 'BTC_USDT',
        base: 'BTC',
        quote: 'USDT',
        state: 'trading',
        venueStatus: 'trading',
        tickSize: 0.1,
        lotStep: 0.0001,
        contractValue: 0.0001,
      },
      {
        exchange: 'gate_futures',
        symbol: 'NEW_USDT',
        base: 'NEW',
        quote: 'USDT',
        state: 'halted',
        venueStatus: 'prelaunch',
        tickSize: 0.1,
        lotStep: 0.0001,
        contractValue: 0.0001,
      },
    ]);
    expect(read.skipped).toEqual([expect.objectContaining({ path: '$[4].name' })]);
  });

  it('an error answer throws with its label; quote volumes of both markets; symbols split around _', () => {
    expect(() => readGateSpotPairs({ label: 'INVALID_PARAM_VALUE', message: 'bad' })).toThrow('INVALID_PARAM_VALUE (bad)');
    expect(
      readGateQuoteVolumes([
        { currency_pair: 'BTC_USDT', quote_volume: '100.5' },
        { contract: 'ETH_USDT', volume_24h_quote: '7' },
      ]).volumes,
    ).toEqual(
      new Map([
        ['BTC_USDT', 100.5],
        ['ETH_USDT', 7],
      ]),
    );
    expect(splitGateSymbol('btc_usdt')).toEqual({ coin: 'BTC', quote: 'USDT' });
    expect(splitGateSymbol('BTCUSDT')).toBeUndefined();
  });

  it('trade history: spot amounts in the coin, futures contracts signed by side times the contract value, times in milliseconds', () => {
    expect(
      readGateTrades(
        [
          {
            id: '1232893232',
            create_time: '1548000000',
            create_time_ms: '1548000000123.456',
            currency_pair: 'BTC_USDT',
            side: 'sell',
            amount: '0.15',
            price: '8000',
          },
        ],
        'spot',
      ),
    ).toEqual([{ id: '1232893232', price: '8000', qty: '0.15', time: 1548000000123, isBuyerMaker: true }]);
    expect(readGateTrades([{ id: 121234231, create_time: 1514764800.123, contract: 'BTC_USDT', size: -100, price: '100.123' }], 'futures', 0.0001)).toEqual([
      { id: '121234231', price: '100.123', qty: '0.01', time: 1514764800123, isBuyerMaker: true },
    ]);
    expect(() => readGateTrades([{ id: 1, create_time: 1, contract: 'BTC_USDT', size: 0, price: '1' }], 'futures')).toThrow('$[0].size');
  });
});
