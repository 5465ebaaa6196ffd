import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DerivativeTicker, MarketEvent, PriceTick } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';
import { bybitLinearTickerReducer, type BybitLinearTickerState } from './bybit-linear-ticker-reducer.js';

const RECEIVED = 1_800_000_000_000;
const context: MapperContext = { exchange: 'bybit_linear', env: 'prod', connectionId: 'c1', partsOf: (s) => splitSymbol(s) };
const provenance = { exchange: 'bybit_linear', receivedTs: RECEIVED, isFallback: false, env: 'prod', connectionId: 'c1' } as const;
const btc = { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT' } as const;

const lines = readFileSync(new URL('../../../test/fixtures/exchange-frames/bybit-linear-tickers.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

function mapped(line: string): readonly MarketEvent[] {
  const result = parseBybitLinearFrame(line);
  if (!result.ok) throw new Error(result.error);
  return mapBybitLinearFrame(result.frame, RECEIVED, context);
}

/** What the reducer emitted for each frame of `frames`, folded in order from a fresh state. */
function session(frames: readonly string[]): readonly (readonly MarketEvent[])[] {
  const reducer = bybitLinearTickerReducer();
  let state: BybitLinearTickerState = reducer.initial('BTCUSDT');
  return frames.map((line) => {
    const step = reducer.reduce(state, mapped(line));
    state = step.state;
    return step.events;
  });
}

const recorded = session(lines);
const at = (frame: number): readonly MarketEvent[] => recorded[frame - 1] ?? [];

describe('bybitLinearTickerReducer over the recorded tickers.BTCUSDT session (1 snapshot, 184 deltas)', () => {
  it('emits from the snapshot a derivative ticker of every figure and a price tick of the last price and the day', () => {
    expect(at(1)).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        ...btc,
        exchangeTs: 1786310817583,
        markPrice: 65117.44,
        indexPrice: 65137.76,
        fundingRate: 0.0001,
        nextFundingTs: 1786320000000,
        openInterest: 59891.732,
        openInterestValue: 3899996265.01,
        openInterestTs: 1786310817583,
        openInterestSource: 'stream',
        lastPrice: 65114.3,
      },
      {
        type: 'price_tick',
        ...provenance,
        ...btc,
        exchangeTs: 1786310817583,
        price: 65114.3,
        open24h: 65008.7,
        high24h: 65282.3,
        low24h: 64694.4,
        volume24h: 17573.912,
        turnover24h: 1142118412.9021,
        change24hPct: 0.1624,
      },
    ]);
  });

  it('emits nothing for a delta of best bid/ask alone (frame 2)', () => {
    expect(at(2)).toEqual([]);
  });

  it("overlays frame 3's mark price and open-interest value on the snapshot's figures, open interest still timed by the snapshot", () => {
    expect(at(3)).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        ...btc,
        exchangeTs: 1786310818183,
        markPrice: 65117.43,
        indexPrice: 65137.76,
        fundingRate: 0.0001,
        nextFundingTs: 1786320000000,
        openInterest: 59891.732,
        openInterestValue: 3899995666.09,
        openInterestTs: 1786310817583,
        openInterestSource: 'stream',
        lastPrice: 65114.3,
      },
    ]);
  });

  it("emits only a price tick for a delta of the day's volume and turnover (frame 6), its other figures the snapshot's", () => {
    expect(at(6)).toEqual([
      {
        type: 'price_tick',
        ...provenance,
        ...btc,
        exchangeTs: 1786310818683,
        price: 65114.3,
        open24h: 65008.7,
        high24h: 65282.3,
        low24h: 64694.4,
        volume24h: 17576.044,
        turnover24h: 1142257236.5897,
        change24hPct: 0.1624,
      },
    ]);
  });

  it('emits both for frame 43 (last price, open interest and day), with mark and index as frames 39 and 33 last sent them', () => {
    expect(at(43)).toEqual([
      {
        type: 'derivative_ticker',
        ...provenance,
        ...btc,
        exchangeTs: 1786310824283,
        markPrice: 65118.28,
        indexPrice: 65138.73,
        fundingRate: 0.0001,
        nextFundingTs: 1786320000000,
        openInterest: 59895.976,
        openInterestValue: 3900322936.04,
        openInterestTs: 1786310824283,
        openInterestSource: 'stream',
        lastPrice: 65114.3,
      },
      expect.objectContaining({ type: 'price_tick', price: 65114.3, volume24h: 17576.062, turnover24h: 1142258408.6463, change24hPct: 0.1624 }),
    ]);
  });

  it('moves open interest and its time with frame 84, which sent nothing else read', () => {
    expect(at(84)).toEqual([
      expect.objectContaining({
        type: 'derivative_ticker',
        exchangeTs: 1786310836283,
        markPrice: 65117.97,
        indexPrice: 65138.73,
        openInterest: 59895.978,
        openInterestValue: 3900304498.52,
        openInterestTs: 1786310836283,
      }),
    ]);
  });

  it("takes frame 180's new day open and change (0.001588 is 0.1588 %) into its price tick", () => {
    expect(at(180)).toEqual([
      expect.objectContaining({ type: 'price_tick', exchangeTs: 1786310860283, price: 65114.3, open24h: 65011, volume24h: 17581.491, change24hPct: 0.1588 }),
    ]);
  });

  it('emits one derivative ticker per frame that sent a derivative figure (64) and one price tick per frame that sent a day figure (17)', () => {
    const kinds = recorded.flat().map((e) => e.type);
    expect(kinds.filter((k) => k === 'derivative_ticker')).toHaveLength(64);
    expect(kinds.filter((k) => k === 'price_tick')).toHaveLength(17);
    expect(kinds.filter((k) => k !== 'derivative_ticker' && k !== 'price_tick')).toEqual([]);
  });

  it('carries in every record the value each figure was last sent with, read straight off the raw frames', () => {
    const last: Record<string, string> = {};
    let openInterestTs = 0;
    lines.forEach((line, n) => {
      const raw = JSON.parse(line) as { ts: number; data: Record<string, string> };
      Object.assign(last, raw.data);
      if ('openInterest' in raw.data) openInterestTs = raw.ts;
      for (const event of recorded[n] ?? []) {
        if (event.type === 'derivative_ticker') {
          const figures: Partial<DerivativeTicker> = event;
          expect([figures.markPrice, figures.indexPrice, figures.fundingRate, figures.nextFundingTs, figures.openInterest, figures.openInterestValue]).toEqual(
            ['markPrice', 'indexPrice', 'fundingRate', 'nextFundingTime', 'openInterest', 'openInterestValue'].map((key) => Number(last[key])),
          );
          expect([figures.openInterestTs, figures.lastPrice, figures.exchangeTs]).toEqual([openInterestTs, Number(last['lastPrice']), raw.ts]);
        } else {
          const tick = event as PriceTick;
          expect([tick.price, tick.open24h, tick.volume24h, tick.turnover24h, tick.change24hPct]).toEqual([
            Number(last['lastPrice']),
            Number(last['prevPrice24h']),
            Number(last['volume24h']),
            Number(last['turnover24h']),
            Math.round(Number(last['price24hPcnt']) * 100 * 1e10) / 1e10,
          ]);
        }
      }
    });
  });
});

describe('bybitLinearTickerReducer on frames varied from the recorded ones', () => {
  const [snapshot = '', , delta3 = ''] = lines;

  it('lets a new snapshot replace every figure: one that it does not send is gone', () => {
    const raw = JSON.parse(snapshot) as { data: Record<string, string>; ts: number };
    delete raw.data['indexPrice'];
    const again = JSON.stringify({ ...raw, ts: raw.ts + 10_000 });
    const [, second] = session([snapshot, again]);
    expect(second?.[0]).toMatchObject({ type: 'derivative_ticker', markPrice: 65117.44 });
    expect(second?.[0]).not.toHaveProperty('indexPrice');
  });

  it('overlays a delta before any snapshot on nothing: its record carries only what it sent, and no price tick comes without a last price', () => {
    expect(session([delta3])).toEqual([
      [{ type: 'derivative_ticker', ...provenance, ...btc, exchangeTs: 1786310818183, markPrice: 65117.43, openInterestValue: 3899995666.09 }],
    ]);
  });

  it('passes other events through in order, and never the update it merges', () => {
    const reducer = bybitLinearTickerReducer();
    const trade = mapped(
      '{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1786310819681,"data":[{"T":1786310819680,"s":"BTCUSDT","S":"Sell","v":"0.004","p":"65114.20","L":"MinusTick","i":"a9188a0a-82bc-50de-be60-03eedbe3cdd7","BT":false,"RPI":false,"seq":753843954913}]}',
    );
    const step = reducer.reduce(reducer.initial('BTCUSDT'), [...trade, ...mapped(delta3)]);
    expect(step.events.map((e) => e.type)).toEqual(['trade', 'derivative_ticker']);
    expect(step.events[1]).not.toHaveProperty('bybitTicker');
  });
});
