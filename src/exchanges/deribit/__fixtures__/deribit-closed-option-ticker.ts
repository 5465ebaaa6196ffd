/*
 * Deribit option tickers at the edges, for specs. No recorded frame holds a `closed` ticker, so
 * `BUILT_CLOSED_OPTION_TICKER` is built, not recorded: the recorded ticker of ETH-23JUL21-2300-C
 * (../shared/fixtures/exchange-frames/deribit-options-ticker.ndjson line 3, 2021-07-22 22:42 UTC, ETH at
 * 2,006.72, mark 0.000001) as its last ticker at its expiry (2021-07-23 08:00 UTC) would read by the
 * venue's documented shape (docs "ticker.{instrument_name}.{interval}": `state` "open" or "closed"): the
 * book closed (`state: "closed"`), a worthless call's `mark_price` 0 and both sides empty (price, amount
 * and IV 0); its other fields as recorded.
 */

/** deribit-options-ticker.ndjson line 3 as recorded: ETH-23JUL21-2300-C, mark 0.000001, an empty bid, an ask of 0.001 at IV 227.51. */
export const RECORDED_FAR_OPTION_TICKER =
  '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.ETH-23JUL21-2300-C.raw","data":{"underlying_price":2005.38,"underlying_index":"ETH-23JUL21","timestamp":1626993723632,"stats":{"volume":103.0,"price_change":0.0,"low":0.0005,"high":0.0005},"state":"open","settlement_price":0.0,"open_interest":3709.0,"min_price":0.0001,"max_price":0.015,"mark_price":0.000001,"mark_iv":111.4,"last_price":0.0005,"interest_rate":0.0,"instrument_name":"ETH-23JUL21-2300-C","index_price":2006.72,"greeks":{"vega":0.00022,"theta":-0.00146,"rho":0.0,"gamma":0.0,"delta":0.00009},"estimated_delivery_price":2006.72,"bid_iv":0.0,"best_bid_price":0.0,"best_bid_amount":0.0,"best_ask_price":0.001,"best_ask_amount":274.0,"ask_iv":227.51}}}';

/** Built (see above): ETH-23JUL21-2300-C's last ticker at its worthless expiry, `state` "closed", `mark_price` 0, both sides empty. */
export const BUILT_CLOSED_OPTION_TICKER = RECORDED_FAR_OPTION_TICKER.replace('"timestamp":1626993723632', '"timestamp":1627027200000')
  .replace('"state":"open"', '"state":"closed"')
  .replace('"mark_price":0.000001', '"mark_price":0')
  .replace('"best_ask_price":0.001,"best_ask_amount":274.0,"ask_iv":227.51', '"best_ask_price":0.0,"best_ask_amount":0.0,"ask_iv":0.0');
