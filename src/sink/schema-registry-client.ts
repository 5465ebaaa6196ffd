import { SchemaRegistryError, type SchemaRegistryErrorInfo } from './schema-registry-error.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** How long one registry request may take before it fails as unreachable, ms. */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 10_000;

/** Where a registry lives, split for `fetch` (which refuses URLs with credentials). */
export interface RegistryEndpoint {
  /** The base URL without credentials, trailing slashes and query, e.g. `https://host/apis/ccompat/v7`. */
  readonly base: string;
  /** `Basic ...` from `user:password@` in the URL, if any. */
  readonly authorization?: string;
}

/** Parses a registry URL such as `http://127.0.0.1:8081`, `http://host/apis/ccompat/v7/` or `https://key:secret@host`. */
export function registryEndpoint(url: string): RegistryEndpoint {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  return user === '' && password === '' ? { base } : { base, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** `path` (e.g. `/subjects/x/versions`) below the base URL, keeping the base's own path. */
export function registryUrl(endpoint: RegistryEndpoint, path: string): string {
  return `${endpoint.base}/${path.replace(/^\/+/, '')}`;
}

/**
 * The two calls of the Confluent Schema Registry REST API the sink and `consume` need:
 * register a schema under a subject, and fetch a schema by id. Ids are cached.
 */
export class SchemaRegistryClient {
  private readonly schemasById = new Map<number, string>();
  private readonly endpoint: RegistryEndpoint;
  private readonly timeoutMs: number;

  /**
   * @param baseUrl e.g. `http://127.0.0.1:8081` or `http://127.0.0.1:8080/apis/ccompat/v7` (a trailing slash is ignored).
   * @param options.timeoutMs a request with no complete answer by then fails as unreachable (retriable); default 10 000.
   */
  constructor(baseUrl: string, options: { readonly timeoutMs?: number } = {}) {
    this.endpoint = registryEndpoint(baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  }

  /** Registers the full schema text under `subject` (e.g. `market.trades.v1-value`); resolves to its global id. */
  async register(subject: string, schemaText: string): Promise<number> {
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: schemaText }, subject);
    const id = (body as { readonly id?: unknown }).id;
    if (typeof id !== 'number')
      throw new SchemaRegistryError(`schema registry returned no id for subject '${subject}'`, false, { url: this.endpoint.base, subject });
    this.schemasById.set(id, schemaText);
    return id;
  }

  /** The schema text registered with this id. */
  async schemaById(id: number): Promise<string> {
    const cached = this.schemasById.get(id);
    if (cached !== undefined) return cached;
    const body = await this.request('GET', `/schemas/ids/${id}`);
    const schema = (body as { readonly schema?: unknown }).schema;
    if (typeof schema !== 'string') throw new SchemaRegistryError(`schema registry returned no schema for id ${id}`, false, { url: this.endpoint.base });
    this.schemasById.set(id, schema);
    return schema;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, subject?: string): Promise<unknown> {
    const url = registryUrl(this.endpoint, path);
    const about = subject === undefined ? `${method} ${url}` : `the schema for subject '${subject}'`;
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: CONTENT_TYPE, 'content-type': CONTENT_TYPE };
      if (this.endpoint.authorization !== undefined) headers['authorization'] = this.endpoint.authorization;
      const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.timeoutMs) };
      if (body !== undefined) init.body = JSON.stringify(body);
      response = await fetch(url, init);
      text = await response.text();
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      const reason = timedOut
        ? `no answer within ${this.timeoutMs} ms`
        : cause instanceof Error && cause.cause instanceof Error
          ? cause.cause.message
          : String(cause);
      const target = subject === undefined ? '' : ` for subject '${subject}'`;
      throw new SchemaRegistryError(
        `schema registry unreachable${target}: ${method} ${url}: ${reason}`,
        true,
        { url, ...(subject === undefined ? {} : { subject }) },
        { cause },
      );
    }
    if (!response.ok) throw refusal({ url, subject, about, status: response.status, text });
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new SchemaRegistryError(
        `schema registry answered ${about} with something other than JSON: ${text.slice(0, 200)}`,
        false,
        { url, status: response.status },
        { cause },
      );
    }
  }
}

function refusal(call: {
  readonly url: string;
  readonly subject: string | undefined;
  readonly about: string;
  readonly status: number;
  readonly text: string;
}): SchemaRegistryError {
  const { errorCode, registryMessage } = registryReply(call.text);
  const info: SchemaRegistryErrorInfo = {
    url: call.url,
    status: call.status,
    registryMessage,
    ...(call.subject === undefined ? {} : { subject: call.subject }),
    ...(errorCode === undefined ? {} : { errorCode }),
  };
  const what =
    call.status === 409
      ? `refused ${call.about} as incompatible with its earlier versions`
      : call.status === 422
        ? `refused ${call.about} as invalid`
        : `answered with an error to ${call.about}`;
  const retriable = call.status >= 500 || call.status === 429;
  return new SchemaRegistryError(`schema registry ${what} (HTTP ${call.status}): ${registryMessage}`, retriable, info);
}

/** The registry's `{ error_code, message }`, or the start of a body that is not one. */
function registryReply(text: string): { readonly errorCode?: number; readonly registryMessage: string } {
  try {
    const body = JSON.parse(text) as { readonly error_code?: unknown; readonly message?: unknown };
    if (typeof body.message === 'string')
      return typeof body.error_code === 'number' ? { errorCode: body.error_code, registryMessage: body.message } : { registryMessage: body.message };
  } catch {
    // not JSON: quote the body as it is
  }
  return { registryMessage: text.slice(0, 500) || '(empty body)' };
}
