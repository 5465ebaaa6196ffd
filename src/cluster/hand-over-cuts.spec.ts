import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { behindGiver, firstPerSymbol, flushHeld, giverReachesTaker, handOverTrade, LastServed, LateCuts, tradeKeyOf } from './hand-over-cuts.js';
import { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import type { HandOverTrade } from './hand-over-records.js';

const trade = (exchange: 'bybit' | 'binance', symbol: string, tradeId: string): TradeEvent =>
  ({ type: 'trade', exchange, symbol, coin: symbol.replace('USDT', ''), quote: 'USDT', tradeId, exchangeTs: 1, receivedTs: 1 }) as unknown as TradeEvent;
const cutAt = (exchange: 'bybit' | 'binance', symbol: string, tradeId: string): HandOverTrade => ({
  exchange,
  symbol,
  instrument: `${symbol.replace('USDT', '')}-USDT`,
  tradeId,
  exchangeTs: 1,
});

describe('flushHeld', () => {
  it("publishes the held trades after the giver's last per (venue, symbol), in the order held, and counts the rest", () => {
    const held = [
      trade('binance', 'BTCUSDT', '9'),
      trade('binance', 'BTCUSDT', '11'),
      trade('binance', 'ETHUSDT', '3'),
      trade('bybit', 'BTCUSDT', '5'),
      trade('binance', 'BTCUSDT', '10'),
    ];
    const flush = flushHeld(held, [cutAt('binance', 'BTCUSDT', '10'), cutAt('bybit', 'BTCUSDT', '4')]);
    // BTC on Binance: 9 and 10 were the giver's, 11 is new; ETH has no cut; Bybit's 5 comes after 4.
    expect(flush.publish.map((t) => `${t.exchange}:${t.symbol}:${t.tradeId}`)).toEqual(['binance:BTCUSDT:11', 'binance:ETHUSDT:3', 'bybit:BTCUSDT:5']);
    expect(flush.dropped).toBe(2);
    expect([...flush.published.values()].map((t) => t.tradeId)).toEqual(['11', '5', '3']);
  });

  it('cuts a venue whose ids have no order (Bybit linear UUIDs) by time: later trades published, the cut and earlier ones dropped', () => {
    const linear = (tradeId: string, exchangeTs: number): TradeEvent => ({ ...trade('bybit', 'BTCUSDT', tradeId), exchange: 'bybit_linear', exchangeTs });
    // As text, 'f0…' comes after the cut 'a0…' and '10…' before it: by time it is the other way round.
    const held = [
      linear('f0e1d2c3-0000-4000-8000-000000000001', 1_000),
      linear('a0000000-0000-4000-8000-00000000000c', 2_000),
      linear('10000000-0000-4000-8000-000000000002', 3_000),
    ];
    const cut: HandOverTrade = {
      exchange: 'bybit_linear',
      symbol: 'BTCUSDT',
      instrument: 'BTC-USDT-PERP',
      tradeId: 'a0000000-0000-4000-8000-00000000000c',
      exchangeTs: 2_000,
    };
    const flush = flushHeld(held, [cut]);
    expect(flush.publish.map((t) => t.tradeId)).toEqual(['10000000-0000-4000-8000-000000000002']);
    expect(flush.dropped).toBe(2);
  });

  it('publishes everything held when the giver said nothing', () => {
    const held = [trade('binance', 'BTCUSDT', '9'), trade('binance', 'BTCUSDT', '10')];
    const flush = flushHeld(held, undefined);
    expect([flush.publish.length, flush.dropped, flush.cut.size]).toEqual([2, 0, 0]);
  });

  it('names a trade by the instrument it is published under (a listing at an equivalent quote: its own), and passes a cut on as it is', () => {
    const usd = { ...trade('binance', 'BTCUSD', '7'), quote: 'USD', instrument: 'BTC-USDT' } as TradeEvent;
    expect(handOverTrade(usd)).toEqual({ exchange: 'binance', symbol: 'BTCUSD', instrument: 'BTC-USDT', tradeId: '7', exchangeTs: 1 });
    expect(handOverTrade(trade('binance', 'BTCUSDT', '7'))).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      instrument: 'BTC-USDT',
      tradeId: '7',
      exchangeTs: 1,
    });
    const cut = cutAt('binance', 'BTCUSDT', '7');
    expect(handOverTrade(cut)).toBe(cut);
  });
});

describe('giverReachesTaker', () => {
  const heldAt = (exchange: 'bybit' | 'binance', symbol: string, tradeId: string, exchangeTs: number): TradeEvent => ({
    ...trade(exchange, symbol, tradeId),
    exchangeTs,
  });
  const lastAt = (exchange: 'bybit' | 'binance', symbol: string, tradeId: string, exchangeTs: number): HandOverTrade => ({
    ...cutAt(exchange, symbol, tradeId),
    exchangeTs,
  });

  it("is true when the giver's last trade of each venue the taker held was made at or after the taker's first of it", () => {
    // Bybit: held from 1,000, the giver published up to 1,200 (another symbol); Binance: held from 2,000, given up to 2,000 (the same millisecond).
    const held = [heldAt('bybit', 'BTCUSDT', '10', 1_000), heldAt('bybit', 'BTCUSDT', '11', 1_500), heldAt('binance', 'ETHUSDT', '7', 2_000)];
    expect(
      giverReachesTaker(held, [lastAt('bybit', 'ETHUSDT', '3', 1_200), lastAt('bybit', 'BTCUSDT', '9', 900), lastAt('binance', 'ETHUSDT', '7', 2_000)]),
    ).toBe(true);
  });

  it('is false when the giver stopped, on any one venue, before the first trade the taker held of it was made (a lagging giver)', () => {
    // Measured: the giver's sockets 17 s behind; its last BNBUSDC trade made at 20,309, the taker's first at 31,120.
    const held = [heldAt('bybit', 'BNBUSDC', '8861480', 31_120), heldAt('binance', 'BTCUSDT', '5', 30_000)];
    const last = [lastAt('bybit', 'BNBUSDC', '8861299', 20_309), lastAt('bybit', 'TONUSDT', '8861297', 20_250), lastAt('binance', 'BTCUSDT', '4', 30_500)];
    expect(giverReachesTaker(held, last)).toBe(false);
    // The venue alone that lags decides: Binance reaches, Bybit does not.
    expect(giverReachesTaker(held.slice(1), last)).toBe(true);
  });

  it('is false when the taker held trades of a venue the giver published nothing of, and true when the taker held nothing', () => {
    expect(giverReachesTaker([heldAt('bybit', 'BTCUSDT', '1', 5)], [lastAt('binance', 'BTCUSDT', '9', 10)])).toBe(false);
    expect(giverReachesTaker([], [lastAt('bybit', 'BTCUSDT', '9', 10)])).toBe(true);
    expect(giverReachesTaker([], [])).toBe(true);
  });
});

describe('behindGiver', () => {
  const at = (exchange: 'bybit' | 'binance', symbol: string, tradeId: string, exchangeTs: number): TradeEvent => ({
    ...trade(exchange, symbol, tradeId),
    exchangeTs,
  });
  const cutOf = (...trades: (TradeEvent | HandOverTrade)[]): Map<string, HandOverTrade> =>
    new Map(trades.map((last) => [tradeKeyOf(last.exchange, last.symbol), handOverTrade(last)]));
  const heard = (last: TradeEvent, heardTo: number): HandOverTrade => ({ ...handOverTrade(last), heardTo });

  it("names the symbols whose giver's socket had not come as far as the taker's subscription, held here or not, unless the two overlapped", () => {
    // The taker had every instrument subscribed at 10,000.
    const cut = cutOf(
      // Measured (a first start, the whole market): the giver's socket with BTCUSDT had come to 4,600 when it stopped.
      heard(at('bybit', 'BTCUSDT', '500', 4_500), 4_600),
      heard(at('bybit', 'ETHUSDT', '900', 16_000), 16_100),
      // Quiet since 15,000 on a socket that was current: its first trade here, made after, is no hole.
      heard(at('bybit', 'SOLUSDT', '70', 15_000), 16_100),
      // Quiet, a trade every 9.5 s, on a socket 11 s behind: the taker holds no trade of it, its next trade comes later.
      heard(at('bybit', 'GYCAUSDT', '402', 3_000), 9_000),
      // Quiet on a socket that was current: nothing to look for.
      heard(at('bybit', 'DOGEUSDT', '33', 2_000), 16_100),
    );
    const first = [
      at('bybit', 'BTCUSDT', '560', 11_000),
      // Held from before the giver's last of it: the two overlapped, no hole.
      at('bybit', 'ETHUSDT', '880', 12_000),
      at('bybit', 'SOLUSDT', '71', 16_500),
    ];
    expect([...behindGiver(first, cut, 10_000)]).toEqual(['BTC-USDT', 'GYCA-USDT']);
    // Had the taker been subscribed only after the giver's sockets had come that far, none but the lagging ones.
    expect([...behindGiver(first, cut, 4_000)]).toEqual([]);
  });

  it("names a symbol whose giver's socket said it had come far enough, when the taker holds a trade of it made by then and after the giver's last: that socket had stalled since its newest event", () => {
    // Measured (run I, a first start of the whole market): the giver's socket with APTUSDT was 10 s behind
    // and went silent (its frames queued), its pace from its newest event carried it past the taker's subscription.
    const cut = cutOf(heard(at('bybit', 'APTUSDT', '31745044', 52_667), 57_390), heard(at('bybit', 'SUIUSDT', '27712570', 57_300), 57_400));
    const first = [
      // Made at 54,039, before the 57,390 the giver's socket had come to, yet not published by it.
      at('bybit', 'APTUSDT', '31745065', 54_039),
      // Made after how far the giver's socket had come: no hole.
      at('bybit', 'SUIUSDT', '27712601', 57_500),
    ];
    expect([...behindGiver(first, cut, 57_260)]).toEqual(['APT-USDT']);
  });

  it("without how far the giver's socket had come, names the symbols whose first trade held was made before the giver's last trade of the venue and after its last of them", () => {
    const cut = cutOf(at('bybit', 'BTCUSDT', '500', 4_500), at('bybit', 'ETHUSDT', '900', 16_000), at('bybit', 'SOLUSDT', '70', 15_000));
    const first = [
      at('bybit', 'BTCUSDT', '560', 11_000),
      at('bybit', 'ETHUSDT', '880', 12_000),
      // Quiet since 15,000: its first trade here was made after the giver stopped.
      at('bybit', 'SOLUSDT', '71', 16_500),
      // Nothing published of it by the giver, traded at 9,000: the giver's socket with it did not deliver that either.
      at('bybit', 'XRPUSDT', '12', 9_000),
    ];
    expect([...behindGiver(first, cut, 10_000)]).toEqual(['BTC-USDT', 'XRP-USDT']);
  });

  it('leaves out venues whose consecutive ids show the hole whoever published, and a venue the giver published nothing of (the take is then not continuous)', () => {
    const cut = cutOf(at('binance', 'ETHUSDT', '900', 16_000), heard(at('binance', 'BTCUSDT', '5', 1_000), 1_000));
    expect(behindGiver([at('binance', 'BTCUSDT', '9', 10_000), at('bybit', 'BTCUSDT', '9', 10_000)], cut, 10_000).size).toBe(0);
  });

  it('takes the first trade held of each symbol, in the order held', () => {
    const held = [at('bybit', 'BTCUSDT', '2', 20), at('bybit', 'ETHUSDT', '1', 10), at('bybit', 'BTCUSDT', '3', 30)];
    expect([...firstPerSymbol(held).values()].map((first) => `${first.symbol}:${first.tradeId}`)).toEqual(['BTCUSDT:2', 'ETHUSDT:1']);
  });
});

describe('LastServed', () => {
  it('keeps the last trade published per (venue, symbol), and gives and forgets those of one shard', () => {
    const shards: Record<string, number> = { 'BTC-USDT': 1, 'ETH-USDT': 1, 'SOL-USDT': 2 };
    const served = new LastServed((last) => shards['type' in last ? `${last.coin}-${last.quote}` : last.instrument] ?? 0);
    served.set(trade('bybit', 'BTCUSDT', '1'));
    served.set(trade('bybit', 'BTCUSDT', '2'));
    served.set(trade('binance', 'BTCUSDT', '7'));
    served.set(cutAt('bybit', 'ETHUSDT', '4'));
    served.set(trade('bybit', 'SOLUSDT', '9'));
    expect(served.of(1, 0).map((last) => `${last.exchange}:${last.symbol}:${last.tradeId}`)).toEqual([
      'bybit:BTCUSDT:2',
      'bybit:ETHUSDT:4',
      'binance:BTCUSDT:7',
    ]);
    served.forget(1);
    expect(served.of(1, 0)).toEqual([]);
    expect(served.of(2, 0).map((last) => last.tradeId)).toEqual(['9']);
  });

  it("says how far each live trade's socket had come by now: from the newest event it delivered while released, or of the shard's last trades it carried, at the pace it was received", () => {
    const served = new LastServed(() => 1);
    const on = (
      symbol: string,
      tradeId: string,
      exchangeTs: number,
      receivedTs: number,
      connectionId: string,
      source: 'live' | 'repair' = 'live',
    ): TradeEvent => ({
      ...trade('bybit', symbol, tradeId),
      exchangeTs,
      receivedTs,
      connectionId,
      source,
    });
    // s0 received its trades at once, its last at 300: idle since, it has delivered all that was made up to now.
    served.set(on('BTCUSDT', '1', 100, 100, 's0'));
    served.set(on('ETHUSDT', '2', 300, 300, 's0'));
    // s1 is 2,000 ms behind: its newest event, a book update made at 8,000, came at 10,000.
    served.set(on('SOLUSDT', '3', 200, 2_200, 's1'));
    served.heard({ connectionId: 's1', exchangeTs: 8_000, receivedTs: 10_000 });
    served.heard({ connectionId: 's1', exchangeTs: 7_900, receivedTs: 10_000 });
    served.set(on('XRPUSDT', '4', 50, 9_000, 'rest-history', 'repair'));
    served.set(cutAt('bybit', 'DOGEUSDT', '5'));
    const heardTo = (symbol: string, now: number): number | undefined => served.of(1, now).find((last) => last.symbol === symbol)?.heardTo;
    expect(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'].map((symbol) => heardTo(symbol, 10_000))).toEqual([
      10_000,
      10_000,
      8_000,
      undefined,
      undefined,
    ]);
    expect(served.behind(1, 9_000, 10_000)).toEqual(['s1']);
    // At that pace, by 11,000 it has delivered what was made up to 9,000.
    expect(served.behind(1, 9_000, 11_000)).toEqual([]);
    served.forgetHeard();
    expect(heardTo('SOLUSDT', 10_000)).toBe(8_000);
  });
});

describe('LastServed with barriers', () => {
  const on = (symbol: string, tradeId: string, exchangeTs: number, receivedTs: number, connectionId: string): TradeEvent => ({
    ...trade('bybit', symbol, tradeId),
    exchangeTs,
    receivedTs,
    connectionId,
    source: 'live',
  });
  /** Sockets whose barriers are answered (or fail) when the spec says. */
  function sockets() {
    const barriers = new SocketBarriers();
    const asked: string[] = [];
    const pending = new Map<string, { readonly answer: () => void; readonly fail: () => void }>();
    const open = (connectionId: string): void => {
      const closed = barriers.add(
        connectionId,
        () =>
          new Promise<void>((resolve, reject) => {
            asked.push(connectionId);
            // Failing is closing: the socket is no longer open to be asked.
            const fail = (): void => {
              closed();
              reject(new Error('socket closed'));
            };
            pending.set(connectionId, { answer: resolve, fail });
          }),
      );
    };
    const settle = async (connectionId: string, how: 'answer' | 'fail'): Promise<void> => {
      pending.get(connectionId)?.[how]();
      await Promise.resolve();
      await Promise.resolve();
    };
    return { barriers, asked, open, settle };
  }

  it("asks a barrier of a socket its newest trade does not show far enough, and knows it came that far only once answered: a stalled socket's pace says nothing", async () => {
    const { barriers, asked, open, settle } = sockets();
    open('s0');
    const served = new LastServed(() => 1, barriers);
    // s0's newest trade, made at 5,000, came at once; by 9,000 its pace alone would say it delivered all made up to then.
    served.set(on('BTCUSDT', '1', 5_000, 5_000, 's0'));
    expect(served.behind(1, 8_000, 9_000)).toEqual(['s0']);
    expect(asked).toEqual(['s0']);
    // Asked once while it is awaited; the cut says only what the socket delivered.
    expect(served.behind(1, 8_000, 9_100)).toEqual(['s0']);
    expect(asked).toEqual(['s0']);
    expect(served.of(1, 9_100)[0]?.heardTo).toBe(5_000);
    await settle('s0', 'answer');
    // Answered: every trade made before it was asked (9,000) has come.
    expect(served.behind(1, 8_000, 9_200)).toEqual([]);
    expect(served.of(1, 9_200)[0]?.heardTo).toBe(9_000);
    // A later release reaching further asks again.
    expect(served.behind(1, 9_500, 9_600)).toEqual(['s0']);
    expect(asked).toEqual(['s0', 's0']);
  });

  it('asks nothing of a socket whose newest trade shows it far enough, and judges by its pace a socket that closed before answering or has no barrier', async () => {
    const { barriers, asked, open, settle } = sockets();
    open('busy');
    open('closing');
    const served = new LastServed(() => 1, barriers);
    served.set(on('BTCUSDT', '1', 8_500, 8_600, 'busy'));
    served.set(on('ETHUSDT', '2', 5_000, 5_000, 'closing'));
    served.set(on('SOLUSDT', '3', 5_000, 5_000, 'unregistered'));
    expect(served.behind(1, 8_000, 9_000)).toEqual(['closing']);
    expect(asked).toEqual(['closing']);
    await settle('closing', 'fail');
    expect(served.behind(1, 8_000, 9_000)).toEqual([]);
    expect(served.of(1, 9_000).map((last) => last.heardTo)).toEqual([8_900, 9_000, 9_000]);
  });
});

describe('LateCuts', () => {
  it("drops a late trade at or before the cut until keepMs after the take, and forgets a shard's cut on request", () => {
    const scheduler = new VirtualTimeScheduler();
    const cuts = new LateCuts(scheduler, 1_000);
    cuts.keep(3, new Map([['binance\u0000BTCUSDT', cutAt('binance', 'BTCUSDT', '10')]]));
    expect([
      cuts.pastCut(3, trade('binance', 'BTCUSDT', '10')),
      cuts.pastCut(3, trade('binance', 'BTCUSDT', '11')),
      cuts.pastCut(4, trade('binance', 'BTCUSDT', '1')),
    ]).toEqual([false, true, true]);
    scheduler.maxFrames = 999;
    scheduler.flush();
    expect(cuts.size).toBe(1);
    scheduler.maxFrames = 1_000;
    scheduler.flush();
    expect([cuts.size, cuts.pastCut(3, trade('binance', 'BTCUSDT', '10'))]).toEqual([0, true]);
    cuts.keep(5, new Map([['bybit\u0000ETHUSDT', cutAt('bybit', 'ETHUSDT', '7')]]));
    cuts.forget(5);
    expect(cuts.size).toBe(0);
  });
});
