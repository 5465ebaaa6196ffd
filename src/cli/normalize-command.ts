import { constants, createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { VENUE_OPTIONS, VENUES } from '../exchanges/venues.js';
import type { VenueListing } from '../model/instrument.js';
import { createFrameNormalizer } from '../exchanges/frame-normalizer.js';
import { EXCHANGE_IDS, type ExchangeId } from '../model/market-record.js';
import { UsageError, type Command } from './command.js';

/** `market-feed normalize --help`. */
export const normalizeUsage = (): string => `usage: market-feed normalize --exchange <${EXCHANGE_IDS.join('|')}> [--input FILE] [--listings FILE]

Reads raw WebSocket frames as NDJSON (one frame per line) from stdin or FILE and writes one JSON
line per normalized record to stdout. Acks, pongs and other non-data frames produce nothing; bad
lines are reported on stderr with their line number and counted. Order-book depth frames are kept
in a book per symbol, as live: each applied update prints the book's levels as an "order_book"
line; a gap in update ids, a crossed book, an update before any snapshot, or a bad line of the depth
channel (its snapshot or update is lost) prints one "feed_status" line with state "book_resync",
and nothing more for that symbol until the next snapshot.

options:
  -e, --exchange EXCHANGE      the venue the frames come from: ${EXCHANGE_IDS.join(', ')} (required)
  -i, --input FILE             read frames from FILE instead of stdin
  -l, --listings FILE          the venue's instrument list as its REST answered it (JSON: OKX
                               /api/v5/public/instruments, Bybit instruments-info, Binance
                               exchangeInfo, ...): symbols are split by it, and a venue that sizes in
                               contracts (OKX swaps) needs it to give base quantities

The venues' own options of \`run\` are taken too; those of the book plans apply here:
${VENUE_OPTIONS.map((option) => `      --${option.flag} VALUE`.padEnd(36) + option.description).join('\n')}
`;

/** `market-feed normalize`: raw frames in, normalized records out. Exit 0 unless the input cannot be read. */
export const normalizeCommand: Command = async (io) => {
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      exchange: { type: 'string', short: 'e' },
      input: { type: 'string', short: 'i' },
      listings: { type: 'string', short: 'l' },
      ...Object.fromEntries(VENUE_OPTIONS.map((option) => [option.flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  const exchange = values.exchange;
  if (exchange === undefined || !(EXCHANGE_IDS as readonly string[]).includes(exchange)) {
    throw new UsageError('--exchange', `expected one of ${EXCHANGE_IDS.join(', ')}`);
  }
  const options: Record<string, unknown> = {};
  for (const option of VENUE_OPTIONS) {
    const raw = (values as Readonly<Record<string, string | undefined>>)[option.flag];
    if (raw === undefined) continue;
    const parsed = option.parse(raw);
    if (!parsed.ok) throw new UsageError(`--${option.flag}`, `expected ${parsed.allowed}`);
    options[option.key] = parsed.value;
  }
  if (values.input !== undefined) {
    try {
      await access(values.input, constants.R_OK);
    } catch (error) {
      io.stderr.write(`market-feed normalize: cannot read ${values.input}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  let listings: readonly VenueListing[] | undefined;
  if (values.listings !== undefined) {
    try {
      listings = VENUES[exchange as ExchangeId].catalog.listings.read(JSON.parse(await readFile(values.listings, 'utf8')), exchange as ExchangeId).listings;
    } catch (error) {
      io.stderr.write(`market-feed normalize: cannot read the listings ${values.listings}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const input = values.input === undefined ? io.stdin : createReadStream(values.input);
  // Without a venue option, each venue's protocol as it reads frames by default.
  const settings = Object.keys(options).length === 0 ? undefined : { options };
  const normalize = createFrameNormalizer(exchange as ExchangeId, values.input === undefined ? 'stdin' : 'file', settings, listings);
  let lineNumber = 0;
  let bad = 0;
  let records = 0;
  try {
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const result = normalize(line, Date.now());
      if (!result.ok) {
        bad += 1;
        io.stderr.write(`line ${lineNumber}: ${result.error}\n`);
      } else if (result.refused !== undefined) {
        bad += 1;
        io.stderr.write(`line ${lineNumber}: ${result.refused}\n`);
      }
      // A bad line of the depth channel still prints what it did: the book it named is down (`book_resync`).
      for (const event of result.ok ? result.frame : result.events) {
        records += 1;
        if (!io.stdout.write(`${JSON.stringify(event)}\n`)) await once(io.stdout, 'drain');
      }
    }
  } catch (error) {
    io.stderr.write(`market-feed normalize: cannot read input: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stderr.write(`normalized ${records} records from ${lineNumber} lines; ${bad} bad lines\n`);
  return 0;
};
