import type { SimVenueBuild } from '../sim-venue-definition.js';
import { START_PRICES } from '../simulated-market.js';
import { black76, YEAR_MS } from './black76.js';
import type { BoardExpiry, BoardOption, OptionBoardListener, OptionValue, UnderlyingSource } from './board-option.js';
import { expiriesAt, nextNewExpiry, strikesAround } from './expiry-schedule.js';
import { OPTION_CHAINS, stepOf, type OptionChain } from './option-chains.js';
import { flowWeight } from './option-flow.js';
import { volatilityOf } from './volatility-smile.js';

/** The carry of a forward over the index, a year (the simulator's choice). */
export const FORWARD_CARRY = 0.05;

export interface OptionBoardConfig {
  /** The seed of the walked indexes. */
  readonly seed: number;
  readonly clock: () => number;
  /** Default `OPTION_CHAINS`. */
  readonly chains?: readonly OptionChain[];
}

/**
 * The simulator's options, one board for every options venue of a simulator (`SimVenueBuild.shared`):
 * the chains' live options (the expiries of `expiriesAt`, strikes around each forward), one index per
 * coin (a venue's when it trades one, else a walk at each mark step), one forward per expiry, and
 * each option's value by Black-76 at the smile's volatility, all stepped together, so that the same
 * option (coin, expiry, strike, type) has the same forward, volatility and value on every venue at
 * the same moment; each venue quotes its own spread around it and makes its own trades. An expiry
 * ends at 08:00 UTC of its day (`advance`) or when a venue's control action ends the nearest now
 * (`expireNearest`); a new expiry is then listed further out, and every venue told.
 */
export class OptionBoard {
  readonly chains: readonly OptionChain[];
  private readonly options = new Map<string, BoardOption>();
  private readonly live = new Set<string>();
  private readonly values = new Map<string, OptionValue>();
  private readonly walks = new Map<string, number>();
  private readonly chainWeights = new Map<OptionChain, number>();
  private readonly listeners: OptionBoardListener[] = [];
  private source: UnderlyingSource | undefined;
  private walkSeed: number;
  private steppedAt: number;
  private version = 0;
  /** The nearest live expiry, kept as options list and expire; undefined: none live. */
  private nearest: number | undefined;

  constructor(config: OptionBoardConfig) {
    const now = config.clock();
    this.chains = config.chains ?? OPTION_CHAINS;
    this.walkSeed = config.seed;
    this.steppedAt = now;
    const { options } = expiriesAt(now);
    for (const chain of this.chains) {
      const planned = options.slice(0, chain.expiries).map((expiryTs) => this.plan(chain, expiryTs, now));
      this.chainWeights.set(
        chain,
        planned.flat().reduce((sum, o) => sum + o.weight, 0),
      );
      for (const expiry of planned) this.add(expiry);
    }
    this.stepMarks(now);
  }

  /** Grows by one at each mark step: a venue's quote of an option changes only when it moved. */
  get markVersion(): number {
    return this.version;
  }

  /** Reads the index and forwards from `source` from now on (a venue that trades them). */
  useUnderlyings(source: UnderlyingSource): void {
    this.source = source;
  }

  listen(listener: OptionBoardListener): void {
    this.listeners.push(listener);
  }

  /** The coin's index: the source's, else its walk. */
  index(coin: string): number {
    return this.source?.index(coin) ?? this.walks.get(coin) ?? START_PRICES[coin] ?? 100;
  }

  /** An expiry's fair forward now: the index with its carry. */
  fairForward(coin: string, expiryTs: number, now: number): number {
    return this.index(coin) * Math.exp((FORWARD_CARRY * Math.max(0, expiryTs - now)) / YEAR_MS);
  }

  /** The forward of `chain`'s options of `expiryTs`: the source's, else the fair forward; the index for USDC-settled ones. */
  forward(chain: OptionChain, expiryTs: number, now: number): number {
    if (chain.settlement === 'usdc') return this.index(chain.coin);
    return this.source?.forward(chain.coin, expiryTs) ?? this.fairForward(chain.coin, expiryTs, now);
  }

  /** The live options, in listing order. */
  liveOptions(): BoardOption[] {
    return [...this.live].flatMap((id) => this.options.get(id) ?? []);
  }

  /** Every option ever listed, expired ones too. */
  option(id: string): BoardOption | undefined {
    return this.options.get(id);
  }

  /** True while the option has not expired. */
  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** The option's value as of the last mark step (an expired one's last). */
  value(id: string): OptionValue | undefined {
    return this.values.get(id);
  }

  /** The chain's flow weights summed over its options as first listed. */
  chainWeight(chain: OptionChain): number {
    return this.chainWeights.get(chain) ?? 1;
  }

  /** Values every live option again as of `now` and moves the walked indexes. */
  stepMarks(now: number): void {
    this.steppedAt = now;
    for (const chain of this.chains) {
      if (this.source?.index(chain.coin) !== undefined) continue;
      const last = this.walks.get(chain.coin) ?? START_PRICES[chain.coin] ?? 100;
      this.walkSeed = (Math.imul(this.walkSeed, 1_103_515_245) + 12_345) >>> 0;
      this.walks.set(chain.coin, last * Math.exp((this.walkSeed / 4_294_967_296 - 0.5) * 0.002));
    }
    for (const id of this.live) {
      const option = this.options.get(id);
      if (option !== undefined) this.values.set(id, this.valueOf(option, now));
    }
    this.version += 1;
    for (const listener of this.listeners) listener.priced?.(now);
  }

  /**
   * What a venue's clock asks at each step: every expiry at or before `now` ends, then the marks are
   * stepped when `stepMs` passed since the last step (or the clock went back). Venues sharing the
   * board step it together: the first whose step is due steps it.
   */
  advance(now: number, stepMs: number): void {
    while (this.nearest !== undefined && this.nearest <= now) this.expire(this.nearest, now);
    if (now < this.steppedAt || now - this.steppedAt >= stepMs) this.stepMarks(now);
  }

  /** Ends the nearest expiry now (its options expire, a new expiry lists further out); undefined when none is live. */
  expireNearest(now: number): BoardExpiry | undefined {
    return this.nearest === undefined ? undefined : this.expire(this.nearest, now);
  }

  /**
   * Ends `expiryTs` now: its options leave the live set, a new expiry (`nextNewExpiry`) is listed for
   * every chain that listed the one ended, the listeners are told (`ending` before the new options are
   * planned, `expired` after), and the marks are stepped.
   */
  private expire(expiryTs: number, now: number): BoardExpiry {
    const listed = this.liveOptions();
    const next = nextNewExpiry(listed.map((o) => o.expiryTs));
    const expired = listed.filter((o) => o.expiryTs === expiryTs);
    for (const option of expired) this.live.delete(option.id);
    this.nearest = this.liveOptions().reduce<number | undefined>((min, o) => (min === undefined || o.expiryTs < min ? o.expiryTs : min), undefined);
    for (const listener of this.listeners) listener.ending?.(expiryTs, next, now);
    const chains = new Set(expired.map((o) => o.chain));
    const fresh = [...chains].flatMap((chain) => this.add(this.plan(chain, next, now)));
    const event: BoardExpiry = { ts: now, expiryTs, next, expired, listed: fresh };
    for (const listener of this.listeners) listener.expired(event);
    this.stepMarks(now);
    return event;
  }

  /** A chain's options of one expiry around its forward, each with its value and flow weight. */
  private plan(chain: OptionChain, expiryTs: number, now: number): BoardOption[] {
    const forward = this.forward(chain, expiryTs, now);
    const strikes = strikesAround(forward, stepOf(chain, (expiryTs - now) / 86_400_000), chain.strikesEachSide);
    return strikes.flatMap((strike) =>
      (['call', 'put'] as const).map((type) => {
        const terms = { chain, expiryTs, strike, type };
        const listedValue = this.valueOf(terms, now);
        const weight = flowWeight(terms, listedValue.forward, listedValue.vol, now);
        return { ...terms, id: `${chain.coin} ${chain.settlement} ${expiryTs} ${strike} ${type}`, createdTs: now, weight, listedValue };
      }),
    );
  }

  private add(planned: readonly BoardOption[]): BoardOption[] {
    for (const option of planned) {
      this.options.set(option.id, option);
      this.live.add(option.id);
      if (this.nearest === undefined || option.expiryTs < this.nearest) this.nearest = option.expiryTs;
    }
    return [...planned];
  }

  /** The option's Black-76 value as of `now` (see `volatilityOf` for the smile). */
  private valueOf(option: Pick<BoardOption, 'chain' | 'expiryTs' | 'strike' | 'type'>, now: number): OptionValue {
    const forward = this.forward(option.chain, option.expiryTs, now);
    const years = Math.max(0, option.expiryTs - now) / YEAR_MS;
    const vol = volatilityOf(option.chain.coin, Math.log(option.strike / forward), years);
    const value = black76({ type: option.type, forward, strike: option.strike, years, vol });
    return { forward, indexPrice: this.index(option.chain.coin), vol, years, value };
  }
}

/**
 * The board of a simulator's options venues: made by the first that asks, with its seed and clock
 * (the options venues are built in the registry's order), the same object for every later one.
 */
export function sharedOptionBoard({ shared, seed, common }: Pick<SimVenueBuild<never, never>, 'shared' | 'seed' | 'common'>): OptionBoard {
  return shared('option-board', () => new OptionBoard({ seed, clock: common.clock }));
}
