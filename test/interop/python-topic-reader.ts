import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One record as interop/python/read_topics.py printed it (fastavro or confluent-kafka decoded it). */
export interface PythonRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly schema: string;
  readonly encoding: 'single-object' | 'confluent';
  readonly value: Readonly<Record<string, unknown>>;
}

/** A value the Python reader could not decode. */
export interface PythonFailure {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly error: string;
}

export interface PythonReadResult {
  readonly records: readonly PythonRecord[];
  readonly failures: readonly PythonFailure[];
  readonly summary: { readonly decoded: number; readonly failed: number; readonly unreadPartitions: readonly string[] };
  /** The reader's exit status: 0 when every value decoded. */
  readonly exitCode: number;
}

/**
 * The venv's python with confluent-kafka and fastavro, installed by scripts/interop-python.sh
 * (`make install` does it; this call is a no-op then, and installs it when the file is run alone).
 */
export async function pythonReaderInterpreter(): Promise<string> {
  const script = join(root, 'scripts', 'interop-python.sh');
  await run('bash', [script, 'install'], { timeout: 600_000 });
  const { stdout } = await run('bash', [script, 'python']);
  return stdout.trim();
}

/** Runs interop/python/read_topics.py on the topics (Confluent-framed values through `registryUrl`). */
export async function readTopicsWithPython(options: {
  readonly python: string;
  readonly brokers: string;
  readonly topics: readonly string[];
  readonly registryUrl?: string;
  /** The .avsc files single-object values are matched against; the repository's schemas/ by default. */
  readonly schemasDir?: string;
}): Promise<PythonReadResult> {
  const args = [
    join(root, 'interop', 'python', 'read_topics.py'),
    '--brokers',
    options.brokers,
    ...options.topics.flatMap((topic) => ['--topic', topic]),
    '--schemas',
    options.schemasDir ?? join(root, 'schemas'),
    '--idle-ms',
    '15000',
    ...(options.registryUrl === undefined ? [] : ['--registry', options.registryUrl]),
  ];
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
    const child = execFile(options.python, args, { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (_error, out, err) =>
      resolve({ stdout: out, stderr: err, code: child.exitCode }),
    );
  });
  if (code !== 0 && code !== 1) throw new Error(`read_topics.py exited with ${String(code)}: ${stderr.slice(-2000)}`);
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = lines.pop() as { summary?: PythonReadResult['summary'] } | undefined;
  if (last?.summary === undefined) throw new Error(`read_topics.py printed no summary line:\n${stdout.slice(-2000)}`);
  return {
    records: lines.filter((line) => !('error' in line)) as unknown as PythonRecord[],
    failures: lines.filter((line) => 'error' in line) as unknown as PythonFailure[],
    summary: last.summary,
    exitCode: code,
  };
}
