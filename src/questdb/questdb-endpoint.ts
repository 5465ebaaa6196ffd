import { FeedError } from '../model/feed-error.js';

/** Raised for a `--questdb-url` that is not an ILP-over-HTTP configuration string. */
export class QuestdbConfigError extends FeedError<{ readonly conf: string }> {
  constructor(conf: string, message: string) {
    super(message, false, { conf });
  }
}

/**
 * QuestDB's SQL refused a statement (HTTP 400: a syntax error, a definition it does not take), or
 * could not be asked (`retriable`: the server out of reach, or answering 5xx).
 */
export class QuestdbSqlError extends FeedError<{ readonly status: number | undefined }> {
  constructor(message: string, retriable: boolean, status: number | undefined, options?: { readonly cause?: unknown }) {
    super(message, retriable, { status }, options);
  }
}

/** Where QuestDB is, read from the ILP client's configuration string: its ILP configuration (flushed only when asked) and its SQL endpoint. */
export interface QuestdbEndpoint {
  /** The configuration string for the ILP client, `auto_flush=off` added: a batch is one request, one transaction. */
  readonly ilpConf: string;
  /** `http(s)://host:port` of the HTTP server: `/exec` for SQL. */
  readonly httpUrl: string;
  /** The Authorization header the ILP client sends too, if any. */
  readonly authorization?: string;
}

/**
 * Reads an ILP configuration string (`http::addr=127.0.0.1:9000;`, `https::addr=db:9000;username=u;password=p;`).
 * Only HTTP(S): a flush over HTTP returns once QuestDB has committed the rows, which is what lets the
 * offsets be committed after it; TCP acknowledges nothing.
 */
export function questdbEndpoint(conf: string): QuestdbEndpoint {
  const match = /^([a-z]+)::(.*)$/s.exec(conf.trim());
  if (match === null) throw new QuestdbConfigError(conf, `expected an ILP configuration string such as 'http::addr=127.0.0.1:9000;', got '${conf}'`);
  const protocol = match[1] as string;
  if (protocol !== 'http' && protocol !== 'https')
    throw new QuestdbConfigError(
      conf,
      `'${protocol}' is not taken: ILP over HTTP (http:: or https::) acknowledges the rows it commits, which the offsets wait for`,
    );
  const keys = new Map<string, string>();
  for (const pair of (match[2] as string).split(';')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0) throw new QuestdbConfigError(conf, `'${pair}' is not key=value`);
    keys.set(pair.slice(0, at).trim(), pair.slice(at + 1));
  }
  const addr = keys.get('addr');
  if (addr === undefined || addr.trim() === '') throw new QuestdbConfigError(conf, "addr=host:port is required (e.g. 'http::addr=127.0.0.1:9000;')");
  const autoFlush = keys.get('auto_flush');
  if (autoFlush !== undefined && autoFlush !== 'off')
    throw new QuestdbConfigError(conf, 'auto_flush must be off (or left out): each batch is flushed whole before its offsets are committed');
  const hostPort = addr.includes(':') ? addr : `${addr}:9000`;
  const user = keys.get('username');
  const password = keys.get('password');
  const token = keys.get('token');
  const authorization =
    token !== undefined
      ? `Bearer ${token}`
      : user !== undefined && password !== undefined
        ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
        : undefined;
  const body = (match[2] as string).trim();
  const ilpConf = `${protocol}::${body}${body === '' || body.endsWith(';') ? '' : ';'}${autoFlush === undefined ? 'auto_flush=off;' : ''}`;
  return { ilpConf, httpUrl: `${protocol}://${hostPort}`, ...(authorization === undefined ? {} : { authorization }) };
}

/** The answer of `/exec` to a query: its columns and rows. */
export interface SqlResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly dataset: readonly (readonly unknown[])[];
}

/** Runs one SQL statement over QuestDB's HTTP `/exec`; throws `QuestdbSqlError` (retriable when QuestDB could not be asked). */
export async function execSql(endpoint: Pick<QuestdbEndpoint, 'httpUrl' | 'authorization'>, sql: string, timeoutMs = 30_000): Promise<SqlResult> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.httpUrl}/exec?query=${encodeURIComponent(sql)}`, {
      headers: endpoint.authorization === undefined ? {} : { authorization: endpoint.authorization },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new QuestdbSqlError(`QuestDB at ${endpoint.httpUrl} did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, true, undefined, {
      cause,
    });
  }
  const text = await response.text();
  let body: { readonly error?: string; readonly columns?: SqlResult['columns']; readonly dataset?: SqlResult['dataset'] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (a proxy's page): said below with its status.
  }
  if (!response.ok || body.error !== undefined) {
    const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
    throw new QuestdbSqlError(
      `QuestDB refused '${sql.slice(0, 200)}' (HTTP ${response.status}): ${body.error ?? text.slice(0, 500)}`,
      retriable,
      response.status,
    );
  }
  return { columns: body.columns ?? [], dataset: body.dataset ?? [] };
}
