/** A hand-over an instance's log lines say is under way: the shard, which side, and its last line of it. */
export interface OpenHandOver {
  readonly shard: number;
  readonly side: 'taking' | 'releasing';
  readonly last: string;
}

/**
 * The hand-overs under way at an instance, from its log lines: per shard, its last word of taking
 * that is not that it took it (or gave it up), and its last word of releasing that is not that it
 * released it (or was given it back). A standby's takeover is taken without a `taking the shard`
 * line; a shard lost while being taken is not `held`, and its take never ends.
 */
export function openHandOvers(lines: readonly { readonly msg?: unknown; readonly shard?: unknown }[], held: ReadonlySet<number>): OpenHandOver[] {
  const taking = new Map<number, string | undefined>();
  const releasing = new Map<number, string | undefined>();
  for (const line of lines) {
    const { msg, shard } = line;
    if (typeof msg !== 'string' || typeof shard !== 'number' || !msg.startsWith('shard hand-over:')) continue;
    if (msg.startsWith('shard hand-over: taking the shard')) taking.set(shard, msg);
    else if (msg === 'shard hand-over: taken' || msg.startsWith('shard hand-over: given up')) taking.set(shard, undefined);
    else if (msg.startsWith('shard hand-over: revoked')) releasing.set(shard, msg);
    else if (msg === 'shard hand-over: released' || msg.startsWith('shard hand-over: nobody to hand over to') || msg.startsWith('shard hand-over: given back'))
      releasing.set(shard, undefined);
    else if (taking.get(shard) !== undefined) taking.set(shard, msg);
    else if (releasing.get(shard) !== undefined) releasing.set(shard, msg);
  }
  const open: OpenHandOver[] = [];
  for (const [shard, last] of taking) if (last !== undefined && held.has(shard)) open.push({ shard, side: 'taking', last });
  for (const [shard, last] of releasing) if (last !== undefined) open.push({ shard, side: 'releasing', last });
  return open;
}

/** Whether an instance has no hand-over under way (see {@link openHandOvers}). */
export function handOversDone(lines: readonly { readonly msg?: unknown; readonly shard?: unknown }[], held: ReadonlySet<number>): boolean {
  return openHandOvers(lines, held).length === 0;
}
