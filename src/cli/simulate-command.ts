import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { readReplayFrames } from '../capture/capture-reader.js';
import { startSimulator, type SimulatorOptions } from '../simulator/start-simulator.js';
import { SIM_VENUES, type SimVenueName } from '../simulator/venue-protocol.js';
import { UsageError, type Command } from './command.js';

const HELP = `usage: market-feed simulate [options]

Serves Bybit (/v5/public/spot) and Binance (/stream?streams=..., /ws) WebSocket endpoints on
127.0.0.1, generating random-walk trades and tickers, or replaying an NDJSON file of frames
(or a capture written by market-feed record).
Faults can be injected by flags or at runtime with POST http://127.0.0.1:<port>/control/<venue>/<action>
(drop, close?code=N, stall?on=true|false, refuse?status=403|451, malformed?count=N,
malformed-rate?rate=R, slow?ms=N, shutdown, reset; GET counters|sent|subscriptions).

  --port N               loopback port (default 8765; 0 picks a free one)
  --coins A,B,...        base assets (default BTC,ETH)
  --quote Q              quote asset (default USDT)
  --seed N               random-walk seed (default 1)
  --rate N               trades per second per symbol (default 5)
  --ticker-interval-ms N ticker / best bid-ask push interval (default 200)
  --replay FILE          replay these frames instead of generating (with --replay-venue bybit|binance)
  --refuse V:STATUS      refuse V's upgrades, e.g. bybit:403 or binance:451
  --stall V              keep V's sockets open but silent
  --malformed-rate V:R   send malformed frames on V with probability R per tick
  --slow V:MS            delay V's data frames by MS
`;

function venue(value: string, flag: string): SimVenueName {
  if (!(SIM_VENUES as readonly string[]).includes(value)) throw new UsageError(flag, `expected a venue: ${SIM_VENUES.join(', ')}`);
  return value as SimVenueName;
}

function venueNumber(value: string | undefined, flag: string): readonly [SimVenueName, number] | undefined {
  if (value === undefined) return undefined;
  const [name = '', raw = ''] = value.split(':');
  const n = Number(raw);
  if (raw === '' || !Number.isFinite(n)) throw new UsageError(flag, 'expected VENUE:NUMBER');
  return [venue(name, flag), n];
}

function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(flag, 'expected a non-negative number');
  return n;
}

/** `market-feed simulate`: runs the simulator until SIGINT or SIGTERM. */
export const simulateCommand: Command = async (io) => {
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      port: { type: 'string' }, coins: { type: 'string' }, quote: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' },
      'ticker-interval-ms': { type: 'string' }, replay: { type: 'string' }, 'replay-venue': { type: 'string' }, refuse: { type: 'string' },
      stall: { type: 'string' }, 'malformed-rate': { type: 'string' }, slow: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const options: SimulatorOptions = {
    port: number(values.port, '--port', 8765),
    coins: (values.coins ?? 'BTC,ETH').split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== ''),
    quote: (values.quote ?? 'USDT').toUpperCase(),
    seed: number(values.seed, '--seed', 1),
    tradesPerSecond: number(values.rate, '--rate', 5),
    tickerIntervalMs: number(values['ticker-interval-ms'], '--ticker-interval-ms', 200),
    ...(values.replay === undefined
      ? {}
      : { replay: { venue: venue(values['replay-venue'] ?? 'bybit', '--replay-venue'), lines: await readReplayFrames(values.replay) } }),
  };
  const sim = await startSimulator(options);
  const refuse = venueNumber(values.refuse, '--refuse');
  if (refuse !== undefined) sim.control.refuseUpgrade(...refuse);
  if (values.stall !== undefined) sim.control.stall(venue(values.stall, '--stall'));
  const malformed = venueNumber(values['malformed-rate'], '--malformed-rate');
  if (malformed !== undefined) sim.control.setMalformedRate(...malformed);
  const slow = venueNumber(values.slow, '--slow');
  if (slow !== undefined) sim.control.slowDown(...slow);
  io.stdout.write(`${JSON.stringify({ bybitUrl: sim.bybitUrl, binanceUrl: sim.binanceUrl, controlUrl: sim.controlUrl })}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sim.close();
  return 0;
};
