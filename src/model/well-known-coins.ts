/**
 * The 20 well-known coins, most traded first: the coins `run` follows by default (each at its
 * quote) and the head of every universe the simulator generates.
 */
export const WELL_KNOWN_COINS = [
  'BTC',
  'ETH',
  'SOL',
  'BNB',
  'XRP',
  'DOGE',
  'ADA',
  'AVAX',
  'LINK',
  'DOT',
  'LTC',
  'TRX',
  'TON',
  'SUI',
  'NEAR',
  'APT',
  'ARB',
  'OP',
  'PEPE',
  'SHIB',
] as const;
