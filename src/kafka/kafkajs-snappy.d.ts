declare module 'kafkajs-snappy' {
  /** A KafkaJS compression codec factory (Snappy, pure JavaScript). */
  const SnappyCodec: () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };
  export default SnappyCodec;
}
