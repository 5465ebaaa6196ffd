import { DEFAULT_SIM_VENUES, SIM_VENUE_IDS, SIM_VENUES, UNIVERSE_SPLIT_VENUES, defaultUniverseShares } from '../../simulator/index.js';

/** The flags the simulated venues add (their own options), each with the venue it sets. */
export const SIM_VENUE_FLAGS = SIM_VENUE_IDS.flatMap((venue) => (SIM_VENUES[venue].flags ?? []).map((flag) => ({ venue, ...flag })));

/** One option line: the flag and its argument in a column of 23, then what it does. */
const line = (flag: string, help: string): string => `  ${flag.padEnd(22)} ${help}`;

/** The default `--universe-shares`: the percentage on every venue that splits the universe, then each one's alone. */
const percentages = (): string => {
  const { all, only } = defaultUniverseShares();
  return [all, ...UNIVERSE_SPLIT_VENUES.map((venue) => only[venue] ?? 0)].map((share) => Math.round(share * 100)).join(',');
};

/** `market-feed simulate --help`: the venues and their own flags from the simulator's registry of venues. */
export const simulateUsage = (): string => `usage: market-feed simulate [options]

Serves simulated venues' WebSocket endpoints on 127.0.0.1, generating random-walk trades, tickers
and order books, with each venue's REST API on the same port (its own paths), for a few coins or a
generated universe of thousands of instruments; or replaying an NDJSON file of frames (or a capture
written by market-feed record). The venues' limits (streams and messages per connection, connection
attempts, REST requests) are enforced. The perpetual venues carry mark prices, funding, open interest
and liquidations (GET liquidations, POST route?kind=K&to=R).
Faults can be injected by flags or at runtime with POST http://127.0.0.1:<port>/control/<venue>/<action>
(drop, close?code=N, stall?on=true|false, refuse?status=403|451, malformed?count=N,
garbage?kind=K, malformed-rate?rate=R, trade-rate?per-symbol=N, slow?ms=N, move?pct=P, skew-candle?price-pct=P, shutdown, reset,
drop-delta?symbol=S, restart-book?symbol=S, cross-book?symbol=S, checksum-book?symbol=S, late-snapshot?ms=N,
rest-429?count=N, rest-418?ms=N, list?base=B&quote=Q, delist?symbol=S, halt?symbol=S&status=HALT|BREAK,
resume?symbol=S, expire, heartbeat-fault?on=true|false&ms=N; GET counters|sent|subscriptions|instruments|book?symbol=S;
GET /control lists every action and the values it allows).
A bad parameter is answered 400, an unknown venue, action or path 404, a wrong method 405,
always with a JSON {"error", "parameter", "allowed"}.

venues:
${SIM_VENUE_IDS.map((venue) => `  ${venue.padEnd(14)} ${SIM_VENUES[venue].description}`).join('\n')}

options:
${line('--port N', 'loopback port, 0-65535 (default 8765; 0 picks a free one)')}
${line('--venues V,...', `the venues served, of those above (default ${DEFAULT_SIM_VENUES.join(',')})`)}
${line('--venue-quote V:Q', `a venue that lists the coins at another quote, e.g. ${DEFAULT_SIM_VENUES[0] ?? 'VENUE'}:USDC (repeatable)`)}
${line('--coins A,B,...', 'base assets (default BTC,ETH)')}
${line('--quote Q', 'quote asset (default USDT)')}
${line('--universe N', 'N generated instruments instead of --coins: BTC ETH SOL ... then generated')}
${line('', `names, on all of ${UNIVERSE_SPLIT_VENUES.join(', ')} or one, with long-tailed trade rates`)}
${line('--universe-quotes Q,..', 'quote assets of the universe, most traded first (default USDT,USDC)')}
${line('--universe-shares P,..', `percent of instruments on all of ${UNIVERSE_SPLIT_VENUES.join(', ')}, then on each alone (default ${percentages()})`)}
${line('--universe-rate N', 'trades per second over the whole universe, every venue (default 2000)')}
${line('--universe-zipf S', 'exponent of the activity by rank, 1/rank^S (default 1)')}
${line('--no-limits', "do not enforce the venues' limits")}
${line('--seed N', 'random-walk seed (default 1)')}
${line('--rate N', 'trades per second per symbol (default 5)')}
${line('--ticker-interval-ms N', 'ticker / best bid-ask push interval (default 200)')}
${line('--replay FILE', 'replay these frames instead of generating (with --replay-venue)')}
${line('--replay-venue V', `the venue that serves --replay: ${SIM_VENUE_IDS.join(' or ')} (default ${SIM_VENUE_IDS[0] ?? ''})`)}
${line('--refuse V:STATUS', `refuse V's upgrades with an HTTP status 400-599, e.g. ${DEFAULT_SIM_VENUES[0] ?? 'VENUE'}:403`)}
${line('--stall V', "keep V's sockets open but silent")}
${line('--malformed-rate V:R', 'send malformed frames on V with probability R (0 to 1) per tick')}
${line('--slow V:MS', "delay V's data frames by MS (0 to 60000)")}
${line('--book-depth N', 'order-book levels per side (default 1000)')}
${SIM_VENUE_FLAGS.map((flag) => line(`--${flag.name} N`, flag.help)).join('\n')}
`;
