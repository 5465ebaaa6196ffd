import { SimulatedMarket } from '../../simulated-market.js';
import { DERIBIT_CHAINS } from '../deribit/deribit-contracts.js';
import type { DeribitExchange, OptionTerms } from '../deribit/deribit-exchange.js';
import { expiriesAt, nextNewExpiry, optionName, stepOf, strikesAround, type ChainCurrency } from '../deribit/deribit-instruments.js';
import { flowWeight } from '../deribit/deribit-option-flow.js';
import { BYBIT_OPTION_COINS, bybitOptionGrid, bybitOptionSymbol, type BybitOptionCoin, type BybitOptionTerms } from './bybit-option-contracts.js';
import { markOf } from './bybit-option-pricing.js';
import { BybitOptionQuotes } from './bybit-option-quotes.js';

const DAY_MS = 86_400_000;

/** What one delivery did: the options it took off (their expiry reached, or the control API's `expire`) and the ones it listed. */
export interface DeliveryEvent {
  readonly ts: number;
  readonly expiryTs: number;
  readonly delivered: readonly string[];
  readonly listed: readonly string[];
}

export interface BybitOptionChainConfig {
  readonly exchange: DeribitExchange;
  /** The simulator's coins; those Bybit lists options of are served (`BYBIT_OPTION_COINS`). */
  readonly coins: readonly string[];
  readonly seed: number;
  readonly clock: () => number;
  /** Trades a minute over each coin's whole chain (SOL's its Deribit chain's share), arriving at random. */
  readonly tradesPerMinute: number;
}

/**
 * Bybit's option chains: of the simulated Deribit's chains, those of the served coins, with the same
 * expiries and strikes (its schedule: `expiriesAt`, `strikesAround`), every option USDT-settled under
 * Bybit's symbol. The options' market trades each at its share of its chain's rate (near the money and
 * near expiry the busiest, `flowWeight`), at random arrivals. At 08:00 UTC of its day an expiry
 * delivers: its options are delisted (no trades, silent topics, out of the lists), and the expiries
 * the schedule lists as of then that were never listed are listed. Trades are made at Bybit's quote
 * (`quotes`).
 */
export class BybitOptionChain {
  readonly market: SimulatedMarket;
  readonly terms = new Map<string, BybitOptionTerms>();
  readonly quotes: BybitOptionQuotes;
  private readonly chains: readonly ChainCurrency[];
  private readonly listedExpiries = new Map<ChainCurrency, Set<number>>();
  /** Each chain's flow weights summed over its options as first listed: an option's rate is its weight's share. */
  private readonly chainWeights = new Map<ChainCurrency, number>();
  /** The nearest expiry listed, as of a version of the market's listings (asked at every tick). */
  private nearest = { version: -1, expiryTs: Infinity };

  constructor(private readonly config: BybitOptionChainConfig) {
    const now = config.clock();
    this.chains = DERIBIT_CHAINS.filter((chain) => config.coins.includes(chain.coin) && BYBIT_OPTION_COINS[chain.coin] !== undefined);
    this.quotes = new BybitOptionQuotes(config.exchange, (symbol) => this.terms.get(symbol), config.clock);
    const tradeTerms = (symbol: string, random: () => number) => this.quotes.tradeTerms(symbol, random);
    this.market = new SimulatedMarket({ symbols: [], seed: config.seed ^ 0x0b7b, idStep: 'consecutive', tradeTerms });
    for (const chain of this.chains) {
      const twins = [...config.exchange.optionTerms.values()].filter((t) => t.chain === chain && config.exchange.options.has(t.symbol));
      const weights = twins.map((twin) => this.weightOf(twin, now));
      this.chainWeights.set(
        chain,
        weights.reduce((sum, w) => sum + w, 0),
      );
      this.listTwins(chain, twins, now);
    }
  }

  /** The coins whose options it lists. */
  get coins(): readonly string[] {
    return this.chains.map((chain) => chain.coin);
  }

  /** The options trading now. */
  live(): readonly BybitOptionTerms[] {
    return [...this.terms.values()].filter((t) => this.market.isTrading(t.symbol));
  }

  /** The options not delivered (a halted one among them: it delivers all the same). */
  undelivered(): readonly BybitOptionTerms[] {
    return [...this.terms.values()].filter((t) => this.market.has(t.symbol));
  }

  /** The nearest expiry not delivered; Infinity when none is left. */
  nearestExpiry(): number {
    const { version } = this.market;
    if (this.nearest.version !== version) this.nearest = { version, expiryTs: Math.min(...this.undelivered().map((t) => t.expiryTs)) };
    return this.nearest.expiryTs;
  }

  /** Delivers every expiry reached by `now` and lists what the schedule lists anew; undefined when none was reached. */
  deliverDue(now: number): DeliveryEvent | undefined {
    const expiryTs = this.nearestExpiry();
    if (expiryTs > now) return undefined;
    const delivered = this.undelivered()
      .filter((t) => t.expiryTs <= now)
      .map((t) => t.symbol);
    for (const symbol of delivered) this.market.setStatus(symbol, 'delisted');
    const listed = this.chains.flatMap((chain) => {
      const due = expiriesAt(now).options.slice(0, chain.expiries);
      return due.filter((ts) => !this.expiriesOf(chain).has(ts)).flatMap((ts) => this.listExpiry(chain, ts, now));
    });
    return { ts: now, expiryTs, delivered, listed };
  }

  /** Delivers the nearest expiry now (the control API's `expire`) and lists a new weekly after the last of each chain that had it; undefined when nothing is left. */
  deliverNearest(now: number): DeliveryEvent | undefined {
    const expiryTs = this.nearestExpiry();
    if (!Number.isFinite(expiryTs)) return undefined;
    const ending = this.undelivered().filter((t) => t.expiryTs === expiryTs);
    for (const t of ending) this.market.setStatus(t.symbol, 'delisted');
    const chains = this.chains.filter((chain) => ending.some((t) => t.twin.chain === chain));
    const listed = chains.flatMap((chain) => this.listExpiry(chain, nextNewExpiry([...this.expiriesOf(chain)]), now));
    return { ts: now, expiryTs, delivered: ending.map((t) => t.symbol), listed };
  }

  private expiriesOf(chain: ChainCurrency): Set<number> {
    let expiries = this.listedExpiries.get(chain);
    if (expiries === undefined) this.listedExpiries.set(chain, (expiries = new Set()));
    return expiries;
  }

  /** A chain's options of one expiry around its forward now, as the simulated Deribit plans an expiry. */
  private listExpiry(chain: ChainCurrency, expiryTs: number, now: number): string[] {
    const { exchange } = this.config;
    const forward = exchange.underlying({ symbol: '', chain, expiryTs, strike: 1, type: 'call', createdTs: now }, now).price;
    const strikes = strikesAround(forward, stepOf(chain, (expiryTs - now) / DAY_MS), chain.strikesEachSide);
    const twins = strikes.flatMap((strike) =>
      (['call', 'put'] as const).map((type): OptionTerms => ({
        symbol: optionName(chain.name, expiryTs, strike, type),
        chain,
        expiryTs,
        strike,
        type,
        createdTs: now,
      })),
    );
    return this.listTwins(chain, twins, now);
  }

  /** Lists the Bybit option of each twin at its mark, trading its weight's share of its chain's rate; returns their symbols. */
  private listTwins(chain: ChainCurrency, twins: readonly OptionTerms[], now: number): string[] {
    const figures = BYBIT_OPTION_COINS[chain.coin] as BybitOptionCoin;
    const grid = bybitOptionGrid(figures);
    const perSecond = ((chain.flowShare ?? 1) * this.config.tradesPerMinute) / 60;
    const total = this.chainWeights.get(chain) ?? 1;
    return twins.map((twin) => {
      const symbol = bybitOptionSymbol(chain.coin, twin.expiryTs, twin.strike, twin.type);
      const { expiryTs, strike, type } = twin;
      this.terms.set(symbol, { symbol, coin: chain.coin, figures, expiryTs, strike, type, launchTs: now, twin });
      this.expiriesOf(chain).add(expiryTs);
      this.market.list({
        symbol,
        coin: chain.coin,
        quote: 'USDT',
        price: Math.max(grid.unit, markOf(this.config.exchange, twin, now).value.price),
        priceDecimals: figures.priceDecimals,
        priceTick: grid.tick,
        sizeDecimals: figures.sizeDecimals,
        volatility: 0.05,
        tradesPerSecond: (perSecond * this.weightOf(twin, now)) / total,
        arrivals: 'poisson',
      });
      return symbol;
    });
  }

  private weightOf(twin: OptionTerms, now: number): number {
    const mark = markOf(this.config.exchange, twin, now);
    return flowWeight(twin, mark.underlyingPrice, mark.vol, now);
  }
}
