import { IntervalClock } from '../../perpetual/perpetual-venue.js';
import type { TickAudience } from '../../tick-audience.js';
import { okxTopic, topicParts } from '../okx/okx-channels.js';
import type { OkxUnits } from '../okx/okx-units.js';
import type { OkxOptionChain } from './okx-option-chain.js';
import { indexTicker, okxPush, optionMarkPrice, optionOpenInterest, optionTicker, type IndexDay } from './okx-option-frames.js';
import { familyTopics, optionTopicArg } from './okx-options-topics.js';
import { OkxOptSummaries } from './okx-opt-summary.js';

/**
 * The channels' cadences: `tickers` "The fastest rate is 1 update/100ms ... trade, the change on best
 * ask/bid" (okx docs-v5 `#order-book-trading-market-data-ws-tickers-channel`); `opt-summary` and
 * `index-tickers` every second (the brief: OKX pushes the summary "about every second"); `mark-price`
 * when it changed and at least every second; `open-interest` "every 3 seconds"
 * (`#public-data-websocket-open-interest-channel`). The board is valued again every second.
 */
export const OKX_OPTION_TICKERS_MS = 100;
export const OKX_OPTION_SUMMARY_MS = 1_000;
export const OKX_OPTION_MARK_STEP_MS = 1_000;
export const OKX_OPTION_OPEN_INTEREST_MS = 3_000;

/** An option's open interest before it trades, contracts: 100, and up to 50,000 more by its share of its chain's flow (the simulator's choice). */
const OPEN_INTEREST_BASE = 100;
const OPEN_INTEREST_BY_FLOW = 50_000;

/**
 * The simulated OKX options' pushes on their own clock, and what a new subscriber gets at once: per
 * option `tickers` (at a 100 ms boundary after its quote or a trade changed it), `mark-price` (when it
 * changed, at least every second), `open-interest` (every 3 s: contracts before trading by its share
 * of the flow, plus those traded); per family `opt-summary` (every listed option, every second) and
 * `index-tickers` (every second). An option that expired or was delisted pushes nothing more.
 */
export class OkxOptionPushes {
  readonly summaries: OkxOptSummaries;
  private readonly clock = new IntervalClock();
  private readonly tickerSent = new Map<string, string>();
  private readonly markSent = new Map<string, { readonly text: string; readonly at: number }>();
  private readonly days = new Map<string, { open: number; high: number; low: number }>();

  constructor(
    private readonly chain: OkxOptionChain,
    private readonly units: OkxUnits,
  ) {
    this.summaries = new OkxOptSummaries(chain);
    this.recordIndexes();
  }

  /** Pushes what is due after a generation step. */
  clockFrames(elapsedMs: number, now: number, audience: TickAudience): void {
    this.clock.advance(elapsedMs);
    if (this.clock.ended(OKX_OPTION_TICKERS_MS)) {
      this.pushOptions('tickers', audience, (instId) => this.ticker(instId, now, true));
      this.pushOptions('mark-price', audience, (instId) => this.markPrice(instId, now, true));
    }
    if (this.clock.ended(OKX_OPTION_SUMMARY_MS)) {
      this.recordIndexes();
      for (const family of this.chain.families()) {
        for (const topic of familyTopics('opt-summary', family)) this.send(audience, topic, () => this.summary(topic, now));
        this.send(audience, okxTopic('index-tickers', family), () => this.indexTicker(family, now));
      }
    }
    if (this.clock.ended(OKX_OPTION_OPEN_INTEREST_MS)) this.pushOptions('open-interest', audience, (instId) => this.openInterest(instId, now));
  }

  /** The frames a new subscriber of `topic` gets at once: the channel's current value (none for the trade channels). */
  firstFrames(topic: string, now: number): readonly string[] {
    const parts = topicParts(topic);
    if (parts === undefined) return [];
    const frame = (() => {
      switch (parts.channel) {
        case 'opt-summary':
          return this.summary(topic, now);
        case 'index-tickers':
          return this.indexTicker(parts.key, now);
        case 'tickers':
          return this.ticker(parts.key, now, false);
        case 'mark-price':
          return this.markPrice(parts.key, now, false);
        case 'open-interest':
          return this.openInterest(parts.key, now);
        default:
          return undefined;
      }
    })();
    return frame === undefined ? [] : [frame];
  }

  /** An option's open interest now, contracts. */
  openInterestOf(instId: string): number {
    const terms = this.chain.termsOf(instId);
    const state = this.chain.market.state(instId);
    if (terms === undefined || state === undefined) return 0;
    const share = terms.option.weight / this.chain.board.chainWeight(terms.option.chain);
    return OPEN_INTEREST_BASE + Math.round(OPEN_INTEREST_BY_FLOW * share) + this.units.lotCount(instId, state.volume);
  }

  /** For each option some connection follows on `channel` and that trades, sends `frame(instId)` unless it is undefined. */
  private pushOptions(channel: string, audience: TickAudience, frame: (instId: string) => string | undefined): void {
    for (const symbol of audience.symbols()) {
      if (!this.chain.market.isTrading(symbol)) continue;
      this.send(audience, okxTopic(channel, symbol), () => frame(symbol));
    }
  }

  private send(audience: TickAudience, topic: string, frame: () => string | undefined): void {
    if (!audience.subscribed(topic)) return;
    const text = frame();
    if (text !== undefined) for (const connection of audience.forTopic(topic)) connection.sendData(text);
  }

  /** The option's ticker; with `changed`, only when its quote, sizes or trades moved since the last one pushed. */
  private ticker(instId: string, now: number, changed: boolean): string | undefined {
    const quote = this.chain.quote(instId);
    const state = this.chain.market.state(instId);
    if (quote === undefined || state === undefined || !this.chain.market.isTrading(instId)) return undefined;
    const key = `${quote.bid} ${quote.bidSz} ${quote.ask} ${quote.askSz} ${state.tradeCount}`;
    if (changed && this.tickerSent.get(instId) === key) return undefined;
    this.tickerSent.set(instId, key);
    return okxPush(optionTopicArg(okxTopic('tickers', instId)), [optionTicker(state, quote, this.units, now)]);
  }

  /** The option's mark; with `changed`, only when it changed or a second passed since the last one pushed. */
  private markPrice(instId: string, now: number, changed: boolean): string | undefined {
    const quote = this.chain.quote(instId);
    if (quote === undefined || !this.chain.market.isTrading(instId)) return undefined;
    const data = optionMarkPrice(instId, quote, now);
    const last = this.markSent.get(instId);
    if (changed && last !== undefined && last.text === data['markPx'] && now - last.at < OKX_OPTION_SUMMARY_MS) return undefined;
    this.markSent.set(instId, { text: data['markPx'] ?? '', at: now });
    return okxPush(optionTopicArg(okxTopic('mark-price', instId)), [data]);
  }

  private openInterest(instId: string, now: number): string | undefined {
    const terms = this.chain.termsOf(instId);
    if (terms === undefined || !this.chain.market.isTrading(instId)) return undefined;
    return okxPush(optionTopicArg(okxTopic('open-interest', instId)), [optionOpenInterest(terms, this.openInterestOf(instId), now)]);
  }

  private summary(topic: string, now: number): string {
    const arg = optionTopicArg(topic);
    return okxPush(arg, this.summaries.data(arg.instFamily ?? arg.uly ?? '', now));
  }

  private indexTicker(family: string, now: number): string | undefined {
    const day = this.days.get(family);
    const coin = family.split('-')[0] ?? '';
    return day === undefined
      ? undefined
      : okxPush(optionTopicArg(okxTopic('index-tickers', family)), [indexTicker(family, this.chain.board.index(coin), day, now)]);
  }

  /** Each served coin's index into its day (since the venue started). */
  private recordIndexes(): void {
    for (const family of this.chain.families()) {
      const index = this.chain.board.index(family.split('-')[0] ?? '');
      const day: IndexDay | undefined = this.days.get(family);
      this.days.set(
        family,
        day === undefined ? { open: index, high: index, low: index } : { open: day.open, high: Math.max(day.high, index), low: Math.min(day.low, index) },
      );
    }
  }
}
