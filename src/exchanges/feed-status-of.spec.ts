import { describe, expect, it } from 'vitest';
import { GeoBlockedError } from './feed-errors.js';
import { statusForError } from './feed-status-of.js';

describe('statusForError', () => {
  it('says geo_blocked for a refused upgrade, with what the venue tells a refused user to do (OKX: its region setting)', () => {
    const refused = new GeoBlockedError({ url: 'wss://ws.okx.com:8443/ws/v5/public', statusCode: 403, exchange: 'okx' });
    const status = statusForError('okx', refused, 7);
    expect(status).toMatchObject({ type: 'feed_status', exchange: 'okx', state: 'geo_blocked', ts: 7 });
    expect(status.reason.startsWith(`${refused.message}; `)).toBe(true);
    expect(status.reason).toContain('--okx-region us or eea');
  });

  it('says only the refusal for a venue with no hint, and disconnected for any other error', () => {
    const refused = new GeoBlockedError({ url: 'wss://stream.bybit.com/v5/public/spot', statusCode: 451, exchange: 'bybit' });
    expect(statusForError('bybit', refused, 1)).toMatchObject({ state: 'geo_blocked', reason: refused.message });
    expect(statusForError('bybit', new Error('socket hang up'), 2)).toMatchObject({ state: 'disconnected', reason: 'socket hang up' });
  });
});
