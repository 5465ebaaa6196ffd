import { RestRateLimitedError } from '../rest/rest-rate-limited-error.js';

/** How long Bybit bans an IP that sent too many requests: "wait for at least 10 minutes" (bybit-exchange/docs `docs/v5/rate-limit/rate-limit.mdx`). */
export const BYBIT_IP_BAN_MS = 600_000;

/**
 * Bybit's HTTP 403 "access too frequent": the IP went over 600 requests per 5 s and is banned for
 * at least 10 minutes. To the pacer it is a ban (`status: 418` in its terms) lasting `BYBIT_IP_BAN_MS`,
 * so every request of the venue waits that long; the message keeps the venue's own status and words.
 */
export class BybitAccessTooFrequentError extends RestRateLimitedError {
  constructor(url: string, body = '') {
    super({ status: 418, retryAfterMs: BYBIT_IP_BAN_MS, url });
    const said = body.trim() === '' ? '' : ` ${JSON.stringify(body.trim().slice(0, 120))}`;
    this.message = `${url}: HTTP 403${said} (Bybit's IP ban for access too frequent: waiting ${BYBIT_IP_BAN_MS} ms)`;
  }
}
