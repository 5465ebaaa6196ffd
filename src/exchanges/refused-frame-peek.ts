/** One compiled pattern per key: `"key"` then `:` then a JSON string, its escapes kept. */
const PATTERNS = new Map<string, RegExp>();

function patternOf(key: string): RegExp {
  let pattern = PATTERNS.get(key);
  if (pattern === undefined) {
    pattern = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g');
    PATTERNS.set(key, pattern);
  }
  return pattern;
}

/**
 * The string values of `key` wherever it appears in a refused frame's raw text (`"key": "value"`, at any
 * depth, in order, each once), read whether or not the text is JSON: a frame cut short or damaged still
 * names its channel and symbols. Lenient by design (a frame refused for any reason is peeked at to tell
 * which books it concerned); never run on frames that were read.
 */
export function stringValues(text: string, key: string): readonly string[] {
  const values: string[] = [];
  for (const match of text.matchAll(patternOf(key))) {
    const value = unescaped(match[1] ?? '');
    if (value !== '' && !values.includes(value)) values.push(value);
  }
  return values;
}

/** True when the text names `key` as an object key (`"key":`), whatever its value. */
export function hasKey(text: string, key: string): boolean {
  return new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).test(text);
}

function unescaped(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
