/**
 * Whether an instance has no hand-over under way, from its log lines: per shard, its last word of
 * taking is that it took it (or gave it up), and its last word of releasing that it released it (or
 * was given it back). A standby's takeover is taken without a `taking the shard` line; a shard lost
 * while being taken is not `held`, and its take never ends.
 */
export function handOversDone(lines: readonly { readonly msg?: unknown; readonly shard?: unknown }[], held: ReadonlySet<number>): boolean {
  const taking = new Map<number, boolean>();
  const releasing = new Map<number, boolean>();
  for (const line of lines) {
    const { msg, shard } = line;
    if (typeof msg !== 'string' || typeof shard !== 'number' || !msg.startsWith('shard hand-over:')) continue;
    if (msg.startsWith('shard hand-over: taking the shard')) taking.set(shard, true);
    else if (msg === 'shard hand-over: taken' || msg.startsWith('shard hand-over: given up')) taking.set(shard, false);
    else if (msg.startsWith('shard hand-over: revoked')) releasing.set(shard, true);
    else if (
      msg === 'shard hand-over: released' ||
      msg.startsWith('shard hand-over: no instance said') ||
      msg.startsWith('shard hand-over: nobody to hand over to') ||
      msg.startsWith('shard hand-over: given back')
    )
      releasing.set(shard, false);
  }
  return [...taking].every(([shard, open]) => !open || !held.has(shard)) && [...releasing.values()].every((open) => !open);
}
