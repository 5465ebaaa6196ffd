import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

/** What the server answers on one path: status, headers, body, after how long. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

/** A request the server saw, and whether the client went away before the answer was sent. */
export interface SeenRequest {
  readonly path: string;
  abandoned: boolean;
}

export interface VenueListServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Sets the answer of a path (with its query), e.g. `/api/v3/exchangeInfo`. */
  answer(path: string, answer: Answer): void;
  close(): Promise<void>;
}

/** The venues' documented example answers (`src/exchanges/<venue>/__fixtures__`, the venue named by the file's first word). */
export function docFixture(name: string): string {
  return readFileSync(new URL(`../../src/exchanges/${name.split('-')[0] ?? ''}/__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** An HTTP server on 127.0.0.1:`port` serving the venues' list endpoints as scripted; 404 elsewhere. */
export async function startVenueListServer(port: number): Promise<VenueListServer> {
  const answers = new Map<string, Answer>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const seen: SeenRequest = { path: req.url ?? '', abandoned: false };
    requests.push(seen);
    res.on('close', () => (seen.abandoned = !res.writableFinished));
    const answer = answers.get(seen.path) ?? { status: 404, body: '{"code":-1,"msg":"unknown path"}' };
    const send = () => res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
    if (answer.delayMs === undefined) send();
    else {
      const timer = setTimeout(send, answer.delayMs);
      res.on('close', () => clearTimeout(timer));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (path, answer) => answers.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
