import type { ShardSource, ShardState, ShardView } from '../metrics/shard-metrics.js';
import type { ExchangeId, FeedStatus } from '../model/index.js';

/** A shard's facts, as its statuses told them. */
interface ConnectionShard {
  /** The venue it started on: the first of its failover order. */
  readonly first: ExchangeId;
  exchange: ExchangeId;
  instruments: number;
  socket: 'closed' | 'opening' | 'open';
  subscribed: boolean;
  stale: boolean;
  down: boolean;
}

/**
 * Each connection shard's state, active venue, instruments and socket, folded from the statuses
 * about it (those naming a `shard` and no symbol; failover forwards only the active venue's). A
 * shard is known from its first status, which comes from the first venue of its failover order.
 * A status naming no instruments (`instruments: []`) says the shard serves nothing any more: it is
 * forgotten.
 */
export class ShardStates implements ShardSource {
  private readonly shards = new Map<string, ConnectionShard>();

  observe(status: FeedStatus): void {
    const id = status.shard;
    if (id === undefined || status.symbol !== undefined) return;
    if (status.instruments?.length === 0) {
      this.shards.delete(id);
      return;
    }
    let shard = this.shards.get(id);
    if (shard === undefined) {
      shard = { first: status.exchange, exchange: status.exchange, instruments: 0, socket: 'closed', subscribed: false, stale: false, down: false };
      this.shards.set(id, shard);
    }
    if (status.instruments !== undefined) shard.instruments = status.instruments.length;
    switch (status.state) {
      case 'connecting':
        // A rotation opens the next socket while the open one still delivers.
        if (shard.socket !== 'open') shard.socket = 'opening';
        shard.down = false;
        break;
      case 'connected':
        shard.socket = 'open';
        shard.down = false;
        break;
      case 'subscribed':
        shard.socket = 'open';
        shard.subscribed = true;
        shard.down = false;
        break;
      case 'disconnected':
      case 'geo_blocked':
      case 'retry_scheduled':
      case 'retries_exhausted':
        shard.socket = 'closed';
        shard.subscribed = false;
        break;
      case 'feed_stale':
        shard.stale = true;
        break;
      case 'feed_recovered':
        // Data flows on the active venue again: its socket is open and subscribed, whatever was said meanwhile.
        shard.stale = false;
        shard.down = false;
        shard.socket = 'open';
        shard.subscribed = true;
        break;
      case 'failover':
      case 'switch_back':
        if (status.toExchange !== undefined) shard.exchange = status.toExchange;
        shard.stale = false;
        shard.down = false;
        // A switch-back takes a probe that has delivered for a while; a failover keeps the socket as it
        // was: open when a candidate took over from a stale venue, closed when the active one failed.
        if (status.state === 'switch_back') {
          shard.socket = 'open';
          shard.subscribed = true;
        }
        break;
      case 'all_sources_down':
        shard.socket = 'closed';
        shard.subscribed = false;
        shard.stale = false;
        shard.down = true;
        break;
      default:
        break;
    }
  }

  views(): ShardView[] {
    return [...this.shards].map(([shard, facts]) => ({
      shard,
      state: stateOf(facts),
      exchange: facts.exchange,
      instruments: facts.instruments,
      socketOpen: facts.socket === 'open',
    }));
  }
}

function stateOf(shard: ConnectionShard): ShardState {
  if (shard.down) return 'down';
  if (!shard.subscribed) return 'connecting';
  if (shard.stale) return 'stale';
  return shard.exchange === shard.first ? 'subscribed' : 'failed_over';
}
