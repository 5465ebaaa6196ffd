import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ArchiveMessage } from '../archive/archive-consumer.js';
import { ScriptedConsumer, TOPIC, tradeLog } from '../archive/__fixtures__/scripted-group.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { QuestdbLoader } from './questdb-loader.js';
import { QuestdbWriter, type IlpSender } from './questdb-writer.js';

type Row = Record<string, unknown> & { readonly table: string };

/**
 * A QuestDB of rows in memory behind the ILP client's interface: a flush is one request, taken whole
 * or refused whole (HTTP 400, as QuestDB refuses a row it cannot cast) when one of its rows `refuses`;
 * the first `outages` flushes find it out of reach.
 */
class FakeQuestdb implements IlpSender {
  readonly rows: Row[] = [];
  readonly statements: string[] = [];
  requests = 0;
  private request: Row[] = [];
  private row: Row = { table: '' };

  constructor(
    private readonly refuses: (row: Row) => boolean,
    private outages = 0,
  ) {}

  reset(): void {
    this.request = [];
    this.row = { table: '' };
  }
  table(name: string): void {
    this.row = { table: name };
  }
  symbol(name: string, value: string): void {
    this.row[name] = value;
  }
  stringColumn(name: string, value: string): void {
    this.row[name] = value;
  }
  booleanColumn(name: string, value: boolean): void {
    this.row[name] = value;
  }
  intColumn(name: string, value: number): void {
    this.row[name] = value;
  }
  floatColumn(name: string, value: number): void {
    this.row[name] = value;
  }
  timestampColumn(name: string, value: number): void {
    this.row[name] = value;
  }
  at(timestamp: number): void {
    this.request.push({ ...this.row, at: timestamp });
  }
  flush(): Promise<boolean> {
    this.requests++;
    if (this.outages > 0) {
      this.outages--;
      return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9000'));
    }
    const refused = this.request.findIndex(this.refuses);
    if (refused >= 0)
      return Promise.reject(
        new Error(`HTTP request failed, statusCode=400, error={"code":"invalid","message":"error in line ${refused + 1}: column: price; cast error"}`),
      );
    this.rows.push(...this.request);
    this.request = [];
    return Promise.resolve(true);
  }
  exec(sql: string): Promise<void> {
    this.statements.push(sql);
    return Promise.resolve();
  }
}

async function load(log: Map<string, ArchiveMessage[]>, questdb: FakeQuestdb): Promise<{ loader: QuestdbLoader; committed: Map<string, number> }> {
  const committed = new Map<string, number>();
  const stop = new AbortController();
  const consumer = new ScriptedConsumer(log, committed, stop);
  const logger = pino({ level: 'silent' });
  const writer = new QuestdbWriter({ sender: questdb, exec: (sql) => questdb.exec(sql), logger, retryMs: 1 });
  const loader = new QuestdbLoader({ topicPrefix: '', decoder: new RecordDecoder(), writer, logger, now: () => 0 }, consumer);
  consumer.events = loader;
  await loader.run(stop.signal);
  return { loader, committed };
}

describe('QuestdbLoader', () => {
  it("writes a row QuestDB refuses to dead_letters with QuestDB's reason, and goes on: every other record written, every offset committed", async () => {
    const log = tradeLog(20);
    // QuestDB refuses the trades whose id ends in 7 (1007 and 1017 of each partition).
    const questdb = new FakeQuestdb((row) => row.table === 'trades' && String(row['tradeId']).endsWith('7'));
    const { loader, committed } = await load(log, questdb);
    const trades = questdb.rows.filter((row) => row.table === 'trades');
    expect(trades).toHaveLength(36);
    expect(trades.some((row) => String(row['tradeId']).endsWith('7'))).toBe(false);
    const dead = questdb.rows.filter((row) => row.table === 'dead_letters');
    expect(dead.map((row) => `${String(row['kafka_partition'])}/${String(row['kafka_offset'])}`).sort()).toEqual(['0/17', '0/7', '1/17', '1/7']);
    for (const row of dead) {
      expect(row['error']).toMatch(/^QuestDB refused the row: HTTP request failed, statusCode=400, .*cast error/);
      expect(row['kafka_topic']).toBe(TOPIC);
      // The record's bytes, to be read again.
      const offset = Number(row['kafka_offset']);
      const original = log.get(`${TOPIC}/${String(row['kafka_partition'])}`)?.[offset]?.value;
      expect(row['value']).toBe(original?.toString('base64'));
    }
    expect(loader.counters).toMatchObject({ records: 36, deadLetters: 4 });
    expect(committed).toEqual(
      new Map([
        [`${TOPIC}/0`, 20],
        [`${TOPIC}/1`, 20],
      ]),
    );
    expect(questdb.statements.map((sql) => /^CREATE TABLE IF NOT EXISTS "(\w+)"/.exec(sql)?.[1])).toEqual(['trades', 'dead_letters']);
  });

  it('writes a record that does not decode to dead_letters with the reason, beside the others', async () => {
    const log = tradeLog(4);
    const partition = log.get(`${TOPIC}/1`) ?? [];
    partition[2] = { ...(partition[2] as ArchiveMessage), value: Buffer.from('garbage') };
    const questdb = new FakeQuestdb(() => false);
    const { loader, committed } = await load(log, questdb);
    const dead = questdb.rows.filter((row) => row.table === 'dead_letters');
    expect(dead.map((row) => [row['kafka_partition'], row['kafka_offset']])).toEqual([[1, 2]]);
    expect(String(dead[0]?.['error'])).toMatch(/neither Confluent-framed nor single-object/);
    expect(loader.counters).toMatchObject({ records: 7, deadLetters: 1 });
    expect(committed.get(`${TOPIC}/1`)).toBe(4);
  });

  it('waits for QuestDB out of reach, committing nothing meanwhile, then writes the batch', async () => {
    const questdb = new FakeQuestdb(() => false, 3);
    const { loader, committed } = await load(tradeLog(3), questdb);
    expect(questdb.rows).toHaveLength(6);
    expect(questdb.requests).toBeGreaterThan(3);
    expect(loader.counters).toMatchObject({ records: 6, deadLetters: 0 });
    expect(committed.get(`${TOPIC}/0`)).toBe(3);
  });
});
