// The chosen instrument lives in the URL: `/?instrument=ETH-USDC` (a perpetual: `BTC-USDT-PERP`), or `/?coin=ETH` (that coin's busiest
// instrument), or `#ETH` / `#ETH-USDC` (older links). The table's filter rides along as `&filter=`.

const COIN = /^[A-Z0-9]{1,20}$/;
const INSTRUMENT = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,12}(-PERP)?$/;

/** `text` as a choice: `{ instrument }` for BASE-QUOTE (or BASE-QUOTE-PERP), `{ coin }` for a coin symbol; undefined for neither. */
export function choiceNamed(text) {
  const name = (text ?? '').toUpperCase().replace('/', '-');
  if (INSTRUMENT.test(name)) return { instrument: name };
  if (COIN.test(name)) return { coin: name };
  return undefined;
}

/** The choice the URL names: `?instrument=`, else `?coin=`, else `#`; undefined when it names none. */
export function choiceInLocation() {
  const query = new URLSearchParams(location.search);
  const instrument = choiceNamed(query.get('instrument'));
  if (instrument?.instrument !== undefined) return instrument;
  const coin = choiceNamed(query.get('coin'));
  if (coin?.coin !== undefined) return coin;
  return choiceNamed(decodeURIComponent(location.hash.slice(1)));
}

/** The filter the URL carries, '' for none. */
export function filterInLocation() {
  return new URLSearchParams(location.search).get('filter') ?? '';
}

/** The query of a choice and filter: `instrument=` or `coin=`, then `filter=` when there is one. */
export function queryOf(choice, filter) {
  const query = new URLSearchParams();
  if (choice?.instrument !== undefined) query.set('instrument', choice.instrument);
  else if (choice?.coin !== undefined) query.set('coin', choice.coin);
  if (filter !== '') query.set('filter', filter);
  return query;
}

/** Puts the choice and filter in the URL: a new history entry, or in place of the current one. */
export function showInLocation(choice, filter, { replace = false } = {}) {
  const url = new URL(location.href);
  const query = queryOf(choice, filter).toString();
  url.search = query === '' ? '' : `?${query}`;
  url.hash = '';
  if (url.href === location.href) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}
