/** A figure a venue wrote as a decimal string, as a number; `undefined` when it wrote none. */
export function numberOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** A price that is above 0: a mark or index of 0 (a new listing's, on some venues) says nothing, and is left out. */
export function positiveNumberOf(value: string | undefined): number | undefined {
  const n = numberOf(value);
  return n === undefined || n <= 0 ? undefined : n;
}
