/** The label set with its names in sorted order (the exposition writes them in this order). */
export function sortedLabels(labels: object): Readonly<Record<string, string | number>> {
  const entries = Object.entries(labels as Record<string, string | number>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries);
}

/** One string per label set, whatever the order of its names. */
export function labelKey(labels: object): string {
  return Object.entries(labels as Record<string, string | number>)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(',');
}
