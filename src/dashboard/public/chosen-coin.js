// The chosen coin lives in the URL: `/?coin=ETH` (links and bookmarks), or `#ETH` (older links).

const COIN = /^[A-Z0-9]{1,20}$/;

/** `text` as a coin symbol, upper case; undefined when it is not one. */
export function coinNamed(text) {
  const coin = (text ?? '').toUpperCase();
  return COIN.test(coin) ? coin : undefined;
}

/** The coin the URL names: `?coin=`, else `#`; undefined when it names none. */
export function coinInLocation() {
  return coinNamed(new URLSearchParams(location.search).get('coin')) ?? coinNamed(location.hash.slice(1));
}

/** Puts the chosen coin in the URL as `?coin=`: a new history entry, or in place of the current one. */
export function showCoinInLocation(coin, { replace = false } = {}) {
  const url = new URL(location.href);
  url.search = `?coin=${encodeURIComponent(coin)}`;
  url.hash = '';
  if (url.href === location.href) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}
