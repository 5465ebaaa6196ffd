import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marketOf, VENUE_IDS } from '../exchanges/venues.js';
import type { Market } from '../model/instrument.js';

const SCHEMAS = new URL('../../schemas/', import.meta.url);

/** What each market's venues are called in a schema's doc. */
const MARKET_NAMES: Readonly<Record<Market, string>> = { spot: 'spot', linear: 'perpetuals', inverse: 'inverse perpetuals and futures', option: 'options' };

/** `a, b or c` */
const listed = (ids: readonly string[]): string => (ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} or ${ids.at(-1) ?? ''}`);

/** The `exchange` field's doc every record schema carries: the venue ids of the registry, by market. */
function venueIdDoc(): string {
  const markets = [...new Set(VENUE_IDS.map(marketOf))];
  return `Venue id: ${markets.map((market) => `${listed(VENUE_IDS.filter((id) => marketOf(id) === market))} (${MARKET_NAMES[market]})`).join('; ')}.`;
}

describe('the record schemas', () => {
  it("name every venue of the registry, and no other, in their exchange field's doc", () => {
    const docs: Record<string, string> = {};
    for (const file of readdirSync(SCHEMAS).filter((name) => name.endsWith('.avsc'))) {
      const schema = JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')) as {
        readonly fields: readonly { readonly name: string; readonly doc?: string }[];
      };
      const doc = schema.fields.find((field) => field.name === 'exchange')?.doc;
      if (doc?.startsWith('Venue id:') === true) docs[file] = doc;
    }
    expect(Object.keys(docs).length).toBeGreaterThanOrEqual(12);
    const expected = venueIdDoc();
    expect(Object.fromEntries(Object.entries(docs).filter(([, doc]) => doc !== expected))).toEqual({});
  });
});
