import { CliProcess } from '../support/cli-process.js';

/**
 * `market-feed archive` as a child process over the topics of a run's prefix, in the group
 * `archive-<prefix>`, its files rolled every `rollSeconds`; `more` adds flags (an instance id, a roll size).
 */
export function startArchiver(options: {
  readonly dir: string;
  readonly prefix: string;
  readonly brokers: string;
  readonly rollSeconds: number;
  readonly more?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): CliProcess {
  const { dir, prefix, brokers, rollSeconds } = options;
  return new CliProcess(
    [
      'archive',
      '--dir',
      dir,
      '--topic-prefix',
      prefix,
      '--group',
      `archive-${prefix}`,
      '--roll-seconds',
      String(rollSeconds),
      '--brokers',
      brokers,
      ...(options.more ?? []),
    ],
    options.env ?? {},
  );
}
