/** Bad answers a venue's instrument list endpoint can give (the control API's `list-fault`). */
export const LIST_FAULT_KINDS = ['empty', 'garbage', 'slow', 'unavailable'] as const;
export type ListFaultKind = (typeof LIST_FAULT_KINDS)[number];

/** How long a `slow` list answer is held back unless told otherwise, ms: longer than a client's usual request timeout. */
export const DEFAULT_LIST_FAULT_DELAY_MS = 30_000;

/**
 * One bad answer of the instrument list: `empty` a well-formed answer with no symbols, `garbage`
 * a 200 whose body is not JSON, `slow` the normal answer `delayMs` late, `unavailable` HTTP 503.
 */
export interface ListFault {
  readonly kind: ListFaultKind;
  /** For `slow`: how long the answer is held back, ms (0 for the other kinds). */
  readonly delayMs: number;
}

/**
 * The bad answers armed for one venue's instrument list endpoint (Binance `exchangeInfo`, Bybit
 * `instruments-info`), served one per request in the order they were armed; then the normal list again.
 */
export class ListFaults {
  private readonly armed: { fault: ListFault; left: number }[] = [];
  private servedCount = 0;

  /** Arms `count` answers of `kind` after those already armed; returns how many are armed now. */
  arm(kind: ListFaultKind, count: number, delayMs = DEFAULT_LIST_FAULT_DELAY_MS): number {
    if (count > 0) this.armed.push({ fault: { kind, delayMs: kind === 'slow' ? delayMs : 0 }, left: count });
    return this.pending;
  }

  /** The fault the next answer carries, counted as served; `undefined` for a normal answer. */
  take(): ListFault | undefined {
    const next = this.armed[0];
    if (next === undefined) return undefined;
    next.left -= 1;
    if (next.left === 0) this.armed.shift();
    this.servedCount += 1;
    return next.fault;
  }

  /** Answers still to be served bad. */
  get pending(): number {
    return this.armed.reduce((sum, a) => sum + a.left, 0);
  }

  /** Bad answers served so far (not reset by {@link clear}). */
  get served(): number {
    return this.servedCount;
  }

  /** Disarms every fault not yet served. */
  clear(): void {
    this.armed.length = 0;
  }

  /** `listFaultsServed` and `listFaultsPending`, for the venue's counters. */
  counters(): { readonly listFaultsServed: number; readonly listFaultsPending: number } {
    return { listFaultsServed: this.served, listFaultsPending: this.pending };
  }
}

/**
 * A `garbage` list body: the first half of the normal answer, as a connection cut mid-body leaves
 * it. A proper prefix of a JSON object or array is never JSON, so a client's parser must refuse it.
 */
export function truncatedBody(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}
