/** The provenance of the record fixtures with every field set: a Coinbase BTC-USD record of the instrument BTC-USDT (followed with equivalent quotes). */
export const FULL_PROVENANCE = {
  exchange: 'coinbase',
  symbol: 'BTC-USD',
  coin: 'BTC',
  quote: 'USD',
  exchangeTs: 1786310822605,
  receivedTs: 1786310822611,
  isFallback: true,
  env: 'prod',
  connectionId: 'coinbase-1',
  instrument: 'BTC-USDT',
} as const;
