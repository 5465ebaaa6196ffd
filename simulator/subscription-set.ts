/** Told of each topic a connection starts or stops holding. */
export interface SubscriptionListener {
  added(topic: string): void;
  removed(topic: string): void;
}

/**
 * The topics (Binance streams) one connection holds: a `Set` that tells the venue's index of each
 * change, and keeps the total length of its topics (Bybit limits a connection's args to 21,000
 * characters).
 */
export class SubscriptionSet extends Set<string> {
  private listener: SubscriptionListener | undefined;
  private length = 0;

  /** Characters of all topics held. */
  get chars(): number {
    return this.length;
  }

  /** Reports every later change (and each topic already held) to `listener`. */
  listen(listener: SubscriptionListener): void {
    this.listener = listener;
    for (const topic of this) listener.added(topic);
  }

  override add(topic: string): this {
    if (this.has(topic)) return this;
    super.add(topic);
    this.length += topic.length;
    this.listener?.added(topic);
    return this;
  }

  override delete(topic: string): boolean {
    if (!super.delete(topic)) return false;
    this.length -= topic.length;
    this.listener?.removed(topic);
    return true;
  }

  override clear(): void {
    for (const topic of [...this]) this.delete(topic);
  }
}
