import { describe, expect, it } from 'vitest';
import { SinkHealth } from './sink-health.js';

describe('SinkHealth', () => {
  it('is reachable until a produce request fails, and again after the next acknowledgement', () => {
    const health = new SinkHealth();
    expect(health.reachable).toBe(true);
    health.sample({ acked: 10, sendFailures: 0 });
    expect(health.reachable).toBe(true);
    health.sample({ acked: 10, sendFailures: 2 });
    expect(health.reachable).toBe(false);
    health.sample({ acked: 10, sendFailures: 2 });
    expect(health.reachable).toBe(false);
    health.sample({ acked: 11, sendFailures: 2 });
    expect(health.reachable).toBe(true);
  });
});
