import { describe, expect, it } from 'vitest';
import { orderBook, status } from './__fixtures__/market-events.js';
import { LiveBooks } from './live-books.js';

const btc = orderBook();
const eth = orderBook({ symbol: 'ETHUSDT', coin: 'ETH' });
const sol = orderBook({ symbol: 'SOLUSDC', coin: 'SOL', quote: 'USDC' });

function booksAfter(...events: Parameters<LiveBooks['update']>[0][]): { readonly kept: string[]; readonly dropped: string[] } {
  const books = new LiveBooks();
  const dropped: string[] = [];
  for (const event of events) dropped.push(...books.update(event));
  return { kept: [...books.entries()].map(([key]) => key), dropped };
}

describe('LiveBooks', () => {
  it('keeps the latest view per instrument', () => {
    expect(booksAfter(btc, eth, orderBook({ updateId: 9 })).kept).toEqual(['BTC-USDT', 'ETH-USDT']);
  });

  it("drops one symbol's book on its book_resync", () => {
    expect(booksAfter(btc, eth, status('book_resync', { symbol: 'ETHUSDT' }))).toEqual({ kept: ['BTC-USDT'], dropped: ['ETH-USDT'] });
  });

  it("drops only a shard's books when that shard disconnects or fails over", () => {
    const shard = { shard: 's1', instruments: ['ETH-USDT', 'SOL-USDC'] };
    expect(booksAfter(btc, eth, sol, status('disconnected', shard))).toEqual({ kept: ['BTC-USDT'], dropped: ['ETH-USDT', 'SOL-USDC'] });
    expect(booksAfter(btc, eth, sol, status('failover', shard)).kept).toEqual(['BTC-USDT']);
  });

  it("drops the books of a cluster shard's instruments when this instance gives the shard up, and keeps them when it takes one", () => {
    const shard = { instanceId: 'a', clusterShard: 7, instruments: ['ETH-USDT'] };
    expect(booksAfter(btc, eth, sol, status('shard_revoked', shard))).toEqual({ kept: ['BTC-USDT', 'SOL-USDC'], dropped: ['ETH-USDT'] });
    expect(booksAfter(btc, eth, status('shard_assigned', shard))).toEqual({ kept: ['BTC-USDT', 'ETH-USDT'], dropped: [] });
  });

  it('drops every book on a disconnect that names no scope', () => {
    expect(booksAfter(btc, eth, status('disconnected')).kept).toEqual([]);
  });

  it("keeps every book through a rotation's connecting and connected (the old socket still feeds them)", () => {
    expect(booksAfter(btc, eth, status('connecting'), status('connected'), status('subscribed'))).toEqual({ kept: ['BTC-USDT', 'ETH-USDT'], dropped: [] });
  });

  it('holds the book of a listing at an equivalent quote as the instrument it serves', () => {
    const coinbase = orderBook({ exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', instrument: 'BTC-USDT' });
    expect(booksAfter(coinbase, eth).kept).toEqual(['BTC-USDT', 'ETH-USDT']);
    expect(booksAfter(btc, coinbase).kept).toEqual(['BTC-USDT']);
    expect(booksAfter(coinbase, status('disconnected', { shard: 's1', instruments: ['BTC-USDT'] })).dropped).toEqual(['BTC-USDT']);
  });
});
