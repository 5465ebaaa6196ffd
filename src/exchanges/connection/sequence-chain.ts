/** A skipped message number: the venue's `expected` one never came before `received`. */
export interface LostMessage {
  readonly expected: number;
  readonly received: number;
}

/**
 * The chain of one socket's message numbers, on a venue that counts every message of a connection
 * (`VenueProtocol.sequence`, Coinbase's `sequence_num`): each number must be the last one + 1. The first
 * number a socket delivers starts the chain wherever it starts.
 */
export class SequenceChain {
  private last: number | undefined;

  /** Takes the next number: the message lost before it, or undefined when it follows the last one. */
  next(sequence: number): LostMessage | undefined {
    const last = this.last;
    this.last = sequence;
    return last === undefined || sequence === last + 1 ? undefined : { expected: last + 1, received: sequence };
  }
}
