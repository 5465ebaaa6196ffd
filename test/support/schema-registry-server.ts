/**
 * A small in-process stand-in for the Confluent Schema Registry, for tests only: AVRO schemas kept
 * in memory, the REST calls that `@kafkajs/confluent-schema-registry` and the sink's own client
 * make, and BACKWARD compatibility checked with avsc's resolver. It is not a registry to run:
 * no persistence, no auth, no JSON/Protobuf schemas, no modes, no deletes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import avro from 'avsc';

interface Version {
  readonly id: number;
  readonly version: number;
  readonly schema: string;
}

export interface SchemaRegistryServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** `METHOD path` of every request received, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const JSON_TYPE = 'application/vnd.schemaregistry.v1+json';

export async function startSchemaRegistryServer(): Promise<SchemaRegistryServer> {
  const idsBySchema = new Map<string, number>();
  const schemasById = new Map<number, string>();
  const subjects = new Map<string, Version[]>();
  const compatibility = new Map<string, string>();
  const requests: string[] = [];

  const idFor = (schema: string): number => {
    let id = idsBySchema.get(schema);
    if (id === undefined) {
      id = idsBySchema.size + 1;
      idsBySchema.set(schema, id);
      schemasById.set(id, schema);
    }
    return id;
  };

  const compatible = (subject: string, schema: string): boolean => {
    const latest = subjects.get(subject)?.at(-1);
    if (latest === undefined || (compatibility.get(subject) ?? 'BACKWARD') === 'NONE') return true;
    try {
      parse(schema).createResolver(parse(latest.schema));
      return true;
    } catch {
      return false;
    }
  };

  const route = (method: string, parts: readonly string[], body: Record<string, unknown>): [number, unknown] => {
    const [root, name, sub, version] = parts;
    const versions = name === undefined ? undefined : subjects.get(name);
    const schemaText = typeof body['schema'] === 'string' ? body['schema'] : undefined;
    if (method === 'GET' && root === 'schemas' && name === 'ids' && sub !== undefined) {
      const schema = schemasById.get(Number(sub));
      return schema === undefined ? notFound(40403, 'Schema not found') : [200, { schema }];
    }
    if (method === 'GET' && root === 'subjects' && name === undefined) return [200, [...subjects.keys()]];
    if (method === 'GET' && root === 'config' && name === undefined) return [200, { compatibilityLevel: 'BACKWARD' }];
    if (root === 'config' && name !== undefined) {
      if (method === 'PUT') {
        const level = typeof body['compatibility'] === 'string' ? body['compatibility'] : 'BACKWARD';
        compatibility.set(name, level);
        return [200, { compatibility: level }];
      }
      const level = compatibility.get(name);
      return level === undefined ? notFound(40408, `Subject '${name}' does not have subject-level compatibility configured`) : [200, { compatibilityLevel: level }];
    }
    if (root === 'subjects' && name !== undefined) {
      if (method === 'POST' && sub === 'versions') {
        if (schemaText === undefined || (body['schemaType'] !== undefined && body['schemaType'] !== 'AVRO')) return [422, { error_code: 42201, message: 'Only AVRO schemas are supported' }];
        if (!validAvro(schemaText)) return [422, { error_code: 42201, message: 'Invalid schema' }];
        const existing = versions?.find((v) => v.schema === schemaText);
        if (existing !== undefined) return [200, { id: existing.id }];
        if (!compatible(name, schemaText)) return [409, { error_code: 409, message: 'Schema being registered is incompatible with an earlier schema' }];
        const list = versions ?? [];
        list.push({ id: idFor(schemaText), version: list.length + 1, schema: schemaText });
        subjects.set(name, list);
        return [200, { id: idFor(schemaText) }];
      }
      if (versions === undefined) return notFound(40401, `Subject '${name}' not found.`);
      if (method === 'POST' && sub === undefined) {
        const found = versions.find((v) => v.schema === schemaText);
        return found === undefined ? notFound(40403, 'Schema not found') : [200, { subject: name, ...found }];
      }
      if (method === 'GET' && sub === 'versions' && version === undefined) return [200, versions.map((v) => v.version)];
      if (method === 'GET' && sub === 'versions') {
        const found = version === 'latest' ? versions.at(-1) : versions.find((v) => v.version === Number(version));
        return found === undefined ? notFound(40402, 'Version not found.') : [200, { subject: name, ...found }];
      }
    }
    if (method === 'POST' && root === 'compatibility' && sub !== undefined && schemaText !== undefined) {
      return [200, { is_compatible: compatible(sub, schemaText) }];
    }
    return notFound(404, `no route for ${method} /${parts.join('/')}`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://registry').pathname;
      requests.push(`${req.method} ${path}`);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      const [status, payload] = route(req.method ?? 'GET', path.split('/').filter(Boolean).map(decodeURIComponent), body);
      res.writeHead(status, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function notFound(code: number, message: string): [number, unknown] {
  return [404, { error_code: code, message }];
}

function parse(schema: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry: {} });
}

function validAvro(schema: string): boolean {
  try {
    parse(schema);
    return true;
  } catch {
    return false;
  }
}
