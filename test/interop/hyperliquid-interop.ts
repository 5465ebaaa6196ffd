import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFrameNormalizer, type FrameNormalizer } from '../../src/exchanges/frame-normalizer.js';
import { VENUES } from '../../src/exchanges/venues.js';
import type { VenueListing } from '../../src/model/instrument.js';

/**
 * What the Hyperliquid interop tests share: the recorded frames, the perpetuals list our side is given,
 * how the `trades` frames are fed (each after a backlog message of its coin), and our side of each
 * comparison (`normalize`'s path, given that list as `normalize --listings` is).
 *
 * The frames are `test/fixtures/exchange-frames/hyperliquid-*.ndjson` (SOURCES.md cites each: tardis-node's
 * `test/mappers.test.ts` @c1d73fb and ccxt's `ts/src/test/static/ws/hyperliquid.json` @66358ac, recorded from
 * `wss://api.hyperliquid.xyz/ws`).
 */
export const RECORDED = fileURLToPath(new URL('../fixtures/exchange-frames/', import.meta.url));

/**
 * The receive time of the first frame fed: 2026-08-12 13:06:40 UTC, after every recorded frame's own time
 * (the latest, the second `l2Book`, is 13:00:46.983) and not on a whole hour, so that "the next hourly
 * funding" is 14:00 whichever way an hour boundary is read.
 */
export const LOCAL_TS = 1_786_540_000_000;

/** The non-empty lines of a file. */
export function lines(path: string): readonly string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The frames of one recorded file of `test/fixtures/exchange-frames/`. */
export const recorded = (name: string): readonly string[] => lines(`${RECORDED}${name}`);

/**
 * The perpetuals the frames name, as Hyperliquid answers `POST /info {"type":"meta"}` (docs "Info endpoint >
 * Perpetuals > Retrieve perpetuals metadata": `{"universe":[{"name","szDecimals","maxLeverage",...}],"marginTables":[...]}`;
 * BTC's entry is the page's example's). FXS (the 2024 `trades` frame, tardis's recording) is not in the
 * docs' example: its entry is as lists of that time gave it (`szDecimals` 1, `maxLeverage` 5; two copies
 * found through the code index, their repositories unnamed), the list a replay of that day would be given.
 * Neither number is compared. Our side is given the list as `normalize --listings` is; a coin it did not
 * name would be split by the venue's own rule (every coin of the first perp dex is margined in USDC), so the
 * list changes no record here: the tests read the frames as the product reads them with its list at hand.
 */
export const META_ANSWER = {
  universe: [
    { name: 'BTC', szDecimals: 5, maxLeverage: 50 },
    { name: 'FXS', szDecimals: 1, maxLeverage: 5 },
  ],
  marginTables: [],
} as const;

/** The answer as the product reads its perpetuals list (the venue's list reader, what the catalog and `normalize --listings` use). */
export const HYPERLIQUID_LISTINGS: readonly VenueListing[] = ((): readonly VenueListing[] => {
  const read = VENUES.hyperliquid.catalog.listings.read(META_ANSWER, 'hyperliquid');
  if (read.skipped.length > 0) throw new Error(`the list read with skips: ${JSON.stringify(read.skipped)}`);
  return read.listings;
})();

/** Our side: `normalize`'s path (the venue's decoder, its per-symbol reducer and its book sync), given the list as `normalize --listings` is. */
export function hyperliquidNormalizer(): FrameNormalizer {
  return createFrameNormalizer('hyperliquid', 'c1', undefined, HYPERLIQUID_LISTINGS);
}

/** The coin a `trades` frame names (its first trade's), or undefined for any other frame. */
function tradesCoin(text: string): string | undefined {
  const frame = JSON.parse(text) as { readonly channel?: unknown; readonly data?: unknown };
  if (frame.channel !== 'trades' || !Array.isArray(frame.data)) return undefined;
  const [first] = frame.data as readonly { readonly coin?: unknown }[];
  return typeof first?.coin === 'string' ? first.coin : undefined;
}

/** One frame of a feed: the recorded text, and whether it stands in as its coin's backlog. */
export interface FedFrame {
  readonly text: string;
  readonly backlog: boolean;
}

/**
 * The frames as a connection receives them: the first `trades` message of a coin after subscribing is a
 * backlog of its recent trades, not new ones ("The subscription ack provides a snapshot of previous data for
 * time series data", docs "Websocket > Subscriptions"; tardis-node's HyperliquidTradesMapper drops each coin's
 * first message; the product drops each coin's first message on each connection, and `normalize` is one
 * connection). The recordings hold one message per coin, so each coin's first recorded message is preceded by
 * a backlog made from it: the same trades a minute earlier, each id one less (older trades, other ids, as a
 * real backlog holds). The product and tardis must publish only the recorded message (the receive time of
 * what is published tells the two apart); ccxt publishes both.
 */
export function withBacklogs(frames: readonly string[]): readonly FedFrame[] {
  const seen = new Set<string>();
  return frames.flatMap((text) => {
    const coin = tradesCoin(text);
    if (coin === undefined || seen.has(coin)) return [{ text, backlog: false }];
    seen.add(coin);
    return [
      { text: backlogBefore(text), backlog: true },
      { text, backlog: false },
    ];
  });
}

/** A `trades` frame's trades a minute earlier, each `tid` one less (kept a JSON number or a string as it was). */
function backlogBefore(text: string): string {
  const frame = JSON.parse(text) as { readonly channel: string; readonly data: readonly { readonly time: number; readonly tid: number | string }[] };
  const older = frame.data.map((trade) => ({
    ...trade,
    time: trade.time - 60_000,
    tid: typeof trade.tid === 'number' ? trade.tid - 1 : String(BigInt(trade.tid) - 1n),
  }));
  return JSON.stringify({ ...frame, data: older });
}

/**
 * A BTC `bbo` frame made from the first recorded `l2Book` snapshot (2026-08-12 13:00:43.751Z): its time and
 * the first level of each side, in the documented `bbo` shape (docs "Websocket > Subscriptions": `WsBbo {
 * coin, time, bbo: [WsLevel | null, WsLevel | null] }`, the best bid then the best ask). The only recorded
 * `bbo` frame (`hyperliquid-bbo.ndjson`) is of the spot pair `@162`, which the product does not follow; the
 * best bid and ask of the same block as that snapshot are its first levels, so this frame carries recorded
 * values only. It is reconstructed, not recorded.
 */
export const RECONSTRUCTED_BTC_BBO: string = ((): string => {
  const [snapshot = ''] = recorded('hyperliquid-l2Book.ndjson');
  const { data } = JSON.parse(snapshot) as { readonly data: { readonly coin: string; readonly time: number; readonly levels: readonly [readonly unknown[], readonly unknown[]] } };
  return JSON.stringify({ channel: 'bbo', data: { coin: data.coin, time: data.time, bbo: [data.levels[0][0], data.levels[1][0]] } });
})();
