import type { BookLevel } from '../model/order-book.js';
import { bookAnalytics, DEFAULT_BOOK_ANALYTICS_CONFIG } from '../stats/book-analytics.js';

/**
 * The order book panel of one coin. Levels and figures come from one book at one moment: the latest
 * book snapshot (figures computed from its levels, as `book-stats` computes them from the live book),
 * or, when a book-stats record is newer and of another book, that record's figures without levels.
 * Where the book is from and how old it is travel with it, so the page can say so.
 */
export interface BookPanel {
  /** `snapshot`: levels and figures from a book snapshot; `stats`: figures only, from a book-stats record. */
  readonly source: 'snapshot' | 'stats';
  readonly exchange: string;
  readonly isFallback: boolean;
  readonly env: string;
  /** Local receive time of the book's last update (or the latest book-stats record of the same book that confirms it), epoch ms. */
  readonly asOf: number;
  readonly ageMs: number;
  /** True when `ageMs` is over `staleAfterMs`: the book has not been confirmed for a while. */
  readonly old: boolean;
  /** The venue the coin's latest price came from, when it is not the book's venue. */
  readonly pricesFrom?: string;
  /** Best first, at most `levels` a side; empty for `stats`. */
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly bestBid: number;
  readonly bestAsk: number;
  readonly spread: number;
  readonly spreadBps: number;
  /** `(bestBid + bestAsk) / 2`. */
  readonly mid: number;
  /** `(Vb - Va) / (Vb + Va)` over the best `imbalanceLevels` levels a side. */
  readonly imbalance: number;
  readonly imbalanceLevels: number;
}

export interface BookPanelConfig {
  /** Levels shown per side; default 10. */
  readonly levels: number;
  /** Age after which the panel is marked old, ms; default 5 000 (the feed's own staleness threshold). */
  readonly staleAfterMs: number;
  /** Levels a side summed for the imbalance; default the pipeline's (`DEFAULT_BOOK_ANALYTICS_CONFIG`, 20). */
  readonly imbalanceLevels: number;
}

export const DEFAULT_BOOK_PANEL_CONFIG: BookPanelConfig = { levels: 10, staleAfterMs: 5000, imbalanceLevels: DEFAULT_BOOK_ANALYTICS_CONFIG.imbalanceLevels };

/** What the book topics' values have in common, parsed from the decoded value. */
interface BookOrigin {
  readonly exchange: string;
  readonly connectionId: string;
  readonly isFallback: boolean;
  readonly env: string;
  readonly receivedTs: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function originOf(value: Readonly<Record<string, unknown>>): BookOrigin | undefined {
  const { exchange, connectionId, isFallback, env, receivedTs } = value;
  if (typeof exchange !== 'string' || !finite(receivedTs)) return undefined;
  return { exchange, connectionId: text(connectionId), isFallback: isFallback === true, env: text(env), receivedTs };
}

/** A side's levels that are numbers > 0 (price * size too), in the record's order (best first). */
function levelsOf(side: unknown): readonly BookLevel[] {
  if (!Array.isArray(side)) return [];
  const levels: BookLevel[] = [];
  for (const level of side as readonly unknown[]) {
    if (typeof level !== 'object' || level === null) continue;
    const { price, size } = level as Record<string, unknown>;
    if (finite(price) && finite(size) && price > 0 && size > 0 && Number.isFinite(price * size)) levels.push({ price, size });
  }
  return levels;
}

type Figures = Pick<BookPanel, 'bestBid' | 'bestAsk' | 'spread' | 'spreadBps' | 'mid' | 'imbalance' | 'imbalanceLevels'>;

function figuresOfStats(value: Readonly<Record<string, unknown>>): Figures | undefined {
  const { bestBid, bestAsk, spread, spreadBps, mid, imbalance, imbalanceLevels } = value;
  if (!finite(bestBid) || !finite(bestAsk) || !finite(spread) || !finite(spreadBps) || !finite(mid) || !finite(imbalance)) return undefined;
  return { bestBid, bestAsk, spread, spreadBps, mid, imbalance, imbalanceLevels: finite(imbalanceLevels) ? imbalanceLevels : 0 };
}

/** Both records come from the same live book: same venue and same socket. */
const sameBook = (a: BookOrigin, b: BookOrigin): boolean => a.exchange === b.exchange && a.connectionId === b.connectionId;

/**
 * The panel of the latest book snapshot and book-stats records of a coin (as decoded from their topics),
 * at `now`; `pricesFrom` is the venue of the coin's latest price. Undefined when neither record can be shown.
 */
export function bookPanel(
  records: { readonly book?: Readonly<Record<string, unknown>> | undefined; readonly bookStats?: Readonly<Record<string, unknown>> | undefined },
  now: number,
  pricesFrom: string | undefined,
  config: BookPanelConfig = DEFAULT_BOOK_PANEL_CONFIG,
): BookPanel | undefined {
  const book = records.book === undefined ? undefined : originOf(records.book);
  const stats = records.bookStats === undefined ? undefined : originOf(records.bookStats);
  const statsFigures = stats === undefined || records.bookStats === undefined ? undefined : figuresOfStats(records.bookStats);
  const of = (origin: BookOrigin, asOf: number): Pick<BookPanel, 'exchange' | 'isFallback' | 'env' | 'asOf' | 'ageMs' | 'old' | 'pricesFrom'> => ({
    exchange: origin.exchange,
    isFallback: origin.isFallback,
    env: origin.env,
    asOf,
    ageMs: Math.max(0, now - asOf),
    old: now - asOf > config.staleAfterMs,
    ...(pricesFrom === undefined || pricesFrom === origin.exchange ? {} : { pricesFrom }),
  });

  if (
    book !== undefined &&
    records.book !== undefined &&
    (stats === undefined || statsFigures === undefined || sameBook(book, stats) || book.receivedTs >= stats.receivedTs)
  ) {
    const bids = levelsOf(records.book['bids']);
    const asks = levelsOf(records.book['asks']);
    const figures = bookAnalytics({ bids, asks }, { ...DEFAULT_BOOK_ANALYTICS_CONFIG, imbalanceLevels: config.imbalanceLevels });
    if (figures !== undefined) {
      // Snapshots are published only when the top levels change; a later book-stats record of the same book says they still stand.
      const asOf = stats !== undefined && statsFigures !== undefined && sameBook(book, stats) ? Math.max(book.receivedTs, stats.receivedTs) : book.receivedTs;
      return {
        source: 'snapshot',
        ...of(book, asOf),
        bids: bids.slice(0, config.levels),
        asks: asks.slice(0, config.levels),
        bestBid: figures.bestBid.price,
        bestAsk: figures.bestAsk.price,
        spread: figures.spread,
        spreadBps: figures.spreadBps,
        mid: figures.mid,
        imbalance: figures.imbalance,
        imbalanceLevels: Math.min(config.imbalanceLevels, Math.max(bids.length, asks.length)),
      };
    }
  }
  if (stats === undefined || statsFigures === undefined) return undefined;
  return { source: 'stats', ...of(stats, stats.receivedTs), bids: [], asks: [], ...statsFigures };
}
