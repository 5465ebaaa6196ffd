/**
 * The simulator in a process of its own, for the end-to-end and peer benchmarks:
 * `npx tsx bench/sim-process.ts <coins> <tradesPerSecondPerSymbol>`. Prints its URLs as one
 * JSON line, then runs until SIGTERM. Ticks every 10 ms: a Bybit client gets each symbol's
 * trades of a tick in one `publicTrade` frame (up to 1024), a Binance client one frame per trade.
 * The sent-trade log is kept at one entry: no benchmark reads it.
 */
import { once } from 'node:events';
import { startSimulator } from '../simulator/start-simulator.js';

const [coins = 'BTC,ETH', rate = '100'] = process.argv.slice(2);
const sim = await startSimulator({
  coins: coins.split(','),
  tradesPerSecond: Number(rate),
  tickerIntervalMs: 1000,
  tickMs: 10,
  logCapacity: 1,
});
process.stdout.write(`${JSON.stringify({ bybitUrl: sim.urls.bybit, binanceUrl: sim.urls.binance, controlUrl: sim.controlUrl, pid: process.pid })}\n`);
await once(process, 'SIGTERM');
await sim.close();
process.exit(0);
