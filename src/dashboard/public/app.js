// market-feed dashboard page, the entry module: one EventSource for the chosen coin, the renderers
// (one module each) run at most once per animation frame.
import { coinInLocation, coinNamed, showCoinInLocation } from './chosen-coin.js';
import { setPill, setText } from './dom-writes.js';
import { renderBook } from './render-book.js';
import { renderCoins } from './render-coins.js';
import { renderHeader } from './render-header.js';
import { renderHealth } from './render-health.js';
import { renderSales } from './render-sales.js';
import { renderVenues } from './render-venues.js';
import { renderWindowStats } from './render-window-stats.js';

/** Render counters the benchmark reads: frames drawn and the time spent drawing, ms. */
const stats = { views: 0, renders: 0, renderMs: 0, maxRenderMs: 0 };
window.dashboardStats = stats;

let chosen = coinInLocation() ?? 'BTC';
let latest = null;
let scheduled = false;
let source = null;

function connect() {
  source?.close();
  latest = null;
  const stream = document.querySelector('#stream');
  source = new EventSource(`/events?coin=${encodeURIComponent(chosen)}`);
  source.onopen = () => setPill(stream, 'connected', 'page: live');
  source.onerror = () => setPill(stream, 'unreachable', 'page: dashboard server unreachable, retrying');
  source.onmessage = (event) => {
    latest = JSON.parse(event.data);
    stats.views++;
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(render);
    }
  };
}

function render() {
  scheduled = false;
  const view = latest;
  if (view === null) return;
  const started = performance.now();
  renderHeader(view);
  renderVenues(view);
  renderCoins(view, chosen, choose);
  setText(document.querySelector('#detail-title'), `${chosen}: time and sales, windowed stats, order book`);
  if (view.chosen !== undefined) {
    renderSales(view.chosen);
    renderWindowStats(view.chosen);
    renderBook(view.chosen);
  }
  renderHealth(view);
  const took = performance.now() - started;
  stats.renders++;
  stats.renderMs += took;
  stats.maxRenderMs = Math.max(stats.maxRenderMs, took);
}

function open(coin) {
  if (coin === chosen) return;
  chosen = coin;
  connect();
}

/** A click on a coin's row: the page follows it and the URL says so (`?coin=`). */
function choose(coin) {
  showCoinInLocation(coin);
  open(coin);
}

// Back and forward, and an edited `#COIN` (which becomes `?coin=` in its place).
window.addEventListener('popstate', () => open(coinInLocation() ?? 'BTC'));
window.addEventListener('hashchange', () => {
  const coin = coinNamed(location.hash.slice(1));
  if (coin === undefined) return;
  showCoinInLocation(coin, { replace: true });
  open(coin);
});
connect();
