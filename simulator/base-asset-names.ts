import { WELL_KNOWN_COINS } from '../src/model/well-known-coins.js';
import { seededRandom } from './seeded-random.js';

/** The 20 well-known coins, most traded first: the head of every generated universe. */
export const WELL_KNOWN_BASES = WELL_KNOWN_COINS;

/** Lengths of listed base assets and how common each is (most are 3 to 5 characters, a few 2 or 6 to 8). */
const LENGTHS: readonly (readonly [length: number, weight: number])[] = [
  [2, 4],
  [3, 30],
  [4, 34],
  [5, 18],
  [6, 8],
  [7, 4],
  [8, 2],
];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONSONANTS = 'BCDFGHJKLMNPRSTVWXZ';
const VOWELS = 'AEIOUY';

/**
 * `count` distinct base-asset names: the well-known coins, then generated upper-case names of
 * realistic lengths, mostly pronounceable (`ZORA`, `KEVIN`), some acronyms (`XQT`), a few with a
 * number in front as the venues list re-denominated tokens (`1000KAT`). Never one of `avoid` (the
 * quote assets). The same seed gives the same names.
 */
export function baseAssetNames(count: number, seed: number, avoid: readonly string[] = []): string[] {
  const random = seededRandom(seed ^ 0xba5e);
  const names = new Set<string>(WELL_KNOWN_BASES.slice(0, count));
  const taken = new Set([...names, ...avoid]);
  const pick = (alphabet: string): string => alphabet[Math.floor(random() * alphabet.length)] ?? 'A';
  while (names.size < count) {
    let roll = random() * LENGTHS.reduce((sum, [, w]) => sum + w, 0);
    let length = 4;
    for (const [l, w] of LENGTHS) {
      roll -= w;
      if (roll < 0) {
        length = l;
        break;
      }
    }
    const style = random();
    let name = '';
    if (style < 0.7) for (let n = 0; n < length; n += 1) name += pick(n % 2 === 0 ? CONSONANTS : VOWELS);
    else for (let n = 0; n < length; n += 1) name += pick(LETTERS);
    if (random() < 0.03) name = `${random() < 0.5 ? '1000' : '1'}${name.slice(0, 5)}`;
    if (taken.has(name)) continue;
    taken.add(name);
    names.add(name);
  }
  return [...names];
}
