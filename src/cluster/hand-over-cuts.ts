import type { SchedulerLike, Subscription } from 'rxjs';
import { instrumentOf, type ExchangeId, type TradeEvent } from '../model/index.js';
import { tradeAfter } from '../exchanges/trade-order.js';
import { VENUES } from '../exchanges/venues.js';
import type { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import type { HandOverTrade } from './hand-over-records.js';

/** A trade's (venue, symbol): where one owner's publishing stops and the next one's starts. */
export const tradeKeyOf = (exchange: ExchangeId, symbol: string): string => `${exchange}\u0000${symbol}`;

/** A trade as a hand-over record carries it (a record's own trades pass unchanged). */
export const handOverTrade = (trade: TradeEvent | HandOverTrade): HandOverTrade =>
  'type' in trade
    ? {
        exchange: trade.exchange,
        symbol: trade.symbol,
        instrument: instrumentOf(trade),
        tradeId: trade.tradeId,
        exchangeTs: trade.exchangeTs,
        price: trade.price,
      }
    : trade;

/** What a taker publishes of the trades it held, against its giver's last trades. */
export interface HeldFlush {
  /** The held trades after the giver's cut (all of them without a cut), in the order held. */
  readonly publish: readonly TradeEvent[];
  /** Held trades the giver had published already. */
  readonly dropped: number;
  /** The giver's last trade per (venue, symbol); empty without its word. */
  readonly cut: ReadonlyMap<string, HandOverTrade>;
  /** Where publishing stopped per (venue, symbol), the giver's cut or a trade published now: what a release that follows at once says. */
  readonly published: ReadonlyMap<string, TradeEvent | HandOverTrade>;
  /** The (venue, symbol) keys of which a held trade was at or before the giver's cut: the two overlapped there, no hole between them. */
  readonly overlapped: ReadonlySet<string>;
}

/** A taker's held trades against its giver's `last` trades (undefined: the giver said nothing). */
export function flushHeld(held: readonly TradeEvent[], last: readonly HandOverTrade[] | undefined): HeldFlush {
  const cut = new Map((last ?? []).map((trade) => [tradeKeyOf(trade.exchange, trade.symbol), trade]));
  const published = new Map<string, TradeEvent | HandOverTrade>((last ?? []).map((trade) => [tradeKeyOf(trade.exchange, trade.symbol), trade]));
  const publish: TradeEvent[] = [];
  const overlapped = new Set<string>();
  let dropped = 0;
  for (const trade of held) {
    const key = tradeKeyOf(trade.exchange, trade.symbol);
    const after = cut.get(key);
    if (after === undefined || tradeAfter(trade, after)) {
      publish.push(trade);
      published.set(key, trade);
    } else {
      dropped++;
      overlapped.add(key);
    }
  }
  return { publish, dropped, cut, published, overlapped };
}

/**
 * Whether the giver's last trades reach as far back as the taker's held ones begin, on every venue of
 * which the taker held a trade: its first held trade of the venue was made no later than the giver's
 * last published one. The overlap of a hand-over is measured on each instance's clock, not in the
 * venue's time: a giver whose sockets lag (an overloaded instance, 17 s behind in one measured run)
 * stops before the trades the taker first received were made, and the trades made between are in
 * neither stream. Such a take is not continuous: its hole is looked for. A venue of which the taker
 * held nothing says nothing either way.
 */
export function giverReachesTaker(held: readonly TradeEvent[], last: readonly HandOverTrade[]): boolean {
  const firstHeld = new Map<ExchangeId, number>();
  for (const trade of held) firstHeld.set(trade.exchange, Math.min(firstHeld.get(trade.exchange) ?? Infinity, trade.exchangeTs));
  const lastGiven = new Map<ExchangeId, number>();
  for (const trade of last) lastGiven.set(trade.exchange, Math.max(lastGiven.get(trade.exchange) ?? -Infinity, trade.exchangeTs));
  for (const [venue, first] of firstHeld) if (first > (lastGiven.get(venue) ?? -Infinity)) return false;
  return true;
}

/**
 * The instruments of a take that counts as continuous whose hole is looked for all the same: a
 * giver's sockets lag one by one, not all together (one busy subscribing while the others went on,
 * 7 to 11 s behind in measured runs), so its last trades reaching the taker's first on a venue says
 * nothing of each symbol. The taker's socket carries every trade of a symbol made since it had the
 * symbol subscribed, at the latest when it said so (`coveredFrom`); the giver's carried those made
 * up to how far that socket had come when it stopped (its cut's `heardTo`). A symbol is behind when
 * the two do not meet (`heardTo` before `coveredFrom`), unless the taker held a trade of it up to the
 * cut (the two overlapped there), whether the taker held a trade of it or not (a quiet symbol's next
 * trade comes later, checked against the cut). `heardTo` is judged from the pace of the socket's
 * newest event, which a socket stalled since (its frames queued behind a busy instance's others) does
 * not show: a first trade held that is after the cut yet made no later than `heardTo` is one the
 * giver would have published had its socket come that far, so that symbol is behind too. Without `heardTo` (a cut the giver took over, or a
 * writer that did not say), by the venue: a symbol whose first trade held (`first`, one per (venue,
 * symbol)) came after the giver's last of it yet was made no later than the giver's last trade of
 * the venue. Only venues whose trade ids do not show a hole count (`consecutive` ids do, whoever published).
 */
export function behindGiver(first: Iterable<TradeEvent>, cut: ReadonlyMap<string, HandOverTrade>, coveredFrom: number): ReadonlySet<string> {
  const lastGiven = new Map<ExchangeId, number>();
  for (const trade of cut.values()) lastGiven.set(trade.exchange, Math.max(lastGiven.get(trade.exchange) ?? -Infinity, trade.exchangeTs));
  const byTime = (exchange: ExchangeId): boolean => VENUES[exchange].tradeIds.rule !== 'consecutive';
  const behind = new Set<string>();
  const held = new Set<string>();
  for (const trade of first) {
    const key = tradeKeyOf(trade.exchange, trade.symbol);
    held.add(key);
    if (!byTime(trade.exchange)) continue;
    const after = cut.get(key);
    if (after !== undefined && !tradeAfter(trade, after)) continue;
    // A socket that had come as far as heardTo delivered this trade, made by then, to the giver, which published it: after its last, it had not.
    const met =
      after?.heardTo !== undefined
        ? after.heardTo >= coveredFrom && trade.exchangeTs > after.heardTo
        : trade.exchangeTs > (lastGiven.get(trade.exchange) ?? -Infinity);
    if (!met) behind.add(instrumentOf(trade));
  }
  for (const [key, after] of cut) {
    if (!held.has(key) && byTime(after.exchange) && after.heardTo !== undefined && after.heardTo < coveredFrom) behind.add(after.instrument);
  }
  return behind;
}

/** The first trade held per (venue, symbol), in the order held. */
export function firstPerSymbol(held: readonly TradeEvent[]): Map<string, TradeEvent> {
  const first = new Map<string, TradeEvent>();
  for (const trade of held) {
    const key = tradeKeyOf(trade.exchange, trade.symbol);
    if (!first.has(key)) first.set(key, trade);
  }
  return first;
}

/**
 * The last trade published per (venue, symbol) of the shards this instance serves (or releases), what
 * its release says of where it stopped: the trades of a symbol that did not trade while the shard
 * was being released are cut too (a standby's held trades reach back before that). One map lookup
 * and one set a trade. While a shard is released, how far each socket has come:
 * - known, from the newest event of a shard being released it delivered (`heard`), made at
 *   `exchangeTs`, and from a barrier (`SocketBarriers`): a socket that answered one asked at `askedAt`
 *   had delivered every trade made before then. A socket whose newest event is older than where the
 *   release must reach (`behind`) is asked one, once for that point; until it answers, its newest event
 *   is all that is known of it (a socket whose frames wait behind a busy instance's others looks idle).
 * - judged, for a socket no barrier can be asked of (none registered, or closed): the pace of its
 *   newest event, received `lag` ms after it was made, kept since (a socket behind delivers events made
 *   seconds before; an idle one delivered its last at once and has nothing more to deliver).
 */
export class LastServed {
  private readonly byVenue = new Map<ExchangeId, Map<string, TradeEvent | HandOverTrade>>();
  private readonly heardOn = new Map<string, Heard>();
  /** The barrier asked last of each socket while a shard is released: when, and whether it was answered. */
  private readonly asked = new Map<string, { readonly askedAt: number; answered: boolean }>();

  constructor(
    /** The shard of a trade (its canonical instrument's). */
    private readonly shardOf: (trade: TradeEvent | HandOverTrade) => number,
    /** The barriers of the sockets open; default none (how far a socket has come is judged by its pace). */
    private readonly barriers?: SocketBarriers,
  ) {}

  /** A trade published (or a cut taken over, where a previous owner stopped). */
  set(trade: TradeEvent | HandOverTrade): void {
    let symbols = this.byVenue.get(trade.exchange);
    if (symbols === undefined) this.byVenue.set(trade.exchange, (symbols = new Map<string, TradeEvent | HandOverTrade>()));
    symbols.set(trade.symbol, trade);
  }

  /** An event of a shard being released, delivered by its socket (`connectionId`). */
  heard(event: Heard & { readonly connectionId: string }): void {
    const heard = this.heardOn.get(event.connectionId);
    if (heard === undefined || event.exchangeTs > heard.exchangeTs) this.heardOn.set(event.connectionId, event);
  }

  /**
   * The last trade per (venue, symbol) of one shard, as a hand-over record carries them, each live
   * trade with how far its socket had come by `now` (`heardTo`), from the newest of what it delivered
   * while the shard was released and the last trades of the shard it carried.
   */
  of(shard: number, now: number): HandOverTrade[] {
    const trades = this.tradesOf(shard);
    const heardOn = this.socketsOf(trades, now);
    return trades.map((trade) => {
      const socket = socketOf(trade);
      const heardTo = socket === undefined ? undefined : heardOn.get(socket);
      return heardTo === undefined ? handOverTrade(trade) : { ...handOverTrade(trade), heardTo };
    });
  }

  /**
   * The sockets that carried live trades of the shard and had not come as far as `since` (the venue's
   * time, ms) by `now`. Each of them not known to have come that far is asked a barrier at `now`, unless
   * one is awaited.
   */
  behind(shard: number, since: number, now: number): string[] {
    const newest = this.newestOn(this.tradesOf(shard));
    for (const [socket, heard] of newest) if (this.known(socket, heard) < since) this.ask(socket, now);
    return [...newest].filter(([socket, heard]) => this.heardTo(socket, heard, now) < since).map(([socket]) => socket);
  }

  private ask(socket: string, now: number): void {
    if (this.asked.get(socket)?.answered === false) return;
    const answer = this.barriers?.ask(socket);
    if (answer === undefined) return;
    const barrier = { askedAt: now, answered: false };
    this.asked.set(socket, barrier);
    answer.then(
      () => {
        if (this.asked.get(socket) === barrier) barrier.answered = true;
      },
      // Closed before it answered: nothing more comes from it, judged by its pace as a socket without barriers.
      () => {
        if (this.asked.get(socket) === barrier) this.asked.delete(socket);
      },
    );
  }

  private tradesOf(shard: number): (TradeEvent | HandOverTrade)[] {
    return [...this.byVenue.values()].flatMap((symbols) => [...symbols.values()].filter((trade) => this.shardOf(trade) === shard));
  }

  /** How far each socket of `trades` had come by `now` ({@link heardTo}). */
  private socketsOf(trades: readonly (TradeEvent | HandOverTrade)[], now: number): Map<string, number> {
    return new Map([...this.newestOn(trades)].map(([socket, heard]) => [socket, this.heardTo(socket, heard, now)]));
  }

  /** The newest event each socket of `trades` delivered, of them and of a shard being released. */
  private newestOn(trades: readonly (TradeEvent | HandOverTrade)[]): Map<string, Heard> {
    const newest = new Map<string, Heard>();
    for (const trade of trades) {
      if (!('type' in trade) || trade.source === 'repair') continue;
      const heard = newest.get(trade.connectionId) ?? this.heardOn.get(trade.connectionId);
      newest.set(trade.connectionId, heard !== undefined && heard.exchangeTs >= trade.exchangeTs ? heard : trade);
    }
    return newest;
  }

  /** How far a socket is known to have come: its newest event (`heard`), or the barrier it answered. */
  private known(socket: string, heard: Heard): number {
    const barrier = this.asked.get(socket);
    return barrier?.answered === true ? Math.max(heard.exchangeTs, barrier.askedAt) : heard.exchangeTs;
  }

  /** How far a socket had come by `now`: what is known of it; judged by its pace where no barrier was asked of it. */
  private heardTo(socket: string, heard: Heard, now: number): number {
    if (this.asked.has(socket)) return this.known(socket, heard);
    // Made at exchangeTs and received lag ms later: at that pace, what was made up to now - lag has come.
    return heard.exchangeTs + Math.max(0, now - heard.receivedTs);
  }

  /** Forgets how far the sockets had come (no shard is being released any more). */
  forgetHeard(): void {
    this.heardOn.clear();
    this.asked.clear();
  }

  /** Forgets a shard no longer served here. */
  forget(shard: number): void {
    for (const symbols of this.byVenue.values()) for (const [symbol, trade] of symbols) if (this.shardOf(trade) === shard) symbols.delete(symbol);
  }
}

/** An event as far as how far its socket had come goes: when it was made (the venue's time) and received, ms. */
interface Heard {
  readonly exchangeTs: number;
  readonly receivedTs: number;
}

/** The socket a live trade came by; none for a cut taken over or a trade repaired from the venue's history. */
const socketOf = (trade: TradeEvent | HandOverTrade): string | undefined => ('type' in trade && trade.source !== 'repair' ? trade.connectionId : undefined);

/**
 * Per shard taken lately, the previous owner's cut per (venue, symbol), kept for `keepMs` after the
 * take: a trade still on its way then (this socket slower than the giver's) may be one the giver
 * published, and is dropped against the cut too.
 */
export class LateCuts {
  private readonly cuts = new Map<number, { readonly cut: ReadonlyMap<string, HandOverTrade>; readonly expiry: Subscription }>();

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly keepMs: number,
  ) {}

  /** Whether any shard has a cut kept (none: nothing to check). */
  get size(): number {
    return this.cuts.size;
  }

  /** Keeps a shard's cut (an empty cut keeps nothing). */
  keep(shard: number, cut: ReadonlyMap<string, HandOverTrade>): void {
    if (cut.size === 0) return;
    this.forget(shard);
    this.cuts.set(shard, { cut, expiry: this.scheduler.schedule(() => this.cuts.delete(shard), this.keepMs) });
  }

  forget(shard: number): void {
    this.cuts.get(shard)?.expiry.unsubscribe();
    this.cuts.delete(shard);
  }

  /** Whether a trade of `shard` comes after its previous owner's cut (true when no cut is kept). */
  pastCut(shard: number, trade: TradeEvent): boolean {
    const after = this.cuts.get(shard)?.cut.get(tradeKeyOf(trade.exchange, trade.symbol));
    return after === undefined || tradeAfter(trade, after);
  }
}
