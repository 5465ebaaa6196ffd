import { describe, expect, it } from 'vitest';
import { CliProcess } from '../support/cli-process.js';

/** Runs `market-feed <args>` from source to its exit. */
async function cli(args: readonly string[]): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> {
  const child = new CliProcess(args);
  // Closed, not just exited: its stderr is read to the end (under load 'exit' came before the last line).
  const code = await child.closed;
  return { code, stdout: child.stdout, stderr: child.stderrText };
}

/** Every command with options its usage must name (as the README documents them). */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  run: [
    '--config',
    '--coins',
    '--venues',
    '--stale-after-ms',
    '--sink',
    '--kafka-brokers',
    '--schema-registry-url',
    '--metrics-port',
    '--books',
    '--bybit-book-depth',
    '--book-snapshot-levels',
    '--data-types',
    'trade_bar_{n}{ms|s|m|ticks|vol}',
  ],
  simulate: [
    '--port',
    '--coins',
    '--quote',
    '--seed',
    '--rate',
    '--ticker-interval-ms',
    '--replay',
    '--replay-venue',
    '--refuse',
    '--stall',
    '--malformed-rate',
    '--slow',
    '--book-depth',
    '--weight-per-minute',
  ],
  normalize: ['--exchange', '--input', '--bybit-book-depth'],
  record: ['--exchange', '--out', '--max-bytes', '--duration-s', '--config', '--bybit-url', '--coins'],
  replay: ['--input', '--speed', '--config', '--sink', '--kafka-brokers', '--archive', '--types', '--from', '--to', '--exchange', '--data-types'],
  archive: [
    '--dir',
    '--types',
    '--topic',
    '--topic-prefix',
    '--group',
    '--roll-mb',
    '--roll-seconds',
    '--max-buffered-mb',
    '--instance-id',
    '--session-timeout-seconds',
    '--metrics-port',
    '--metrics-host',
    '--brokers',
  ],
  sniper: [
    '--rise-pct',
    '--window-s',
    '--min-buy-ratio',
    '--min-trades',
    '--take-profit-pct',
    '--stop-loss-pct',
    '--max-holding-s',
    '--failover-hold-s',
    '--reentry-cooldown-s',
    '--kafka-brokers',
    '--kafka-topic-prefix',
    '--config',
  ],
  consume: ['--topic', '--from-beginning', '--max', '--brokers'],
  dashboard: ['--port', '--host', '--brokers', '--metrics-url', '--kafka-topic-prefix', '--schema-registry-url', '--config'],
};

// Each test only spawns the CLI and reads its output: they run side by side.
describe.concurrent('market-feed --help', () => {
  it.each(['--help', '-h'])('lists every command on the top-level %s and exits 0', async (flag) => {
    const result = await cli([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: market-feed <command>/);
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each(['kraken', 'constructor'])('exits 2 naming the unknown command %s', async (name) => {
    const result = await cli([name, '--help']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`unknown command '${name}'`);
  });

  it('prints the usage and exits 2 when no command is given', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^usage: market-feed <command>/);
  });

  for (const [name, options] of Object.entries(COMMANDS)) {
    it.each(['--help', '-h'])(`answers ${name} %s with its usage naming every option, on stdout, exit 0`, async (flag) => {
      const result = await cli([name, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^usage: market-feed ${name}\\b`));
      for (const option of [...options, '--help']) expect(result.stdout).toContain(option);
      expect(result.stderr).toBe('');
    });

    it(`still exits 2 naming an unknown option of ${name}`, async () => {
      const result = await cli([name, '--no-such-option', '1']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--no-such-option');
      expect(result.stdout).toBe('');
    });
  }

  it('answers help after other options, and `market-feed help <command>`, with the command usage', async () => {
    const late = await cli(['consume', '--topic', 'market.trades.v1', '-h']);
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(/^usage: market-feed consume\b/);
    const word = await cli(['help', 'simulate']);
    expect(word.code).toBe(0);
    expect(word.stdout).toMatch(/^usage: market-feed simulate\b/);
  });

  it('exits 2 on a bad value with the command, the flag and what is allowed', async () => {
    const result = await cli(['simulate', '--refuse', 'bybit:200']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('market-feed simulate: --refuse: status: expected a whole number from 400 to 599');
  });

  it.each([
    ['--book-depth', '0'],
    ['--weight-per-minute', '2.5'],
  ])('exits 2 on simulate %s %s, naming the flag', async (flag, value) => {
    const result = await cli(['simulate', flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`market-feed simulate: ${flag}: expected a whole number of at least 1`);
  });

  it.each([
    ['--shard', '2/2', 'invalid shard (from --shard): expected INDEX/COUNT'],
    ['--shard', '3/4', 'invalid shard (from configuration): expected at most as many shards as coins (2)'],
    ['--data-types', 'quote_1h', 'invalid dataTypes (from --data-types): expected data types it knows; quote_1h is not a data type; the forms are'],
    [
      '--data-types',
      'trade_bar_1m,quote_1s',
      'invalid dataTypes (from configuration): expected order books followed for quote_1s: turn them on with books.follow (--books',
    ],
  ])('exits 2 on run %s %s, naming the key', async (flag, value, message) => {
    const result = await cli(['run', '--coins', 'BTC,ETH', '--sink', 'stdout', flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
