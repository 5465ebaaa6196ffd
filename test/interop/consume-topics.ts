import { CliProcess } from '../support/cli-process.js';

/** One line of `market-feed consume` output. */
export interface ConsumeLine {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly schema: string;
  readonly encoding: 'single-object' | 'confluent';
  readonly value: Readonly<Record<string, unknown>>;
}

/** `market-feed consume --from-beginning --max <expected>` on the topics, its JSON lines parsed. */
export async function consumeTopics(options: {
  readonly brokers: string;
  readonly topics: readonly string[];
  /** Records expected in all the topics together; consume exits after this many. */
  readonly expected: number;
  readonly registryUrl?: string;
  readonly timeoutMs?: number;
}): Promise<readonly ConsumeLine[]> {
  const consume = new CliProcess(
    ['consume', '--brokers', options.brokers, ...options.topics.flatMap((topic) => ['--topic', topic]), '--from-beginning', '--max', String(options.expected)],
    { LOG_LEVEL: 'warn', ...(options.registryUrl === undefined ? {} : { SCHEMA_REGISTRY_URL: options.registryUrl }) },
  );
  const timeoutMs = options.timeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const code = await Promise.race([consume.exited, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    await consume.stop('SIGKILL');
    throw new Error(`market-feed consume printed ${consume.stdout.split('\n').length - 1} of ${options.expected} records within ${timeoutMs} ms`);
  }
  if (code !== 0) throw new Error(`market-feed consume exited with ${String(code)}: ${consume.stderrText.slice(-2000)}`);
  return consume.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ConsumeLine);
}
