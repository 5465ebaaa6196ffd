/**
 * librdkafka's handles as the end of a process sees them.
 *
 * A librdkafka close runs on a thread of libuv's pool, and a Node process that exits first waits for
 * every thread of that pool to finish what it is doing (libuv's shutdown joins them). A close that
 * does not end (a group coordinator out of reach, or a revoke only this event loop can answer, which
 * it no longer does once the exit has begun) then holds `process.exit` for ever. So every close is
 * registered here while it runs, and the end of a command waits for them with its event loop still
 * running (`closesInFlight`) instead of exiting into them.
 *
 * A handle may also be left open on purpose, when closing it would do nothing its next start does not
 * (a static group member does not leave its group on close, KIP-345): the process then ends as soon as
 * its command has (`leftOpen`), its threads with it.
 */
const closing = new Map<number, string>();
const kept = new Set<string>();
let next = 0;

/** Registers `close` (of `what`) until it settles; resolves or rejects as it does. */
export async function whileClosing<T>(what: string, close: Promise<T>): Promise<T> {
  const id = next++;
  closing.set(id, what);
  try {
    return await close;
  } finally {
    closing.delete(id);
  }
}

/** What is being closed now, one entry a close. */
export function closesInFlight(): readonly string[] {
  return [...closing.values()];
}

/** Says that `what` is left open on purpose: the process may end with it open. */
export function leaveOpen(what: string): void {
  kept.add(what);
}

/** The handles left open on purpose. */
export function leftOpen(): readonly string[] {
  return [...kept];
}
