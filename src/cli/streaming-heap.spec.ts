import { describe, expect, it } from 'vitest';
import { STREAMING_HEAP_FLAGS, streamingHeapFlags } from './streaming-heap.js';

describe('streamingHeapFlags', () => {
  it('applies both flags when node was started without heap flags', () => {
    expect(streamingHeapFlags(['--enable-source-maps'])).toEqual(STREAMING_HEAP_FLAGS);
  });

  it('leaves a flag the user gave node, in any spelling, to the user', () => {
    expect(streamingHeapFlags(['--allocation-site-pretenuring'])).toEqual(['--heap-growing-percent=50']);
    expect(streamingHeapFlags(['--heap_growing_percent=20', '--no-allocation_site_pretenuring'])).toEqual([]);
  });
});
