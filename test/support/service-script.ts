import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The checkout's root: the scripts and their `.cache` folders are under it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs `scripts/<script> <command>` (kafka.sh, schema-registry.sh, questdb.sh) with `env` over the
 * process's environment; resolves to what it printed, and rejects when it fails or takes over `timeoutMs`.
 */
export async function serviceScript(script: string, command: string, env: Readonly<Record<string, string>>, timeoutMs: number): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'scripts', script), command], { env: { ...process.env, ...env }, timeout: timeoutMs });
  return stdout;
}

/** Whether a start (`up`, `start`) started the service: the scripts say `reusing` when one already ran. */
export function startedBy(stdout: string): boolean {
  return !stdout.includes('reusing');
}
