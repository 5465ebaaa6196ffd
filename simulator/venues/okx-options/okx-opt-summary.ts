import { impliedVolNear } from '../../options/black76.js';
import { volatilityOf } from '../../options/volatility-smile.js';
import type { OkxOptionChain, OkxOptionQuote, OkxOptionTerms } from './okx-option-chain.js';
import { okxFigure, okxForward } from './okx-option-figures.js';

/** The highest `lever` written: a far option's, as recorded (`"lever":"2000"` of `ETH-USD-211231-9600-C`, whose mark gives 2,822). */
const MAX_LEVER = 2000;

/** One `opt-summary` entry without its `ts`, keys in the order of the brief (the recorded ones, then `fwdPx` and `volLv`). */
export type OptSummaryEntry = Readonly<Record<string, string>>;

/**
 * An option's `opt-summary` entry (okx docs-v5 `#public-data-websocket-option-summary-channel`;
 * okx-option-opt-summary.ndjson), every value a string:
 * - `markVol` the board's volatility, `bidVol`/`askVol` those of OKX's bid and ask (`""` for a side
 *   without a quote), `realVol` `""`, `volLv` the smile's at-the-money volatility of its expiry, all
 *   fractions; `fwdPx` its expiry's forward in USD;
 * - `deltaBS`, `gammaBS`, `vegaBS`, `thetaBS`: Black-76 on the forward in USD (`black76.ts`: per USD,
 *   per volatility point, per day);
 * - the coin greeks are the derivatives of the mark in the coin, `m = V / F`, over the forward `F`:
 *   `delta` = F dm/dF = deltaBS − m (price-adjusted); `gamma` = F² d²m/dF² = gammaBS·F − 2·delta;
 *   `vega` = dm/dσ = vegaBS / F; `theta` = dm/dt = thetaBS / F. The recorded frame's gammas are
 *   reproduced to 7 digits by `gammaBS·P − 2·delta` with the price P its vegas divide by (3,813.3,
 *   one for both expiries: the index there; the simulator divides by the option's forward);
 * - `lever` 1 / m, at most 2,000.
 */
export function optSummaryEntry(terms: OkxOptionTerms, quote: OkxOptionQuote): OptSummaryEntry {
  const { option } = terms;
  const { forward, vol, years, value } = quote.valued;
  const volOf = (price: number): string =>
    price > 0 ? okxFigure(impliedVolNear(price * forward, { type: option.type, forward, strike: option.strike, years }, vol)) : '';
  const delta = value.delta - quote.markPx;
  return {
    instType: 'OPTION',
    instId: terms.instId,
    uly: terms.family,
    delta: okxFigure(delta),
    gamma: okxFigure(value.gamma * forward - 2 * delta),
    vega: okxFigure(value.vega / forward),
    theta: okxFigure(value.theta / forward),
    lever: okxFigure(quote.markPx > 0 ? Math.min(MAX_LEVER, 1 / quote.markPx) : MAX_LEVER),
    markVol: okxFigure(vol),
    bidVol: volOf(quote.bid),
    askVol: volOf(quote.ask),
    realVol: '',
    deltaBS: okxFigure(value.delta),
    gammaBS: okxFigure(value.gamma),
    thetaBS: okxFigure(value.theta),
    vegaBS: okxFigure(value.vega),
    fwdPx: okxForward(forward),
    volLv: okxFigure(volatilityOf(option.chain.coin, 0, years)),
  };
}

/**
 * The `opt-summary` entries of each family, made once a mark step (two implied volatilities an
 * option) and shared by the channel's pushes and `GET /api/v5/public/opt-summary`.
 */
export class OkxOptSummaries {
  private readonly made = new Map<string, readonly OptSummaryEntry[]>();
  private madeVersion = -1;

  constructor(private readonly chain: OkxOptionChain) {}

  /** Every listed option of `family`, in listing order, as of the board's last mark step. */
  entries(family: string): readonly OptSummaryEntry[] {
    if (this.madeVersion !== this.chain.board.markVersion) {
      this.made.clear();
      this.madeVersion = this.chain.board.markVersion;
    }
    let entries = this.made.get(family);
    if (entries === undefined) {
      entries = this.chain.listed(family).flatMap((terms) => {
        const quote = this.chain.quote(terms.instId);
        return quote === undefined ? [] : [optSummaryEntry(terms, quote)];
      });
      this.made.set(family, entries);
    }
    return entries;
  }

  /** The entries with their `ts`. */
  data(family: string, now: number): Readonly<Record<string, string>>[] {
    const ts = String(now);
    return this.entries(family).map((entry) => ({ ...entry, ts }));
  }
}
