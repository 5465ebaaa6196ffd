import { describe, inject, it } from 'vitest';
import { clustersPerTest } from './cluster-instances.js';
import { slowJoinAndTakeover } from './slow-venue.js';

describe('a venue slower to take subscriptions than any fixed wait: hand-overs and takeovers lose nothing without a word', () => {
  const brokers = inject('kafkaBrokers');
  const { cluster } = clustersPerTest();

  it(
    'bybit: a third instance joins while the venue takes 12 s to take each request, then is SIGKILLed while it is still slow: every trade the venue made is in the topic once, or inside a gap the feed named and said it could not repair',
    async () => slowJoinAndTakeover(await cluster(brokers, 'bybit'), 'bybit'),
    300_000,
  );
});
