import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNIVERSE_OPTIONS } from '../catalog/universe-options.js';
import { MARKETS, type Market } from '../model/instrument.js';
import { marketOf, VENUE_IDS, VENUES, venueNamesOf } from './venues.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** How the README's table of venues names each market. */
const MARKET_ROWS: Readonly<Record<Market, string>> = {
  spot: 'spot',
  linear: 'linear perpetuals',
  inverse: 'inverse perpetuals and futures',
  option: 'options',
};

describe('the list of venues users read', () => {
  it("the README's table names every venue of the registry, by market, in its order, with its id", () => {
    const rows = MARKETS.map(
      (market) =>
        `| ${MARKET_ROWS[market]} | ${VENUE_IDS.filter((id) => marketOf(id) === market)
          .map((id) => `${VENUES[id].name} (\`${id}\`)`)
          .join(', ')} |`,
    );
    const table = README.split('\n').filter((line) => MARKETS.some((market) => line.startsWith(`| ${MARKET_ROWS[market]} |`)));
    expect(table).toEqual(rows);
  });

  it("--markets's help names each market's venues as the registry lists them", () => {
    const markets = UNIVERSE_OPTIONS.find((option) => option.key === 'markets');
    for (const market of MARKETS) expect(markets?.description).toContain(venueNamesOf(market));
    expect(venueNamesOf('linear')).toBe('Bybit linear, Binance USD-M, OKX swaps, Hyperliquid, Bitget USDT-M and Gate USDT futures');
    expect(venueNamesOf('inverse')).toBe('Deribit, Bybit inverse and Binance COIN-M');
  });
});
