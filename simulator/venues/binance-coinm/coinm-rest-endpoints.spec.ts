import { describe, expect, it } from 'vitest';
import { PerpetualMarket } from '../../perpetual/perpetual-market.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { coinmSymbols } from './coinm-contracts.js';
import { coinmExchangeInfoEndpoint } from './coinm-exchange-info.js';
import { coinmOpenInterestEndpoint, coinmTicker24hrEndpoint } from './coinm-rest-endpoints.js';

const NOW = 1_786_310_817_583;
const DELIVERY = 1_798_185_600_000; // 2026-12-25T08:00:00Z
const market = new SimulatedMarket({
  symbols: coinmSymbols(
    [
      { symbol: 'BTCUSD_PERP', coin: 'BTC', quote: 'USD' },
      { symbol: 'ETHUSD_PERP', coin: 'ETH', quote: 'USD' },
    ],
    DELIVERY,
  ),
  seed: 3,
  idStep: 'consecutive',
});
const contractUsd = (symbol: string) => market.listing(symbol)?.contractValue ?? 10;
const query = (q: Record<string, string> = {}) => new URLSearchParams(q);

describe('the simulated COIN-M REST endpoints', () => {
  it('list each perpetual and the quarterly with its contract size and delivery, and a perpetual not yet trading', () => {
    const info = coinmExchangeInfoEndpoint(
      market,
      contractUsd,
      () => DELIVERY,
      () => 2400,
    ).answer(query(), NOW).body as {
      symbols: { symbol: string; contractType: string; contractStatus: string; contractSize: number; deliveryDate: number; quoteAsset: string }[];
    };
    expect(info.symbols.map((s) => [s.symbol, s.contractType, s.contractStatus, s.contractSize])).toEqual([
      ['BTCUSD_PERP', 'PERPETUAL', 'TRADING', 100],
      ['ETHUSD_PERP', 'PERPETUAL', 'TRADING', 10],
      ['BTCUSD_261225', 'CURRENT_QUARTER', 'TRADING', 100],
      ['NEWUSD_PERP', 'PERPETUAL', 'PENDING_TRADING', 10],
    ]);
    expect(info.symbols[2]?.deliveryDate).toBe(DELIVERY);
    expect(info.symbols.every((s) => s.quoteAsset === 'USD')).toBe(true);
  });

  it('answer the 24 h ticker as an array, volume in contracts and baseVolume in the coin', () => {
    const [ticker] = coinmTicker24hrEndpoint(market, contractUsd).answer(query({ symbol: 'BTCUSD_PERP' }), NOW).body as Record<string, string>[];
    expect(Object.keys(ticker ?? {})).toEqual(expect.arrayContaining(['symbol', 'pair', 'volume', 'baseVolume', 'weightedAvgPrice']));
    expect(ticker?.['pair']).toBe('BTCUSD');
  });

  it('answer open interest in contracts with the pair and contract type', () => {
    const perpetual = new PerpetualMarket({ market, seed: 3, clock: () => NOW });
    perpetual.advance(NOW);
    const body = coinmOpenInterestEndpoint(market, perpetual, contractUsd).answer(query({ symbol: 'BTCUSD_PERP' }), NOW).body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['symbol', 'pair', 'openInterest', 'contractType', 'time']);
    expect(body['openInterest']).toMatch(/^\d+$/);
    expect(body['contractType']).toBe('PERPETUAL');
  });
});
