/**
 * Records/s of the sink's encoding (Avro, framed as single-object and as Confluent wire format,
 * with validation and the Kafka message envelope) beside `JSON.stringify` of the same records.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFrameNormalizer } from '../src/exchanges/frame-normalizer.js';
import type { FeedRecord } from '../src/model/index.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { SchemaRegistryClient } from '../src/sink/schema-registry-client.js';
import { sinkTopics } from '../src/sink/sink-topics.js';
import { compareRates, formatTable, type BenchRow } from './bench-report.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/exchange-frames/', import.meta.url));

/** A registry that answers every registration with id 1, so Confluent framing runs without a server. */
class FixedIdRegistry extends SchemaRegistryClient {
  constructor() {
    super('http://127.0.0.1:0');
  }

  override register(): Promise<number> {
    return Promise.resolve(1);
  }
}

/** Normalized records of the real trade and ticker frames. */
function records(kind: 'trade' | 'price_tick'): readonly FeedRecord[] {
  const files = kind === 'trade' ? ['bybit-publicTrade', 'binance-trade'] : ['bybit-tickers', 'binance-miniTicker'];
  return files.flatMap((file) => {
    const exchange = file.startsWith('bybit') ? 'bybit' : 'binance';
    const normalize = createFrameNormalizer(exchange, 'bench-1');
    return readFileSync(`${FIXTURES}${file}.ndjson`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        const result = normalize(line, 1_700_000_000_000);
        return result.ok ? result.frame.flatMap((event) => (event.type === 'order_book' ? [] : [event])) : [];
      });
  });
}

export async function benchCodec(ms: number): Promise<BenchRow[]> {
  const topics = sinkTopics();
  const encoders = {
    'single-object': await RecordEncoder.create({ kind: 'single-object' }, topics),
    confluent: await RecordEncoder.create({ kind: 'confluent', registry: new FixedIdRegistry() }, topics),
  };
  const rows: BenchRow[] = [];
  for (const kind of ['trade', 'price_tick'] as const) {
    const list = records(kind);
    let next = 0;
    const pick = (): FeedRecord => {
      next = next + 1 === list.length ? 0 : next + 1;
      const record = list[next];
      if (record === undefined) throw new Error('no records');
      return record;
    };
    for (const [format, encoder] of Object.entries(encoders)) {
      const measured = compareRates(
        () => encoder.encodeRecord(pick()).value.length,
        () => JSON.stringify(pick()).length,
        ms / 4,
      );
      rows.push({
        bench: 'codec',
        metric: `${kind} Avro ${format} (${list.length} records)`,
        value: measured.subject,
        unit: 'records/s',
        baseline: { name: 'JSON.stringify', value: measured.baseline },
      });
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatTable(await benchCodec(Number(process.env.BENCH_CODEC_MS ?? 4000))));
}
