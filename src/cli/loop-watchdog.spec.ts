import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runModuleScript, type ScriptEnded } from './__fixtures__/module-script.js';

const watchdogModule = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'loop-watchdog.ts')).href;
const LIMITS = { beatMs: 50, blockedMs: 400, stopBlockedMs: 1500 };

/** A process that watches its loop with `limits` and then runs `body` (the watchdog is `watchdog`; `block(ms)` blocks the loop). */
function run(body: string, limits = LIMITS): Promise<ScriptEnded> {
  return runModuleScript(
    [
      `import { watchEventLoop } from '${watchdogModule}';`,
      `const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);`,
      `const watchdog = watchEventLoop(${JSON.stringify(limits)});`,
      body,
    ].join('\n'),
  );
}

describe('watchEventLoop', () => {
  it('keeps nothing alive and says nothing while the loop turns', async () => {
    // A bound no busy machine's scheduling reaches, unlike a blocked loop's.
    const ended = await run(`setTimeout(() => undefined, 600);`, { ...LIMITS, blockedMs: 5_000 });
    expect(ended).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('says a loop blocked past its bound, and says when it turns again; a running process goes on', async () => {
    const ended = await run(`setTimeout(() => { block(1200); setTimeout(() => undefined, 300); }, 200);`);
    expect(ended.code).toBe(0);
    expect(ended.stderr).toMatch(/market-feed: the event loop has not turned for \d+ ms: a call that does not return holds it/);
    const resumed = /the event loop turns again after (\d+) ms blocked/.exec(ended.stderr);
    expect(resumed, ended.stderr).not.toBeNull();
    expect(Number(resumed?.[1])).toBeGreaterThanOrEqual(1000);
  });

  it('ends a stop whose loop stays blocked by SIGKILL, saying so, instead of hanging', async () => {
    const ended = await run(`setTimeout(() => { watchdog.stopping(); block(15_000); }, 200);`);
    expect(ended.signal).toBe('SIGKILL');
    expect(ended.stderr).toContain('while stopping');
    expect(ended.stderr).toMatch(/blocked for \d+ ms while stopping, and will not end the stop: ending by SIGKILL/);
    expect(ended.ms).toBeLessThan(12_000);
  });
});
