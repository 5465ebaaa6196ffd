import kafkajs, { CompressionTypes } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import { createRequire } from 'node:module';

/** The LZ4 codec class; `@2l/kafkajs-lz4` replaces `module.exports` with it, which its typings do not say. */
type LZ4CodecClass = new () => { readonly codec: () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> } };
const LZ4Codec = createRequire(import.meta.url)('@2l/kafkajs-lz4') as LZ4CodecClass;
const { CompressionCodecs } = kafkajs;

/** Producer compression. `gzip` is built into kafkajs; snappy and lz4 come from npm codec packages. */
export type SinkCompression = 'none' | 'gzip' | 'snappy' | 'lz4';

/**
 * The kafkajs compression type for a setting, registering its codec with kafkajs first (kafkajs
 * keeps codecs in one table per process; registering the same codec twice is harmless). Consumers
 * of the topics need the same codecs registered to read them.
 */
export function compressionType(compression: SinkCompression): CompressionTypes {
  switch (compression) {
    case 'none':
      return CompressionTypes.None;
    case 'gzip':
      return CompressionTypes.GZIP;
    case 'snappy':
      CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
      return CompressionTypes.Snappy;
    case 'lz4':
      CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
      return CompressionTypes.LZ4;
  }
}

/** Registers every optional codec, so that a reader can decompress whatever a producer chose. */
export function registerAllCompressionCodecs(): void {
  compressionType('snappy');
  compressionType('lz4');
}
