import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import type { OptionSummary } from '../../src/model/index.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import type { SinkEncoding } from '../../src/sink/record-encoder.js';
import { SchemaRegistryClient } from '../../src/sink/schema-registry-client.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { sinkProducer, testKafka, uniquePrefix } from '../sink/sink-fixtures.js';
import { installAvroJava, readWithAvroJava } from './avro-java.js';
import { pythonReaderInterpreter, readTopicsWithPython } from './python-topic-reader.js';

/**
 * Option summaries written by the product's own Kafka sink, read by readers that share no code with it:
 * Apache Avro Java (interop/java) and fastavro / confluent-kafka (interop/python/read_topics.py). Each
 * must decode every record, field by field equal to what was written.
 */

const brokers = inject('kafkaBrokers');
const registryUrl = inject('schemaRegistryUrl');
const schemaFile = new URL('../../schemas/option-summary.avsc', import.meta.url);

const provenance = { exchange: 'deribit_options', isFallback: false, env: 'prod', connectionId: 'deribit_options-1' } as const;

type Terms = Pick<OptionSummary, 'symbol' | 'coin' | 'quote' | 'instrument' | 'optionType' | 'strike' | 'expiryTs'>;
type Quotes = Pick<OptionSummary, 'bestBidPrice' | 'bestBidAmount' | 'bestBidIv' | 'bestAskPrice' | 'bestAskAmount' | 'bestAskIv'>;
type Marks = Pick<OptionSummary, 'lastPrice' | 'markPrice' | 'markIv' | 'underlyingPrice' | 'underlyingIndex' | 'indexPrice' | 'openInterest'>;
type Greeks = Pick<OptionSummary, 'delta' | 'gamma' | 'vega' | 'theta' | 'rho'>;

/** One ticker frame's record: `[exchangeTs, receivedTs]`; every frame here says `interest_rate` 0. */
function summary(terms: Terms, [exchangeTs, receivedTs]: readonly [number, number], quotes: Quotes, marks: Marks, greeks: Greeks): OptionSummary {
  return { ...provenance, type: 'option_summary', ...terms, exchangeTs, receivedTs, ...quotes, ...marks, ...greeks, interestRate: 0 };
}

const ETH_2800_C: Terms = {
  symbol: 'ETH-30JUL21-2800-C',
  coin: 'ETH',
  quote: 'ETH',
  instrument: 'ETH-USD-20210730-2800-C',
  optionType: 'call',
  strike: 2800,
  expiryTs: 1627632000000,
};

/**
 * Deribit `ticker.{instrument}.raw` frames of ../shared/fixtures/exchange-frames/deribit-options-ticker.ndjson,
 * mapped by hand (line numbers of that file): prices as sent (in the coin, or USDC for a USDC option), IVs in
 * percent, greeks as sent; an empty side (price, amount and IV 0) and a null value absent. Expiry: 08:00 UTC of
 * the day in the name. The receive times are chosen here (the frames do not carry them).
 */
const WRITTEN: readonly OptionSummary[] = [
  // Line 1: both sides quoted.
  summary(
    ETH_2800_C,
    [1626993723632, 1626993723804],
    { bestBidPrice: 0.0015, bestBidAmount: 4714, bestBidIv: 115.62, bestAskPrice: 0.0025, bestAskAmount: 873, bestAskIv: 125.63 },
    { lastPrice: 0.002, markPrice: 0.001972, markIv: 120.74, underlyingPrice: 2003.61, underlyingIndex: 'ETH-30JUL21', indexPrice: 2006.72, openInterest: 12685 },
    { delta: 0.03127, gamma: 0.0002, vega: 0.20072, theta: -1.64029, rho: 0.01188 },
  ),
  // Line 2: a put with both sides empty.
  summary(
    { symbol: 'ETH-27AUG21-4000-P', coin: 'ETH', quote: 'ETH', instrument: 'ETH-USD-20210827-4000-P', optionType: 'put', strike: 4000, expiryTs: 1630051200000 },
    [1626993723632, 1626993723805],
    {},
    { lastPrice: 1.0165, markPrice: 1.005718, markIv: 117.2, underlyingPrice: 1999.98, underlyingIndex: 'ETH-27AUG21', indexPrice: 2006.72, openInterest: 8 },
    { delta: -0.95701, gamma: 0.00013, vega: 0.56891, theta: -0.94207, rho: -3.80566 },
  ),
  // Line 3: the bid side empty, the ask quoted; gamma and rho sent as 0.0 (values, not absent).
  summary(
    { symbol: 'ETH-23JUL21-2300-C', coin: 'ETH', quote: 'ETH', instrument: 'ETH-USD-20210723-2300-C', optionType: 'call', strike: 2300, expiryTs: 1627027200000 },
    [1626993723632, 1626993723806],
    { bestAskPrice: 0.001, bestAskAmount: 274, bestAskIv: 227.51 },
    { lastPrice: 0.0005, markPrice: 0.000001, markIv: 111.4, underlyingPrice: 2005.38, underlyingIndex: 'ETH-23JUL21', indexPrice: 2006.72, openInterest: 3709 },
    { delta: 0.00009, gamma: 0, vega: 0.00022, theta: -0.00146, rho: 0 },
  ),
  // Line 13: the next update of line 1's option (its bid amount 4714 -> 4737).
  summary(
    ETH_2800_C,
    [1626993725864, 1626993725990],
    { bestBidPrice: 0.0015, bestBidAmount: 4737, bestBidIv: 115.61, bestAskPrice: 0.0025, bestAskAmount: 873, bestAskIv: 125.62 },
    { lastPrice: 0.002, markPrice: 0.001973, markIv: 120.74, underlyingPrice: 2003.7, underlyingIndex: 'ETH-30JUL21', indexPrice: 2006.8, openInterest: 12685 },
    { delta: 0.03129, gamma: 0.0002, vega: 0.20083, theta: -1.64113, rho: 0.01189 },
  ),
  // Line 28 (tardis-node's test frame, 2020): a synthetic underlying.
  summary(
    { symbol: 'BTC-5JUN20-9250-C', coin: 'BTC', quote: 'BTC', instrument: 'BTC-USD-20200605-9250-C', optionType: 'call', strike: 9250, expiryTs: 1591344000000 },
    [1590969652595, 1590969652601],
    { bestBidPrice: 0.0365, bestBidAmount: 15.4, bestBidIv: 58.39, bestAskPrice: 0.04, bestAskAmount: 4.8, bestAskIv: 66.9 },
    { lastPrice: 0.038, markPrice: 0.03847784, markIv: 63.21, underlyingPrice: 9440.73, underlyingIndex: 'SYN.BTC-5JUN20', indexPrice: 9434.36, openInterest: 533.2 },
    { delta: 0.62959, gamma: 0.00058, vega: 3.88497, theta: -28.34113, rho: 0.66242 },
  ),
  // Line 29 (tardis-node's test frame, 2024): a USDC-settled option (strike 1.02, written 1d02), no last price, both sides empty.
  summary(
    { symbol: 'MATIC_USDC-9MAR24-1d02-C', coin: 'MATIC', quote: 'USDC', instrument: 'MATIC-USDC-20240309-1.02-C', optionType: 'call', strike: 1.02, expiryTs: 1709971200000 },
    [1709809020064, 1709809020070],
    {},
    { markPrice: 0.139, markIv: 209.64, underlyingPrice: 1.1367, underlyingIndex: 'index_price', indexPrice: 1.1367, openInterest: 0 },
    { delta: 0.7869, gamma: 1.70098, vega: 0.00024, theta: -0.01323, rho: 0.00004 },
  ),
  // bybit-option-tickers.ndjson line 1 (Bybit, tardis-node's test frame, 2023): a USDC-settled option of Bybit's, which sends no rho
  // (NaN) and no interest rate; IVs sent as fractions (bidIv 0.6004), published in percent.
  {
    type: 'option_summary',
    exchange: 'bybit_options',
    isFallback: false,
    env: 'prod',
    connectionId: 'bybit_options-1',
    symbol: 'SOL-28APR23-24-C',
    coin: 'SOL',
    quote: 'USDC',
    instrument: 'SOL-USDC-20230428-24-C',
    optionType: 'call',
    strike: 24,
    expiryTs: 1682668800000,
    exchangeTs: 1680652810254,
    receivedTs: 1680652810260,
    bestBidPrice: 0.34,
    bestBidAmount: 10,
    bestBidIv: 60.04,
    bestAskPrice: 3.11,
    bestAskAmount: 51,
    bestAskIv: 200.07,
    lastPrice: 1.6,
    markPrice: 1.99054639,
    markIv: 146.74,
    delta: 0.42723543,
    gamma: 0.0505193,
    vega: 0.02075941,
    theta: -0.06527514,
    rho: Number.NaN,
    underlyingPrice: 20.93,
    underlyingIndex: 'SOL-28APR23',
    indexPrice: 20.93,
    openInterest: 20,
  },
];

/** The schema's fields in order, read from the .avsc as plain JSON (not through the product's schema code). */
const FIELDS = (JSON.parse(readFileSync(schemaFile, 'utf8')) as { fields: { name: string }[] }).fields.map((field) => field.name);

/** What a reader of the topic must see: every schema field, an absent one null, a NaN double as both readers write it in JSON (which has no NaN): `"NaN"`. */
function avroView(record: OptionSummary): Record<string, unknown> {
  const source = record as unknown as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((name) => [name, Number.isNaN(source[name]) ? 'NaN' : (source[name] ?? null)]));
}

/** Writes the records with the product's sink (one partition, nothing conflated) and gives the topic. */
async function writeSummaries(encoding: SinkEncoding, spoolDir: string): Promise<string> {
  const prefix = uniquePrefix('options');
  const sink = createKafkaSink({
    producer: sinkProducer(testKafka(brokers), { partitions: 1 }),
    topicPrefix: prefix,
    encoding,
    spoolDir,
    logger: createLogger({ level: 'silent' }),
    // Option summaries are conflated per key under backpressure; every update is wanted here.
    conflate: false,
  });
  await sink.start();
  for (const record of WRITTEN) sink.write(record);
  expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);
  return sinkTopics(prefix).records.option_summary;
}

/** A reader's records, in topic order: key, schema and value (JSON numbers as JavaScript parses them). */
interface Read {
  readonly offset: number;
  readonly key: string | null;
  readonly schema?: string;
  readonly value?: Readonly<Record<string, unknown>>;
}

function expectAsWritten(read: readonly Read[]): void {
  const inOrder = [...read].sort((a, b) => a.offset - b.offset);
  expect(inOrder.map((r) => ({ key: r.key, schema: r.schema, value: JSON.parse(JSON.stringify(r.value)) as unknown }))).toStrictEqual(
    WRITTEN.map((record) => ({ key: record.instrument, schema: 'marketfeed.v1.OptionSummary', value: avroView(record) })),
  );
}

describe('option summaries written by market-feed, read by Apache Avro Java and by Python', () => {
  let python: string;
  let spoolDir: string;
  beforeAll(async () => {
    spoolDir = mkdtempSync(join(tmpdir(), 'interop-options-'));
    await installAvroJava();
    python = await pythonReaderInterpreter();
  }, 600_000);
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('maps the frames as the venue sent them: empty sides and a null last price absent, zeros kept', () => {
    expect(WRITTEN.filter((r) => r.bestBidPrice === undefined).map((r) => r.symbol)).toEqual(['ETH-27AUG21-4000-P', 'ETH-23JUL21-2300-C', 'MATIC_USDC-9MAR24-1d02-C']);
    expect(WRITTEN.filter((r) => r.lastPrice === undefined).map((r) => r.symbol)).toEqual(['MATIC_USDC-9MAR24-1d02-C']);
    expect(FIELDS.at(-1)).toBe('instrument');
  });

  describe('single-object encoding', () => {
    let topic: string;
    beforeAll(async () => {
      topic = await writeSummaries({ kind: 'single-object' }, spoolDir);
    });

    it('Apache Avro Java decodes 100 % of them (writer schema by fingerprint), each field equal to what was written', async () => {
      const java = await readWithAvroJava({ brokers, topics: [topic], schemas: [fileURLToPath(schemaFile)] });
      expect(java.summary).toMatchObject({ decoded: WRITTEN.length, failed: 0 });
      expect(java.exitCode).toBe(0);
      expect(new Set(java.records.map((r) => r.encoding))).toEqual(new Set(['single-object']));
      expectAsWritten(java.records);
    });

    it('fastavro decodes 100 % of them (writer schema by fingerprint among schemas/), each field equal to what was written', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: [topic] });
      expect(read.failures).toEqual([]);
      expect(read.summary).toMatchObject({ decoded: WRITTEN.length, failed: 0 });
      expect(new Set(read.records.map((r) => r.encoding))).toEqual(new Set(['single-object']));
      expectAsWritten(read.records);
    });
  });

  describe('Confluent framing with a schema registry', () => {
    let topic: string;
    beforeAll(async () => {
      topic = await writeSummaries({ kind: 'confluent', registry: new SchemaRegistryClient(registryUrl) }, spoolDir);
    });

    it('Apache Avro Java decodes 100 % of them with the writer schema fetched by id, each field equal to what was written', async () => {
      const java = await readWithAvroJava({ brokers, topics: [topic], registryUrl });
      expect(java.summary).toMatchObject({ decoded: WRITTEN.length, failed: 0 });
      expect(new Set(java.records.map((r) => r.encoding))).toEqual(new Set(['confluent']));
      expectAsWritten(java.records);
    });

    it('confluent-kafka’s AvroDeserializer decodes 100 % of them through the registry, each field equal to what was written', async () => {
      const read = await readTopicsWithPython({ python, brokers, topics: [topic], registryUrl });
      expect(read.failures).toEqual([]);
      expect(read.summary).toMatchObject({ decoded: WRITTEN.length, failed: 0 });
      expect(new Set(read.records.map((r) => r.encoding))).toEqual(new Set(['confluent']));
      expectAsWritten(read.records);
    });
  });
});
