import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { binanceProtocol } from '../binance/binance-protocol.js';
import { bybitProtocol } from '../bybit/bybit-protocol.js';
import { ConnectionSubscriptions } from './connection-subscriptions.js';

function socket(
  plan = bybitProtocol.connection.subscribe,
  fields: { readonly requestsPerSecond?: number; readonly subscribedAtOpen?: readonly string[] } = {},
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sent: string[] = [];
  if (plan === undefined) throw new Error('no subscribe plan');
  const subscriptions = new ConnectionSubscriptions({
    plan,
    connectionId: 'c1',
    scheduler,
    requestsPerSecond: fields.requestsPerSecond ?? plan.requestsPerSecond,
    send: (text) => sent.push(`${scheduler.now()} ${text}`),
    ...(fields.subscribedAtOpen === undefined ? {} : { subscribedAtOpen: fields.subscribedAtOpen }),
  });
  return { scheduler, sent, subscriptions };
}

const topics = (n: number, prefix = 'publicTrade.C'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}USDT`);

describe('ConnectionSubscriptions', () => {
  it("subscribes in requests of at most the plan's topics, numbered per socket, and counts topics only once acknowledged", () => {
    const { sent, subscriptions } = socket();
    subscriptions.want(topics(23));
    expect(sent.map((line) => (JSON.parse(line.slice(2)) as { req_id: string; args: string[] }).args.length)).toEqual([10, 10, 3]);
    expect(sent[0]).toMatch(/^0 \{"req_id":"c1-1","op":"subscribe"/);
    expect(subscriptions.subscribed.size).toBe(0);
    expect(subscriptions.acknowledge({ success: true, requestId: 'c1-2' })).toEqual({ kind: 'subscribed', topics: topics(23).slice(10, 20) });
    expect([subscriptions.subscribed.size, subscriptions.settled]).toEqual([10, false]);
  });

  it('sends at most the rate in any second, with a margin: three at once on Binance, the next three 1.1 s later', () => {
    const { scheduler, sent, subscriptions } = socket(binanceProtocol.connection.subscribe);
    scheduler.run(() => {
      subscriptions.want(topics(650, 'c'));
    });
    // Seven requests of 100 streams: never four within 1.1 s (a venue counting both ends of its second sees at most three).
    expect(sent.map((line) => Number(line.split(' ')[0]))).toEqual([0, 0, 0, 1100, 1100, 1100, 2200]);
    expect(JSON.parse(sent[0]?.slice(2) ?? '{}')).toMatchObject({ method: 'SUBSCRIBE', id: 1 });
  });

  it("sends a ping in the next turn of the venue's messages a second, ahead of the requests still waiting", () => {
    const { scheduler, sent, subscriptions } = socket(binanceProtocol.connection.subscribe);
    scheduler.run(() => {
      subscriptions.want(topics(650, 'c'));
      subscriptions.ping(() => sent.push(`${scheduler.now()} ping`));
    });
    // Seven requests of 100 streams, three a 1.1 s: the ping takes the first place of the next turn.
    expect(sent.map((line) => line.split(' ').slice(0, 2).join(' ').slice(0, 7))).toEqual([
      '0 {"met',
      '0 {"met',
      '0 {"met',
      '1100 pi',
      '1100 {"',
      '1100 {"',
      '2200 {"',
      '2200 {"',
    ]);
  });

  it("sends a ping in the turn of the venue's messages a second (Binance counts pings), and a ping waiting does not keep the socket unsettled", () => {
    const { scheduler, sent, subscriptions } = socket(binanceProtocol.connection.subscribe);
    scheduler.run(() => {
      subscriptions.want(topics(300, 'c'));
      subscriptions.ping(() => sent.push(`${scheduler.now()} ping`));
      for (const id of ['1', '2', '3']) subscriptions.acknowledge({ success: true, requestId: id });
      // Every request answered, the ping still waiting its turn: settled.
      expect(subscriptions.settled).toBe(true);
    });
    // Three requests fill the second: the ping goes 1.1 s later, not a fourth message within it.
    expect(sent.map((line) => line.split(' ').slice(0, 2).join(' ').slice(0, 7))).toEqual(['0 {"met', '0 {"met', '0 {"met', '1100 pi']);
  });

  it('asks only for topics neither subscribed nor waiting, and unsubscribes those no longer wanted', () => {
    const { sent, subscriptions } = socket(bybitProtocol.connection.subscribe, { subscribedAtOpen: ['a.X', 'b.X'] });
    subscriptions.want(['a.X', 'b.X', 'c.X']);
    subscriptions.want(['a.X', 'c.X', 'd.X']);
    expect(sent.map((line) => line.slice(2))).toEqual([
      '{"req_id":"c1-1","op":"subscribe","args":["c.X"]}',
      '{"req_id":"c1-2","op":"unsubscribe","args":["b.X"]}',
      '{"req_id":"c1-3","op":"subscribe","args":["d.X"]}',
    ]);
    expect([...subscriptions.subscribed]).toEqual(['a.X']);
  });

  it('reports a refused request with its topics, and ignores acks of requests it does not await', () => {
    const { subscriptions } = socket();
    subscriptions.want(['a.X']);
    expect(subscriptions.acknowledge({ success: true, requestId: 'c1-9-unsub' })).toEqual({ kind: 'ignored' });
    expect(subscriptions.acknowledge({ success: false, requestId: 'c1-1' })).toEqual({ kind: 'refused', topics: ['a.X'], requestId: 'c1-1' });
  });

  it('settles an ack without an id against the only request waiting', () => {
    const { subscriptions } = socket(binanceProtocol.connection.subscribe);
    subscriptions.want(['btcusdt@trade']);
    expect(subscriptions.acknowledge({ success: true })).toEqual({ kind: 'subscribed', topics: ['btcusdt@trade'] });
    expect(subscriptions.settled).toBe(true);
  });

  /** A plan of one channel per request (`<channel>:<symbol>` topics), as Coinbase and Kraken take them. */
  const channelPlan = {
    maxTopicsPerRequest: 2,
    requestsPerSecond: 10,
    groupOf: (topic: string) => topic.split(':')[0] ?? '',
    requestId: (_: string, n: number) => String(n),
    subscribeRequest: (batch: readonly string[], id: string) => ({ id, topics: batch, text: `${id} sub ${batch.join(',')}` }),
    unsubscribeRequest: (batch: readonly string[], id: string) => `${id} unsub ${batch.join(',')}`,
  };

  it('never puts topics of two groups in one request', () => {
    const { sent, subscriptions } = socket(channelPlan);
    subscriptions.want(['trade:A', 'book:A', 'trade:B', 'book:B', 'trade:C']);
    expect(sent.map((line) => line.slice(2))).toEqual(['1 sub trade:A,trade:B', '2 sub trade:C', '3 sub book:A,book:B']);
  });

  it('settles a request topic by topic when the venue answers per topic, and refuses only the topics named', () => {
    const { subscriptions } = socket(channelPlan);
    subscriptions.want(['trade:A', 'trade:B', 'book:A']);
    expect(subscriptions.acknowledge({ success: true, requestId: '1', topics: ['trade:A'] })).toEqual({ kind: 'subscribed', topics: ['trade:A'] });
    expect(subscriptions.confirmed).toBe(false);
    expect(subscriptions.acknowledge({ success: true, requestId: '1', topics: ['trade:A'] })).toEqual({ kind: 'ignored' });
    expect(subscriptions.acknowledge({ success: true, requestId: '1', topics: ['trade:B'] })).toEqual({ kind: 'subscribed', topics: ['trade:B'] });
    expect(subscriptions.acknowledge({ success: false, requestId: '2', topics: ['book:A'] })).toEqual({ kind: 'refused', topics: ['book:A'], requestId: '2' });
    expect([...subscriptions.subscribed]).toEqual(['trade:A', 'trade:B']);
  });

  it('settles every waiting request an ack without an id lists (a venue answering with all it has subscribed)', () => {
    const { subscriptions } = socket(channelPlan);
    subscriptions.want(['trade:A', 'trade:B', 'book:A']);
    expect(subscriptions.acknowledge({ success: true, topics: ['trade:A', 'trade:B', 'other:Z'] })).toEqual({
      kind: 'subscribed',
      topics: ['trade:A', 'trade:B'],
    });
    expect(subscriptions.settled).toBe(false);
    expect(subscriptions.acknowledge({ success: true, topics: ['trade:A', 'trade:B', 'book:A'] })).toEqual({ kind: 'subscribed', topics: ['book:A'] });
    expect(subscriptions.settled).toBe(true);
  });

  it('sends nothing more once disposed', () => {
    const { scheduler, sent, subscriptions } = socket(binanceProtocol.connection.subscribe);
    scheduler.run(() => {
      subscriptions.want(topics(400, 'c'));
      subscriptions.dispose();
    });
    expect(sent).toHaveLength(3);
  });
});
