import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackageUnlessBuilt } from '../support/built-package.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built package's `market-feed` bin: through `npx` as a user types it, or with `node` on the same
 * file (what the bin links to), which spares each case npm's own second of start-up.
 */
function run(args: readonly string[], stdin = '', via: 'npx' | 'node' = 'node'): Promise<Run> {
  const [command, ...prefix] = via === 'npx' ? ['npx', 'market-feed'] : [process.execPath, bin];
  return new Promise((resolve) => {
    const child = execFile(command ?? 'npx', [...prefix, ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

const lines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  buildPackageUnlessBuilt(root);
  expect(existsSync(bin)).toBe(true);
}, 120_000);

describe('market-feed normalize (built package)', () => {
  it('maps Bybit frames from --input to trade records with the model field names', async () => {
    const result = await run(['normalize', '--exchange', 'bybit', '--input', `${fixtures}bybit-publicTrade.ndjson`], '', 'npx');
    expect(result.code).toBe(0);
    const records = lines(result.stdout);
    expect(records).toHaveLength(12);
    expect(records[0]).toMatchObject({
      type: 'trade',
      exchange: 'bybit',
      symbol: 'ETHUSDT',
      coin: 'ETH',
      quote: 'USDT',
      tradeId: '2280000001739247417',
      price: 1923.28,
      quantity: 0.04537,
      side: 'SELL',
      isBuyerMaker: true,
      exchangeTs: 1786310821917,
      env: 'prod',
      isFallback: false,
    });
    expect(typeof records[0]?.['receivedTs']).toBe('number');
  });

  it('reads stdin, drops acks and pongs, reports a bad line by number, and still exits 0', async () => {
    const input = [
      '{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}',
      'not json',
      '{"topic":"tickers.BTCUSDT","ts":5,"type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"110","prevPrice24h":"100","price24hPcnt":"0.1"}}',
      '',
    ].join('\n');
    const result = await run(['normalize', '--exchange', 'bybit'], input);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      expect.objectContaining({ type: 'price_tick', symbol: 'BTCUSDT', price: 110, open24h: 100, change24hPct: 10, exchangeTs: 5 }),
    ]);
    expect(result.stderr).toMatch(/^line 2: /m);
    expect(result.stderr).toMatch(/1 bad lines/);
  });

  it('maps kline and aggTrade frames of both venues to kline and agg_trade records', async () => {
    const input = [`${fixtures}binance-kline.ndjson`, `${fixtures}binance-aggTrade.ndjson`].map((file) => readFileSync(file, 'utf8')).join('');
    const binance = lines((await run(['normalize', '--exchange', 'binance'], input)).stdout);
    expect(binance.map((r) => r['type'])).toEqual(['kline', 'agg_trade', 'agg_trade']);
    expect(binance[0]).toMatchObject({ symbol: 'BNBBTC', interval: '1m', openTime: 1672515780000, close: 0.002, volume: 1000, tradeCount: 100, closed: false });
    expect(binance[1]).toMatchObject({ symbol: 'NKNUSDT', aggTradeId: 15683430, firstTradeId: 19862790, side: 'BUY' });
    const bybit = lines((await run(['normalize', '--exchange', 'bybit', '--input', `${fixtures}bybit-kline.ndjson`])).stdout);
    expect(bybit).toEqual([expect.objectContaining({ type: 'kline', symbol: 'BTCUSDT', interval: '5m', quoteVolume: 34666.4005, closed: false })]);
  });

  it('tags binance_testnet records with env testnet and maps bookTicker with an estimated exchange time', async () => {
    const result = await run(['normalize', '--exchange', 'binance_testnet', '--input', `${fixtures}binance-bookTicker.ndjson`]);
    const records = lines(result.stdout);
    expect(records).toHaveLength(7);
    expect(records[0]).toMatchObject({
      type: 'book_ticker',
      exchange: 'binance_testnet',
      env: 'testnet',
      bid: 8010,
      bidSize: 0.142459,
      ask: 8012.15,
      askSize: 0.031201,
      updateId: 1127645101,
      exchangeTsEstimated: true,
    });
  });

  it("takes a venue's own option of run: the recorded orderbook.200 frames are books only at --bybit-book-depth 200", async () => {
    // The file holds a recorded orderbook.200 snapshot with 20 deltas, then an orderbook.50 snapshot and delta.
    const input = `${fixtures}bybit-orderbook.ndjson`;
    const booksOf = (out: Run): number[] =>
      lines(out.stdout)
        .filter((line) => line['type'] === 'order_book')
        .map((line) => Number(line['exchangeTs']));
    const at200 = await run(['normalize', '--exchange', 'bybit', '--input', input, '--bybit-book-depth', '200']);
    expect(at200.code).toBe(0);
    expect(booksOf(at200)).toHaveLength(21);
    expect(booksOf(at200)[0]).toBe(1786310816512);
    const byDefault = await run(['normalize', '--exchange', 'bybit', '--input', input]);
    expect(booksOf(byDefault)).toEqual([1672304484976]);
    const bad = await run(['normalize', '--exchange', 'bybit', '--input', input, '--bybit-book-depth', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bybit-book-depth');
  });

  it("maps Coinbase frames with the taker's side (Coinbase writes the maker's), oldest trade first", async () => {
    const result = await run(['normalize', '--exchange', 'coinbase', '--input', `${fixtures}coinbase-market_trades.ndjson`]);
    expect(result.code).toBe(0);
    const records = lines(result.stdout);
    // 18 frames, 222 trades; the first frame is BTC-USD's snapshot of its last 100, newest first.
    expect(records).toHaveLength(222);
    expect(records[0]).toMatchObject({
      type: 'trade',
      exchange: 'coinbase',
      symbol: 'BTC-USD',
      coin: 'BTC',
      quote: 'USD',
      tradeId: '1068571991',
      price: 65090.99,
      quantity: 0.00310335,
      side: 'SELL',
      isBuyerMaker: true,
      exchangeTs: 1786309475345,
    });
  });

  it("says a book is down (book_resync) when a file's snapshot is refused, instead of dropping its updates without a word", async () => {
    // Kraken's documented MATIC/USD snapshot (no `timestamp`, read as is) and the update after it.
    const [snapshot = '', update = ''] = readFileSync(
      fileURLToPath(new URL('../../src/exchanges/kraken/__fixtures__/kraken-book-documented.ndjson', import.meta.url)),
      'utf8',
    )
      .split('\n')
      .filter((l) => l !== '');
    const refused = snapshot.replace('"checksum":2439117997', '"checksum":"2439117997"');
    const result = await run(['normalize', '--exchange', 'kraken'], [refused, update, snapshot, update, ''].join('\n'));
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.map((l) => (l['type'] === 'feed_status' ? `${String(l['state'])} ${String(l['symbol'])}` : String(l['type'])))).toEqual([
      'book_resync MATIC/USD',
      'order_book',
      'order_book',
    ]);
    expect(out[0]?.['reason']).toMatch(/^refused: \$\.data\[0\]\.checksum/);
    expect(result.stderr).toMatch(/^line 1: \$\.data\[0\]\.checksum/m);
    expect(result.stderr).toMatch(/normalized 3 records from 4 lines; 1 bad lines/);
  });

  it('stops quietly with 0 when its reader goes away (`| head`), instead of dying of the EPIPE', async () => {
    const frames = readFileSync(`${fixtures}bybit-publicTrade.ndjson`, 'utf8');
    const child = spawn(process.execPath, [bin, 'normalize', '--exchange', 'bybit'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Far more than a pipe holds: the reader leaves after its first line, with the rest still to write.
    child.stdin.on('error', () => undefined);
    child.stdin.end(frames.repeat(4000));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|Error/);
  });

  it('exits 2 on an unknown exchange and 1 when the input cannot be read', async () => {
    expect((await run(['normalize', '--exchange', 'nasdaq'])).code).toBe(2);
    expect((await run(['normalize', '--exchange', 'bybit', '--input', '/nonexistent/frames.ndjson'])).code).toBe(1);
  });
});
