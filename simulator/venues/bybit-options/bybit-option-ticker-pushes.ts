import type { TickAudience } from '../../tick-audience.js';
import { linearCrossSequence } from '../bybit-linear/bybit-linear-trade-frames.js';
import type { BybitOptionChain } from './bybit-option-chain.js';
import type { BybitOptionTape } from './bybit-option-tape.js';
import { optionTickerFields, predictsDelivery, type OptionTickerFields } from './bybit-option-tickers.js';
import { optionMessageId } from './bybit-option-trade-frames.js';

/** Bybit's push interval of option tickers, ms (ticker.mdx: "Derivatives & Options - 100ms"). */
export const BYBIT_OPTION_TICKER_INTERVAL_MS = 100;

/** An option's ticker as last made: what it was made of, its fields, and its pushes since its last trade. */
interface Made {
  readonly key: string;
  readonly fields: OptionTickerFields;
  readonly lastTradeId: number;
  pushes: number;
}

/**
 * Bybit option `tickers.{symbol}`: snapshots only ("Spot & Option tickers message are snapshot only"),
 * one to a new subscriber at once, then one every 100 ms to the topic's holders when the ticker changed:
 * its mark's step, a trade, or the half hour before delivery (a ticker is made only then, shared by every
 * holder). Envelope as recorded (`bybit-option-tickers.ndjson`): `id, topic, ts, data, type`, the `id`
 * the topic, the option's cross sequence and the time. A delivered option's topic falls silent.
 */
export class BybitOptionTickerPushes {
  private readonly made = new Map<string, Made>();
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly chain: BybitOptionChain,
    private readonly tape: BybitOptionTape,
  ) {}

  /** The snapshot a new subscriber of the option's ticker gets now; none for an option not trading. */
  snapshot(symbol: string, now: number): string | undefined {
    const made = this.current(symbol, now);
    return made === undefined ? undefined : this.frame(symbol, made, now);
  }

  /** The snapshots due now, each written to the holders of its topic. */
  push(now: number, audience: TickAudience): void {
    for (const symbol of audience.symbols()) {
      const topic = `tickers.${symbol}`;
      if (!audience.subscribed(topic)) continue;
      const made = this.current(symbol, now);
      if (made === undefined || this.sent.get(symbol) === made.key) continue;
      this.sent.set(symbol, made.key);
      made.pushes += 1;
      const text = this.frame(symbol, made, now);
      for (const connection of audience.forTopic(topic)) connection.sendData(text);
    }
  }

  /** Forgets a delivered option. */
  forget(symbol: string): void {
    this.made.delete(symbol);
    this.sent.delete(symbol);
  }

  /** The option's ticker now, made again only when what it is made of changed. */
  private current(symbol: string, now: number): Made | undefined {
    const { market, quotes } = this.chain;
    const terms = this.chain.terms.get(symbol);
    const state = market.state(symbol);
    const quote = quotes.of(symbol);
    if (terms === undefined || state === undefined || quote === undefined || !market.isTrading(symbol)) return undefined;
    const key = `${quote.version}|${state.lastTradeId}|${predictsDelivery(terms, now) ? 1 : 0}`;
    const made = this.made.get(symbol);
    if (made?.key === key) return made;
    const fresh = { key, fields: optionTickerFields(terms, quote, state, this.tape, now), lastTradeId: state.lastTradeId, pushes: 0 };
    this.made.set(symbol, fresh);
    return fresh;
  }

  private frame(symbol: string, made: Made, now: number): string {
    const topic = `tickers.${symbol}`;
    const seq = linearCrossSequence(made.lastTradeId, made.pushes);
    return JSON.stringify({ id: optionMessageId(topic, seq, now), topic, ts: now, data: made.fields, type: 'snapshot' });
  }
}
