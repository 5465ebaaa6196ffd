// Number, time and age formats of the page.

// One formatter per digit count: toLocaleString would build a new one on every call.
const formatters = new Map();
function formatter(digits) {
  let f = formatters.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f;
}

/** A price with as many decimals as its size calls for; '' for none. */
export function fmtPrice(p) {
  if (p === null || p === undefined) return '';
  const digits = p >= 1000 ? 2 : p >= 1 ? 4 : p >= 0.01 ? 6 : 8;
  return formatter(digits).format(p);
}

export const fmtNum = (n, d = 2) => (n === null || n === undefined ? '' : formatter(d).format(n));
export const fmtTime = (ts) => new Date(ts).toISOString().slice(11, 23);
export const fmtAge = (ms) =>
  ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
/** An age in the table, in steps a person reads at a glance (`< 1 s`, `4 s`, `3 min`): 50 rows do not change text on every update. */
export const fmtRowAge = (ms) => (ms < 1000 ? '< 1 s' : ms < 120_000 ? `${Math.floor(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
/** An expiry day `20261226` as `26 Dec 26`. */
export const fmtDay = (day) =>
  new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`)
    .toUTCString()
    .slice(5, 16)
    .replace(/ (\d\d)(\d\d)$/, ' $2');
