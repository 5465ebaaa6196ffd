import { DEFAULT_MAX_INSTRUMENTS_PER_SHARD } from '../exchanges/connection-limits.js';
import { integer, option, type ConfigOption } from '../settings/config-option.js';

/** How instruments are packed into connection shards (what one connection holds is each venue's own option). */
export const CONNECTION_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'connections.maxInstruments',
    env: 'MARKET_FEED_MAX_INSTRUMENTS_PER_CONNECTION',
    flag: 'max-instruments-per-connection',
    default: DEFAULT_MAX_INSTRUMENTS_PER_SHARD,
    parse: integer(1, 10_000),
    description: 'instruments per connection shard at most (a shard fails over as one unit: one connection per venue of its failover order)',
  }),
];

/** How instruments are packed into connection shards. */
export interface ConnectionSettings {
  readonly maxInstruments: number;
}
