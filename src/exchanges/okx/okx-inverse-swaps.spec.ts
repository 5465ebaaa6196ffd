import { describe, expect, it } from 'vitest';
import { createFrameNormalizer, type NormalizedFrame } from '../frame-normalizer.js';
import { okxLine, okxRestExample } from './__fixtures__/okx-frames-at-hand.js';
import { readOkxSwapInstruments } from './okx-listings.js';

const RECEIVED = 1_800_000_000_000;

/** A recorded frame of the linear BTC-USDT-SWAP, retold of the inverse BTC-USD-SWAP (same layout, the instrument renamed). */
const ofInverse = (text: string): string => text.replaceAll('BTC-USDT-SWAP', 'BTC-USD-SWAP').replaceAll('"BTC-USDT"', '"BTC-USD"');

/**
 * Every channel the swap venue reads, for the inverse BTC-USD-SWAP (OKX: coin-margined, a contract worth
 * 100 USD, `ctType` inverse in the recorded list): recorded frames of it where one was found, else a
 * recorded linear frame of the same channel renamed.
 */
const INVERSE_FRAMES: Readonly<Record<string, string>> = {
  // crypto-crawler/crypto-msg-parser tests/okx.rs `l2_event::inverse_swap_snapshot`, recorded 2022-03-03.
  books: okxLine('okx-swap-books.ndjson', 2),
  // tardis-node test/mappers.test.ts, recorded 2026-08-04: the index of BTC-USD-SWAP.
  'index-tickers': okxLine('okx-swap-index-tickers.ndjson', 2),
  // crypto-crawler/crypto-msg-parser tests/okx.rs `funding_rate::inverse_swap`, recorded 2022-03-03.
  'funding-rate':
    '{"arg":{"channel":"funding-rate","instId":"BTC-USD-SWAP"},"data":[{"fundingRate":"0.0000734174532791","fundingTime":"1646323200000","instId":"BTC-USD-SWAP","instType":"SWAP","nextFundingRate":"0.0001163723201487"}]}',
  tickers: ofInverse(okxLine('okx-swap-tickers.ndjson', 2)),
  trades: ofInverse(okxLine('okx-swap-trades.ndjson', 1)),
  'bbo-tbt': ofInverse(okxLine('okx-swap-bbo-tbt.ndjson', 1)),
  'mark-price': okxLine('okx-swap-mark-price.ndjson', 1).replaceAll('WNCG-USDT-SWAP', 'BTC-USD-SWAP'),
  'open-interest': okxLine('okx-swap-open-interest.ndjson', 1).replaceAll('WNCG-USDT-SWAP', 'BTC-USD-SWAP'),
  'liquidation-orders':
    '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"43000.5","ccy":"","posSide":"long","side":"sell","sz":"25","ts":"1700000000100"}],"instFamily":"BTC-USD","instId":"BTC-USD-SWAP","instType":"SWAP","uly":"BTC-USD"}]}',
  candle1m: '{"arg":{"channel":"candle1m","instId":"BTC-USD-SWAP"},"data":[["1646312400000","43568.8","43570","43560","43565","120","0.2754","12000","1"]]}',
};

const REASON = '$: BTC-USD-SWAP is an inverse swap (coin-margined, its contracts worth USD): okx_swap publishes linear swaps only, none of its channels';

function refusals(normalize: (text: string, receivedTs: number) => NormalizedFrame): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [channel, text] of Object.entries(INVERSE_FRAMES)) {
    const result = normalize(text, RECEIVED);
    out[channel] = result.ok ? `published ${result.frame.map((e) => `${e.type} ${'instrument' in e ? String(e.instrument) : ''}`).join(', ')}` : result.error;
  }
  return out;
}

describe('inverse swaps on the linear swap venue (okx_swap)', () => {
  const every = Object.fromEntries(Object.keys(INVERSE_FRAMES).map((channel) => [channel, REASON]));

  it('refuses every channel of BTC-USD-SWAP with one reason in normalize and replay without the list: no record keyed BTC-USD-PERP', () => {
    expect(refusals(createFrameNormalizer('okx_swap', 'c1'))).toEqual(every);
  });

  it('refuses them alike with the recorded instrument list (which names BTC-USD-SWAP inverse, and the venue leaves it out)', () => {
    const listings = readOkxSwapInstruments(okxRestExample('okx-instruments-swap.json')).listings;
    expect(listings.some((l) => l.symbol === 'BTC-USD-SWAP')).toBe(false);
    expect(refusals(createFrameNormalizer('okx_swap', 'c1', undefined, listings))).toEqual(every);
  });

  it('still publishes the linear swaps of the same frames (BTC-USDT-SWAP funding, keyed BTC-USDT-PERP)', () => {
    const result = createFrameNormalizer('okx_swap', 'c1')(okxLine('okx-swap-funding-rate.ndjson', 2), RECEIVED);
    expect(result.ok && result.frame.map((e) => ('instrument' in e ? e.instrument : undefined))).toEqual(['BTC-USDT-PERP']);
  });
});
