import { setText } from './dom-writes.js';
import { fmtAge } from './formatters.js';
import { renderTimeline } from './render-timeline.js';

const HOUR_MS = 3_600_000;

function venueIds(view) {
  return [...new Set([...Object.keys(view.venues.venues), ...Object.keys(view.timelines)])];
}

/** The timelines' span: the last hour, or since the first status when that is less (two minutes at least). */
function timelineSpan(view) {
  let first = view.now;
  for (const t of Object.values(view.timelines)) for (const s of t?.segments ?? []) first = Math.min(first, s.from);
  return Math.min(HOUR_MS, Math.max(120_000, view.now - first));
}

/** The venues table: state, since when, shards, and each venue's timeline. */
export function renderVenues(view) {
  const body = document.querySelector('#venues tbody');
  const span = timelineSpan(view);
  setText(document.querySelector('#timeline-span'), span >= HOUR_MS ? 'last hour' : `last ${Math.round(span / 60_000)} min`);
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
    renderTimeline(row.querySelector('svg'), view.timelines[id], view.now, span);
  }
}
