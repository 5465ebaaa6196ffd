import { describe, expect, it } from 'vitest';
import { OKX_GEO_BLOCKED_HINT, OKX_REGION_OPTION, okxHosts } from './okx-options.js';
import { okxSwapVenue, okxVenue } from './okx-venue.js';

describe('the OKX region', () => {
  it('picks the hosts OKX serves each region from: global, US and EEA', () => {
    expect(okxHosts('global')).toEqual({ ws: 'wss://ws.okx.com:8443/ws/v5', rest: 'https://www.okx.com' });
    expect(okxHosts('us')).toEqual({ ws: 'wss://wsus.okx.com:8443/ws/v5', rest: 'https://us.okx.com' });
    expect(okxHosts('eea')).toEqual({ ws: 'wss://wseea.okx.com:8443/ws/v5', rest: 'https://eea.okx.com' });
  });

  it('is one option of both OKX venues, `global` unless set, refusing other regions', () => {
    expect(OKX_REGION_OPTION).toMatchObject({ key: 'okx.region', env: 'MARKET_FEED_OKX_REGION', flag: 'okx-region', default: 'global' });
    expect(OKX_REGION_OPTION.parse('eea')).toEqual({ ok: true, value: 'eea' });
    expect(OKX_REGION_OPTION.parse('asia')).toEqual({ ok: false, allowed: 'one of global, us, eea' });
    expect(okxVenue.ownOptions?.table).toBe(okxSwapVenue.ownOptions?.table);
  });

  it('gives both venues the region\u2019s hosts, and the hint that names the setting when a host refuses the user', () => {
    for (const venue of [okxVenue, okxSwapVenue]) {
      expect(venue.ownOptions?.urlsOf?.({})).toEqual(okxHosts('global'));
      expect(venue.ownOptions?.urlsOf?.({ 'okx.region': 'us' })).toEqual(okxHosts('us'));
      expect(venue.geoBlockedHint).toBe(OKX_GEO_BLOCKED_HINT);
    }
    expect(OKX_GEO_BLOCKED_HINT).toContain('--okx-region us or eea');
  });
});
