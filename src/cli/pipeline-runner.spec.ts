import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { MarketFeed } from '../pipeline/create-market-feed.js';
import { startPipeline } from './pipeline-runner.js';

/** A feed whose every stream is one subject: `fail` errors them all at once, as an operator's throw does to the published stream. */
function feedOf(bus: Subject<never>): MarketFeed {
  const stream = bus.asObservable();
  return {
    events$: stream,
    invalidFrames$: stream,
    trades$: stream,
    prices$: stream,
    bookTickers$: stream,
    status$: stream,
    stats$: stream,
    largeTrades$: stream,
    bookSnapshots$: stream,
    bookStats$: stream,
    checks$: stream,
    profiles$: stream,
    records$: stream,
    getPrice: () => undefined,
    getAllPrices: () => ({}),
    subscribePrice: () => () => undefined,
    subscribeTrades: () => () => undefined,
    start: () => undefined,
    stop: () => bus.complete(),
  };
}

describe('startPipeline', () => {
  it('a failing feed is a reason the pipeline cannot go on (the command then stops in order), never an uncaught error', async () => {
    const unhandled: unknown[] = [];
    const onUncaught = (error: unknown): void => void unhandled.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const config = loadConfig({ env: {}, flags: { sink: 'stdout', 'metrics-port': '0' } });
      const bus = new Subject<never>();
      const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
      const pipeline = await startPipeline({ config, logger: pino({ enabled: false }), stdout, createFeed: () => feedOf(bus) });
      const broken = new Error('an operator threw');
      bus.error(broken);
      expect(await pipeline.failed).toBe(broken);
      await pipeline.drained;
      expect(await pipeline.stop()).toEqual({ undelivered: 0 });
      // RxJS reports an error nobody handles from a timer: give it the turn it would take.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
