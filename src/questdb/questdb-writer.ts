import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { FeedError } from '../model/feed-error.js';
import type { ArchiveMessage } from '../archive/archive-consumer.js';
import { DEAD_LETTER_COLUMNS } from '../archive/partition-segment.js';
import type { RecordRow } from '../archive/record-rows.js';
import { QuestdbSqlError } from './questdb-endpoint.js';
import { questRowOf, writeQuestRow, type IlpRowWriter, type QuestRow } from './questdb-rows.js';
import { createTableSql, DEAD_LETTER_TABLE, questTable, type QuestTable } from './questdb-tables.js';

/** The ILP client as the writer uses it (`Sender` of @questdb/nodejs-client, auto-flush off). */
export interface IlpSender extends IlpRowWriter {
  reset(): unknown;
  flush(): Promise<boolean>;
}

/** A record read and made a row of the archive's row model, for `table`. */
export interface PendingRow {
  readonly message: ArchiveMessage;
  readonly table: string;
  readonly row: RecordRow;
}

/** A record that could not be written, and why. */
export interface RefusedRow {
  readonly message: ArchiveMessage;
  readonly reason: string;
}

export interface QuestdbWriterOptions {
  readonly sender: IlpSender;
  /** Runs a SQL statement (`CREATE TABLE`); throws `QuestdbSqlError`. */
  readonly exec: (sql: string) => Promise<unknown>;
  readonly logger: Logger;
  /** The first wait before a write QuestDB could not take is tried again, ms (doubling to 10 s). */
  readonly retryMs?: number;
}

/** The write was given up because the run stopped while QuestDB was out of reach: nothing of it may be committed. Retriable: the next run writes it. */
export class WriteStopped extends FeedError<Record<string, never>> {
  constructor(message: string) {
    super(message, true, {});
  }
}

const MAX_RETRY_MS = 10_000;

/**
 * Writes batches of rows to QuestDB over ILP/HTTP, each batch one request (one transaction per table)
 * that resolves once QuestDB has committed it. A table is created (`CREATE TABLE IF NOT EXISTS`) before
 * its first row. A batch QuestDB refuses is split in halves until the rows it refuses are found alone;
 * those, and rows that have no QuestDB row, are dead letters: written to `dead_letters` with their
 * reason, their Kafka position and bytes. QuestDB out of reach is waited for, never a dead letter.
 */
export class QuestdbWriter {
  /** Tables created, by name and schema; a table QuestDB refused to create, with its reason. */
  private readonly tables = new Map<string, Map<RecordRow['schema'], QuestTable | string>>();
  private readonly log: Logger;

  constructor(private readonly options: QuestdbWriterOptions) {
    this.log = options.logger.child({ component: 'questdb' });
  }

  /** Writes the rows; resolves with those that became dead letters (written too). Throws `WriteStopped` when `signal` aborts while QuestDB is out of reach. */
  async write(batch: readonly PendingRow[], signal: AbortSignal): Promise<readonly RefusedRow[]> {
    const refused: RefusedRow[] = [];
    const deadLetterRows: { readonly message: ArchiveMessage; readonly row: QuestRow }[] = [];
    const rows: { readonly message: ArchiveMessage; readonly row: QuestRow }[] = [];
    for (const pending of batch) {
      const table = await this.tableOf(pending.table, pending.row, signal);
      if (typeof table === 'string') {
        refused.push({ message: pending.message, reason: table });
        continue;
      }
      try {
        (pending.row.dead ? deadLetterRows : rows).push({ message: pending.message, row: questRowOf(table, pending.row) });
      } catch (error) {
        refused.push({ message: pending.message, reason: `no QuestDB row: ${messageOf(error)}` });
      }
    }
    refused.push(...(await this.send(rows, signal)));
    for (const { message, reason } of refused) {
      this.log.error({ topic: message.topic, partition: message.partition, offset: message.offset, reason }, 'record not written: a dead letter');
      const row = deadLetterRow(message, reason);
      const table = await this.tableOf(DEAD_LETTER_TABLE, row, signal);
      if (typeof table !== 'string') deadLetterRows.push({ message, row: questRowOf(table, row) });
    }
    const lost = await this.send(deadLetterRows, signal);
    for (const { message, reason } of lost)
      this.log.error({ topic: message.topic, partition: message.partition, offset: message.offset, reason }, 'dead letter not written either');
    return refused;
  }

  /** Sends rows in one request; a request QuestDB refuses is split in halves, down to the rows it refuses, which are returned. */
  private async send(rows: readonly { readonly message: ArchiveMessage; readonly row: QuestRow }[], signal: AbortSignal): Promise<RefusedRow[]> {
    if (rows.length === 0) return [];
    const outcome = await this.flushRetrying(
      rows.map((entry) => entry.row),
      signal,
    );
    if (outcome === undefined) return [];
    if (rows.length === 1) return [{ message: (rows[0] as (typeof rows)[number]).message, reason: `QuestDB refused the row: ${outcome}` }];
    const half = Math.ceil(rows.length / 2);
    return [...(await this.send(rows.slice(0, half), signal)), ...(await this.send(rows.slice(half), signal))];
  }

  /** Writes rows as one request until QuestDB takes it (undefined) or refuses it (its reason); waits while it is out of reach. */
  private async flushRetrying(rows: readonly QuestRow[], signal: AbortSignal): Promise<string | undefined> {
    const { sender } = this.options;
    let waitMs = this.options.retryMs ?? 500;
    for (;;) {
      sender.reset();
      try {
        for (const row of rows) await writeQuestRow(sender, row);
      } catch (error) {
        // The client's own checks (a name it does not take): no request was made.
        sender.reset();
        return `the ILP client refused the row: ${messageOf(error)}`;
      }
      try {
        await sender.flush();
        return undefined;
      } catch (error) {
        const status = statusOf(error);
        if (status !== undefined && refusal(status)) return messageOf(error);
        if (signal.aborted) throw new WriteStopped('stopped while QuestDB could not be written');
        this.log.warn({ error: messageOf(error), rows: rows.length, retryInMs: waitMs }, 'QuestDB did not take the rows; trying again');
        await sleep(waitMs, undefined, { signal }).catch(() => undefined);
        waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
      }
    }
  }

  /** The table of a row (created on first sight of its schema), or the reason QuestDB would not create it. */
  private async tableOf(name: string, row: Pick<RecordRow, 'columns' | 'schema' | 'record'>, signal: AbortSignal): Promise<QuestTable | string> {
    let bySchema = this.tables.get(name);
    const known = bySchema?.get(row.schema);
    if (known !== undefined) return known;
    const table = questTable(name, row);
    let created: QuestTable | string = table;
    let waitMs = this.options.retryMs ?? 500;
    for (;;) {
      try {
        await this.options.exec(createTableSql(table));
        this.log.info({ table: name, keys: table.keys }, 'table ready');
        break;
      } catch (error) {
        if (!(error instanceof QuestdbSqlError) || !error.retriable) {
          created = `QuestDB would not create table ${name}: ${messageOf(error)}`;
          this.log.error({ table: name, error: messageOf(error) }, 'table not created: its rows are dead letters');
          break;
        }
        if (signal.aborted) throw new WriteStopped('stopped while QuestDB could not be asked');
        this.log.warn({ table: name, error: error.message, retryInMs: waitMs }, 'cannot create the table yet; trying again');
        await sleep(waitMs, undefined, { signal }).catch(() => undefined);
        waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
      }
    }
    bySchema ??= new Map();
    bySchema.set(row.schema, created);
    this.tables.set(name, bySchema);
    return created;
  }
}

/** The dead-letter row of a record that was not written: where it was read, why, and its bytes (as the archive's dead letters). */
export function deadLetterRow(message: ArchiveMessage, reason: string): RecordRow {
  return {
    folder: DEAD_LETTER_TABLE,
    schema: 'dead-letter',
    columns: DEAD_LETTER_COLUMNS,
    values: [message.topic, message.partition, message.offset, message.timestamp, message.key?.toString('utf8') ?? null, reason, message.value],
    dead: true,
  };
}

/** The HTTP status in the ILP client's error (`HTTP request failed, statusCode=400, error=...`), if any. */
function statusOf(error: unknown): number | undefined {
  const match = /statusCode=(\d{3})/.exec(messageOf(error));
  return match === null ? undefined : Number(match[1]);
}

/** A status that says QuestDB will refuse the same rows again: a client error, but for authentication, time-outs and throttling. */
function refusal(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
