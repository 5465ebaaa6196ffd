/** A base (`BTC`), an instrument key (`BTC-USDT`), or either with `*` (any run) and `?` (one character): `1000*`, `*-USDC`. */
const PATTERN = /^[A-Z0-9*?]{1,30}(?:-[A-Z0-9*?]{1,20})?$/;

/** True for a pattern `instrumentMatcher` accepts (compared upper-case). */
export function isInstrumentPattern(text: string): boolean {
  return PATTERN.test(text.toUpperCase());
}

/**
 * A test of instruments against patterns: a pattern with `-` is matched against the key
 * (`BTC-USDT`), one without against the base (`BTC`); `*` matches any run of characters, `?` one;
 * case does not matter. True when any pattern matches.
 */
export function instrumentMatcher(patterns: readonly string[]): (instrument: { readonly key: string; readonly base: string }) => boolean {
  const tests = patterns.map((pattern) => {
    const upper = pattern.toUpperCase();
    const regex = new RegExp(
      `^${upper
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return upper.includes('-') ? (i: { readonly key: string }) => regex.test(i.key) : (i: { readonly base: string }) => regex.test(i.base);
  });
  return (instrument) => tests.some((test) => test(instrument));
}
