import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of one Kafka broker that can be cut (connections dropped, new ones refused) and restored. */
export interface KafkaProxy {
  /** `127.0.0.1:<port>`: give this to a client as its bootstrap server. */
  readonly address: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The broker advertises its own address in Metadata and FindCoordinator answers, so a client that
 * bootstraps through a plain proxy would then connect to the broker directly. This proxy frames the
 * broker's answers (4-byte size prefix) and rewrites the advertised `host:port` to its own port, so
 * every connection of the client goes through it. The host is written as an int16-length string in
 * the requests' older versions (kafkajs) and as a compact string, its length + 1 an unsigned varint,
 * in the flexible ones (librdkafka); either is followed by the int32 port.
 */
export async function startKafkaClientProxy(options: { readonly port: number; readonly brokerHost: string; readonly brokerPort: number }): Promise<KafkaProxy> {
  const sockets = new Set<Socket>();
  const host = Buffer.from(options.brokerHost, 'utf8');
  const port = Buffer.alloc(4);
  port.writeInt32BE(options.brokerPort, 0);
  const int16Length = Buffer.alloc(2);
  int16Length.writeInt16BE(host.length, 0);
  const advertised = [Buffer.concat([int16Length, host, port]), Buffer.concat([unsignedVarint(host.length + 1), host, port])];

  const rewrite = (frame: Buffer): Buffer => {
    for (const pattern of advertised) {
      let at = frame.indexOf(pattern);
      while (at !== -1) {
        frame.writeInt32BE(options.port, at + pattern.length - 4);
        at = frame.indexOf(pattern, at + pattern.length);
      }
    }
    return frame;
  };

  const onClient = (client: Socket): void => {
    const upstream = connect(options.brokerPort, options.brokerHost);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) break;
        client.write(rewrite(Buffer.from(pending.subarray(0, 4 + size))));
        pending = pending.subarray(4 + size);
      }
    });
    client.pipe(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };

  let server: Server | undefined;
  const listen = async (): Promise<void> => {
    const s = createServer(onClient);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(options.port, '127.0.0.1', () => resolve());
    });
    server = s;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    address: `127.0.0.1:${options.port}`,
    cut: stop,
    restore: listen,
    close: stop,
  };
}

function unsignedVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
