import { describe, expect, it } from 'vitest';
import { compileSchema } from './avro-codec.js';
import { RecordDecoder } from './record-decoder.js';
import { previousSchemaFiles, readSchemaFile } from './record-schemas.js';
import { frameSingleObject, schemaFingerprint } from './single-object-encoding.js';

/** A value written with `file`'s schema, framed as single-object Avro with that schema's fingerprint. */
function writtenWith(file: string, value: Record<string, unknown>): Buffer {
  const type = compileSchema(readSchemaFile(file));
  return frameSingleObject(schemaFingerprint(type), type.toBuffer(value));
}

const trade = {
  exchange: 'binance',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 1_786_310_822_605,
  receivedTs: 1_786_310_822_611,
  isFallback: false,
  env: 'prod',
  connectionId: 'binance-1',
  tradeId: '4001',
  price: 65140.5,
  quantity: 0.002705,
  side: 'SELL',
  isBuyerMaker: true,
  seq: null,
};

describe('RecordDecoder, reading values written with earlier versions of a schema (schemas/previous/)', () => {
  const decoder = new RecordDecoder();

  it('reads a trade written before `source` existed as the current TradeEvent, a live trade', async () => {
    const decoded = await decoder.decode(writtenWith('previous/trade-event.1.avsc', trade));
    expect(decoded).toEqual({ schemaName: 'marketfeed.v1.TradeEvent', encoding: 'single-object', value: { ...trade, source: 'live', instrument: null } });
  });

  it('reads a trade written before `instrument` existed as the current TradeEvent, published under its own coin-quote', async () => {
    const decoded = await decoder.decode(writtenWith('previous/trade-event.2.avsc', { ...trade, source: 'repair' }));
    expect(decoded.value).toEqual({ ...trade, source: 'repair', instrument: null });
  });

  it('reads a trade of the current version with its source and the instrument it is published under', async () => {
    expect((await decoder.decode(writtenWith('trade-event.avsc', { ...trade, source: 'repair', instrument: null }))).value).toEqual({
      ...trade,
      source: 'repair',
      instrument: null,
    });
    const coinbase = { ...trade, exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD', source: 'live', instrument: 'BTC-USDT' };
    expect((await decoder.decode(writtenWith('trade-event.avsc', coinbase))).value).toEqual(coinbase);
  });

  it.each(previousSchemaFiles())('decodes a value written with %s, keeping every field it had', async (file) => {
    const writer = compileSchema(readSchemaFile(file));
    const value = { ...(writer.random() as object) } as Record<string, unknown>;
    const decoded = await decoder.decode(frameSingleObject(schemaFingerprint(writer), writer.toBuffer(value)));
    expect(decoded.schemaName).toBe(writer.name);
    for (const [key, field] of Object.entries(value)) expect(decoded.value[key], key).toEqual(field);
  });
});
