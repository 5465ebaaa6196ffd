/** Raised when the schema registry answers with an error or cannot be reached. */
export class SchemaRegistryError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly info: { readonly url: string; readonly status?: number },
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SchemaRegistryError';
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * The two calls of the Confluent Schema Registry REST API the sink and `consume` need:
 * register a schema under a subject, and fetch a schema by id. Ids are cached.
 */
export class SchemaRegistryClient {
  private readonly schemasById = new Map<number, string>();

  /** @param baseUrl e.g. `http://127.0.0.1:8081` (a trailing slash is ignored). */
  constructor(private readonly baseUrl: string) {}

  /** Registers the full schema text under `subject` (e.g. `market.trades.v1-value`); resolves to its global id. */
  async register(subject: string, schemaText: string): Promise<number> {
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: schemaText });
    const id = (body as { readonly id?: unknown }).id;
    if (typeof id !== 'number') throw new SchemaRegistryError(`registry returned no id for ${subject}`, false, { url: this.baseUrl });
    this.schemasById.set(id, schemaText);
    return id;
  }

  /** The schema text registered with this id. */
  async schemaById(id: number): Promise<string> {
    const cached = this.schemasById.get(id);
    if (cached !== undefined) return cached;
    const body = await this.request('GET', `/schemas/ids/${id}`);
    const schema = (body as { readonly schema?: unknown }).schema;
    if (typeof schema !== 'string') throw new SchemaRegistryError(`registry returned no schema for id ${id}`, false, { url: this.baseUrl });
    this.schemasById.set(id, schema);
    return schema;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      const init: RequestInit = { method, headers: { accept: CONTENT_TYPE, 'content-type': CONTENT_TYPE } };
      if (body !== undefined) init.body = JSON.stringify(body);
      response = await fetch(url, init);
    } catch (cause) {
      throw new SchemaRegistryError(`schema registry unreachable: ${method} ${url}`, true, { url }, { cause });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new SchemaRegistryError(`schema registry ${method} ${path} failed with ${response.status}: ${text}`, response.status >= 500, {
        url,
        status: response.status,
      });
    }
    return JSON.parse(text) as unknown;
  }
}
