/**
 * The barriers of the venue sockets open now, by connection id. A barrier resolves once its socket has
 * delivered every frame the venue sent before answering it: a WebSocket ping, whose pong TCP and the
 * frame parser deliver after those frames, each passed on before the next is read. A cluster shard's
 * giver asks one of each quiet socket before it stops, to know (not judge from the pace of the socket's
 * newest frame) how far the socket has come: a socket whose frames wait behind a busy instance's others
 * looks idle until its pong comes.
 */
export class SocketBarriers {
  private readonly open = new Map<string, () => Promise<void>>();

  /** A socket opened, with its barrier; returns what forgets it (the socket closed). */
  add(connectionId: string, barrier: () => Promise<void>): () => void {
    this.open.set(connectionId, barrier);
    return () => {
      if (this.open.get(connectionId) === barrier) this.open.delete(connectionId);
    };
  }

  /** A barrier on the socket, or undefined when no such socket is open (closed, or one that takes no ping). It rejects when the socket closes first. */
  ask(connectionId: string): Promise<void> | undefined {
    return this.open.get(connectionId)?.();
  }
}
