/** `instruments-info` pages of the derivatives categories (instrument.mdx: `limit` [1, 1000], default 500). */
const PAGE_DEFAULT = 500;
const PAGE_MAX = 1000;

/** One page of a list, and the cursor of the next (`""` after the last), or why the request is refused. */
export type BybitPage<T> = { readonly page: readonly T[]; readonly nextPageCursor: string } | { readonly error: string };

/**
 * The page of `items` a request asks for by `limit` (1-1000, default 500) and `cursor` (a page's
 * `nextPageCursor`: the first and last symbols of the page before, percent-encoded, as Bybit's cursors
 * look; sent back decoded or not); `""` after the last page.
 */
export function bybitPage<T>(items: readonly T[], query: URLSearchParams, symbolOf: (item: T) => string): BybitPage<T> {
  const limitText = query.get('limit');
  const limit = limitText === null ? PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) return { error: 'params error: limit must be 1-1000' };
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor !== null && cursor !== '') {
    const last = /(?:^|&)last=([^&]*)/.exec(cursor.includes('%3D') ? decodeURIComponent(cursor) : cursor)?.[1];
    const at = last === undefined ? -1 : items.findIndex((item) => symbolOf(item) === last);
    if (at === -1) return { error: 'params error: cursor is invalid' };
    start = at + 1;
  }
  const page = items.slice(start, start + limit);
  const first = page[0];
  const lastOfPage = page[page.length - 1];
  const more = start + limit < items.length && first !== undefined && lastOfPage !== undefined;
  return { page, nextPageCursor: more ? encodeURIComponent(`first=${symbolOf(first)}&last=${symbolOf(lastOfPage)}`) : '' };
}
