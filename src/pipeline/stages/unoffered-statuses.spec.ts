import { firstValueFrom, toArray, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { unofferedStatuses } from './connection-shards.js';

describe('unofferedStatuses', () => {
  it('says once, per venue followed that publishes no record of some kind, which: Hyperliquid has no liquidations; Bybit linear says nothing', async () => {
    const scheduler = new VirtualTimeScheduler();
    const statuses = await firstValueFrom(unofferedStatuses(['bybit_linear', 'hyperliquid', 'binance_usdm'], scheduler).pipe(toArray()));
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ type: 'feed_status', exchange: 'hyperliquid', state: 'unserved', ts: 0 });
    expect(statuses[0]).not.toHaveProperty('symbol');
    expect(statuses[0]?.type === 'feed_status' ? statuses[0].reason : '').toMatch(
      /^hyperliquid offers no liquidations .* and no ticker with a last traded price$/,
    );
  });
});
