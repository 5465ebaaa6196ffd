/** Names remembered at most: a venue lists a few thousand options; past this the memory starts again. */
const CAPACITY = 20_000;

/**
 * `read` of a venue's instrument names, each name read once: an option's name is read by its frame's
 * parser, its mapper, its refusal and its symbol split, for every entry of an underlying's push (hundreds
 * a second), and its terms never change. What `read` gives must not be changed by its callers (readonly
 * records); a name it cannot read is remembered too (as none).
 */
export function rememberedNames<T>(read: (name: string) => T | undefined): (name: string) => T | undefined {
  const known = new Map<string, T | undefined>();
  return (name) => {
    if (known.has(name)) return known.get(name);
    if (known.size >= CAPACITY) known.clear();
    const value = read(name);
    known.set(name, value);
    return value;
  };
}
