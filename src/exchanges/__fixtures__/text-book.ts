import { crc32 } from 'node:zlib';

/** One side of a recorded book as its text says it: price -> the `[price, size]` strings last received. */
type TextSide = Map<number, readonly [string, string]>;

/** A depth push as OKX and Bitget write it: `action` (`snapshot` or `update`), the levels as strings, the venue's checksum. */
export interface TextBookPush {
  readonly action: string;
  readonly data: readonly {
    readonly bids: readonly (readonly [string, string])[];
    readonly asks: readonly (readonly [string, string])[];
    readonly checksum?: number;
  }[];
}

/**
 * A recorded book kept naively from the frames' own strings (a Map per side), independent of the
 * product's book, and the checksum OKX and Bitget both document ("Order book channel", Checksum; "Depth
 * Channel", Checksum): CRC32 of `bid1Px:bid1Sz:ask1Px:ask1Sz:...` over the best 25 of each side
 * interleaved, a side that runs out adding nothing, read as a signed 32-bit integer.
 */
export class TextBook {
  private bids: TextSide = new Map();
  private asks: TextSide = new Map();

  apply(json: TextBookPush): void {
    const data = json.data[0];
    if (data === undefined) return;
    if (json.action === 'snapshot') {
      this.bids = new Map();
      this.asks = new Map();
    }
    for (const [side, levels] of [
      [this.bids, data.bids],
      [this.asks, data.asks],
    ] as const)
      for (const [price, size] of levels)
        if (Number(size) === 0) side.delete(Number(price));
        else side.set(Number(price), [price, size]);
  }

  top(levels: number): { bids: (readonly [string, string])[]; asks: (readonly [string, string])[] } {
    const sorted = (side: TextSide, sign: number) => [...side.entries()].sort(([a], [b]) => (b - a) * sign).map(([, level]) => level);
    return { bids: sorted(this.bids, 1).slice(0, levels), asks: sorted(this.asks, -1).slice(0, levels) };
  }

  checksum(): number {
    const { bids, asks } = this.top(25);
    const parts: string[] = [];
    for (let n = 0; n < 25; n++) {
      const bid = bids[n];
      const ask = asks[n];
      if (bid !== undefined) parts.push(bid[0], bid[1]);
      if (ask !== undefined) parts.push(ask[0], ask[1]);
    }
    return crc32(parts.join(':')) | 0;
  }
}
