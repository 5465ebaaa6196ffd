/**
 * Writes the simulator's order-book fixtures (`sim-*.ndjson`, `sim-*.json`) into
 * simulator/__fixtures__/ from `bookFixtureFiles()`. Run after changing how the simulator
 * builds or writes books: `npx tsx scripts/record-sim-book-fixtures.ts`.
 */
import { writeFileSync } from 'node:fs';
import { bookFixtureFiles } from '../simulator/book-fixture-frames.js';

const directory = new URL('../simulator/__fixtures__/', import.meta.url);
for (const [name, text] of Object.entries(bookFixtureFiles())) {
  writeFileSync(new URL(name, directory), text);
  process.stdout.write(`wrote ${name} (${text.length} bytes)\n`);
}
