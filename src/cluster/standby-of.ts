/** A member of a cluster's group as every instance sees it: its instance id and, when the brokers say it, its host. */
export interface ClusterMember {
  readonly instance: string;
  /** The host the member connects from (the group's `clientHost`); undefined: not known. */
  readonly host?: string;
}

/**
 * The standby of a shard owned by `owner`: chosen by every instance alike from what each sees (the
 * group's members and the shard's owner on the control topic), with no coordinator. The instances,
 * members and the owner, are put in a ring by their sorted ids; the standby is the first member
 * after the owner in ring order whose host differs from the owner's, or, when every member is on the
 * owner's host (or no host is known), the first member after the owner. None when the owner is the
 * only one. The owner may have left the group (killed): it keeps its place in the ring, so that its
 * standby stays the one chosen while it was a member. `hosts` remembers the host of instances seen
 * before (an owner gone from the group).
 */
export function standbyOf(owner: string, members: readonly ClusterMember[], hosts: ReadonlyMap<string, string> = new Map()): string | undefined {
  const hostOf = new Map(hosts);
  for (const member of members) if (member.host !== undefined) hostOf.set(member.instance, member.host);
  const candidates = new Set(members.map((member) => member.instance).filter((instance) => instance !== owner));
  const ring = [...new Set([...candidates, owner])].sort();
  const after = ring.indexOf(owner);
  const next = [...ring.slice(after + 1), ...ring.slice(0, after)].filter((instance) => candidates.has(instance));
  const ownerHost = hostOf.get(owner);
  const elsewhere = ownerHost === undefined ? undefined : next.find((instance) => hostOf.get(instance) !== undefined && hostOf.get(instance) !== ownerHost);
  return elsewhere ?? next[0];
}

/**
 * The shards this instance (`self`) stands by, each with its owner: those whose owner (as the control
 * topic says) is another instance and whose standby ({@link standbyOf}) is this one.
 */
export function standbyShards(
  self: string,
  owners: ReadonlyMap<number, string>,
  members: readonly ClusterMember[],
  hosts: ReadonlyMap<string, string> = new Map(),
): ReadonlyMap<number, string> {
  const shards = new Map<number, string>();
  const byOwner = new Map<string, string | undefined>();
  for (const [shard, owner] of owners) {
    if (owner === self) continue;
    if (!byOwner.has(owner)) byOwner.set(owner, standbyOf(owner, members, hosts));
    if (byOwner.get(owner) === self) shards.set(shard, owner);
  }
  return shards;
}
