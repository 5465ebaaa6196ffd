import { describe, expect, it } from 'vitest';
import { dashboardTopics } from './dashboard-topics.js';

describe('dashboardTopics', () => {
  it('reads what the page shows, not best bid/ask nor the derived data types (a book change comes with every book update)', () => {
    const topics = [...dashboardTopics('p.').keys()];
    expect(topics).toContain('p.market.trades.v1');
    expect(topics).toContain('p.market.book-snapshots.v1');
    for (const unread of ['book-tickers', 'book-changes', 'interval-book-snapshots', 'quotes', 'trade-bars'])
      expect(topics).not.toContain(`p.market.${unread}.v1`);
  });
});
