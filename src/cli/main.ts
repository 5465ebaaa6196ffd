#!/usr/bin/env node
import { FeedError } from '../model/feed-error.js';
import type { Command, CommandIo } from './command.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './command.js';

/** Subcommands, loaded on demand so that one command's dependencies do not slow another. */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<Command> }>> = {
  normalize: { summary: 'raw venue frames (NDJSON) -> normalized records (JSON lines)', load: async () => (await import('./normalize-command.js')).normalizeCommand },
  simulate: { summary: 'local exchange simulator (Bybit and Binance protocols, fault injection)', load: async () => (await import('./simulate-command.js')).simulateCommand },
  run: { summary: 'the main job: venues -> pipeline -> Kafka (or --sink stdout)', load: async () => (await import('./run-command.js')).runCommand },
  record: { summary: 'capture one venue\'s raw frames with receive times (gzip NDJSON, rotating)', load: async () => (await import('./record-command.js')).recordCommand },
  replay: { summary: 'feed a capture through the pipeline (--speed 1|10|max)', load: async () => (await import('./replay-command.js')).replayCommand },
  sniper: { summary: 'paper-trading strategy over the topics: entry/exit signals to strategy.signals.v1', load: async () => (await import('./sniper-command.js')).sniperCommand },
  consume: { summary: 'decode topics (either Avro encoding) to JSON lines', load: async () => (await import('./consume-command.js')).consumeCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return ['usage: market-feed <command> [options]', '', 'commands:', ...lines, ''].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`market-feed: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  const io: CommandIo = { argv: rest, env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const command = await entry.load();
  try {
    return await command(io);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    // A known failure (e.g. the schema registry refused a schema at start-up): one line that says it all.
    process.stderr.write(`market-feed ${name}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`market-feed: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`market-feed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
