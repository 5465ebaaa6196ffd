import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits on counts of frames a test's sockets received, so that a busy machine, which may hold a test's
 * process for hundreds of milliseconds, decides nothing. A count is a function read each time.
 */

/** Resolves after the frames the sockets have waiting are read (a timer runs before the loop reads sockets; an immediate after). */
export const afterReads = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How much each count rises within `ms` (what was on its way when `ms` ended counted too). */
export async function risesWithin(ms: number, ...counts: readonly (() => number)[]): Promise<number[]> {
  const before = counts.map((count) => count());
  await sleep(ms);
  await afterReads();
  return counts.map((count, i) => count() - (before[i] ?? 0));
}

/** Whether every count rises by more than `n` within `timeoutMs`. */
export async function risesBy(n: number, counts: readonly (() => number)[], timeoutMs = 5_000): Promise<boolean> {
  const before = counts.map((count) => count());
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
    if (counts.every((count, i) => count() - (before[i] ?? 0) > n)) return true;
  }
  return false;
}

/** Waits until the counts have not moved for 100 ms, read after the loop's reads: what was on its way has come (5 s at most). */
export async function drained(...counts: readonly (() => number)[]): Promise<void> {
  let last = counts.map((count) => count());
  const deadline = Date.now() + 5_000;
  for (let quietSince = Date.now(); Date.now() - quietSince < 100 && Date.now() < deadline;) {
    await sleep(10);
    await afterReads();
    const now = counts.map((count) => count());
    if (now.some((n, i) => n !== last[i])) [last, quietSince] = [now, Date.now()];
  }
}
