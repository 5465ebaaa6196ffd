/** Coinbase's product id of an instrument: `BTC-USD`. */
export function coinbaseProductId(coin: string, quote: string): string {
  return `${coin.toUpperCase()}-${quote.toUpperCase()}`;
}
