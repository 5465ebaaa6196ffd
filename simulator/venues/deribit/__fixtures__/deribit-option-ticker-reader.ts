import type { WebSocket } from 'ws';
import { FakeSocket } from '../../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimVenue } from '../../../sim-venue.js';
import { DERIBIT_OPTIONS_WS_PATH } from '../sim-deribit-venue.js';

/** The fields of a Deribit option ticker another venue's spec compares its own marks with. */
export type DeribitOptionTicker = { instrument_name: string; timestamp: number; mark_iv: number; underlying_price: number; index_price: number };

/** Deribit's option tickers of `names` on `.100ms`, as a client of `deribit_options` reads them: every one received so far, on each call. */
export function deribitOptionTickers(venue: SimVenue, names: readonly string[]): () => DeribitOptionTicker[] {
  const socket = new FakeSocket();
  venue.attach(socket as unknown as WebSocket, new URL(DERIBIT_OPTIONS_WS_PATH, 'ws://127.0.0.1'), 'deribit_options-1');
  const channels = names.map((n) => `ticker.${n}.100ms`);
  socket.emit('message', Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels } })));
  return () =>
    socket.sent
      .map((text) => JSON.parse(text) as { method?: string; params?: { data?: DeribitOptionTicker } })
      .flatMap((f) => (f.method === 'subscription' && f.params?.data !== undefined ? [f.params.data] : []));
}
