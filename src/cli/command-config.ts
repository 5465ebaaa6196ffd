import { parseArgs } from 'node:util';
import { CONFIG_OPTIONS } from '../config/config-options.js';
import { describeOptions, loadConfig, readConfigFile } from '../config/load-config.js';
import type { ConfigOption } from '../settings/config-option.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import type { CommandIo } from './command.js';

/** A command's own flags (besides the shared configuration options). */
export type CommandFlags = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** The validated configuration plus the values of the command's own flags. */
export interface ParsedCommand {
  readonly config: MarketFeedConfig;
  readonly own: Readonly<Record<string, string | boolean | undefined>>;
}

/** What a command reads besides the shared configuration. */
export interface CommandConfigSpec {
  /** The command's own flags; default none. */
  readonly own?: CommandFlags;
  /** Further settings in the option-table form (read back from the returned config by their keys). */
  readonly extraOptions?: readonly ConfigOption[];
  /** Which settings may be given as flags; default all (every setting can still come from the environment or `--config`). */
  readonly acceptsFlag?: (option: ConfigOption) => boolean;
}

/** The settings a command takes as flags, in `--help` order. */
export function flagOptions(spec: CommandConfigSpec = {}): readonly ConfigOption[] {
  return [...(spec.extraOptions ?? []), ...CONFIG_OPTIONS].filter((opt) => spec.acceptsFlag?.(opt) ?? true);
}

/** The option lines of a configured command's usage: `--config FILE` and every setting it takes as a flag. */
export function configUsage(spec: CommandConfigSpec = {}): string {
  return [
    'options (flag > environment > config file > default):',
    `  --${'config FILE'.padEnd(26)} settings from a JSON or YAML file, nested keys (e.g. feed: { staleAfterMs: 3000 })`,
    describeOptions(flagOptions(spec)),
  ].join('\n');
}

/**
 * Reads the shared configuration (flags > environment > `--config` file > defaults) and the
 * command's own flags. Throws `ConfigError` for a bad value and a `TypeError` for an unknown flag.
 */
export function parseCommandConfig(io: CommandIo, spec: CommandConfigSpec = {}): ParsedCommand {
  const own = spec.own ?? {};
  const options = [...CONFIG_OPTIONS, ...(spec.extraOptions ?? [])];
  const { values } = parseArgs({
    args: [...io.argv],
    options: {
      config: { type: 'string' },
      ...Object.fromEntries(flagOptions(spec).map((opt) => [opt.flag, { type: 'string' as const }])),
      ...own,
    },
    strict: true,
    allowPositionals: false,
  });
  const configPath = values['config'];
  const flags = Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && !(e[0] in own) && e[0] !== 'config'),
  );
  const config = loadConfig({ ...(typeof configPath === 'string' ? { file: readConfigFile(configPath) } : {}), env: io.env, flags }, options);
  const all = values as Readonly<Record<string, string | boolean | undefined>>;
  const ownValues = Object.fromEntries(Object.keys(own).map((key) => [key, all[key]]));
  return { config, own: ownValues };
}
