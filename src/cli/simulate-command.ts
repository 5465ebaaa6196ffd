import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { readReplayFrames } from '../capture/capture-reader.js';
import { parseControlAction, SIM_VENUES, startSimulator, type SimulatorControl, type SimulatorOptions, type SimVenueName } from '../../simulator/index.js';
import { UsageError, type Command } from './command.js';

/** `market-feed simulate --help`. */
export const simulateUsage = (): string => `usage: market-feed simulate [options]

Serves Bybit (/v5/public/spot) and Binance (/stream?streams=..., /ws) WebSocket endpoints on
127.0.0.1, generating random-walk trades, tickers and order books (Bybit orderbook.50/200/1000,
Binance @depth@100ms and @depth), with the venues' REST lists on the same port (Binance
GET /api/v3/depth, /api/v3/exchangeInfo, /api/v3/ticker/24hr, /api/v3/historicalTrades, /api/v3/aggTrades; Bybit GET
/v5/market/instruments-info, /v5/market/tickers and /v5/market/recent-trade), for a few coins or a generated universe of thousands of instruments;
or replaying an NDJSON file of frames (or a capture written by market-feed record). The venues'
limits (streams and messages per connection, connection attempts, REST requests) are enforced.
Faults can be injected by flags or at runtime with POST http://127.0.0.1:<port>/control/<venue>/<action>
(drop, close?code=N, stall?on=true|false, refuse?status=403|451, malformed?count=N,
garbage?kind=K, malformed-rate?rate=R, trade-rate?per-symbol=N, slow?ms=N, move?pct=P, skew-candle?price-pct=P, shutdown, reset,
drop-delta?symbol=S, restart-book?symbol=S, cross-book?symbol=S, checksum-book?symbol=S, late-snapshot?ms=N,
rest-429?count=N, rest-418?ms=N, list?base=B&quote=Q, delist?symbol=S, halt?symbol=S&status=HALT|BREAK,
resume?symbol=S; GET counters|sent|subscriptions|instruments|book?symbol=S;
GET /control lists every action and the values it allows).
A bad parameter is answered 400, an unknown venue, action or path 404, a wrong method 405,
always with a JSON {"error", "parameter", "allowed"}.

options:
  --port N               loopback port, 0-65535 (default 8765; 0 picks a free one)
  --venues V,...         the venues served: ${SIM_VENUES.join(', ')} (default bybit,binance);
                         Coinbase on /coinbase, Kraken on /v2, each listing the coins in its spelling;
                         perpetuals at USDT: Bybit linear on /v5/public/linear (REST category=linear),
                         Binance USD-M on /usdm/public|market/ws|stream (REST /fapi/v1/...), with mark,
                         funding, open interest and liquidations (GET liquidations, POST route?kind=K&to=R)
  --venue-quote V:Q      a venue that lists the coins at another quote, e.g. coinbase:USD (repeatable)
  --coins A,B,...        base assets (default BTC,ETH)
  --quote Q              quote asset (default USDT)
  --universe N           N generated instruments instead of --coins: BTC ETH SOL ... then generated
                         names, on both venues or one, with long-tailed trade rates
  --universe-quotes Q,.. quote assets of the universe, most traded first (default USDT,USDC)
  --universe-shares B,Y,N  percent of instruments on both venues, Bybit only, Binance only (default 60,25,15)
  --universe-rate N      trades per second over the whole universe, both venues (default 2000)
  --universe-zipf S      exponent of the activity by rank, 1/rank^S (default 1)
  --no-limits            do not enforce the venues' limits
  --seed N               random-walk seed (default 1)
  --rate N               trades per second per symbol (default 5)
  --ticker-interval-ms N ticker / best bid-ask push interval (default 200)
  --replay FILE          replay these frames instead of generating (with --replay-venue)
  --replay-venue V       the venue that serves --replay: ${SIM_VENUES.join(' or ')} (default ${SIM_VENUES[0]})
  --refuse V:STATUS      refuse V's upgrades with an HTTP status 400-599, e.g. bybit:403 or binance:451
  --stall V              keep V's sockets open but silent
  --malformed-rate V:R   send malformed frames on V with probability R (0 to 1) per tick
  --slow V:MS            delay V's data frames by MS (0 to 60000)
  --book-depth N         order-book levels per side (default 1000)
  --weight-per-minute N  Binance REST request weight allowed per minute (default 6000)
`;

function venue(value: string, flag: string): SimVenueName {
  const found = SIM_VENUES.find((v) => v === value);
  if (found === undefined) throw new UsageError(flag, `expected a venue: ${SIM_VENUES.join(', ')}`);
  return found;
}

/** `--venue-quote coinbase:USD` flags as each venue's quote. */
function venueQuotes(flags: readonly string[]): Partial<Record<SimVenueName, string>> {
  const quotes: Partial<Record<SimVenueName, string>> = {};
  for (const flag of flags) {
    const [name = '', quote = ''] = flag.split(':');
    if (!/^[A-Za-z0-9]{2,10}$/.test(quote)) throw new UsageError('--venue-quote', 'expected VENUE:QUOTE, e.g. coinbase:USD');
    quotes[venue(name, '--venue-quote')] = quote.toUpperCase();
  }
  return quotes;
}

/** A fault flag as the control action it stands for, checked by the same table as the HTTP control API. */
function startupFault(flag: string, raw: string | undefined, action: string, param?: string): ((control: SimulatorControl) => void) | undefined {
  if (raw === undefined) return undefined;
  const at = raw.indexOf(':');
  if (param !== undefined && at === -1) throw new UsageError(flag, `expected VENUE:${param.toUpperCase()}, e.g. bybit:${param === 'rate' ? '0.1' : '500'}`);
  const name = param === undefined ? raw : raw.slice(0, at);
  const target = venue(name, flag);
  const parsed = parseControlAction(action, new URLSearchParams(param === undefined ? {} : { [param]: raw.slice(at + 1) }));
  if (!parsed.ok) throw new UsageError(flag, parsed.answer.body.error);
  return (control) => parsed.run(control, target);
}

function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(flag, 'expected a non-negative number');
  return n;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  const n = number(value, flag, fallback);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(flag, 'expected a whole number of at least 1');
  return n;
}

function universe(values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>, seed: number): SimulatorOptions['universe'] {
  const raw = values['universe'];
  if (typeof raw !== 'string') {
    for (const flag of ['universe-quotes', 'universe-shares', 'universe-rate', 'universe-zipf'])
      if (values[flag] !== undefined) throw new UsageError(`--${flag}`, 'needs --universe N');
    return undefined;
  }
  if (values['coins'] !== undefined || values['quote'] !== undefined) throw new UsageError('--universe', 'give either --coins/--quote or --universe');
  const text = (flag: string): string | undefined => (typeof values[flag] === 'string' ? values[flag] : undefined);
  const quotes = text('universe-quotes')
    ?.split(',')
    .map((q) => q.trim().toUpperCase());
  if (quotes !== undefined && (quotes.length === 0 || quotes.some((q) => !/^[A-Z0-9]{2,10}$/.test(q))))
    throw new UsageError('--universe-quotes', 'expected quote assets, e.g. USDT,USDC');
  const shares = text('universe-shares')
    ?.split(',')
    .map((v) => number(v, '--universe-shares', 0));
  if (shares !== undefined && (shares.length !== 3 || shares.every((v) => v === 0)))
    throw new UsageError('--universe-shares', 'expected three percentages, e.g. 60,25,15');
  const [both = 0, bybitOnly = 0, binanceOnly = 0] = shares ?? [];
  return {
    instruments: wholeNumber(raw, '--universe', 0),
    seed,
    ...(quotes === undefined ? {} : { quotes }),
    ...(shares === undefined ? {} : { shares: { both, bybitOnly, binanceOnly } }),
    ...(text('universe-rate') === undefined ? {} : { tradesPerSecond: number(text('universe-rate'), '--universe-rate', 2000) }),
    ...(text('universe-zipf') === undefined ? {} : { zipfExponent: number(text('universe-zipf'), '--universe-zipf', 1) }),
  };
}

function port(value: string | undefined): number {
  const n = number(value, '--port', 8765);
  if (!Number.isInteger(n) || n > 65535) throw new UsageError('--port', 'expected a whole number from 0 to 65535');
  return n;
}

/** `market-feed simulate`: runs the simulator until SIGINT or SIGTERM. */
export const simulateCommand: Command = async (io) => {
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      port: { type: 'string' },
      coins: { type: 'string' },
      quote: { type: 'string' },
      seed: { type: 'string' },
      rate: { type: 'string' },
      'ticker-interval-ms': { type: 'string' },
      replay: { type: 'string' },
      'replay-venue': { type: 'string' },
      refuse: { type: 'string' },
      stall: { type: 'string' },
      'malformed-rate': { type: 'string' },
      slow: { type: 'string' },
      'book-depth': { type: 'string' },
      'weight-per-minute': { type: 'string' },
      universe: { type: 'string' },
      'universe-quotes': { type: 'string' },
      'universe-shares': { type: 'string' },
      'universe-rate': { type: 'string' },
      'universe-zipf': { type: 'string' },
      'no-limits': { type: 'boolean' },
      venues: { type: 'string' },
      'venue-quote': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const faults = [
    startupFault('--refuse', values.refuse, 'refuse', 'status'),
    startupFault('--stall', values.stall, 'stall'),
    startupFault('--malformed-rate', values['malformed-rate'], 'malformed-rate', 'rate'),
    startupFault('--slow', values.slow, 'slow', 'ms'),
  ];
  const seed = number(values.seed, '--seed', 1);
  const generated = universe(values, seed);
  const options: SimulatorOptions = {
    port: port(values.port),
    ...(generated === undefined ? {} : { universe: generated }),
    ...(values['no-limits'] === true ? { limits: false as const } : {}),
    coins: (values.coins ?? 'BTC,ETH')
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== ''),
    quote: (values.quote ?? 'USDT').toUpperCase(),
    ...(values.venues === undefined ? {} : { venues: values.venues.split(',').map((v) => venue(v.trim(), '--venues')) }),
    ...(values['venue-quote'] === undefined ? {} : { venueQuotes: venueQuotes(values['venue-quote']) }),
    seed,
    tradesPerSecond: number(values.rate, '--rate', 5),
    tickerIntervalMs: number(values['ticker-interval-ms'], '--ticker-interval-ms', 200),
    bookDepth: wholeNumber(values['book-depth'], '--book-depth', 1000),
    binanceWeightPerMinute: wholeNumber(values['weight-per-minute'], '--weight-per-minute', 6000),
    ...(values.replay === undefined
      ? {}
      : { replay: { venue: venue(values['replay-venue'] ?? SIM_VENUES[0], '--replay-venue'), lines: await readReplayFrames(values.replay) } }),
  };
  const sim = await startSimulator(options);
  for (const apply of faults) apply?.(sim.control);
  const urls = {
    bybitUrl: sim.bybitUrl,
    binanceUrl: sim.binanceUrl,
    coinbaseUrl: sim.coinbaseUrl,
    krakenUrl: sim.krakenUrl,
    bybitLinearUrl: sim.bybitLinearUrl,
    binanceUsdmUrl: sim.binanceUsdmUrl,
  };
  io.stdout.write(`${JSON.stringify({ ...urls, controlUrl: sim.controlUrl, restUrl: sim.restUrl, venues: sim.control.venues })}\n`);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sim.close();
  return 0;
};
