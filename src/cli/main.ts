#!/usr/bin/env node
import { FeedError } from '../model/feed-error.js';
import { asksForHelp, EXIT_FAILURE, EXIT_USAGE, isUsageError, type CommandIo, type CommandModule } from './command.js';
import { exitWith } from './process-end.js';
import { tuneHeapForStreaming } from './streaming-heap.js';

/** Subcommands, loaded on demand so that one command's dependencies do not slow another. */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<CommandModule> }>> = {
  normalize: {
    summary: 'raw venue frames (NDJSON) -> normalized records (JSON lines)',
    load: async () => import('./normalize-command.js').then((m) => ({ run: m.normalizeCommand, usage: m.normalizeUsage })),
  },
  simulate: {
    summary: 'local exchange simulator: every venue the pipeline reads, its protocol, REST and limits, with fault injection (simulate --help lists them)',
    load: async () => import('./simulate-command.js').then((m) => ({ run: m.simulateCommand, usage: m.simulateUsage })),
  },
  run: {
    summary: 'the main job: venues -> pipeline -> Kafka (or --sink stdout)',
    load: async () => import('./run-command.js').then((m) => ({ run: m.runCommand, usage: m.runUsage })),
  },
  record: {
    summary: "capture one venue's raw frames with receive times (gzip NDJSON, rotating)",
    load: async () => import('./record-command.js').then((m) => ({ run: m.recordCommand, usage: m.recordUsage })),
  },
  replay: {
    summary: 'feed a capture through the pipeline (--speed 1|10|max), or an archive back into Kafka (--archive DIR)',
    load: async () => import('./replay-command.js').then((m) => ({ run: m.replayCommand, usage: m.replayUsage })),
  },
  sniper: {
    summary: 'paper-trading strategy over the topics: entry/exit signals to strategy.signals.v1',
    load: async () => import('./sniper-command.js').then((m) => ({ run: m.sniperCommand, usage: m.sniperUsage })),
  },
  dashboard: {
    summary: 'a live view of the topics in the browser (venues, prices, trades, book, pipeline health)',
    load: async () => import('./dashboard-command.js').then((m) => ({ run: m.dashboardCommand, usage: m.dashboardUsage })),
  },
  archive: {
    summary: 'the topics -> Parquet files (zstd, Hive folders) for DuckDB, pandas or Spark, every record once',
    load: async () => import('./archive-command.js').then((m) => ({ run: m.archiveCommand, usage: m.archiveUsage })),
  },
  questdb: {
    summary: 'the topics -> QuestDB tables over ILP/HTTP (a table per record type, deduplicated), every record once',
    load: async () => import('./questdb-command.js').then((m) => ({ run: m.questdbCommand, usage: m.questdbUsage })),
  },
  consume: {
    summary: 'decode topics (either Avro encoding) to JSON lines',
    load: async () => import('./consume-command.js').then((m) => ({ run: m.consumeCommand, usage: m.consumeUsage })),
  },
};

const HELP_LINE = `  ${'-h, --help'.padEnd(28)} print this help and exit`;

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return [
    'usage: market-feed <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    HELP_LINE,
    '',
    'market-feed <command> --help lists the options of a command.',
    '',
  ].join('\n');
}

/** Runs one command; `--help`/`-h` print its usage instead, and usage errors exit 2 with the message. */
async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  const name = first === 'help' ? rest[0] : first;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return first === undefined ? EXIT_USAGE : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    process.stderr.write(`market-feed: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  // Measured for the pipeline's own command; the others keep V8's defaults.
  if (name === 'run') tuneHeapForStreaming();
  const command = await entry.load();
  if (first === 'help' || asksForHelp(rest)) {
    process.stdout.write(`${command.usage().trimEnd()}\n${HELP_LINE}\n`);
    return 0;
  }
  const io: CommandIo = { argv: rest, env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  try {
    return await command.run(io);
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`market-feed ${name}: ${error.message}\nmarket-feed ${name} --help lists the options.\n`);
      return EXIT_USAGE;
    }
    if (!(error instanceof FeedError)) throw error;
    // A known failure (e.g. the schema registry refused a schema at start-up): one line that says it all.
    process.stderr.write(`market-feed ${name}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
}

/**
 * The reader of stdout went away (`market-feed consume ... | head`): a command that stops in order on
 * SIGTERM (it listens for one) stops so, flushing what it holds elsewhere; any other ends at once with
 * 0, as a Unix filter does, since its reader has what it wanted. Without this, the write's `EPIPE` was
 * an unhandled 'error' event: exit 1 with a stack, and a pipeline torn down unflushed.
 */
function stopWhenStdoutCloses(): void {
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (closed) return;
    closed = true;
    if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
    else process.exit(0);
  });
}

stopWhenStdoutCloses();
main(process.argv.slice(2)).then(exitWith, (error: unknown) => {
  process.stderr.write(`market-feed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exitWith(1);
});
