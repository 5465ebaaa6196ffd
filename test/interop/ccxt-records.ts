/** A trade as ccxt's `parseTrade` gives it, as far as the parity tests read it. */
export interface CcxtTrade {
  readonly id: string;
  readonly symbol?: string;
  readonly price: number;
  readonly amount: number;
  readonly timestamp: number;
  readonly side: string;
}
