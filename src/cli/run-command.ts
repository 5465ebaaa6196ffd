import { ConfigError, describeOptions } from '../config/load-config.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { createLogger } from '../logging/create-logger.js';
import type { Command } from './command.js';
import { EXIT_USAGE } from './command.js';
import { parseCommandConfig } from './command-config.js';
import { startPipeline } from './pipeline-runner.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** `market-feed run`: live venues -> pipeline -> Kafka (or JSON lines on stdout). */
export const runCommand: Command = async (io) => {
  let config: MarketFeedConfig;
  try {
    const loaded = parseCommandConfig(io, {});
    if (loaded === 'help') {
      io.stdout.write(`usage: market-feed run [--config FILE] [options]\n\noptions (flag > environment > config file > default):\n${describeOptions()}\n`);
      return 0;
    }
    config = loaded.config;
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      io.stderr.write(`market-feed run: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'run' });
  log.info({ config: { ...config, kafka: { ...config.kafka, saslPassword: config.kafka.saslPassword === undefined ? undefined : '[redacted]' } } }, 'starting');

  const pipeline = await startPipeline({ config, logger, stdout: io.stdout, seedGaps: true });
  const signal = await onShutdownSignal(() => {
    log.warn('second signal: exiting at once');
    process.exit(130);
  });
  log.info({ signal }, 'shutting down: stopping venues, closing windows, flushing');
  const { undelivered } = await pipeline.stop();
  log.info({ undelivered }, 'stopped');
  logger.flush();
  return 0;
};
