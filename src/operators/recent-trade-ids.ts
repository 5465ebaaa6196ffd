/** Slots of the table at first; it doubles while more than half full. */
const INITIAL_SLOTS = 1024;
/** Digits of an id's low part: below 2^53, so a double holds it exactly. */
const LOW_DIGITS = 15;
/** Ids of up to this many digits are held as numbers (high part below 2^31). */
const MAX_NUMERIC_DIGITS = LOW_DIGITS + 9;
/** The high part that marks an id interned as a string (every numeric id has a high part >= 0). */
const INTERNED = -1;

/**
 * The last `capacity` distinct (instrument, trade id) keys in recency order: `touch` records a key
 * as the most recent and tells whether it was held. A decimal id without a leading zero (what
 * both venues send on spot: up to 19 digits on Bybit) is held as two numbers, the digits above
 * the last 15 and the last 15, in an open-addressing table of typed arrays: no string is kept and
 * no object is allocated per trade. Any other id (a UUID) is interned per instrument as a number.
 * One queue of (key, stamp) gives the eviction order; a queued stamp that is no longer its key's
 * latest (the key was seen again) is skipped when evicting.
 */
export class RecentTradeIds {
  /** Instrument numbers by exchange, then symbol. */
  private readonly instruments = new Map<string, Map<string, number>>();
  private readonly interned: Map<string, number>[] = [];
  private readonly internedIds = new Map<number, string>();
  private nextInterned = 0;
  private lastExchange = '';
  private lastSymbol = '';
  private lastInstrument = -1;

  private mask = INITIAL_SLOTS - 1;
  private slotInstrument = new Int32Array(INITIAL_SLOTS).fill(-1);
  private slotHigh = new Int32Array(INITIAL_SLOTS);
  private slotLow = new Float64Array(INITIAL_SLOTS);
  private slotStamp = new Float64Array(INITIAL_SLOTS);
  private size = 0;

  private queueInstrument = new Int32Array(INITIAL_SLOTS);
  private queueHigh = new Int32Array(INITIAL_SLOTS);
  private queueLow = new Float64Array(INITIAL_SLOTS);
  private queueStamp = new Float64Array(INITIAL_SLOTS);
  private head = 0;
  private tail = 0;
  private nextStamp = 0;

  // The id being looked at, split by `keyOf`.
  private high = 0;
  private low = 0;

  constructor(private readonly capacity: number) {}

  /** Records the key as the most recent; true when it was already held. */
  touch(exchange: string, symbol: string, id: string): boolean {
    const instrument = this.instrumentOf(exchange, symbol);
    this.keyOf(instrument, id);
    const { high, low } = this;
    const stamp = this.nextStamp++;
    let slot = this.find(instrument, high, low);
    const seen = slot >= 0;
    if (!seen) {
      if ((this.size + 1) * 2 > this.mask + 1) this.grow();
      slot = this.emptySlotFor(instrument, high, low);
      this.slotInstrument[slot] = instrument;
      this.slotHigh[slot] = high;
      this.slotLow[slot] = low;
      this.size++;
    }
    this.slotStamp[slot] = stamp;
    this.enqueue(instrument, high, low, stamp);
    while (this.size > this.capacity) this.evictOldest();
    if (this.head > 4096 && this.head * 2 > this.tail) this.compact(false);
    else if (this.tail - this.head > 2 * this.capacity + 1024) this.compact(true);
    return seen;
  }

  private instrumentOf(exchange: string, symbol: string): number {
    if (symbol === this.lastSymbol && exchange === this.lastExchange && this.lastInstrument >= 0) return this.lastInstrument;
    let symbols = this.instruments.get(exchange);
    if (symbols === undefined) this.instruments.set(exchange, (symbols = new Map<string, number>()));
    let instrument = symbols.get(symbol);
    if (instrument === undefined) {
      instrument = this.interned.length;
      symbols.set(symbol, instrument);
      this.interned.push(new Map());
    }
    this.lastExchange = exchange;
    this.lastSymbol = symbol;
    this.lastInstrument = instrument;
    return instrument;
  }

  /** Sets `high` and `low`: the digits of a canonical decimal id, or the interned number of any other. */
  private keyOf(instrument: number, id: string): void {
    const length = id.length;
    if (length > 0 && length <= MAX_NUMERIC_DIGITS && (length === 1 || id.charCodeAt(0) !== 48)) {
      const split = Math.max(0, length - LOW_DIGITS);
      let high = 0;
      let low = 0;
      let n = 0;
      for (; n < length; n++) {
        const digit = id.charCodeAt(n) - 48;
        if (digit < 0 || digit > 9) break;
        if (n < split) high = high * 10 + digit;
        else low = low * 10 + digit;
      }
      if (n === length) {
        this.high = high;
        this.low = low;
        return;
      }
    }
    const ids = this.interned[instrument] ?? new Map<string, number>();
    let code = ids.get(id);
    if (code === undefined) {
      code = this.nextInterned++;
      ids.set(id, code);
      this.internedIds.set(code, id);
    }
    this.high = INTERNED;
    this.low = code;
  }

  private home(instrument: number, high: number, low: number): number {
    let h = Math.imul(instrument + 1, 0x9e3779b1) ^ Math.imul(high, 0x85ebca77) ^ (low | 0) ^ Math.imul((low / 4294967296) | 0, 0xc2b2ae3d);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The slot holding the key, or -1. */
  private find(instrument: number, high: number, low: number): number {
    for (let slot = this.home(instrument, high, low); ; slot = (slot + 1) & this.mask) {
      const held = this.slotInstrument[slot] ?? -1;
      if (held < 0) return -1;
      if (held === instrument && this.slotHigh[slot] === high && this.slotLow[slot] === low) return slot;
    }
  }

  private emptySlotFor(instrument: number, high: number, low: number): number {
    let slot = this.home(instrument, high, low);
    while ((this.slotInstrument[slot] ?? -1) >= 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Empties a slot, moving later keys of its probe run back so that every key stays reachable. */
  private remove(slot: number): void {
    let hole = slot;
    for (let next = (hole + 1) & this.mask; (this.slotInstrument[next] ?? -1) >= 0; next = (next + 1) & this.mask) {
      const home = this.home(this.slotInstrument[next] ?? 0, this.slotHigh[next] ?? 0, this.slotLow[next] ?? 0);
      // The key at `next` may fill the hole unless its home lies cyclically in (hole, next].
      const homeAfterHole = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (homeAfterHole) continue;
      this.slotInstrument[hole] = this.slotInstrument[next] ?? -1;
      this.slotHigh[hole] = this.slotHigh[next] ?? 0;
      this.slotLow[hole] = this.slotLow[next] ?? 0;
      this.slotStamp[hole] = this.slotStamp[next] ?? 0;
      hole = next;
    }
    this.slotInstrument[hole] = -1;
    this.size--;
  }

  private evictOldest(): void {
    const at = this.head++;
    const instrument = this.queueInstrument[at] ?? 0;
    const high = this.queueHigh[at] ?? 0;
    const low = this.queueLow[at] ?? 0;
    const slot = this.find(instrument, high, low);
    if (slot < 0 || this.slotStamp[slot] !== this.queueStamp[at]) return;
    this.remove(slot);
    if (high === INTERNED) {
      const id = this.internedIds.get(low);
      this.internedIds.delete(low);
      if (id !== undefined) this.interned[instrument]?.delete(id);
    }
  }

  private grow(): void {
    const instruments = this.slotInstrument;
    const highs = this.slotHigh;
    const lows = this.slotLow;
    const stamps = this.slotStamp;
    const slots = instruments.length * 2;
    this.mask = slots - 1;
    this.slotInstrument = new Int32Array(slots).fill(-1);
    this.slotHigh = new Int32Array(slots);
    this.slotLow = new Float64Array(slots);
    this.slotStamp = new Float64Array(slots);
    for (let from = 0; from < instruments.length; from++) {
      const instrument = instruments[from] ?? -1;
      if (instrument < 0) continue;
      const slot = this.emptySlotFor(instrument, highs[from] ?? 0, lows[from] ?? 0);
      this.slotInstrument[slot] = instrument;
      this.slotHigh[slot] = highs[from] ?? 0;
      this.slotLow[slot] = lows[from] ?? 0;
      this.slotStamp[slot] = stamps[from] ?? 0;
    }
  }

  private enqueue(instrument: number, high: number, low: number, stamp: number): void {
    if (this.tail === this.queueStamp.length) this.resizeQueue(this.queueStamp.length * 2);
    const at = this.tail++;
    this.queueInstrument[at] = instrument;
    this.queueHigh[at] = high;
    this.queueLow[at] = low;
    this.queueStamp[at] = stamp;
  }

  /** Drops the evicted head of the queue and, with `superseded`, the stamps later repeats replaced. */
  private compact(superseded: boolean): void {
    let to = 0;
    for (let at = this.head; at < this.tail; at++) {
      const instrument = this.queueInstrument[at] ?? 0;
      const high = this.queueHigh[at] ?? 0;
      const low = this.queueLow[at] ?? 0;
      const stamp = this.queueStamp[at] ?? 0;
      if (superseded && this.slotStamp[this.find(instrument, high, low)] !== stamp) continue;
      this.queueInstrument[to] = instrument;
      this.queueHigh[to] = high;
      this.queueLow[to] = low;
      this.queueStamp[to] = stamp;
      to++;
    }
    this.head = 0;
    this.tail = to;
    if (this.queueStamp.length > 4 * Math.max(INITIAL_SLOTS, to)) this.resizeQueue(2 * Math.max(INITIAL_SLOTS, to));
  }

  private resizeQueue(length: number): void {
    const copy = <A extends Int32Array | Float64Array>(from: A, to: A): A => {
      to.set(from.subarray(0, this.tail));
      return to;
    };
    this.queueInstrument = copy(this.queueInstrument, new Int32Array(length));
    this.queueHigh = copy(this.queueHigh, new Int32Array(length));
    this.queueLow = copy(this.queueLow, new Float64Array(length));
    this.queueStamp = copy(this.queueStamp, new Float64Array(length));
  }
}
