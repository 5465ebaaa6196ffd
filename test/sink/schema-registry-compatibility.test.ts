import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { SchemaRegistryError } from '../../src/sink/schema-registry-error.js';
import { CliProcess } from '../support/cli-process.js';
import { uniquePrefix } from './sink-fixtures.js';

/** The test run's registry (Apicurio with Confluent's default BACKWARD rule, or SCHEMA_REGISTRY_URL), base path included. */
const registryUrl = inject('schemaRegistryUrl');
const brokers = inject('kafkaBrokers');

interface AvscRecord {
  readonly type: 'record';
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: unknown; readonly default?: unknown; readonly doc?: string }[];
}

/** schemas/trade-event.avsc as plain JSON, read without our schema code. */
function tradeAvsc(): AvscRecord {
  return JSON.parse(readFileSync(new URL('../../schemas/trade-event.avsc', import.meta.url), 'utf8')) as AvscRecord;
}

const withRequiredField = (s: AvscRecord): AvscRecord => ({ ...s, fields: [...s.fields, { name: 'feeRate', type: 'double' }] });
const withPriceAsString = (s: AvscRecord): AvscRecord => ({ ...s, fields: s.fields.map((f) => (f.name === 'price' ? { ...f, type: 'string' } : f)) });

const INCOMPATIBLE_CHANGES: readonly [string, (schema: AvscRecord) => AvscRecord][] = [
  ['a new required field without a default', withRequiredField],
  ['a field whose type changed (price: double -> string)', withPriceAsString],
];

/** POST /subjects/<subject>/versions with plain fetch, so what the registry answers is not seen through our client. */
async function registerRaw(
  subject: string,
  schema: AvscRecord,
): Promise<{ readonly status: number; readonly body: { readonly id?: number; readonly message?: string } }> {
  const response = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  return { status: response.status, body: (await response.json()) as { id?: number; message?: string } };
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${registryUrl}${path}`);
  expect(response.status, path).toBe(200);
  return response.json();
}

describe('schema evolution against a real schema registry (BACKWARD)', () => {
  it('accepts an added optional field with a default as version 2 with a new id', async () => {
    const subject = `${uniquePrefix('evolve')}market.trades.v1-value`;
    const client = new SchemaRegistryClient(registryUrl);
    const v1 = tradeAvsc();
    const evolved: AvscRecord = {
      ...v1,
      fields: [...v1.fields, { name: 'venueSequence', type: ['null', 'long'], default: null, doc: 'Venue sequence number, when the venue sends one.' }],
    };

    const firstId = await client.register(subject, JSON.stringify(v1));
    const secondId = await client.register(subject, JSON.stringify(evolved));

    expect(secondId).not.toBe(firstId);
    expect(await getJson(`/subjects/${subject}/versions`)).toEqual([1, 2]);
    const latest = (await getJson(`/subjects/${subject}/versions/latest`)) as { id: number; version: number; schema: string };
    expect(latest).toMatchObject({ id: secondId, version: 2 });
    expect(JSON.parse(latest.schema)).toEqual(evolved);
  });

  it.each(INCOMPATIBLE_CHANGES)('refuses %s with 409; the error names the subject and quotes the registry', async (_, change) => {
    const subject = `${uniquePrefix('refuse')}market.trades.v1-value`;
    const client = new SchemaRegistryClient(registryUrl);
    await client.register(subject, JSON.stringify(tradeAvsc()));
    const changed = change(tradeAvsc());

    const error = await client.register(subject, JSON.stringify(changed)).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(SchemaRegistryError);
    const refused = error as SchemaRegistryError;
    expect(refused).toMatchObject({ incompatible: true, retriable: false, info: { status: 409, subject } });
    const direct = await registerRaw(subject, changed);
    expect(direct.status).toBe(409);
    expect(refused.info.registryMessage).toBe(direct.body.message);
    expect(refused.message).toContain(`'${subject}'`);
    expect(refused.message).toContain(String(direct.body.message));
    expect(await getJson(`/subjects/${subject}/versions`)).toEqual([1]);
  });
});

describe('market-feed run against a subject whose history its schema cannot read', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'mf-spool-refused-'));
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('fails at start-up with one line naming the subject and the registry’s reason, exit code 1', async () => {
    const prefix = uniquePrefix('refused-run');
    const subject = `${prefix}market.trades.v1-value`;
    // An earlier writer registered trades with price as a string: today's schemas/trade-event.avsc cannot read those.
    expect((await registerRaw(subject, withPriceAsString(tradeAvsc()))).status).toBe(200);
    // What the registry itself says to the .avsc (a refused registration changes nothing).
    const direct = await registerRaw(subject, tradeAvsc());
    expect(direct.status).toBe(409);

    const venue = 'ws://127.0.0.1:9/unused';
    const cli = new CliProcess(
      [
        'run',
        '--coins',
        'BTC',
        '--bybit-url',
        venue,
        '--binance-url',
        venue,
        '--binance-us-url',
        venue,
        '--binance-testnet-url',
        venue,
        '--kafka-brokers',
        brokers,
        '--kafka-topic-prefix',
        prefix,
        '--schema-registry-url',
        registryUrl,
        '--metrics-port',
        '0',
        '--spool-dir',
        spoolDir,
      ],
      { LOG_LEVEL: 'silent' },
    );
    const code = await Promise.race([cli.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 60_000))]);
    if (code === 'running') await cli.stop('SIGKILL');

    expect(code).toBe(1);
    const lines = cli.stderrText.trim().split('\n');
    expect(lines, cli.stderrText).toHaveLength(1);
    expect(lines[0]).toContain(`market-feed run: schema registry refused the schema for subject '${subject}' as incompatible`);
    expect(lines[0]).toContain('HTTP 409');
    expect(lines[0]).toContain(String(direct.body.message));
    expect(await getJson(`/subjects/${subject}/versions`)).toEqual([1]);
  });
});
