import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from './config-options.js';
import { configurationReference } from './configuration-reference.js';

describe('docs/configuration.md', () => {
  it('is what the option tables give (run `npm run docs:config` after changing an option)', () => {
    expect(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')).toBe(configurationReference());
  });

  it('names every setting of run once, with its flag, environment variable and key, and never a secret', () => {
    const page = configurationReference();
    for (const option of CONFIG_OPTIONS) {
      expect(
        page.split('\n').filter((line) => line.startsWith(`| \`--${option.flag}\` |`)),
        option.flag,
      ).toHaveLength(1);
      if (option.env !== undefined) expect(page).toContain(`\`${option.env}\``);
      expect(page).toContain(`\`${option.key}\``);
    }
    expect(page).not.toMatch(/apiKey` \| `"[^"]/);
  });
});
