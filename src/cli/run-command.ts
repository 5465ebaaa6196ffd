import { redactSecrets } from '../config/load-config.js';
import { narrowToCoinSlice } from '../config/narrow-to-coin-slice.js';
import { createLogger } from '../logging/create-logger.js';
import type { Command } from './command.js';
import { configUsage, parseCommandConfig } from './command-config.js';
import { watchEventLoop } from './loop-watchdog.js';
import { startPipeline } from './pipeline-runner.js';
import { requireClusterClient } from './run-stages/run-cluster.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** `market-feed run --help`. */
export const runUsage = (): string => `usage: market-feed run [--config FILE] [options]\n\n${configUsage()}\n`;

/** `market-feed run`: live venues -> pipeline -> Kafka (or JSON lines on stdout). */
export const runCommand: Command = async (io) => {
  const config = narrowToCoinSlice(parseCommandConfig(io).config);
  requireClusterClient(config);

  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'run' });
  log.info({ config: redactSecrets(config) }, 'starting');
  // A call that never returns would block every log line that could say so, and the stop: said from a thread of its own.
  const watchdog = watchEventLoop();

  const pipeline = await startPipeline({ config, logger, stdout: io.stdout, seedGaps: true });
  const ended = await Promise.race([
    onShutdownSignal(() => {
      log.warn('second signal: exiting at once');
      process.exit(130);
    }).then((signal) => ({ signal, failure: undefined })),
    pipeline.failed.then((failure) => ({ signal: undefined, failure })),
  ]);
  if (ended.failure === undefined) log.info({ signal: ended.signal }, 'shutting down: stopping venues, closing windows, flushing');
  else log.error({ err: ended.failure }, `cannot go on: ${ended.failure.message}; stopping venues, closing windows, flushing`);
  watchdog.stopping();
  const { undelivered } = await pipeline.stop();
  log.info({ undelivered }, 'stopped');
  logger.flush();
  return ended.failure === undefined ? 0 : 1;
};
