/** The simulated venues: one Bybit v5 spot endpoint and one Binance-family endpoint. */
export const SIM_VENUES = ['bybit', 'binance'] as const;
export type SimVenueName = (typeof SIM_VENUES)[number];
