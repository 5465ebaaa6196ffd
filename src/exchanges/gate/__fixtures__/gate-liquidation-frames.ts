/**
 * `futures.public_liquidates` as written of it; no recording of the channel exists in our sources
 * (test/fixtures/exchange-frames/SOURCES-venues-2026.md, "Nothing recorded was found for").
 */

/** The documentation's example (docs "Futures WebSocket v4", "public liquidate order notification"): `result` an array, `price` a number, `time_ms`. */
export const GATE_DOCUMENTED_LIQUIDATES =
  '{"channel":"futures.public_liquidates","event":"update","time":1541505434,"time_ms":1541505434123,"result":[{"price":215.1,"size":-124,"time_ms":1541486601123,"contract":"BTC_USD"}]}';

/**
 * Frames of the live USDT feed quoted in gateio/WebSocket-API#132 (captured 2026-08-10): `result` a bare row,
 * `price` a decimal string, the row's time `time` in milliseconds and no `time_ms`.
 */
export const GATE_LIVE_LIQUIDATES: readonly string[] = [
  '{"time":1786327033,"time_ms":1786327033532,"channel":"futures.public_liquidates","event":"update","result":{"contract":"HEI_USDT","price":"0.13827","time":1786327033531,"size":-23}}',
  '{"time":1786327035,"time_ms":1786327035702,"channel":"futures.public_liquidates","event":"update","result":{"contract":"HEI_USDT","price":"0.13761","time":1786327035701,"size":-9}}',
  '{"time":1786327040,"time_ms":1786327040873,"channel":"futures.public_liquidates","event":"update","result":{"contract":"LAB_USDT","price":"0.11824","time":1786327040872,"size":-9}}',
];

/** Made here, not recorded: one contract's rows in one push (the venue's notes of 2026-08-20), a short's among them. */
export const GATE_CONTRACT_LIQUIDATES =
  '{"time":1787000001,"time_ms":1787000001002,"channel":"futures.public_liquidates","event":"update","result":[{"contract":"BTC_USDT","price":"64012.3","time_ms":1787000000411,"size":-37},{"contract":"BTC_USDT","price":"64390.1","time_ms":1787000000907,"size":12}]}';

/** Every frame above, for the properties that must hold on every Gate frame. */
export const GATE_LIQUIDATES_FRAMES: readonly string[] = [GATE_DOCUMENTED_LIQUIDATES, ...GATE_LIVE_LIQUIDATES, GATE_CONTRACT_LIQUIDATES];
