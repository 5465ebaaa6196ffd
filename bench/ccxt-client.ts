/**
 * ccxt pro's `watchTrades` against the simulator, in a process of its own:
 * `npx tsx bench/ccxt-client.ts bybit|binance URL COINS WARMUP_S SECONDS`. Markets are set by
 * hand (no REST call). Prints one JSON line: trades delivered in the window, latency samples'
 * percentiles (delivery time minus the trade's time, which the simulator sets to its send time).
 */
import ccxt from 'ccxt';
import { percentile } from './bench-report.js';

type Venue = 'bybit' | 'binance';

const [venueArg = 'bybit', url = '', coinsArg = 'BTC', warmupArg = '3', secondsArg = '10'] = process.argv.slice(2);
const venue: Venue = venueArg === 'binance' ? 'binance' : 'bybit';
const coins = coinsArg.split(',');

interface WsUrls {
  public?: { spot?: string };
  spot?: string;
}

// ccxt keeps the last `tradesLimit` trades per symbol (1,000 by default) between two watchTrades
// calls and drops older ones. ccxt as shipped by default; BENCH_CCXT_TRADES_LIMIT sets another.
const tradesLimit = process.env.BENCH_CCXT_TRADES_LIMIT;
const options = tradesLimit === undefined ? {} : { options: { tradesLimit: Number(tradesLimit) } };
const exchange = venue === 'bybit' ? new ccxt.pro.bybit(options) : new ccxt.pro.binance(options);
const api = exchange.urls['api'] as { ws: WsUrls };
if (venue === 'bybit') api.ws.public = { ...api.ws.public, spot: url };
else api.ws.spot = url.replace(/\/stream$/, '/ws');
exchange.setMarkets(
  coins.map((coin) => ({
    id: `${coin}USDT`,
    lowercaseId: `${coin.toLowerCase()}usdt`,
    symbol: `${coin}/USDT`,
    base: coin,
    quote: 'USDT',
    baseId: coin,
    quoteId: 'USDT',
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    precision: { amount: 1e-8, price: 1e-8 },
    limits: {},
    info: {},
  })),
);
await exchange.loadHttpProxyAgent();

const start = Date.now() + Number(warmupArg) * 1000;
const end = start + Number(secondsArg) * 1000;
const latencies: number[] = [];
let delivered = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;

async function watch(symbol: string): Promise<void> {
  while (Date.now() < end) {
    const trades = await exchange.watchTrades(symbol);
    const now = Date.now();
    if (now < start) continue;
    cpuAtStart ??= process.cpuUsage();
    for (const trade of trades) {
      delivered += 1;
      if (trade.timestamp !== undefined) latencies.push(now - trade.timestamp);
    }
  }
}

await Promise.all(coins.map((coin) => watch(`${coin}/USDT`)));
const cpu = process.cpuUsage(cpuAtStart);
const seconds = (Date.now() - start) / 1000;
process.stdout.write(
  `${JSON.stringify({
    trades: delivered,
    seconds,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
  })}\n`,
);
await exchange.close();
process.exit(0);
