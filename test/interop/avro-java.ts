import { execFile, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'interop-java.sh');

/** One record as the Java reader (interop/java) printed it: decoded, or with the error. */
export interface JavaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly schema?: string;
  readonly encoding?: 'single-object' | 'confluent';
  /** The single-object fingerprint (16 hex, wire order) or the Confluent schema id. */
  readonly writerId?: string;
  readonly value?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

export interface JavaRead {
  readonly records: readonly JavaRecord[];
  readonly summary: {
    readonly decoded: number;
    readonly failed: number;
    readonly topics: Readonly<Record<string, { readonly decoded: number; readonly failed: number }>>;
  };
  readonly exitCode: number | null;
}

/** Apache Avro Java's view of one schema file. */
export interface JavaFingerprint {
  readonly file: string;
  readonly schema: string;
  /** CRC-64-AVRO of the Parsing Canonical Form, 16 hex characters in wire (little-endian) order. */
  readonly fingerprint: string;
  readonly canonicalForm: string;
}

/** Resolves and compiles the Java reader (a no-op when `make install` already did). */
export async function installAvroJava(): Promise<void> {
  await promisify(execFile)('bash', [script, 'install'], { cwd: root, timeout: 600_000 });
}

/** Runs the Java reader; resolves with its exit code and output (it never rejects on a non-zero exit). */
export function runAvroJava(
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, 'run', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `fingerprints <dir>`: every `.avsc` of the directory as Apache Avro Java sees it. */
export async function javaFingerprints(schemasDir: string): Promise<readonly JavaFingerprint[]> {
  const { code, stdout, stderr } = await runAvroJava(['fingerprints', schemasDir]);
  if (code !== 0) throw new Error(`fingerprints exited ${String(code)}: ${stderr}`);
  return jsonLines(stdout) as unknown as JavaFingerprint[];
}

/** `read`: every record of the topics from the beginning, decoded by Apache Avro Java. */
export async function readWithAvroJava(options: {
  readonly brokers: string;
  readonly topics: readonly string[];
  readonly schemas?: readonly string[];
  readonly readerSchema?: string;
  readonly registryUrl?: string;
  readonly idleMs?: number;
}): Promise<JavaRead> {
  const args = ['read', '--brokers', options.brokers, '--idle-ms', String(options.idleMs ?? 2000)];
  for (const topic of options.topics) args.push('--topic', topic);
  for (const schemas of options.schemas ?? []) args.push('--schemas', schemas);
  if (options.readerSchema !== undefined) args.push('--reader-schema', options.readerSchema);
  if (options.registryUrl !== undefined) args.push('--registry', options.registryUrl);
  const { code, stdout, stderr } = await runAvroJava(args);
  const lines = jsonLines(stdout);
  const summary = lines.at(-1)?.['summary'];
  if (summary === undefined) throw new Error(`the Java reader printed no summary (exit ${String(code)}): ${stderr.slice(-3000)}`);
  return { records: lines.slice(0, -1) as unknown as JavaRecord[], summary: summary as JavaRead['summary'], exitCode: code };
}

function jsonLines(text: string): Readonly<Record<string, unknown>>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
