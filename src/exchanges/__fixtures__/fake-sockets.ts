import { defer, finalize, map, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { FrameSource } from '../venue-feed-config.js';
import type { SocketEvent } from '../web-socket-frames.js';

/** The script of one fake socket: a cold marble where `o` is the open and other letters are frames. */
export interface SocketScript {
  readonly marble: string;
  readonly frames?: Readonly<Record<string, string>>;
  readonly error?: unknown;
}

/** Fake sockets `c1`, `c2`, ... played from scripts on a TestScheduler, with a timeline of what happened. */
export interface FakeSockets {
  readonly source: FrameSource;
  /** `<ms> open|close <id>`, `<ms> send <id> <text>`, in order. */
  readonly log: string[];
  /** The URLs the feed opened, in order. */
  readonly urls: string[];
}

/** A frame source whose n-th socket plays `scripts[n - 1]` (a socket that only opens when absent). */
export function fakeSockets(scheduler: TestScheduler, scripts: readonly SocketScript[]): FakeSockets {
  const log: string[] = [];
  const urls: string[] = [];
  let opened = 0;
  const source: FrameSource = (config) =>
    defer((): Observable<SocketEvent> => {
      opened += 1;
      const id = `c${opened}`;
      const script = scripts[opened - 1] ?? { marble: 'o' };
      urls.push(config.url);
      log.push(`${scheduler.now()} open ${id}`);
      const values: Record<string, SocketEvent> = { o: { type: 'open', connectionId: id, send: (text) => log.push(`${scheduler.now()} send ${id} ${text}`) } };
      for (const [key, text] of Object.entries(script.frames ?? {})) values[key] = { type: 'frame', connectionId: id, text, receivedTs: 0 };
      return scheduler.createColdObservable(script.marble, values, script.error).pipe(
        map((event) => (event.type === 'frame' ? { ...event, receivedTs: scheduler.now() } : event)),
        finalize(() => log.push(`${scheduler.now()} close ${id}`)),
      );
    });
  return { source, log, urls };
}
