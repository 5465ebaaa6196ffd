import type { BookSides } from '../../model/index.js';

/**
 * The hand-made book the book specs compute against, five levels a side, mid 100.
 * Quote resting per level, and running totals:
 *   asks 101 x 1 = 101 (101), 102 x 2 = 204 (305), 103 x 4 = 412 (717), 104 x 5 = 520 (1237), 105 x 8 = 840 (2077)
 *   bids  99 x 2 = 198 (198),  98 x 3 = 294 (492),  97 x 5 = 485 (977),  96 x 4 = 384 (1361), 95 x 10 = 950 (2311)
 */
export const FIVE_LEVEL_BOOK: BookSides = {
  bids: [
    { price: 99, size: 2 },
    { price: 98, size: 3 },
    { price: 97, size: 5 },
    { price: 96, size: 4 },
    { price: 95, size: 10 },
  ],
  asks: [
    { price: 101, size: 1 },
    { price: 102, size: 2 },
    { price: 103, size: 4 },
    { price: 104, size: 5 },
    { price: 105, size: 8 },
  ],
};

/** (99 + 101) / 2 */
export const FIVE_LEVEL_BOOK_MID = 100;
