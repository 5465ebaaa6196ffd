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

/** Exit code for a failure at start-up or while running (e.g. the schema registry refused a schema). */
export const EXIT_FAILURE = 1;

/** Exit code for invalid usage or configuration. */
export const EXIT_USAGE = 2;

/** Thrown for a bad flag or config value; `key` names it, the message says what is allowed. */
export class UsageError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = 'UsageError';
  }
}
