/**
 * The simulator with a generated universe in a process of its own, for the universe benchmark:
 * `npx tsx bench/universe-sim-process.ts <instruments> <tradesPerSecondOverBothVenues> [port]`. Prints
 * its URLs as one JSON line, then runs until SIGTERM. The venues' limits are on, as at the venues.
 */
import { once } from 'node:events';
import { startSimulator } from '../simulator/start-simulator.js';

const [instruments = '2600', rate = '2000', port = '0'] = process.argv.slice(2);
const sim = await startSimulator({
  universe: { instruments: Number(instruments), tradesPerSecond: Number(rate), seed: 5 },
  logCapacity: 1,
  port: Number(port),
});
process.stdout.write(
  `${JSON.stringify({ bybitUrl: sim.urls.bybit, binanceUrl: sim.urls.binance, restUrl: sim.restUrl, controlUrl: sim.controlUrl, pid: process.pid })}\n`,
);
await once(process, 'SIGTERM');
await sim.close();
process.exit(0);
