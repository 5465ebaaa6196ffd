import type { ConnectionPlan, ControlFrame, StreamSpec, VenueProtocol } from '../venue-protocol.js';
import type { MapperContext } from '../mapper-context.js';
import { deribitBookPlan } from './deribit-book-plan.js';
import type { DeribitFrame } from './deribit-frames.js';
import { parseDeribitFrame } from './deribit-frames.js';
import { DERIBIT_CONNECTION_LIMITS } from './deribit-limits.js';
import { mapDeribitFrame, type DeribitSizing } from './deribit-mappers.js';
import { optionTickerRefusal } from './deribit-option-summary.js';
import { deribitIntervalOf, type DeribitCredentials } from './deribit-options.js';
import {
  DERIBIT_AUTH_ID,
  DERIBIT_OWN_IDS,
  DERIBIT_SET_HEARTBEAT,
  DERIBIT_TEST,
  deribitAuth,
  deribitResubscribe,
  deribitSubscribe,
  deribitTopic,
  deribitUnsubscribe,
} from './deribit-requests.js';

/**
 * Deribit's JSON-RPC socket, one route for every channel (docs "JSON-RPC over websocket":
 * `wss://www.deribit.com/ws/api/v2`; `streams.deribit.com` serves the same public channels without
 * credentials, tardis-node `src/realtimefeeds/deribit.ts`; `www` is kept as it takes both).
 */
export const DERIBIT_WS_URL = 'wss://www.deribit.com/ws/api/v2';

/**
 * Ticker notifications come as often as the mark price moves, which it does with the index several
 * times a second (deribit-options-ticker.ndjson: the `.raw` channel repeats tickers whose only change is
 * the index): a ticker silent for the feed's stale time means a stalled socket.
 */
const TICKER_CADENCE_MS = 1000;

/**
 * `deribit`'s streams: trades (and liquidations, flagged on trades), and the ticker's best bid/ask, derivative
 * ticker and 24 h price tick. Every ticker makes a derivative ticker, which is the one clocked: a future never
 * traded has no price tick, and one side of an empty book no best bid/ask, both rightly silent.
 */
const FUTURE_STREAMS: readonly StreamSpec[] = [
  { channel: 'trades', record: 'trade' },
  { channel: 'trades', record: 'liquidation' },
  { channel: 'ticker', record: 'book_ticker' },
  { channel: 'ticker', record: 'derivative_ticker', cadenceMs: TICKER_CADENCE_MS },
  { channel: 'ticker', record: 'price_tick' },
];

/** `deribit_options`' streams: option trades and the option summary (no books: the summary carries the best bid and ask). */
const OPTION_STREAMS: readonly StreamSpec[] = [
  { channel: 'trades', record: 'trade' },
  { channel: 'ticker', record: 'option_summary', cadenceMs: TICKER_CADENCE_MS },
];

/** Codes of answers that mean the IP or session spent its credits (docs "Rate limits": `too_many_requests`, the session is closed). */
const RATE_LIMITED = 10028;

/**
 * What a Deribit frame means to the connection: the list of channels answering a subscribe settles that
 * request, refusing the channels it leaves out (Deribit answers `"result":[]` for a channel it does not
 * have, adampointer/go-deribit#16); an error answering a subscribe refuses it ("request entity too
 * large" past about 250 channels); an error answering `public/auth` (a wrong client id or secret,
 * `invalid_credentials`, 13004: the venue is stopped with the reason, never the secret), `too_many_requests`
 * (10028) or an error without id is the venue's; `public/auth`'s answer lets the held subscribes go
 * (`opened`); a heartbeat `test_request` is answered at once with `public/test`. Other answers and
 * notifications are not the connection's business.
 */
export function deribitControl(frame: DeribitFrame): ControlFrame | undefined {
  switch (frame.kind) {
    case 'test_request':
      return { kind: 'reply', text: DERIBIT_TEST };
    case 'ticker':
      // An expired instrument's last ticker: its figures are published (a worthless option's mark 0), then its streams end.
      return frame.ticker.closed === true
        ? { kind: 'closed', symbol: frame.ticker.instrument, reason: 'deribit closed its book (ticker state "closed")' }
        : undefined;
    case 'answer':
      return frame.id === String(DERIBIT_AUTH_ID) ? { kind: 'opened' } : undefined;
    case 'channels':
      return DERIBIT_OWN_IDS.has(frame.id)
        ? undefined
        : {
            kind: 'subscribe_ack',
            success: true,
            message: 'deribit left out of its answer channels it does not have',
            requestId: frame.id,
            topics: frame.channels,
            complete: true,
          };
    case 'error': {
      const message = `deribit error ${frame.code}: ${frame.message}${frame.reason === undefined ? '' : ` (${frame.reason})`}`;
      if (frame.id === String(DERIBIT_AUTH_ID))
        return { kind: 'venue_error', message: `deribit public/auth refused: ${message}; check --deribit-client-id and --deribit-client-secret` };
      if (frame.id === undefined || frame.code === RATE_LIMITED || DERIBIT_OWN_IDS.has(frame.id)) return { kind: 'venue_error', message };
      return { kind: 'subscribe_ack', success: false, message, requestId: frame.id };
    }
    default:
      return undefined;
  }
}

/** Where a notification's data is (`params.data`). */
const DATA = '$.params.data';

/**
 * Why a frame of this venue cannot be mapped, naming the field: an instrument it does not list (a
 * USDC-margined contract on `deribit`, an option on `deribit`), a USD amount whose quantity in the base asset
 * is not a finite number above zero, an option ticker without its figures.
 */
function refusalOf(frame: DeribitFrame, context: MapperContext, sizing: DeribitSizing): string | undefined {
  const names: readonly (readonly [string, string])[] =
    frame.kind === 'trades'
      ? frame.trades.map((t, n) => [`${DATA}[${n}]`, t.instrument] as const)
      : frame.kind === 'ticker'
        ? [[DATA, frame.ticker.instrument]]
        : frame.kind === 'book'
          ? [[DATA, frame.instrument]]
          : [];
  const unlisted = names.find(([, name]) => context.partsOf(name) === undefined);
  if (unlisted !== undefined) return `${unlisted[0]}.instrument_name: ${JSON.stringify(unlisted[1])} is not listed by ${context.exchange}`;
  if (sizing === 'usd') return usdSizeRefusal(frame);
  return frame.kind === 'ticker' ? optionTickerRefusal(frame.ticker, DATA) : undefined;
}

/** Why a USD amount over its price is no quantity in the base asset (not finite, or 0: values no real frame holds), naming the amount. */
function usdSizeRefusal(frame: DeribitFrame): string | undefined {
  const bad = (amount: number | undefined, price: number | undefined): boolean => {
    if (amount === undefined || price === undefined || amount === 0 || price === 0) return false;
    const size = amount / price;
    return !(Number.isFinite(size) && size > 0);
  };
  const said = (path: string, amount: number | undefined, price: number | undefined): string =>
    `${path}: ${amount} USD over ${price} is no quantity of the base asset`;
  switch (frame.kind) {
    case 'trades': {
      const n = frame.trades.findIndex((t) => bad(t.amount, t.price));
      return n < 0 ? undefined : said(`${DATA}[${n}].amount`, frame.trades[n]?.amount, frame.trades[n]?.price);
    }
    case 'book':
      for (const side of ['bids', 'asks'] as const) {
        const n = frame[side].findIndex((level) => bad(level.size, level.price));
        if (n >= 0) return said(`${DATA}.${side}[${n}]`, frame[side][n]?.size, frame[side][n]?.price);
      }
      return undefined;
    case 'ticker': {
      const t = frame.ticker;
      if (bad(t.bestBidAmount, t.bestBidPrice)) return said(`${DATA}.best_bid_amount`, t.bestBidAmount, t.bestBidPrice);
      if (bad(t.bestAskAmount, t.bestAskPrice)) return said(`${DATA}.best_ask_amount`, t.bestAskAmount, t.bestAskPrice);
      return bad(t.openInterest, t.markPrice) ? said(`${DATA}.open_interest`, t.openInterest, t.markPrice) : undefined;
    }
    default:
      return undefined;
  }
}

/** How a Deribit venue's protocol is made: its venue, how its amounts are written, and the client credentials when configured. */
export interface DeribitProtocolSettings {
  readonly exchange: 'deribit' | 'deribit_options';
  readonly sizing: DeribitSizing;
  readonly credentials?: DeribitCredentials;
}

/**
 * A Deribit venue's protocol: after connecting, `public/set_heartbeat` (and `public/auth` when credentials
 * are configured, whose answer the subscribes wait for; a refused auth stops the venue with Deribit's
 * reason rather than quietly falling back to `.100ms`: the user asked for `.raw`) go out before any subscribe; `public/subscribe` calls of at most 250 channels, 2 a
 * second; channels `{channel}.{instrument}.{interval}` at `raw` with credentials, `100ms` without.
 * `deribit` follows books (`book.{instrument}.{interval}`) when asked; options have none.
 */
export function deribitProtocolOf(settings: DeribitProtocolSettings): VenueProtocol<DeribitFrame> {
  const { exchange, sizing, credentials } = settings;
  const interval = deribitIntervalOf(credentials);
  const connection: ConnectionPlan = {
    url: (baseUrl) => baseUrl,
    subscribe: {
      maxTopicsPerRequest: DERIBIT_CONNECTION_LIMITS.maxTopicsPerRequest,
      requestsPerSecond: DERIBIT_CONNECTION_LIMITS.requestsPerSecond,
      requestId: (_connectionId, n) => String(n),
      subscribeRequest: deribitSubscribe,
      unsubscribeRequest: (topics) => deribitUnsubscribe(topics),
      resubscribe: deribitResubscribe,
    },
    openMessages: () => [DERIBIT_SET_HEARTBEAT],
    // `.raw` channels are refused before `public/auth` is answered: with credentials, subscribes wait for it.
    ...(credentials === undefined ? {} : { authenticate: () => deribitAuth(credentials) }),
  };
  const protocol: VenueProtocol<DeribitFrame> = {
    id: sizing === 'usd' ? 'deribit-v2-inverse' : 'deribit-v2-option',
    exchanges: [exchange],
    env: () => 'prod',
    streams: sizing === 'usd' ? FUTURE_STREAMS : OPTION_STREAMS,
    topic: (symbol, stream) => deribitTopic(stream.channel, symbol, interval),
    connection,
    parse: parseDeribitFrame,
    control: deribitControl,
    refuse: (frame, context) => refusalOf(frame, context, sizing),
    map: (frame, receivedTs, context) => mapDeribitFrame(frame, receivedTs, context, sizing),
  };
  // A coin's inverse perpetual: `BTC-PERPETUAL` (quoted in USD); another quote names a USDC-margined one, never followed.
  const symbolOf = (coin: string, quote: string): string => (quote.toUpperCase() === 'USD' ? `${coin}-PERPETUAL` : `${coin}_${quote.toUpperCase()}-PERPETUAL`);
  return sizing === 'usd' ? { ...protocol, symbolOf, book: deribitBookPlan } : protocol;
}
