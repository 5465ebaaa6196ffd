/** Replaces one value somewhere inside a JSON value, chosen by `pick`, with `replacement` (removed when undefined). */
export function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (readonly (string | number)[])[] = [];
  const walk = (v: unknown, path: readonly (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length] ?? [];
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (replacement === undefined) delete cursor[last];
  else cursor[last] = replacement;
  return copy;
}
