import { setPill, setText } from './dom-writes.js';
import { fmtAge } from './formatters.js';

const $ = (selector) => document.querySelector(selector);

/** The header: the dashboard's Kafka connection, the banner while it is down, and the view's clock. */
export function renderHeader(view) {
  const health = view.health;
  const since = fmtAge(view.now - health.kafkaSince);
  setPill($('#kafka'), health.kafka, health.kafka === 'connected' ? 'Kafka: connected' : `Kafka: ${health.kafka} for ${since}`);
  const banner = $('#banner');
  const trouble =
    health.kafka === 'unreachable' ? `Kafka is unreachable (${health.kafkaError ?? 'no answer'}); reconnecting. Figures below are as of ${since} ago.` : '';
  banner.hidden = trouble === '';
  setText(banner, trouble);
  setText($('#clock'), new Date(view.now).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');
}
