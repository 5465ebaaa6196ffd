import { escapeHtml, setHtml } from './dom-writes.js';
import { fmtNum } from './formatters.js';

/** The pipeline panel: Kafka, rates, lag, spool, dead letters, undecodable values, records read. */
export function renderHealth(view) {
  const h = view.health;
  const rate = (n) => (n === undefined ? '–' : `${fmtNum(n, 0)} /s`);
  const items = [
    ['Kafka (dashboard)', `<span class="${h.kafka === 'connected' ? 'up' : 'bad'}">${h.kafka}</span>`],
    ['records in', h.rateSource === 'metrics' ? rate(h.inPerSecond) : '– (give --metrics-url)'],
    [h.rateSource === 'metrics' ? 'records acknowledged' : 'records appended to topics', rate(h.ackedPerSecond)],
    ['Kafka lag (dashboard)', h.lag === undefined ? '–' : fmtNum(h.lag, 0)],
    ['spool', h.spoolRecords === undefined ? '– (give --metrics-url)' : `${fmtNum(h.spoolRecords, 0)} records`],
    ['dead letters', h.deadLetters === undefined ? '–' : `<span class="${h.deadLetters > 0 ? 'bad' : ''}">${fmtNum(h.deadLetters, 0)}</span>`],
    [
      'undecodable',
      `<span class="${h.undecodable > 0 ? 'bad' : ''}" title="${escapeHtml(h.lastUndecodable ?? '')}">${h.undecodable}</span>${h.lastUndecodable ? ` <span class="muted">${escapeHtml(h.lastUndecodable.slice(0, 80))}</span>` : ''}`,
    ],
    [
      'records read',
      Object.entries(view.counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '0',
    ],
    ...(h.metricsError === undefined ? [] : [['metrics', `<span class="bad">${escapeHtml(h.metricsError)}</span>`]]),
  ];
  setHtml(document.querySelector('#health'), items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join(''));
}
