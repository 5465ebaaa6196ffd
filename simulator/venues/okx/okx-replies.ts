import type { OkxArg } from './okx-request.js';

/**
 * An arg as OKX echoes it: `channel`, then `instType`, `instFamily` or `uly`, `instId`, each as given
 * (okx-subscribe-ack.ndjson; the liquidation-orders example; `{"channel":"opt-summary","uly":"ETH-USD"}`
 * in okx-option-opt-summary.ndjson; the option-trades channel's documented `{"channel","instType","instFamily"}`).
 */
export function echoedArg(arg: OkxArg): OkxArg {
  return {
    channel: arg.channel,
    ...(arg.instType === undefined ? {} : { instType: arg.instType }),
    ...(arg.instFamily === undefined ? {} : { instFamily: arg.instFamily }),
    ...(arg.uly === undefined ? {} : { uly: arg.uly }),
    ...(arg.instId === undefined ? {} : { instId: arg.instId }),
  };
}

/**
 * The answer to one arg of a subscribe or unsubscribe request, keys as recorded in 2026
 * (`{"event":"subscribe","arg":{...},"connId":"d604ccd0"}`, okx-subscribe-ack.ndjson line 3), the
 * request's `id` first when it had one (okx docs-v5 `#overview-websocket-subscribe`, response example).
 */
export function ackReply(event: 'subscribe' | 'unsubscribe', arg: OkxArg, connId: string, id: string | undefined): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), event, arg: echoedArg(arg), connId });
}

/**
 * A refusal, keys as a client recorded OKX's (`{"event":"error","msg":"Requests too frequent","code":"60014","connId":"5f3f787a"}`,
 * ccxt/ccxt#25373), the request's `id` first when it had one.
 */
export function errorReply(code: string, msg: string, connId: string, id: string | undefined): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), event: 'error', msg, code, connId });
}

/**
 * 60018 for an arg naming a channel or instrument this URL does not serve, worded as OKX answers it
 * (`Wrong URL or channel:tickers,instId:NMR-USDT doesn't exist. ...`, recorded in a public client's
 * test; the template is `#error-code-websocket-public`'s 60018).
 */
export function unknownArgReply(arg: OkxArg, connId: string, id: string | undefined): string {
  const named = [
    `channel:${arg.channel}`,
    ...(arg.instId === undefined ? [] : [`instId:${arg.instId}`]),
    ...(arg.instType === undefined ? [] : [`instType:${arg.instType}`]),
    ...(arg.instFamily === undefined ? [] : [`instFamily:${arg.instFamily}`]),
    ...(arg.uly === undefined ? [] : [`uly:${arg.uly}`]),
  ];
  const msg = `Wrong URL or ${named.join(',')} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`;
  return errorReply('60018', msg, connId, id);
}

/**
 * OKX's notice before it closes connections for a service upgrade, 30 s ahead (`#overview-websocket-notification`:
 * `{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId"}`).
 */
export function noticeFrame(connId: string): string {
  return JSON.stringify({ event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.', connId });
}

/** A connection's `connId`: 8 lower-case hex digits, as recorded (`d604ccd0`, `49d9b4fc`). */
export function okxConnId(random: () => number): string {
  return Math.floor(random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}
