/** Writes docs/configuration.md from the option tables (`npm run docs:config`). */
import { writeFileSync } from 'node:fs';
import { configurationReference } from '../src/config/configuration-reference.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), configurationReference());
