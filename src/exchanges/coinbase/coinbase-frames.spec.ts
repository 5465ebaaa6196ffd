import { describe, expect, it } from 'vitest';
import { parseCoinbaseFrame } from './coinbase-frames.js';
import { parsedFrame, recordedBookLines, recordedLines } from './__fixtures__/recorded-frames.js';

// 2026-08-09T21:05:48Z is 1786309548 s after the epoch (Python's datetime, not this code).
const AT_21_05_48 = 1_786_309_548_000;

describe('parseCoinbaseFrame on the recorded frames', () => {
  it.each([
    ['coinbase-market_trades.ndjson', 'market_trades', 18],
    ['coinbase-ticker.ndjson', 'ticker', 48],
    ['coinbase-heartbeats.ndjson', 'heartbeats', 8],
    ['coinbase-subscriptions.ndjson', 'subscriptions', 5],
    ['coinbase-candles.ndjson', 'other', 2],
    ['coinbase-error.ndjson', 'error', 1],
    ['coinbase-l2_data-updates.ndjson', 'l2_data', 8],
  ])('reads every line of %s as a %s frame', (file, kind, count) => {
    const kinds = recordedLines(file).map((line) => parsedFrame(line).kind);
    expect(kinds).toEqual(Array<string>(count).fill(kind));
  });

  it('reads a one-trade update: every field, the time in ms, the side as sent', () => {
    expect(parsedFrame(recordedLines('coinbase-market_trades.ndjson')[2] ?? '')).toEqual({
      kind: 'market_trades',
      sequenceNum: 9,
      timestamp: AT_21_05_48 + 251,
      events: [
        {
          type: 'update',
          trades: [{ productId: 'BTC-USD', tradeId: '1068572091', price: '65083.67', size: '0.01034361', time: AT_21_05_48 + 167, side: 'SELL' }],
        },
      ],
    });
  });

  it('reads the snapshot of the last 100 trades, newest first as sent', () => {
    const frame = parsedFrame(recordedLines('coinbase-market_trades.ndjson')[0] ?? '');
    if (frame.kind !== 'market_trades') throw new Error(frame.kind);
    const [event] = frame.events;
    expect(event?.type).toBe('snapshot');
    expect(event?.trades).toHaveLength(100);
    expect([event?.trades[0]?.tradeId, event?.trades[99]?.tradeId]).toEqual(['1068572090', '1068571991']);
  });

  it('reads a ticker with every figure as the decimal string sent', () => {
    expect(parsedFrame(recordedLines('coinbase-ticker.ndjson')[0] ?? '')).toEqual({
      kind: 'ticker',
      channel: 'ticker',
      sequenceNum: 6,
      timestamp: AT_21_05_48 + 229,
      tickers: [
        {
          productId: 'BTC-USD',
          price: '65086.18',
          volume24h: '2867.54532609',
          low24h: '64675.22',
          high24h: '65252.99',
          low52w: '57717.55',
          high52w: '126296',
          pricePercentChg24h: '0.09601107287722',
          bestBid: '65083.66',
          bestAsk: '65083.67',
          bestBidQuantity: '0.20371215',
          bestAskQuantity: '0.24290402',
        },
      ],
    });
  });

  it("reads a heartbeat counter as the recorded integer or the documentation example's string of digits, without parsing current_time", () => {
    expect(parsedFrame(recordedLines('coinbase-heartbeats.ndjson')[0] ?? '')).toEqual({ kind: 'heartbeats', sequenceNum: 35, counter: 41691 });
    // The heartbeats example of Coinbase's websocket-channels page, compacted.
    const documented =
      '{"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:26.122969572Z","sequence_num":0,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105","heartbeat_counter":"3049"}]}';
    expect(parsedFrame(documented)).toEqual({ kind: 'heartbeats', sequenceNum: 0, counter: 3049 });
  });

  it('reads the cumulative ack, level2 under its subscribed name and heartbeats with its own list', () => {
    expect(parsedFrame(recordedLines('coinbase-subscriptions.ndjson')[4] ?? '')).toEqual({
      kind: 'subscriptions',
      sequenceNum: 26,
      subscriptions: [
        { channel: 'candles', productIds: ['ETH-USD', 'BTC-USD'] },
        { channel: 'heartbeats', productIds: ['heartbeats'] },
        { channel: 'level2', productIds: ['BTC-USD', 'ETH-USD'] },
        { channel: 'market_trades', productIds: ['BTC-USD', 'ETH-USD'] },
        { channel: 'ticker', productIds: ['BTC-USD', 'ETH-USD'] },
      ],
    });
  });

  it('reads the error frame reported for too many level2 products', () => {
    expect(parsedFrame(recordedLines('coinbase-error.ndjson')[0] ?? '')).toEqual({
      kind: 'error',
      message: 'too many L2 streams requested in a single session',
    });
  });

  it('reads candles as a channel not used, keeping its sequence number', () => {
    expect(parsedFrame(recordedLines('coinbase-candles.ndjson')[0] ?? '')).toEqual({ kind: 'other', channel: 'candles', sequenceNum: 3 });
  });

  it('reads a book update: bids from side bid, asks from offer, "0" kept as a delete, the level time in ms', () => {
    expect(parsedFrame(recordedLines('coinbase-l2_data-updates.ndjson')[0] ?? '')).toEqual({
      kind: 'l2_data',
      sequenceNum: 22,
      timestamp: AT_21_05_48 + 628,
      events: [
        {
          type: 'update',
          productId: 'ETH-USD',
          bids: [
            { price: 1918.55, size: 0.00000131 },
            { price: 1917.95, size: 1.1531 },
            { price: 1917.35, size: 0 },
          ],
          asks: [],
          eventTime: AT_21_05_48 + 464,
        },
      ],
    });
  });

  it('reads the whole-book snapshot: 6,935 bids from 1919.44 down, 16,399 offers from 1919.49 up, one event time', () => {
    const frame = parsedFrame(recordedBookLines()[0] ?? '');
    if (frame.kind !== 'l2_data') throw new Error(frame.kind);
    const [event] = frame.events;
    expect([event?.type, event?.productId, event?.bids.length, event?.asks.length, event?.eventTime]).toEqual([
      'snapshot',
      'ETH-USD',
      6935,
      16399,
      AT_21_05_48 + 351,
    ]);
    expect([event?.bids[0], event?.bids.at(-1), event?.asks[0], event?.asks.at(-1)]).toEqual([
      { price: 1919.44, size: 0.02858092 },
      { price: 0.01, size: expect.any(Number) as number },
      { price: 1919.49, size: 0.07814824 },
      { price: 100000000, size: expect.any(Number) as number },
    ]);
  });

  it('ignores a client_id and other fields it does not read', () => {
    const line = '{"channel":"candles","client_id":"","timestamp":"2026-08-09T21:05:48Z","sequence_num":7,"events":[],"extra":{"a":1}}';
    expect(parsedFrame(line)).toEqual({ kind: 'other', channel: 'candles', sequenceNum: 7 });
  });
});

const trades = (trade: string): string =>
  `{"channel":"market_trades","timestamp":"2026-08-09T21:05:48.251397169Z","sequence_num":9,"events":[{"type":"update","trades":[${trade}]}]}`;
const trade = (fields: Record<string, unknown>): string =>
  trades(JSON.stringify({ product_id: 'BTC-USD', trade_id: '1', price: '1', size: '1', time: '2026-08-09T21:05:48.167634Z', side: 'SELL', ...fields }));
const level = (fields: Record<string, unknown>, type = 'update'): string =>
  `{"channel":"l2_data","timestamp":"2026-08-09T21:05:48Z","sequence_num":29,"events":[{"type":"${type}","product_id":"ETH-USD","updates":[${JSON.stringify({ side: 'bid', event_time: '2026-08-09T21:05:48.667764Z', price_level: '1890.6', new_quantity: '0', ...fields })}]}]}`;

describe('parseCoinbaseFrame refusals', () => {
  it.each([
    // JSON.parse's own reason, passed through: there is no field to name yet.
    ['truncated JSON', '{"channel":', 'Unexpected end of JSON input'],
    ['a frame that is not an object', '[1]', '$: expected an object'],
    ['a frame without a channel', '{"type":"subscriptions"}', '$.channel: expected a non-empty string'],
    ['a missing sequence number', '{"channel":"ticker","timestamp":"2026-08-09T21:05:48Z","events":[]}', '$.sequence_num: expected a non-negative integer'],
    ['a negative sequence number', '{"channel":"candles","sequence_num":-1,"events":[]}', '$.sequence_num: expected a non-negative integer'],
    [
      'an envelope time that is not RFC 3339',
      '{"channel":"ticker","timestamp":"yesterday","sequence_num":1,"events":[]}',
      '$.timestamp: expected an RFC 3339 time',
    ],
    ['events that are not a list', '{"channel":"ticker","timestamp":"2026-08-09T21:05:48Z","sequence_num":1,"events":{}}', '$.events: expected an array'],
    ['an unknown trade event type', trades('').replace('"update"', '"delta"'), '$.events[0].type: expected "snapshot" or "update"'],
    ['a trade that is not an object', trades('"x"'), '$.events[0].trades[0]: expected an object'],
    ['a negative price', trade({ price: '-1' }), '$.events[0].trades[0].price: expected a positive decimal string'],
    ['a size of 0', trade({ size: '0' }), '$.events[0].trades[0].size: expected a positive decimal string'],
    ['a side in lower case', trade({ side: 'sell' }), '$.events[0].trades[0].side: expected "BUY" or "SELL"'],
    ['an empty trade id', trade({ trade_id: '' }), '$.events[0].trades[0].trade_id: expected a non-empty string'],
    ['a trade time in epoch ms', trade({ time: 1786309548167 }), '$.events[0].trades[0].time: expected a non-empty string'],
    ['a trade time with a space', trade({ time: '2026-08-09 21:05:48Z' }), '$.events[0].trades[0].time: expected an RFC 3339 time'],
    [
      'a ticker without a price',
      '{"channel":"ticker","timestamp":"2026-08-09T21:05:48Z","sequence_num":6,"events":[{"type":"update","tickers":[{"product_id":"BTC-USD"}]}]}',
      '$.events[0].tickers[0].price: expected a positive decimal string',
    ],
    [
      'a negative 24 h volume',
      '{"channel":"ticker","timestamp":"2026-08-09T21:05:48Z","sequence_num":6,"events":[{"type":"update","tickers":[{"product_id":"BTC-USD","price":"1","volume_24_h":"-2"}]}]}',
      '$.events[0].tickers[0].volume_24_h: expected a non-negative decimal string',
    ],
    ['a book side "ask"', level({ side: 'ask' }), '$.events[0].updates[0].side: expected "bid" or "offer"'],
    ['a book price of 0', level({ price_level: '0' }), '$.events[0].updates[0].price_level: expected a positive decimal string'],
    ['a negative book quantity', level({ new_quantity: '-1' }), '$.events[0].updates[0].new_quantity: expected a non-negative decimal string'],
    ['a quantity of 0 in a snapshot', level({ new_quantity: '0' }, 'snapshot'), '$.events[0].updates[0].new_quantity: expected a positive decimal string'],
    ['a level time that is not RFC 3339', level({ event_time: 'now' }), '$.events[0].updates[0].event_time: expected an RFC 3339 time'],
    ['a book event without a product', level({}).replace('"product_id":"ETH-USD",', ''), '$.events[0].product_id: expected a non-empty string'],
    [
      'a heartbeat counter that is text',
      '{"channel":"heartbeats","sequence_num":35,"events":[{"heartbeat_counter":"many"}]}',
      '$.events[0].heartbeat_counter: expected a non-negative integer',
    ],
    ['a heartbeat without events', '{"channel":"heartbeats","sequence_num":35,"events":[]}', '$.events: expected one heartbeat event'],
    [
      'an ack whose product list is not a list',
      '{"channel":"subscriptions","sequence_num":2,"events":[{"subscriptions":{"ticker":"BTC-USD"}}]}',
      '$.events[0].subscriptions.ticker: expected an array',
    ],
    [
      'an ack with an empty product id',
      '{"channel":"subscriptions","sequence_num":2,"events":[{"subscriptions":{"ticker":[""]}}]}',
      '$.events[0].subscriptions.ticker[0]: expected a product id',
    ],
    [
      'an ack with a channel name no path can hold',
      '{"channel":"subscriptions","sequence_num":2,"events":[{"subscriptions":{"a b":[]}}]}',
      '$.events[0].subscriptions: expected channel names, got "a b"',
    ],
  ])('refuses %s, naming the field and what was wrong with it', (_name, line, error) => {
    expect(parseCoinbaseFrame(line)).toEqual({ ok: false, error });
  });

  it('reads an error frame without a message as an empty message', () => {
    expect(parseCoinbaseFrame('{"type":"error"}')).toEqual({ ok: true, frame: { kind: 'error', message: '' } });
  });
});
