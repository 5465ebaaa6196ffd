import { describe, expect, it } from 'vitest';
import { dataOf, okxOptionsTestVenue, recorded } from './__fixtures__/okx-options-test-venue.js';

type Frame = Record<string, unknown>;

const keysOf = (entry: Record<string, unknown> | undefined): string[] => Object.keys(entry ?? {});
const allStrings = (entry: Record<string, unknown>): boolean => Object.values(entry).every((value) => typeof value === 'string');
const argOf = (frame: Frame) => frame['arg'] as Record<string, string> | undefined;
const pushes = (frames: readonly Frame[], channel: string) => frames.filter((f) => argOf(f)?.['channel'] === channel && 'data' in f);

/** 10 s of every channel of one near-the-money BTC option and both families, the option trading often. */
function optionFrames() {
  const test = okxOptionsTestVenue();
  const { venue, control, connect, run } = test;
  const symbols = venue.config.market.symbols;
  // The nearest expiry's call closest to the index (its 18 strikes around the forward: the 10th call).
  const instId = symbols.filter((s) => s.startsWith('BTC-') && s.endsWith('-C'))[9] ?? '';
  const client = connect();
  client.send({
    op: 'subscribe',
    args: [
      { channel: 'opt-summary', instFamily: 'BTC-USD' },
      { channel: 'opt-summary', uly: 'ETH-USD' },
      { channel: 'option-trades', instType: 'OPTION', instFamily: 'BTC-USD' },
      { channel: 'index-tickers', instId: 'BTC-USD' },
      ...['tickers', 'trades', 'mark-price', 'open-interest'].map((channel) => ({ channel, instId })),
    ],
  });
  control.setTradeRate('okx_options', 0.5);
  for (let s = 0; s < 10; s += 1) {
    run(1_000);
    client.send('ping');
  }
  return { ...test, instId, frames: client.take() };
}

describe('the simulated OKX options on the wire: the recorded shapes and the brief’s', () => {
  const { frames, instId, control, get } = optionFrames();
  const [summaryRecorded] = recorded('okx-option-opt-summary.ndjson');
  const [tradesRecorded] = recorded('okx-option-trades.ndjson');

  it('acks each arg as given, with the connection’s connId', () => {
    const acks = frames.filter((f) => f['event'] === 'subscribe');
    expect(acks).toHaveLength(8);
    expect(acks.map((a) => keysOf(a))).toEqual(acks.map(() => ['event', 'arg', 'connId']));
    expect(acks[1]?.['arg']).toEqual({ channel: 'opt-summary', uly: 'ETH-USD' });
    expect(acks[2]?.['arg']).toEqual({ channel: 'option-trades', instType: 'OPTION', instFamily: 'BTC-USD' });
  });

  it('opt-summary: every second, the recorded entry’s keys in order then fwdPx and volLv, every value a string; the arg echoed (instFamily or uly)', () => {
    const btc = pushes(frames, 'opt-summary').filter((f) => argOf(f)?.['instFamily'] === 'BTC-USD');
    const eth = pushes(frames, 'opt-summary').filter((f) => argOf(f)?.['uly'] === 'ETH-USD');
    // One at subscribe, then one a second.
    expect([btc.length, eth.length]).toEqual([11, 11]);
    expect(argOf(eth[0] ?? {})).toEqual(summaryRecorded?.['arg']);
    const recordedKeys = keysOf(dataOf(summaryRecorded ?? {})[0]);
    for (const frame of [...btc, ...eth]) {
      expect(keysOf(frame)).toEqual(['arg', 'data']);
      for (const entry of dataOf(frame)) {
        expect(keysOf(entry)).toEqual([...recordedKeys.slice(0, -1), 'fwdPx', 'volLv', 'ts']);
        expect(allStrings(entry)).toBe(true);
      }
    }
    expect(dataOf(eth[0] ?? {}).every((e) => e['uly'] === 'ETH-USD' && e['instId']?.startsWith('ETH-USD-'))).toBe(true);
  });

  it('opt-summary covers every listed option of the family, the same list as GET /api/v5/public/instruments', () => {
    const last = pushes(frames, 'opt-summary').at(-1) ?? {};
    const family = argOf(last)?.['uly'] ?? argOf(last)?.['instFamily'] ?? '';
    const listed = (get(`/api/v5/public/instruments?instType=OPTION&instFamily=${family}`).body.data as Record<string, string>[]).map((i) => i['instId']);
    expect(dataOf(last).map((e) => e['instId'])).toEqual(listed);
    expect(listed.length).toBeGreaterThanOrEqual(8 * 36);
  });

  it('opt-summary: volatilities are fractions, bid and ask vols around the mark ("" for a side without a quote), the greeks by their definitions', () => {
    const entries = dataOf(pushes(frames, 'opt-summary').at(-1) ?? {});
    for (const e of entries) {
      const [markVol, bidVol, askVol] = [e['markVol'], e['bidVol'], e['askVol']].map(Number);
      expect(markVol).toBeGreaterThan(0.05);
      expect(markVol).toBeLessThan(3);
      if (e['bidVol'] !== '' && Number(bidVol) > 0) expect(bidVol).toBeLessThanOrEqual(Number(markVol) + 1e-9);
      expect(askVol).toBeGreaterThanOrEqual(Number(markVol) - 1e-9);
      expect(e['realVol']).toBe('');
      const figure = (key: string): number => Number(e[key]);
      const [deltaBS, gammaBS, vegaBS, thetaBS, fwdPx, delta] = [
        figure('deltaBS'),
        figure('gammaBS'),
        figure('vegaBS'),
        figure('thetaBS'),
        figure('fwdPx'),
        figure('delta'),
      ];
      const call = e['instId']?.endsWith('-C') === true;
      expect(call ? deltaBS >= 0 && deltaBS <= 1 : deltaBS >= -1 && deltaBS <= 0).toBe(true);
      expect(gammaBS).toBeGreaterThanOrEqual(0);
      expect(vegaBS).toBeGreaterThanOrEqual(0);
      expect(thetaBS).toBeLessThanOrEqual(0);
      // Price-adjusted delta: deltaBS less the mark in the coin, whose inverse is the lever (at most 2,000).
      const mark = deltaBS - delta;
      if (mark > 0.001) expect(Number(e['lever'])).toBeCloseTo(1 / mark, 1);
      expect(Number(e['gamma'])).toBeCloseTo(gammaBS * fwdPx - 2 * delta, 4);
      expect(Number(e['vega'])).toBeCloseTo(vegaBS / fwdPx, 9);
      expect(Number(e['theta'])).toBeCloseTo(thetaBS / fwdPx, 9);
    }
    expect(entries.some((e) => e['bidVol'] === '')).toBe(true);
  });

  it('tickers: the brief’s keys, an empty side "" and "0", pushed at subscribe then on a quote or trade change, never twice within 100 ms', () => {
    const tickers = pushes(frames, 'tickers');
    expect(tickers.length).toBeGreaterThanOrEqual(10);
    const keys = [
      'instType',
      'instId',
      'last',
      'lastSz',
      'askPx',
      'askSz',
      'bidPx',
      'bidSz',
      'open24h',
      'high24h',
      'low24h',
      'volCcy24h',
      'vol24h',
      'sodUtc0',
      'sodUtc8',
      'ts',
    ];
    for (const frame of tickers) {
      expect(argOf(frame)).toEqual({ channel: 'tickers', instId });
      const [entry] = dataOf(frame);
      expect(keysOf(entry)).toEqual(keys);
      expect(allStrings(entry ?? {})).toBe(true);
      expect(entry?.['bidPx'] === '' ? entry['bidSz'] : 'quoted').not.toBe('');
    }
    const times = tickers.map((f) => Number(dataOf(f)[0]?.['ts']));
    expect(times.every((t, n) => n === 0 || t - (times[n - 1] ?? 0) >= 100)).toBe(true);
  });

  it('mark-price, open-interest, index-tickers: their keys, strings, at their cadences (every second, 3 s, every second)', () => {
    const marks = pushes(frames, 'mark-price').map((f) => dataOf(f)[0] ?? {});
    expect(marks.length).toBeGreaterThanOrEqual(10);
    expect(marks.every((m) => keysOf(m).join() === 'instType,instId,markPx,ts' && m['instType'] === 'OPTION' && allStrings(m))).toBe(true);
    const interests = pushes(frames, 'open-interest').map((f) => dataOf(f)[0] ?? {});
    expect(interests).toHaveLength(1 + 3);
    for (const oi of interests) {
      expect(keysOf(oi)).toEqual(['instType', 'instId', 'oi', 'oiCcy', 'ts']);
      expect(Number(oi['oiCcy'])).toBeCloseTo(Number(oi['oi']) * 0.01, 9);
    }
    const index = pushes(frames, 'index-tickers');
    expect(index).toHaveLength(11);
    expect(argOf(index[0] ?? {})).toEqual({ channel: 'index-tickers', instId: 'BTC-USD' });
    expect(keysOf(dataOf(index[0] ?? {})[0])).toEqual(['instId', 'idxPx', 'open24h', 'high24h', 'low24h', 'sodUtc0', 'sodUtc8', 'ts']);
  });

  it('trades: the recorded keys, px in BTC on the 0.0005 tick, sz in whole contracts of 0.01 BTC, each the tape’s trade; option-trades: every trade of the family', () => {
    const trades = pushes(frames, 'trades').flatMap((f) => dataOf(f));
    const tape = control.madeTrades('okx_options', instId);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.map((t) => keysOf(t))).toEqual(trades.map(() => keysOf(dataOf(tradesRecorded ?? {})[0])));
    expect(trades.map((t) => [t['tradeId'], Number(t['px']), Number(t['sz']) / 100])).toEqual(tape.map((t) => [t.venueTradeId, t.price, t.quantity]));
    expect(trades.every((t) => Number.isInteger(Number(t['sz'])) && Math.round(Number(t['px']) * 10_000) % 5 === 0)).toBe(true);
    const family = pushes(frames, 'option-trades').flatMap((f) => dataOf(f));
    const keys = ['instId', 'instFamily', 'tradeId', 'px', 'sz', 'side', 'optType', 'fillVol', 'fwdPx', 'idxPx', 'markPx', 'ts'];
    expect(family.every((t) => keysOf(t).join() === keys.join() && allStrings(t) && t['instFamily'] === 'BTC-USD')).toBe(true);
    const btcTape = control.madeTrades('okx_options').filter((t) => t.symbol.startsWith('BTC-'));
    expect(family.map((t) => `${t['instId']} ${t['tradeId']}`).sort()).toEqual(btcTape.map((t) => `${t.symbol} ${t.venueTradeId}`).sort());
  });
});
