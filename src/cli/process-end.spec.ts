import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runModuleScript, type ScriptEnded } from './__fixtures__/module-script.js';

const here = dirname(fileURLToPath(import.meta.url));
const module = (path: string): string => pathToFileURL(join(here, path)).href;

/**
 * A process that ends its command with `exitWith` while `setup` holds what a librdkafka client can:
 * a thread of libuv's pool busy (an open of a FIFO nobody writes blocks one, as a stuck close does).
 */
function endWith(setup: string, limits: { graceMs: number; closeLimitMs: number }): Promise<ScriptEnded> {
  return runModuleScript(
    [
      `import { readFile, writeFileSync } from 'node:fs';`,
      `import { leaveOpen, whileClosing } from '${module('../kafka/native-handles.ts')}';`,
      `import { exitWith } from '${module('./process-end.ts')}';`,
      setup,
      `exitWith(0, ${JSON.stringify(limits)});`,
    ].join('\n'),
  );
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fifo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'process-end-'));
  dirs.push(dir);
  const path = join(dir, 'close');
  execFileSync('mkfifo', [path]);
  return path;
}

describe('exitWith', () => {
  it('waits for a close still running with the event loop alive, and ends with the code once it returns', async () => {
    const path = fifo();
    const ended = await endWith(
      [
        `void whileClosing('a consumer', new Promise((done) => readFile(${JSON.stringify(path)}, () => done())));`,
        // The close returns only once this event loop answers it, long after the grace: an exit then
        // would have stopped the event loop and waited on the close's thread for ever.
        `setTimeout(() => writeFileSync(${JSON.stringify(path)}, 'answered'), 1500).unref();`,
      ].join('\n'),
      { graceMs: 100, closeLimitMs: 30_000 },
    );
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.stderr).toBe('');
  }, 30_000);

  it('ends by SIGKILL, saying which close, when a close has not returned within the limit', async () => {
    const path = fifo();
    const ended = await endWith(`void whileClosing('a consumer', new Promise((done) => readFile(${JSON.stringify(path)}, () => done())));`, {
      graceMs: 100,
      closeLimitMs: 1000,
    });
    expect(ended).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(ended.stderr).toContain("librdkafka's close of a consumer has not returned 1 s after the command ended");
  });

  it('ends at once, without a word, when what is open was left open on purpose', async () => {
    const ended = await endWith(`leaveOpen('a static member'); setInterval(() => undefined, 1000);`, { graceMs: 60_000, closeLimitMs: 60_000 });
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.stderr).toBe('');
  });

  it('ends with the code after the grace when something else is still open, naming it', async () => {
    const ended = await endWith(`setInterval(() => undefined, 1000);`, { graceMs: 200, closeLimitMs: 60_000 });
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.stderr).toMatch(/^market-feed: still open 200 ms after the command ended \(.*Timeout.*\); exiting\n$/);
  });
});
