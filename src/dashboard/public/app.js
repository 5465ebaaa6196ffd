// market-feed dashboard page, the entry module: one EventSource for the chosen instrument and the
// table's filter, the renderers (one module each) run at most once per animation frame.
import { choiceInLocation, choiceNamed, filterInLocation, queryOf, showInLocation } from './chosen-instrument.js';
import { setPill, setText } from './dom-writes.js';
import { renderBook } from './render-book.js';
import { renderChosen } from './render-chosen.js';
import { renderPerpetual } from './render-perpetual.js';
import { renderHeader } from './render-header.js';
import { renderHealth } from './render-health.js';
import { renderInstruments } from './render-instruments.js';
import { renderOptions } from './render-options.js';
import { renderSales } from './render-sales.js';
import { renderVenues } from './render-venues.js';
import { renderWindowStats } from './render-window-stats.js';

/**
 * Render counters the benchmark and the browser test read: views received, frames drawn, the time spent
 * drawing (ms), the longest render and how many took 50 ms or more (a long task).
 */
const stats = { views: 0, renders: 0, renderMs: 0, maxRenderMs: 0, longRenders: 0, bytes: 0 };
window.dashboardStats = stats;

/** Rows asked for: the first page, and how many more each "show more" adds. */
const PAGE_ROWS = 50;
const MAX_ROWS = 500;

let choice = choiceInLocation() ?? { coin: 'BTC' };
let filter = filterInLocation();
let limit = PAGE_ROWS;
/** The option chain, its venue and expiry the options panel shows (`?chain=`, `?venue=`, `?expiry=` of the stream); the server's default until one is chosen. */
let optionChoice = { chain: undefined, venue: undefined, expiry: undefined };
let latest = null;
let scheduled = false;
let source = null;

const $ = (selector) => document.querySelector(selector);

/** The filter as the server reads it: the quote menu's `quote:` term, then the box's text. */
function filterText() {
  const quote = $('#quote').value;
  const box = $('#filter').value.trim();
  return [quote === '' ? '' : `quote:${quote}`, box].filter((t) => t !== '').join(' ');
}

function connect() {
  source?.close();
  const stream = $('#stream');
  const query = queryOf(choice, filterText());
  if (limit !== PAGE_ROWS) query.set('limit', String(limit));
  if (optionChoice.chain !== undefined) query.set('chain', optionChoice.chain);
  if (optionChoice.venue !== undefined) query.set('venue', optionChoice.venue);
  if (optionChoice.expiry !== undefined) query.set('expiry', optionChoice.expiry);
  source = new EventSource(`/events?${query}`);
  source.onopen = () => setPill(stream, 'connected', 'page: live');
  source.onerror = () => setPill(stream, 'unreachable', 'page: dashboard server unreachable, retrying');
  source.onmessage = (event) => {
    latest = JSON.parse(event.data);
    stats.views++;
    stats.bytes += event.data.length;
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(render);
    }
  };
}

/** The instrument the page shows: the one asked for, or what the server made of `?coin=`. */
const chosenInstrument = (view) => view.chosen?.instrument ?? choice.instrument;

function render() {
  scheduled = false;
  const view = latest;
  if (view === null) return;
  const started = performance.now();
  renderHeader(view);
  renderVenues(view);
  renderInstruments(view, chosenInstrument(view), choose);
  if (view.chosen !== undefined) {
    renderChosen(view.chosen);
    renderSales(view.chosen);
    renderWindowStats(view.chosen);
    renderBook(view.chosen);
    renderPerpetual(view.chosen, view.now);
  }
  renderOptions(view, chooseChain, chooseExpiry);
  renderHealth(view);
  const took = performance.now() - started;
  stats.renders++;
  stats.renderMs += took;
  stats.maxRenderMs = Math.max(stats.maxRenderMs, took);
  if (took >= 50) stats.longRenders++;
}

function open(next) {
  if (next.instrument === choice.instrument && next.coin === choice.coin) return;
  choice = next;
  setText($('#detail-title'), `${next.instrument ?? next.coin}: time and sales, windowed stats, order book`);
  connect();
}

/** A click on an instrument's row: the page follows it and the URL says so (`?instrument=`). */
function choose(instrument) {
  showInLocation({ instrument }, filter);
  open({ instrument });
}

/** Another chain in the options panel (`okx_options/BTC-USD`: venue and chain): its nearest expiry. */
function chooseChain(key) {
  const at = key.indexOf('/');
  optionChoice = { chain: key.slice(at + 1), venue: key.slice(0, at), expiry: undefined };
  connect();
}

/** Another expiry of the chain shown. */
function chooseExpiry(expiry) {
  if (expiry === latest?.options?.chosen?.expiry) return;
  optionChoice = { chain: latest?.options?.chosen?.id, venue: latest?.options?.chosen?.exchange, expiry };
  connect();
}

/** The filter changed (typing pauses 150 ms): the server is asked for the rows it matches, and the URL keeps it. */
let typing;
function filterChanged() {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const next = filterText();
    if (next === filter) return;
    filter = next;
    limit = PAGE_ROWS;
    showInLocation(choice, filter, { replace: true });
    connect();
  }, 150);
}

function restoreFilter(text) {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  const quote = terms.find((t) => /^quote:/i.test(t));
  $('#filter').value = terms.filter((t) => t !== quote).join(' ');
  const menu = $('#quote');
  if (quote !== undefined) {
    const q = quote.slice(6).toUpperCase();
    if (![...menu.options].some((o) => o.value === q)) menu.add(new Option(q, q));
    menu.value = q;
  } else menu.value = '';
}

$('#filter').addEventListener('input', filterChanged);
$('#quote').addEventListener('change', filterChanged);
$('#more').addEventListener('click', () => {
  limit = Math.min(MAX_ROWS, limit + PAGE_ROWS);
  connect();
});
// Back and forward, and an edited `#BTC-USDC` (which becomes `?instrument=` in its place).
window.addEventListener('popstate', () => {
  filter = filterInLocation();
  restoreFilter(filter);
  const next = choiceInLocation() ?? { coin: 'BTC' };
  if (next.instrument === choice.instrument && next.coin === choice.coin) connect();
  else open(next);
});
window.addEventListener('hashchange', () => {
  const next = choiceNamed(decodeURIComponent(location.hash.slice(1)));
  if (next === undefined) return;
  showInLocation(next, filter, { replace: true });
  open(next);
});
restoreFilter(filter);
filter = filterText();
setText($('#detail-title'), `${choice.instrument ?? choice.coin}: time and sales, windowed stats, order book`);
connect();
