import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBitgetFuturesContracts, readBitgetQuoteVolumes, readBitgetSpotSymbols } from './bitget-listings.js';
import { bitgetFillsPath, readBitgetFills } from './bitget-recent-trades.js';
import { bitgetControl } from './bitget-protocol.js';
import { bitgetLines, bitgetParsed } from './__fixtures__/bitget-frames-at-hand.js';
import { bitgetArgOf, bitgetSubscribe } from './bitget-subscriptions.js';

const example = (file: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')) as unknown;

describe("Bitget's REST answers (the docs' examples)", () => {
  it('lists a spot pair with its tick and lot step from its precisions', () => {
    expect(readBitgetSpotSymbols(example('bitget-spot-symbols.json'))).toEqual({
      listings: [
        { exchange: 'bitget', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', state: 'trading', venueStatus: 'online', tickSize: 0.0001, lotStep: 1e-8 },
      ],
      skipped: [],
    });
  });

  it('lists a USDT-M perpetual, tick priceEndStep x 10^-pricePlace, lot sizeMultiplier; a delivery contract and an off one are left out', () => {
    const answer = example('bitget-usdt-futures-contracts.json') as { data: Record<string, unknown>[] };
    const [btc] = answer.data;
    const more = {
      ...answer,
      data: [
        btc,
        { ...btc, symbol: 'BTCUSDT0328', symbolType: 'delivery' },
        { ...btc, symbol: 'OLDUSDT', symbolStatus: 'off' },
        { ...btc, symbol: 'NEWUSDT', symbolStatus: 'listed' },
      ],
    };
    expect(readBitgetFuturesContracts(more).listings).toEqual([
      { exchange: 'bitget_futures', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', state: 'trading', venueStatus: 'normal', tickSize: 0.1, lotStep: 0.01 },
      { exchange: 'bitget_futures', symbol: 'NEWUSDT', base: 'BTC', quote: 'USDT', state: 'halted', venueStatus: 'listed', tickSize: 0.1, lotStep: 0.01 },
    ]);
  });

  it('refuses an answer whose code is not 00000, naming it', () => {
    expect(() => readBitgetSpotSymbols({ code: '40034', msg: 'Parameter does not exist', data: null })).toThrow(
      '$.code: "40034" (Parameter does not exist), expected "00000"',
    );
  });

  it('reads 24 h quote volumes, skipping an entry without one', () => {
    const read = readBitgetQuoteVolumes({ code: '00000', data: [{ symbol: 'BTCUSDT', quoteVolume: '2366767375.19' }, { symbol: 'XUSDT' }] });
    expect([...read.volumes]).toEqual([['BTCUSDT', 2366767375.19]]);
    expect(read.skipped).toHaveLength(1);
  });

  it('reads the latest trades newest first: ids as text, Buy and Sell in either case, the taker side', () => {
    expect(readBitgetFills(example('bitget-spot-fills-history.json'))).toEqual([
      { id: '1294151170843025500', price: '1592.58', qty: '2.1982', time: 1744275603000, isBuyerMaker: false },
      { id: '1294151170834636801', price: '1592.57', qty: '0.0045', time: 1744275603000, isBuyerMaker: true },
    ]);
    expect(bitgetFillsPath('SPOT', 'btcusdt')).toBe('/api/v2/spot/market/fills-history?symbol=BTCUSDT&limit=1000');
    expect(bitgetFillsPath('USDT-FUTURES', 'BTCUSDT')).toBe('/api/v2/mix/market/fills-history?symbol=BTCUSDT&productType=USDT-FUTURES&limit=1000');
  });
});

describe("Bitget's socket requests and answers", () => {
  it('subscribes topics as arguments of the venue\u2019s instrument type', () => {
    expect(JSON.parse(bitgetSubscribe(['trade:BTCUSDT', 'books:ETHUSDT'], 'c-1', 'USDT-FUTURES').text)).toEqual({
      op: 'subscribe',
      args: [
        { instType: 'USDT-FUTURES', channel: 'trade', instId: 'BTCUSDT' },
        { instType: 'USDT-FUTURES', channel: 'books', instId: 'ETHUSDT' },
      ],
    });
    expect(bitgetArgOf('ticker:BTCUSDT', 'SPOT')).toEqual({ instType: 'SPOT', channel: 'ticker', instId: 'BTCUSDT' });
  });

  it('settles a recorded ack by its topic, answers the pong, and refuses the one topic an error names', () => {
    expect(bitgetControl(bitgetParsed(bitgetLines('bitget-subscribe-ack.ndjson')[0] ?? ''))).toEqual({
      kind: 'subscribe_ack',
      success: true,
      message: '',
      topics: ['trade:XAUTUSDT'],
    });
    expect(bitgetControl(bitgetParsed('pong'))).toEqual({ kind: 'pong' });
    const error =
      '{"event":"error","arg":{"instType":"SPOT","channel":"books","instId":"NOPEUSDT"},"code":30001,"msg":"instType:SPOT,channel:books,instId:NOPEUSDT doesn\'t exist"}';
    expect(bitgetControl(bitgetParsed(error))).toEqual({
      kind: 'subscribe_ack',
      success: false,
      message: "bitget error 30001: instType:SPOT,channel:books,instId:NOPEUSDT doesn't exist",
      topics: ['books:NOPEUSDT'],
    });
    expect(bitgetControl(bitgetParsed('{"event":"error","code":30006,"msg":"request too many"}'))).toEqual({
      kind: 'venue_error',
      message: 'bitget error 30006: request too many',
    });
  });
});
