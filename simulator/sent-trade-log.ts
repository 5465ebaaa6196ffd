/** One trade the simulator wrote to a socket (once per frame that carried it). */
export interface SentTrade {
  readonly connectionId: string;
  readonly symbol: string;
  readonly tradeId: number;
  readonly ts: number;
  /**
   * Sent on subscribe as the venue's backlog of recent trades, not as a new trade (a venue that sends
   * one: its first trades message of a symbol after each subscribe); absent for every trade sent live.
   */
  readonly backlog?: true;
}

/**
 * The last `capacity` trades sent, oldest dropped first: a ring of columns, so that logging a
 * trade allocates nothing and costs the same at capacity as below it.
 */
export class SentTradeLog {
  private readonly connectionIds: string[];
  private readonly symbols: string[];
  private readonly tradeIds: Float64Array;
  private readonly times: Float64Array;
  private readonly backlogs: Uint8Array;
  /** Where the next entry goes. */
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    const slots = Math.max(0, Math.floor(capacity));
    this.connectionIds = new Array<string>(slots).fill('');
    this.symbols = new Array<string>(slots).fill('');
    this.tradeIds = new Float64Array(slots);
    this.times = new Float64Array(slots);
    this.backlogs = new Uint8Array(slots);
  }

  /** Entries held now (at most `capacity`). */
  get length(): number {
    return this.size;
  }

  /** Logs one trade written to `connectionId`; `backlog` when it went out as the venue's backlog on subscribe. */
  push(connectionId: string, trade: { readonly symbol: string; readonly tradeId: number; readonly ts: number }, backlog = false): void {
    const slots = this.tradeIds.length;
    if (slots === 0) return;
    const at = this.next;
    this.connectionIds[at] = connectionId;
    this.symbols[at] = trade.symbol;
    this.tradeIds[at] = trade.tradeId;
    this.times[at] = trade.ts;
    this.backlogs[at] = backlog ? 1 : 0;
    this.next = at + 1 === slots ? 0 : at + 1;
    if (this.size < slots) this.size += 1;
  }

  /** The entries, oldest first. */
  toArray(): SentTrade[] {
    const slots = this.tradeIds.length;
    const first = (this.next - this.size + slots) % Math.max(1, slots);
    const entries: SentTrade[] = [];
    for (let n = 0; n < this.size; n += 1) {
      const at = (first + n) % slots;
      const entry = { connectionId: this.connectionIds[at] ?? '', symbol: this.symbols[at] ?? '', tradeId: this.tradeIds[at] ?? 0, ts: this.times[at] ?? 0 };
      entries.push(this.backlogs[at] === 1 ? { ...entry, backlog: true } : entry);
    }
    return entries;
  }
}
