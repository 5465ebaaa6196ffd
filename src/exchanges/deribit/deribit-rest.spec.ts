import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deribitControl } from './deribit-protocol.js';
import { parseDeribitFrame } from './deribit-frames.js';
import { readDeribitFutures, readDeribitOptions } from './deribit-listings.js';
import { DERIBIT_TEST } from './deribit-requests.js';
import { deribitHistoryTrade, readDeribitHistoryTrades } from './deribit-trade-history.js';

const recorded = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/exchange-frames/${file}`, import.meta.url), 'utf8')) as unknown;
const control = (text: string) => {
  const parsed = parseDeribitFrame(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return deribitControl(parsed.frame);
};

describe('Deribit lists (recorded ETH get_instruments of 2021-07-22)', () => {
  it('reads the perpetual and the 7 dated futures, each future keyed by its expiry at 08:00 UTC', () => {
    const { listings, skipped } = readDeribitFutures(recorded('deribit-get_instruments.ndjson'));
    expect(skipped).toEqual([]);
    expect(listings).toHaveLength(8);
    expect(listings.find((l) => l.symbol === 'ETH-PERPETUAL')).toEqual({
      exchange: 'deribit',
      symbol: 'ETH-PERPETUAL',
      base: 'ETH',
      quote: 'USD',
      state: 'trading',
      venueStatus: 'active',
      tickSize: 0.05,
      lotStep: 1e-8,
    });
    expect(listings.find((l) => l.symbol === 'ETH-23JUL21')).toMatchObject({ key: 'ETH-USD-INV-20210723', expiryTs: Date.UTC(2021, 6, 23, 8) });
  });

  it('reads the 418 options with their terms, priced in ETH and struck in USD', () => {
    const { listings } = readDeribitOptions(recorded('deribit-get_instruments.ndjson'));
    expect(listings).toHaveLength(418);
    expect(listings.find((l) => l.symbol === 'ETH-23JUL21-2050-P')).toEqual({
      exchange: 'deribit_options',
      symbol: 'ETH-23JUL21-2050-P',
      base: 'ETH',
      quote: 'ETH',
      state: 'trading',
      venueStatus: 'active',
      tickSize: 0.0005,
      lotStep: 1,
      key: 'ETH-USD-20210723-2050-P',
      expiryTs: 1627027200000,
      option: { type: 'put', strike: 2050 },
    });
  });

  it('leaves USDC-margined linear contracts out of deribit (documented layout with instrument_type)', () => {
    const answer = {
      jsonrpc: '2.0',
      result: [
        {
          kind: 'future',
          instrument_type: 'linear',
          instrument_name: 'BTC_USDC-PERPETUAL',
          base_currency: 'BTC',
          quote_currency: 'USDC',
          is_active: true,
          tick_size: 0.5,
          settlement_period: 'perpetual',
          expiration_timestamp: 32503708800000,
        },
        {
          kind: 'future',
          instrument_type: 'reversed',
          instrument_name: 'BTC-PERPETUAL',
          base_currency: 'BTC',
          quote_currency: 'USD',
          is_active: true,
          tick_size: 0.5,
          settlement_period: 'perpetual',
          expiration_timestamp: 32503708800000,
        },
      ],
    };
    expect(readDeribitFutures(answer).listings.map((l) => l.symbol)).toEqual(['BTC-PERPETUAL']);
  });
});

describe('Deribit trade history (recorded get_last_trades_by_instrument, ETH-PERPETUAL)', () => {
  it('reads the 10 trades oldest first, trade_seq as the id, quantity USD over the price', () => {
    const trades = readDeribitHistoryTrades(recorded('deribit-get_last_trades_by_instrument.ndjson'));
    expect(trades.map((t) => t.tradeSeq)).toEqual(Array.from({ length: 10 }, (_, n) => 203024587 + n));
    expect(deribitHistoryTrade(trades[9]!, 'usd')).toEqual({
      id: 203024596,
      price: '2968.3',
      qty: String(106 / 2968.3),
      time: 1766332079917,
      isBuyerMaker: false,
    });
  });
});

describe('deribitControl', () => {
  it('settles the recorded subscribe answer by its id, naming every channel subscribed', () => {
    expect(control(JSON.stringify(recorded('deribit-subscribe-ack.ndjson')))).toMatchObject({
      kind: 'subscribe_ack',
      success: true,
      requestId: '1',
      topics: ['ticker.BTC-PERPETUAL.100ms'],
      complete: true,
    });
  });

  it('answers the heartbeat test_request with public/test at once', () => {
    expect(control(JSON.stringify(recorded('deribit-heartbeat.ndjson')))).toEqual({ kind: 'reply', text: DERIBIT_TEST });
    expect(JSON.parse(DERIBIT_TEST)).toMatchObject({ jsonrpc: '2.0', method: 'public/test' });
  });

  it('refuses a subscribe answered with an error, and makes too_many_requests (10028) the venue\u2019s', () => {
    const error = (id: number, code: number, message: string) => JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
    expect(control(error(3, 11050, 'bad_request'))).toMatchObject({ kind: 'subscribe_ack', success: false, requestId: '3' });
    expect(control(error(4, 10028, 'too_many_requests'))).toMatchObject({ kind: 'venue_error', message: 'deribit error 10028: too_many_requests' });
    const auth = control(error(1_000_000_002, 13004, 'invalid_credentials'));
    expect(auth?.kind === 'venue_error' ? auth.message : '').toContain('public/auth refused');
  });
});
