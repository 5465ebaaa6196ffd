import { spawn } from 'node:child_process';

/** How a script's process ended: its code or signal, its stderr, and how long it ran (ms). */
export interface ScriptEnded {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs `script` (an ES module's text, through tsx: it may import the sources) in a process of its own
 * and says how it ended; one that hangs is ended after 20 s (and seen as killed), never left behind.
 */
export function runModuleScript(script: string): Promise<ScriptEnded> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const hung = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(hung);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    }),
  );
}
