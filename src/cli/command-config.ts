import { parseArgs } from 'node:util';
import { CONFIG_OPTIONS } from '../config/config-options.js';
import { loadConfig, readConfigFile } from '../config/load-config.js';
import type { ConfigOption } from '../config/config-option.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { CommandIo } from './command.js';

/** A command's own flags (besides the shared configuration options). */
export type CommandFlags = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** The validated configuration plus the values of the command's own flags; `help` when asked for. */
export type ParsedCommand = 'help' | { readonly config: MarketFeedConfig; readonly own: Readonly<Record<string, string | boolean | undefined>> };

/**
 * Reads the shared configuration (flags > environment > `--config` file > defaults) and the
 * command's own flags; `extraOptions` are further settings in the option-table form (read back from the
 * returned config by their keys). Throws `ConfigError` for a bad value and a `TypeError` for an unknown flag.
 */
export function parseCommandConfig(io: CommandIo, own: CommandFlags, extraOptions: readonly ConfigOption[] = []): ParsedCommand {
  const options = [...CONFIG_OPTIONS, ...extraOptions];
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(options.map((opt) => [opt.flag, { type: 'string' as const }])),
      ...own,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['help'] === true) return 'help';
  const configPath = values['config'];
  const flags = Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && !(e[0] in own) && e[0] !== 'config'),
  );
  const config = loadConfig({ ...(typeof configPath === 'string' ? { file: readConfigFile(configPath) } : {}), env: io.env, flags }, options);
  const all = values as Readonly<Record<string, string | boolean | undefined>>;
  const ownValues = Object.fromEntries(Object.keys(own).map((key) => [key, all[key]]));
  return { config, own: ownValues };
}
