import { describe, expect, it } from 'vitest';
import { SequenceChain } from './sequence-chain.js';

describe('SequenceChain', () => {
  it('starts wherever the socket starts and follows numbers one by one', () => {
    const chain = new SequenceChain();
    expect([41, 42, 43].map((n) => chain.next(n))).toEqual([undefined, undefined, undefined]);
  });

  it('names the first number skipped and the one received instead', () => {
    const chain = new SequenceChain();
    chain.next(7);
    expect(chain.next(10)).toEqual({ expected: 8, received: 10 });
    // The chain goes on from the number received.
    expect(chain.next(11)).toBeUndefined();
  });

  it('takes a repeated or older number for a break too', () => {
    const chain = new SequenceChain();
    chain.next(5);
    expect(chain.next(5)).toEqual({ expected: 6, received: 5 });
    expect(chain.next(3)).toEqual({ expected: 6, received: 3 });
  });
});
