import { describe, expect, it } from 'vitest';
import { initialHealth, metricSum, rateBetween, withCounter, withKafka } from './pipeline-health.js';

describe('pipeline health', () => {
  it('turns two readings of a counter into a rate per second, and none for the first, a reset or no time', () => {
    expect(rateBetween(undefined, { at: 1000, value: 5 })).toBeUndefined();
    expect(rateBetween({ at: 1000, value: 5 }, { at: 3000, value: 105 })).toBe(50);
    expect(rateBetween({ at: 1000, value: 500 }, { at: 3000, value: 10 })).toBeUndefined();
    expect(rateBetween({ at: 1000, value: 5 }, { at: 1000, value: 9 })).toBeUndefined();
    const health = withCounter(withCounter(initialHealth(0, 'metrics'), 'in', 'inPerSecond', { at: 0, value: 0 }), 'in', 'inPerSecond', {
      at: 500,
      value: 100,
    });
    expect(health.inPerSecond).toBe(200);
  });

  it('keeps when the Kafka state last changed and the error only while unreachable', () => {
    const down = withKafka(withKafka(initialHealth(0, 'topics'), 'unreachable', 10, 'refused'), 'unreachable', 20, 'refused again');
    expect(down).toMatchObject({ kafka: 'unreachable', kafkaSince: 10, kafkaError: 'refused again' });
    const up = withKafka(down, 'connected', 30);
    expect(up.kafkaSince).toBe(30);
    expect(up.kafkaError).toBeUndefined();
  });

  it('sums every series of a metric in an exposition, filtered by labels, and says when there is none', () => {
    const text = [
      '# HELP market_feed_records_out_total Records acknowledged',
      'market_feed_records_out_total{topic="market.trades.v1"} 120',
      'market_feed_records_out_total{topic="market.ticks.v1"} 30',
      'market_feed_records_out_total_other 7',
      'market_feed_spool_records 4',
    ].join('\n');
    expect(metricSum(text, 'market_feed_records_out_total')).toBe(150);
    expect(metricSum(text, 'market_feed_records_out_total', { topic: 'market.ticks.v1' })).toBe(30);
    expect(metricSum(text, 'market_feed_spool_records')).toBe(4);
    expect(metricSum(text, 'market_feed_events_in_total')).toBeUndefined();
  });
});
