import { setText } from './dom-writes.js';
import { fmtAge } from './formatters.js';
import { renderTimeline } from './render-timeline.js';

const HOUR_MS = 3_600_000;
/** Shard states in the order the counts name them. */
const ORDER = ['subscribed', 'connected', 'connecting', 'reconnecting', 'stale', 'failed_over', 'standby', 'all_down', 'down', 'geo_blocked', 'disconnected'];
/** Venues whose shards are listed under their row (a click on the row toggles it). */
const expanded = new Set();
/** The view last drawn, to redraw at once when a venue is expanded or folded. */
let latestView = null;

function venueIds(view) {
  return [...new Set([...Object.keys(view.venues.venues), ...Object.keys(view.timelines), ...Object.keys(view.venues.catalogs ?? {})])];
}

/** The timelines' span: the last hour, or since the first status when that is less (two minutes at least). */
function timelineSpan(view) {
  let first = view.now;
  for (const t of Object.values(view.timelines)) for (const s of t?.segments ?? []) first = Math.min(first, s.from);
  return Math.min(HOUR_MS, Math.max(120_000, view.now - first));
}

/** How many of a venue's shards are in each state, as `state count` pairs in a fixed order. */
function counts(venue) {
  const by = new Map();
  for (const shard of Object.values(venue?.shards ?? {})) by.set(shard.state, (by.get(shard.state) ?? 0) + 1);
  return [...by].sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
}

function shardRow(venueRow, venue, id) {
  const key = `${venue}/${id}`;
  let row = venueRow.parentElement.querySelector(`tr.shard-row[data-key="${key}"]`);
  if (row === null) {
    row = document.createElement('tr');
    row.className = 'shard-row';
    row.dataset.key = key;
    row.dataset.venue = venue;
    row.dataset.shard = id;
    row.innerHTML = `<td class="name"></td><td><span class="state"></span></td><td class="since muted"></td><td class="shards muted"></td><td><svg class="timeline" viewBox="0 0 3600 10" preserveAspectRatio="none"></svg></td>`;
  }
  return row;
}

function state(el, value, title) {
  if (el.dataset.state !== value) el.dataset.state = value;
  setText(el, value.replace('_', ' '));
  if (el.title !== title) el.title = title;
}

/** The venues table: per venue its state (its shards' when they agree, else `partial`), how many shards are in which state, and its timeline; a click lists its shards, each with its own. */
export function renderVenues(view) {
  const body = document.querySelector('#venues tbody');
  const span = timelineSpan(view);
  setText(document.querySelector('#timeline-span'), span >= HOUR_MS ? 'last hour' : `last ${Math.round(span / 60_000)} min`);
  let after = null;
  for (const id of venueIds(view)) {
    let row = body.querySelector(`tr.venue-row[data-venue="${id}"]`);
    if (row === null) {
      row = document.createElement('tr');
      row.className = 'venue-row';
      row.dataset.venue = id;
      row.innerHTML = `<td class="name"><span class="venue-id"></span> <span class="note" data-note="active"></span> <span class="note" data-note="catalog"></span></td><td><span class="state"></span></td><td class="since muted"></td><td class="shards"></td><td><svg class="timeline" viewBox="0 0 3600 10" preserveAspectRatio="none"></svg></td>`;
      row.addEventListener('click', () => {
        if (expanded.has(id)) expanded.delete(id);
        else expanded.add(id);
        row.classList.toggle('expanded', expanded.has(id));
        if (latestView !== null) renderVenues(latestView);
      });
    }
    if (row.previousElementSibling !== after || row.parentElement !== body) {
      if (after === null) body.prepend(row);
      else after.after(row);
    }
    after = row;
    const venue = view.venues.venues[id];
    const catalog = view.venues.catalogs?.[id];
    // The venue's name, then what is said of it, each note wrapping to a line of its own rather than running into the state.
    setText(row.querySelector('.venue-id'), id);
    setText(row.querySelector('[data-note="active"]'), venue?.active || view.venues.activeExchange === id ? '(active)' : '');
    setText(row.querySelector('[data-note="catalog"]'), catalog === 'stale' ? '· list stale' : '');
    state(row.querySelector('.state'), view.venues.allDown && venue !== undefined ? 'all_down' : (venue?.state ?? 'unknown'), venue?.reason ?? '');
    setText(row.querySelector('.since'), venue === undefined ? '' : fmtAge(view.now - venue.since));
    const shardCounts = counts(venue);
    const cell = row.querySelector('.shards');
    const html =
      shardCounts.length === 0
        ? ''
        : `${shardCounts.map(([s, n]) => `<span class="count" data-state="${s}" data-count="${n}">${n} ${s.replace('_', ' ')}</span>`).join(' · ')}`;
    if (cell.dataset.html !== html) {
      cell.dataset.html = html;
      cell.innerHTML = html;
    }
    cell.title = shardCounts.length === 0 ? '' : `${Object.keys(venue.shards).length} shards; click for each`;
    renderTimeline(row.querySelector('svg'), view.timelines[id], view.now, span);
    // The venue's shards under it while it is expanded, in id order (s2 before s10).
    const ids = expanded.has(id) ? Object.keys(venue?.shards ?? {}).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
    const keep = new Set(ids.map((s) => `${id}/${s}`));
    for (const old of body.querySelectorAll(`tr.shard-row[data-venue="${id}"]`)) if (!keep.has(old.dataset.key)) old.remove();
    for (const shardId of ids) {
      const shard = venue.shards[shardId];
      const sub = shardRow(row, id, shardId);
      if (after.nextElementSibling !== sub) after.after(sub);
      after = sub;
      setText(sub.querySelector('.name'), `${shardId}${shard.active ? ' (active)' : ''}`);
      state(sub.querySelector('.state'), shard.state, shard.reason);
      setText(sub.querySelector('.since'), fmtAge(view.now - shard.since));
      setText(sub.querySelector('.shards'), `${shard.instruments} instruments`);
      renderTimeline(sub.querySelector('svg'), view.timelines[id]?.shards?.[shardId], view.now, span);
    }
  }
  latestView = view;
}
