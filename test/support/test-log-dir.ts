import { mkdirSync } from 'node:fs';

/**
 * Where MARKET_FEED_TEST_LOG_DIR says to keep the processes' logs and the runs' records for reading after a
 * run (made when it does not exist yet), or `undefined` when it is not set.
 */
export function testLogDir(): string | undefined {
  const dir = process.env['MARKET_FEED_TEST_LOG_DIR'];
  if (dir === undefined || dir === '') return undefined;
  mkdirSync(dir, { recursive: true });
  return dir;
}
