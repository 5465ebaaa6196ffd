import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { BehaviorSubject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ShardGate } from '../../src/cluster/shard-gate.js';
import { shardOf } from '../../src/cluster/shard-of.js';
import { createMarketFeed, loadConfig, type MarketFeed, type TradeEvent } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

const SHARDS = 64;
const COINS = ['BTC', 'ETH', 'SOL'];

let sim: RunningSimulator | undefined;
let feed: MarketFeed | undefined;
afterEach(async () => {
  feed?.stop();
  await sim?.close();
});

/** Trades of `symbol` the simulator has sent to any socket so far. */
const sentOf = (symbol: string): number => sim?.control.sentTrades('bybit').filter((trade) => trade.symbol === symbol).length ?? 0;

describe('a feed serving the cluster shards it holds (createMarketFeed with a ShardGate, against the simulator)', () => {
  it('subscribes only the instruments of the shards held; a shard given up stops being published at once and is unsubscribed; one taken subscribes', async () => {
    const shard = Object.fromEntries(COINS.map((coin) => [coin, shardOf(`${coin}-USDT`, SHARDS)]));
    expect(new Set(Object.values(shard)).size).toBe(COINS.length);
    sim = await startSimulator({ coins: COINS, tradesPerSecond: 50 });
    const config = loadConfig({ env: {}, flags: { coins: COINS.join(','), venues: 'bybit', 'bybit-url': sim.urls.bybit } });
    const held$ = new BehaviorSubject<ReadonlySet<number>>(new Set([shard['BTC'] ?? -1, shard['ETH'] ?? -1]));
    feed = createMarketFeed({ config, logger: pino({ level: 'silent' }), cluster: { gate: new ShardGate(SHARDS), held$ } });
    // Whether each trade came after the shard was given up: by order, not by the clock (a trade of the
    // same millisecond may have come just before).
    let revoked = false;
    const trades: { readonly trade: TradeEvent; readonly afterRevoke: boolean }[] = [];
    feed.subscribeTrades((trade) => trades.push({ trade, afterRevoke: revoked }));
    feed.start();
    await expect.poll(() => new Set(trades.map(({ trade }) => trade.coin)), { timeout: 15_000 }).toEqual(new Set(['BTC', 'ETH']));
    expect(sentOf('SOLUSDT')).toBe(0);

    revoked = true;
    held$.next(new Set([shard['ETH'] ?? -1, shard['SOL'] ?? -1]));
    await expect.poll(() => trades.some(({ trade, afterRevoke }) => trade.coin === 'SOL' && afterRevoke), { timeout: 15_000 }).toBe(true);
    // Nothing of BTC is published after its shard was given up, even what was already on the way.
    expect(trades.filter(({ trade, afterRevoke }) => trade.coin === 'BTC' && afterRevoke)).toEqual([]);
    // And the venue stopped sending it: the socket unsubscribed BTC.
    const btcSent = sentOf('BTCUSDT');
    await sleep(1_500);
    expect(sentOf('BTCUSDT')).toBe(btcSent);
    expect(trades.filter(({ trade, afterRevoke }) => trade.coin === 'ETH' && afterRevoke).length).toBeGreaterThan(0);
  }, 40_000);
});
