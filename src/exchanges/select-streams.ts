import type { KlineInterval } from '../model/index.js';
import type { StreamSpec } from './venue-protocol.js';

/** Which of a protocol's streams to subscribe, and the candle interval. */
export interface StreamSelection {
  /** Candle interval of `kline` streams; `false` leaves them out. Default `1m`. */
  readonly klines: KlineInterval | false;
  /** Optional streams to add, by record kind (e.g. `agg_trade`). Default none. */
  readonly optional: readonly StreamSpec['record'][];
}

export const DEFAULT_STREAM_SELECTION: StreamSelection = { klines: '1m', optional: [] };

/** The streams to subscribe: optional ones only when selected, candles at the selected interval. */
export function selectStreams(streams: readonly StreamSpec[], selection: StreamSelection = DEFAULT_STREAM_SELECTION): readonly StreamSpec[] {
  const { klines } = selection;
  return streams.flatMap((stream) => {
    if (stream.optional === true && !selection.optional.includes(stream.record)) return [];
    if (stream.record !== 'kline') return [stream];
    if (klines === false) return [];
    return [stream.channelFor === undefined ? stream : { ...stream, channel: stream.channelFor(klines) }];
  });
}
