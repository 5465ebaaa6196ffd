/**
 * Resolves once `done()` holds, looking every `everyMs`; fails naming `what` after `timeoutMs`
 * (generous: the machine may be busy).
 */
export async function until(what: string, done: () => boolean, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
