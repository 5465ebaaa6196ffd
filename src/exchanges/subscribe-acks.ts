import type { SubscribeRequest } from './venue-protocol.js';

/** What a subscribe ack settled: the topics now subscribed, or the refused request. */
export type AckOutcome =
  | { readonly success: true; readonly topics: readonly string[] }
  | { readonly success: false; readonly rejected: { readonly topics: readonly string[]; readonly requestId?: string } };

/**
 * The subscribe requests of one socket awaiting their ack, and the topics acknowledged. An ack
 * without a request id settles the only pending request, if exactly one is pending.
 */
export class SubscribeAcks {
  private readonly pending = new Map<string, readonly string[]>();
  private readonly topics = new Set<string>();

  /** Topics acknowledged on this socket (never requested again on it). */
  get subscribed(): ReadonlySet<string> {
    return this.topics;
  }

  sent(request: SubscribeRequest): void {
    this.pending.set(request.id, request.topics);
  }

  acknowledged(ack: { readonly success: boolean; readonly requestId?: string }): AckOutcome {
    const key = ack.requestId ?? (this.pending.size === 1 ? [...this.pending.keys()][0] : undefined);
    const topics = key === undefined ? [] : (this.pending.get(key) ?? []);
    if (key !== undefined) this.pending.delete(key);
    if (!ack.success) return { success: false, rejected: { topics, ...(key === undefined ? {} : { requestId: key }) } };
    for (const topic of topics) this.topics.add(topic);
    return { success: true, topics };
  }
}
