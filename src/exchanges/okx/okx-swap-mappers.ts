import type { DerivativeTicker, DerivativeTickerValues } from '../../model/derivative-ticker.js';
import type { Liquidation } from '../../model/liquidation.js';
import type { MarketEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { recordProvenance } from '../record-provenance.js';
import { contractsToBase, ownLiquidations } from './okx-contracts.js';
import type { OkxSwapFrame } from './okx-swap-frames.js';
import { OKX_SWAP_INST_TYPE, okxSwapOfIndex } from './okx-subscriptions.js';

/**
 * The derivative channels of a swap, pure: each record of `funding-rate`, `mark-price`, `index-tickers`
 * and `open-interest` becomes one `derivative_ticker` holding what it sent, for the protocol's reducer to merge
 * (`okxSwapTickerReducer`); `liquidation-orders` one `Liquidation` per liquidation of a swap this socket
 * follows.
 */
export function mapOkxSwapFrame(frame: OkxSwapFrame, receivedTs: number, context: MapperContext): readonly MarketEvent[] {
  switch (frame.kind) {
    case 'funding':
      // `fundingRate` is settled at `fundingTime`, the next settlement (docs "Funding rate channel"); a push
      // without it still tells the next funding time. The 2022 layout has no `ts`: the receive time stands for it.
      return frame.items.flatMap((f) =>
        figures(
          f.instId,
          f.ts ?? receivedTs,
          receivedTs,
          context,
          f.fundingRate === undefined ? { nextFundingTs: f.fundingTime } : { fundingRate: Number(f.fundingRate), nextFundingTs: f.fundingTime },
        ),
      );
    case 'mark':
      return frame.items.flatMap((m) => figures(m.instId, m.ts, receivedTs, context, { markPrice: Number(m.markPx) }));
    case 'index':
      // An index ticker names the index (`BTC-USDT`): its swap (`BTC-USDT-SWAP`) is the symbol.
      return frame.items.flatMap((i) => figures(okxSwapOfIndex(i.instId), i.ts, receivedTs, context, { indexPrice: Number(i.idxPx) }));
    case 'open_interest':
      // `oiCcy` is the base currency; `oi` counts contracts.
      return frame.items.flatMap((o) =>
        figures(o.instId, o.ts, receivedTs, context, { openInterest: Number(o.oiCcy), openInterestTs: o.ts, openInterestSource: 'stream' }),
      );
    case 'liquidations':
      return mapLiquidations(frame, receivedTs, context);
  }
}

function figures(symbol: string, exchangeTs: number, receivedTs: number, context: MapperContext, sent: DerivativeTickerValues): readonly DerivativeTicker[] {
  const base = recordProvenance(symbol, exchangeTs, receivedTs, context);
  return base === undefined ? [] : [{ type: 'derivative_ticker', ...base, ...sent }];
}

/**
 * `liquidation-orders`, subscribed for every swap at once: the liquidations of the swaps this socket
 * follows (another shard publishes the others'), each at its bankruptcy price `bkPx`, its size in
 * contracts times the contract value; `side` `sell` closes a long, `buy` a short. OKX pushes at most
 * one liquidation per instrument per second ("each contract will only show a maximum of one order per
 * one-second period", docs "Get liquidation orders"): `sampled`.
 */
function mapLiquidations(frame: Extract<OkxSwapFrame, { kind: 'liquidations' }>, receivedTs: number, context: MapperContext): readonly Liquidation[] {
  const events: Liquidation[] = [];
  for (const item of frame.items) {
    if (item.instType !== OKX_SWAP_INST_TYPE || !ownLiquidations(item.instId, context)) continue;
    const contractValue = context.partsOf(item.instId)?.contractValue;
    if (contractValue === undefined) continue;
    for (const d of item.details) {
      const base = recordProvenance(item.instId, d.ts, receivedTs, context);
      if (base === undefined) continue;
      events.push({
        type: 'liquidation',
        ...base,
        positionSide: d.side === 'sell' ? 'LONG' : 'SHORT',
        price: Number(d.bkPx),
        quantity: contractsToBase(Number(d.sz), contractValue),
        sampled: true,
      });
    }
  }
  return events;
}
