import { describe, expect, it } from 'vitest';
import { ConfigError, describeOptions, loadConfig } from '../config/load-config.js';

const none = { env: {}, flags: {} };

describe('candle, aggTrade and volume profile options', () => {
  it('default to 1-minute candles cross-checked at 25 bps / 5 %, no aggTrade, 1 h profiles of 24 rows at 70 %', () => {
    const config = loadConfig(none);
    expect(config.klines).toEqual({ enabled: true, interval: '1m', priceToleranceBps: 25, volumeTolerancePct: 5 });
    expect(config.aggTrades).toEqual({ enabled: false });
    expect(config.profile).toEqual({ windowMs: 3_600_000, rows: 24, ticks: {}, tickMultiple: 1, valueAreaPct: 70 });
  });

  it('reads flags and environment: interval, tolerances, aggTrade, profile ticks per coin', () => {
    const config = loadConfig({
      env: { MARKET_FEED_AGG_TRADES: 'true', MARKET_FEED_PROFILE_TICKS: 'btc:0.01, ETH:0.05' },
      flags: { 'kline-interval': '5m', 'kline-price-tolerance-bps': '12.5', 'profile-window-ms': '60000', 'profile-value-area-pct': '68' },
    });
    expect(config.klines).toMatchObject({ interval: '5m', priceToleranceBps: 12.5 });
    expect(config.aggTrades.enabled).toBe(true);
    expect(config.profile).toMatchObject({ windowMs: 60_000, ticks: { BTC: 0.01, ETH: 0.05 }, valueAreaPct: 68 });
  });

  it.each([
    ['kline-interval', '2m', 'klines.interval'],
    ['kline-price-tolerance-bps', '0', 'klines.priceToleranceBps'],
    ['kline-volume-tolerance-pct', 'lots', 'klines.volumeTolerancePct'],
    ['agg-trades', 'maybe', 'aggTrades.enabled'],
    ['profile-window-ms', '10', 'profile.windowMs'],
    ['profile-rows', '0', 'profile.rows'],
    ['profile-ticks', 'BTC=0.01', 'profile.ticks'],
    ['profile-ticks', 'BTC:-1', 'profile.ticks'],
    ['profile-tick-multiple', '1.5', 'profile.tickMultiple'],
    ['profile-value-area-pct', '101', 'profile.valueAreaPct'],
  ])('refuses --%s %s naming %s', (flag, value, key) => {
    expect(() => loadConfig({ env: {}, flags: { [flag]: value } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, flags: { [flag]: value } })).toThrow(`invalid ${key}`);
  });

  it('lists every new option in --help with its default', () => {
    const help = describeOptions();
    for (const flag of [
      '--klines',
      '--kline-interval',
      '--kline-price-tolerance-bps',
      '--kline-volume-tolerance-pct',
      '--agg-trades',
      '--profile-window-ms',
      '--profile-rows',
      '--profile-ticks',
      '--profile-tick-multiple',
      '--profile-value-area-pct',
    ]) {
      expect(help).toContain(flag);
    }
  });
});
