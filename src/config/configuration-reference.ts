import type { ConfigOption } from '../settings/config-option.js';
import { CONFIG_OPTIONS } from './config-options.js';
import { DASHBOARD_OPTIONS } from './dashboard-options.js';
import { SNIPER_OPTIONS } from './sniper-options.js';

/** The sections of `docs/configuration.md`: the settings every command shares, then each command's own. */
const SECTIONS: readonly { readonly title: string; readonly intro: string; readonly options: readonly ConfigOption[] }[] = [
  {
    title: '`market-feed run` (and the settings other commands share)',
    intro: 'Every setting of the pipeline, in the order `market-feed run --help` lists them.',
    options: CONFIG_OPTIONS,
  },
  { title: '`market-feed dashboard`', intro: "The dashboard's own settings, besides the Kafka and schema registry ones above.", options: DASHBOARD_OPTIONS },
  { title: '`market-feed sniper`', intro: "The sniper's own settings (paper trading only).", options: SNIPER_OPTIONS },
];

/** A table cell: pipes escaped, no line breaks. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** How a default is written: secrets never, unset ones as such, the rest as JSON. */
const defaultOf = (option: ConfigOption): string => (option.secret === true ? '(secret)' : (JSON.stringify(option.default) ?? '(unset)'));

/**
 * `docs/configuration.md`, generated from the option tables (`npm run docs:config` writes it; a
 * unit test fails when the file is not what this gives, so the page cannot fall behind the code).
 */
export function configurationReference(): string {
  const lines = [
    '# Configuration',
    '',
    "<!-- Generated from the option tables (each feature's `*-options.ts`, in the order src/config/config-options.ts assembles them) by `npm run docs:config`; edit the tables, not this page. -->",
    '',
    'Each setting can be given as a flag, an environment variable or a key of a `--config` file (JSON or',
    'YAML, nested by the dots of the key, e.g. `feed: { staleAfterMs: 3000 }`). A flag wins over the',
    'environment, which wins over the file, which wins over the default. An invalid value exits 2 with',
    'one line naming the setting and what is allowed; `market-feed <command> --help` prints the same list.',
  ];
  for (const section of SECTIONS) {
    lines.push('', `## ${section.title}`, '', section.intro, '', '| flag | environment | key | default | meaning |', '| --- | --- | --- | --- | --- |');
    for (const option of section.options) {
      lines.push(
        `| \`--${option.flag}\` | ${option.env === undefined ? '' : `\`${option.env}\``} | \`${option.key}\` | \`${cell(defaultOf(option))}\` | ${cell(option.description)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
