import { ConfigError } from '../config/load-config.js';
import { FeedError } from '../model/feed-error.js';

/** What a subcommand gets: its arguments and the process's streams (so tests can run it in-process). */
export interface CommandIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A subcommand resolves to the process exit code. */
export type Command = (io: CommandIo) => Promise<number>;

/**
 * A subcommand as the dispatcher knows it: the command, and its usage text. The dispatcher answers
 * `--help` and `-h` with the usage (plus the help flag itself), so commands never parse them.
 */
export interface CommandModule {
  readonly run: Command;
  /** Starts with `usage: market-feed <command> ...` and names every option the command takes. */
  readonly usage: () => string;
}

/** Exit code for a failure at start-up or while running (e.g. the schema registry refused a schema). */
export const EXIT_FAILURE = 1;

/** Exit code for invalid usage or configuration. */
export const EXIT_USAGE = 2;

/** Thrown for a bad flag or config value; `key` names it, the message says what is allowed. Not retriable. */
export class UsageError extends FeedError<{ readonly key: string }> {
  constructor(
    readonly key: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${key}: ${message}`, false, { key }, options);
  }
}

/** True when the arguments ask for help: `--help` or `-h` anywhere before a `--` terminator. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** True for errors that mean "wrong usage": exit 2 with the message. `node:util` `parseArgs` errors carry an `ERR_PARSE_ARGS_*` code. */
export function isUsageError(error: unknown): error is Error {
  if (error instanceof UsageError || error instanceof ConfigError) return true;
  return error instanceof TypeError && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS');
}
