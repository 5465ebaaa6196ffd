import { describe, expect, it } from 'vitest';
import { SimulatedMarket } from '../../simulated-market.js';
import { OkxUnits } from '../okx/okx-units.js';
import { ctValExponent, OkxSwapContracts, okxSwapSymbols } from './okx-swap-contracts.js';

describe('OKX swap contracts', () => {
  it('are worth the recorded ctVal (instruments answer of 2022-05-13), else the power of ten nearest 100 quote units', () => {
    const recorded = { BTC: 0.01, ETH: 0.1, SOL: 1, LTC: 1, DOT: 1, AVAX: 1, LINK: 1, NEAR: 10, XRP: 100, ADA: 100, DOGE: 1000, TRX: 1000, SHIB: 1_000_000 };
    for (const [coin, ctVal] of Object.entries(recorded)) expect(10 ** ctValExponent(coin, 1), coin).toBeCloseTo(ctVal, 12);
    // 100 USDT of a coin at 600 is 0.17 of it: 0.1; at 1.1, 91: 100; at 0.000009, 11 million: 10 million.
    expect([ctValExponent('BNB', 600), ctValExponent('SUI', 1.1), ctValExponent('PEPE', 0.000009)]).toEqual([-1, 2, 7]);
  });

  it('trade in hundredths of a contract: base lots of 0.01 ctVal, or whole units when a contract is worth over 100 of them', () => {
    const symbols = okxSwapSymbols(['BTC', 'ETH', 'SOL', 'XRP', 'DOGE'].map((coin) => ({ symbol: `${coin}-USDT-SWAP`, coin, quote: 'USDT' })));
    expect(symbols.map((s) => s.sizeDecimals)).toEqual([4, 3, 2, 0, 0]);
  });

  it('write base quantities as contracts exactly: 0.0307 BTC is 3.07 contracts of 0.01, 1234 DOGE 1.234 of 1000', () => {
    const market = new SimulatedMarket({
      symbols: [
        { symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', sizeDecimals: 4 },
        { symbol: 'DOGE-USDT-SWAP', coin: 'DOGE', quote: 'USDT', sizeDecimals: 0 },
        { symbol: 'ETH-USDT-SWAP', coin: 'ETH', quote: 'USDT', sizeDecimals: 0 },
      ],
      seed: 1,
      idStep: 'consecutive',
    });
    const contracts = new OkxSwapContracts(market);
    const units = new OkxUnits(market, (symbol) => contracts.exponent(symbol));
    expect([contracts.ctVal('BTC-USDT-SWAP'), contracts.ctVal('DOGE-USDT-SWAP'), contracts.ctVal('ETH-USDT-SWAP')]).toEqual(['0.01', '1000', '0.1']);
    expect(units.size('BTC-USDT-SWAP', 0.0307)).toBe('3.07');
    expect(units.size('BTC-USDT-SWAP', 0.03)).toBe('3');
    expect(units.size('DOGE-USDT-SWAP', 1234)).toBe('1.234');
    // A lot of 1 ETH is 10 contracts of 0.1 ETH.
    expect(units.size('ETH-USDT-SWAP', 3)).toBe('30');
    expect(units.lots('BTC-USDT-SWAP', 0)).toBe('0');
  });
});
