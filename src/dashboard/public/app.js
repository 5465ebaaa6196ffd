// market-feed dashboard page: one EventSource, DOM updates batched into animation frames.
const HOUR_MS = 3_600_000;
const $ = (selector) => document.querySelector(selector);

/** Render counters the benchmark reads: frames drawn and the time spent drawing, ms. */
const stats = { views: 0, renders: 0, renderMs: 0, maxRenderMs: 0 };
window.dashboardStats = stats;

let chosen = (location.hash.slice(1) || 'BTC').toUpperCase();
let latest = null;
let scheduled = false;
let source = null;

function connect() {
  source?.close();
  source = new EventSource(`/events?coin=${encodeURIComponent(chosen)}`);
  source.onopen = () => setPill($('#stream'), 'connected', 'page: live');
  source.onerror = () => setPill($('#stream'), 'unreachable', 'page: dashboard server unreachable, retrying');
  source.onmessage = (event) => {
    latest = JSON.parse(event.data);
    stats.views++;
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(render);
    }
  };
}

function setPill(el, state, text) {
  if (el.dataset.state !== state) el.dataset.state = state;
  setText(el, text);
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

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

function fmtPrice(p) {
  if (p === null || p === undefined) return '';
  const digits = p >= 1000 ? 2 : p >= 1 ? 4 : p >= 0.01 ? 6 : 8;
  return formatter(digits).format(p);
}
const fmtNum = (n, d = 2) => (n === null || n === undefined ? '' : formatter(d).format(n));
const fmtTime = (ts) => new Date(ts).toISOString().slice(11, 23);
const fmtAge = (ms) => (ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`);

function render() {
  scheduled = false;
  const view = latest;
  if (view === null) return;
  const started = performance.now();
  const health = view.health;
  const since = fmtAge(view.now - health.kafkaSince);
  setPill($('#kafka'), health.kafka, health.kafka === 'connected' ? 'Kafka: connected' : `Kafka: ${health.kafka} for ${since}`);
  const banner = $('#banner');
  const trouble = health.kafka === 'unreachable' ? `Kafka is unreachable (${health.kafkaError ?? 'no answer'}); reconnecting. Figures below are as of ${since} ago.` : '';
  banner.hidden = trouble === '';
  setText(banner, trouble);
  setText($('#clock'), new Date(view.now).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');
  renderVenues(view);
  renderCoins(view);
  renderDetail(view);
  renderHealth(view);
  const took = performance.now() - started;
  stats.renders++;
  stats.renderMs += took;
  stats.maxRenderMs = Math.max(stats.maxRenderMs, took);
}

function venueIds(view) {
  return [...new Set([...Object.keys(view.venues.venues), ...Object.keys(view.timelines)])];
}

/** The timelines' span: the last hour, or since the first status when that is less (two minutes at least). */
function timelineSpan(view) {
  let first = view.now;
  for (const t of Object.values(view.timelines)) for (const s of t?.segments ?? []) first = Math.min(first, s.from);
  return Math.min(HOUR_MS, Math.max(120_000, view.now - first));
}

function renderVenues(view) {
  const body = $('#venues tbody');
  const span = timelineSpan(view);
  setText($('#timeline-span'), span >= HOUR_MS ? 'last hour' : `last ${Math.round(span / 60_000)} min`);
  for (const id of venueIds(view)) {
    let row = body.querySelector(`tr[data-venue="${id}"]`);
    if (row === null) {
      row = document.createElement('tr');
      row.dataset.venue = id;
      row.innerHTML = `<td class="name"></td><td><span class="state"></span></td><td class="since muted"></td><td class="shards muted"></td><td><svg class="timeline" viewBox="0 0 3600 10" preserveAspectRatio="none"></svg></td>`;
      body.append(row);
    }
    const venue = view.venues.venues[id];
    setText(row.querySelector('.name'), `${id}${venue?.active || view.venues.activeExchange === id ? ' (active)' : ''}`);
    const state = view.venues.allDown && venue !== undefined ? 'all_down' : venue?.state ?? 'unknown';
    const el = row.querySelector('.state');
    if (el.dataset.state !== state) el.dataset.state = state;
    setText(el, state.replace('_', ' '));
    el.title = venue?.reason ?? '';
    setText(row.querySelector('.since'), venue === undefined ? '' : fmtAge(view.now - venue.since));
    const shards = Object.entries(venue?.shards ?? {});
    setText(row.querySelector('.shards'), shards.length <= 1 ? '' : shards.map(([, s]) => s).join(', '));
    drawTimeline(row.querySelector('svg'), view.timelines[id], view.now, span);
  }
}

function drawTimeline(svg, timeline, now, span) {
  const start = now - span;
  const x = (ts) => Math.max(0, ((ts - start) / span) * 3600);
  const parts = [];
  for (const s of timeline?.segments ?? []) {
    const from = x(s.from);
    const to = x(s.to ?? now);
    if (to > from) parts.push(`<rect class="seg-${s.state}" x="${from.toFixed(1)}" y="0" width="${(to - from).toFixed(1)}" height="10"><title>${s.state} ${fmtTime(s.from)}</title></rect>`);
  }
  for (const m of timeline?.marks ?? []) {
    parts.push(`<line class="mark" x1="${x(m.ts).toFixed(1)}" x2="${x(m.ts).toFixed(1)}" y1="0" y2="10"><title>${m.kind} ${fmtTime(m.ts)} ${escapeHtml(m.detail)}</title></line>`);
  }
  const html = parts.join('');
  if (svg.dataset.html !== html) {
    svg.dataset.html = html;
    svg.innerHTML = html;
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function coinRow(body, coin) {
  let row = body.querySelector(`tr[data-coin="${coin}"]`);
  if (row !== null) return row;
  row = document.createElement('tr');
  row.dataset.coin = coin;
  row.innerHTML = `<td class="coin"></td><td class="venue"></td><td class="num price"></td><td class="num change"></td><td><svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline points=""/></svg></td><td class="num rate"></td><td><span class="ratio"><i></i></span> <span class="ratio-text"></span></td><td class="num age muted"></td>`;
  row.addEventListener('click', () => choose(coin));
  body.append(row);
  return row;
}

function renderCoins(view) {
  const body = $('#coins tbody');
  $('#no-coins').hidden = view.coins.length > 0;
  const order = view.coins.map((c) => c.coin).join(',');
  if (body.dataset.order !== order) {
    body.dataset.order = order;
    for (const c of view.coins) body.append(coinRow(body, c.coin));
  }
  for (const c of view.coins) {
    const row = coinRow(body, c.coin);
    row.classList.toggle('chosen', c.coin === chosen);
    setText(row.querySelector('.coin'), c.coin);
    const venue = row.querySelector('.venue');
    const venueHtml = `${c.exchange}${c.isFallback ? '<span class="badge fallback" title="from a fallback venue">FALLBACK</span>' : ''}${c.env === 'testnet' ? '<span class="badge testnet" title="env=testnet: not a real market price">TESTNET</span>' : ''}`;
    if (venue.innerHTML !== venueHtml) venue.innerHTML = venueHtml;
    setText(row.querySelector('.price'), fmtPrice(c.price));
    const change = row.querySelector('.change');
    setText(change, c.change24hPct === null ? '' : `${c.change24hPct >= 0 ? '+' : ''}${c.change24hPct.toFixed(2)}%`);
    change.className = `num change ${c.change24hPct === null ? '' : c.change24hPct >= 0 ? 'up' : 'down'}`;
    const points = sparkPoints(c.spark);
    const line = row.querySelector('polyline');
    if (line.getAttribute('points') !== points) line.setAttribute('points', points);
    setText(row.querySelector('.rate'), fmtNum(c.tradesPerSecond, 1));
    const width = c.buyRatio === null ? '0%' : `${(c.buyRatio * 100).toFixed(0)}%`;
    const bar = row.querySelector('.ratio > i');
    if (bar.style.width !== width) bar.style.width = width;
    setText(row.querySelector('.ratio-text'), c.buyRatio === null ? '' : `${(c.buyRatio * 100).toFixed(0)}%`);
    setText(row.querySelector('.age'), fmtAge(c.ageMs));
  }
}

function sparkPoints(prices) {
  if (prices.length < 2) return '';
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const span = hi - lo || 1;
  const step = 100 / (prices.length - 1);
  return prices.map((p, i) => `${(i * step).toFixed(1)},${(19 - ((p - lo) / span) * 18).toFixed(1)}`).join(' ');
}

function renderDetail(view) {
  const detail = view.chosen;
  setText($('#detail-title'), `${chosen}: time and sales, windowed stats, order book`);
  if (detail === undefined) return;
  const sales = detail.sales
    .slice(0, 28)
    .map((s) => `<tr class="${s.largeRatio === undefined ? '' : 'large'}" title="${s.largeRatio === undefined ? '' : `large: ${s.largeRatio.toFixed(1)}x the mean`}"><td>${fmtTime(s.ts)}</td><td>${s.exchange}</td><td class="${s.side}">${s.side}</td><td class="num">${fmtPrice(s.price)}</td><td class="num">${fmtNum(s.quantity, 4)}</td></tr>`)
    .join('');
  setHtml($('#sales tbody'), sales);
  const stats = Object.values(detail.stats)
    .sort((a, b) => a.windowMs - b.windowMs)
    .map((w) => `<tr><td>${w.windowMs >= 60_000 ? `${w.windowMs / 60_000} min` : `${w.windowMs / 1000} s`}${w.complete ? '' : ' <span class="muted" title="overlaps a stale period, failover or gap">(partial)</span>'}</td><td class="num">${w.tradeCount}</td><td class="num">${fmtPrice(w.vwap)}</td><td class="num">${w.buyRatio === undefined ? '' : `${(w.buyRatio * 100).toFixed(0)}%`}</td><td>${w.flow}</td><td class="num">${w.largeTradeCount}</td></tr>`)
    .join('');
  setHtml($('#stats tbody'), stats);
  renderBook(detail);
}

function setHtml(el, html) {
  if (el.dataset.html !== html) {
    el.dataset.html = html;
    el.innerHTML = html;
  }
}

function renderBook(detail) {
  const book = detail.book;
  const figures = detail.bookStats ?? {};
  const bids = Array.isArray(book?.bids) ? book.bids.slice(0, 10) : [];
  const asks = Array.isArray(book?.asks) ? book.asks.slice(0, 10) : [];
  const bestBid = figures.bestBid ?? bids[0]?.price;
  const bestAsk = figures.bestAsk ?? asks[0]?.price;
  const spread = figures.spread ?? (bestBid !== undefined && bestAsk !== undefined ? bestAsk - bestBid : undefined);
  const bidSize = bids.reduce((s, l) => s + l.size, 0);
  const askSize = asks.reduce((s, l) => s + l.size, 0);
  const imbalance = figures.imbalance ?? (bidSize + askSize > 0 ? (bidSize - askSize) / (bidSize + askSize) : undefined);
  const el = $('#book-figures');
  if (book === undefined && detail.bookStats === undefined) {
    setText(el, 'no book records (market.book-snapshots.v1 / market.book-stats.v1)');
  } else {
    setText(el, `spread ${fmtPrice(spread)}${figures.spreadBps === undefined ? '' : ` (${fmtNum(figures.spreadBps, 2)} bps)`} · imbalance ${imbalance === undefined ? '' : fmtNum(imbalance, 3)} · mid ${fmtPrice(figures.mid ?? (bestBid !== undefined && bestAsk !== undefined ? (bestBid + bestAsk) / 2 : undefined))}`);
  }
  const rows = [];
  for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
    rows.push(`<tr><td class="num">${fmtNum(bids[i]?.size, 4)}</td><td class="num up">${fmtPrice(bids[i]?.price)}</td><td class="num down">${fmtPrice(asks[i]?.price)}</td><td class="num">${fmtNum(asks[i]?.size, 4)}</td></tr>`);
  }
  setHtml($('#book tbody'), rows.join(''));
}

function renderHealth(view) {
  const h = view.health;
  const rate = (n) => (n === undefined ? '–' : `${fmtNum(n, 0)} /s`);
  const items = [
    ['Kafka (dashboard)', `<span class="${h.kafka === 'connected' ? 'up' : 'bad'}">${h.kafka}</span>`],
    ['records in', h.rateSource === 'metrics' ? rate(h.inPerSecond) : '– (give --metrics-url)'],
    [h.rateSource === 'metrics' ? 'records acknowledged' : 'records appended to topics', rate(h.ackedPerSecond)],
    ['Kafka lag (dashboard)', h.lag === undefined ? '–' : fmtNum(h.lag, 0)],
    ['spool', h.spoolRecords === undefined ? '– (give --metrics-url)' : `${fmtNum(h.spoolRecords, 0)} records`],
    ['dead letters', h.deadLetters === undefined ? '–' : `<span class="${h.deadLetters > 0 ? 'bad' : ''}">${fmtNum(h.deadLetters, 0)}</span>`],
    ['undecodable', `<span class="${h.undecodable > 0 ? 'bad' : ''}" title="${escapeHtml(h.lastUndecodable ?? '')}">${h.undecodable}</span>${h.lastUndecodable ? ` <span class="muted">${escapeHtml(h.lastUndecodable.slice(0, 80))}</span>` : ''}`],
    ['records read', Object.entries(view.counts).map(([k, n]) => `${k} ${n}`).join(', ') || '0'],
    ...(h.metricsError === undefined ? [] : [['metrics', `<span class="bad">${escapeHtml(h.metricsError)}</span>`]]),
  ];
  setHtml($('#health'), items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join(''));
}

function choose(coin) {
  chosen = coin;
  location.hash = coin;
  connect();
}

window.addEventListener('hashchange', () => {
  const coin = location.hash.slice(1).toUpperCase();
  if (coin !== '' && coin !== chosen) choose(coin);
});
connect();
