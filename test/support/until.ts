/**
 * Resolves once `done()` holds, looking every `everyMs`; fails naming `what` (asked at the time, so it may say
 * what was last seen) after `timeoutMs` (generous: the machine may be busy).
 */
export async function until(what: string | (() => string), done: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
