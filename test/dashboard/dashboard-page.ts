import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { CliProcess } from '../support/cli-process.js';

// What the dashboard's browser tests read of the page and of the dashboard's HTTP answers. Page-side
// expressions are strings: the project's types are Node's, not the DOM's.
export const stateJs = (venue: string): string => `document.querySelector('tr.venue-row[data-venue="${venue}"] .state')?.dataset.state`;
export const priceJs = (instrument: string): string => `(document.querySelector('tr[data-instrument="${instrument}"] .price')?.textContent ?? '')`;
export const stateOf = (page: Page, venue: string): Promise<unknown> => page.evaluate(stateJs(venue));
/** How the dashboard process ended, if it did, and its log lines about its connection to Kafka, the last 30: why a reconnect did not happen. */
export const kafkaStory = (cli: CliProcess | undefined): string =>
  (cli?.ended === undefined ? [] : [`(the dashboard process ${cli.ended})`])
    .concat(
      (cli?.logs ?? [])
        .filter((line) => String(line['component']).includes('kafka') || /Kafka|reading topics/.test(String(line['msg'])))
        .slice(-30)
        .map(
          (line) =>
            `${new Date(Number(line['time'])).toISOString()} ${String(line['msg'])}${typeof line['err'] === 'object' && line['err'] !== null ? `: ${String((line['err'] as Record<string, unknown>)['message'])}` : ''}`,
        ),
    )
    .join('\n');
export const priceOf = async (page: Page, instrument: string): Promise<string> => String(await page.evaluate(priceJs(instrument)));
export const until = async (page: Page, expression: string, timeoutMs: number): Promise<void> => {
  await page.waitForFunction(expression, { timeout: timeoutMs, polling: 100 });
};

/** Waits until the instrument's price on screen differs from `from`. */
export async function priceChanges(page: Page, instrument: string, from: string, timeoutMs: number): Promise<string> {
  await until(page, `${priceJs(instrument)} !== '' && ${priceJs(instrument)} !== ${JSON.stringify(from)}`, timeoutMs);
  return priceOf(page, instrument);
}

/** The order book panel as drawn: its venue, the venue each of its parts names, the mid, and the first row's bid and ask. */
export interface BookOnScreen {
  readonly source: string;
  readonly exchange: string;
  readonly named: readonly string[];
  readonly mid: number;
  readonly bid: number;
  readonly ask: number;
  readonly rows: number;
}
export const BOOK_JS = `(() => {
  const panel = document.querySelector('#book-panel');
  const num = (el) => (el ? Number(el.textContent.replaceAll(',', '')) : NaN);
  const row = document.querySelector('#book tbody tr');
  return {
    source: panel.dataset.source,
    exchange: panel.dataset.exchange,
    named: [...panel.querySelectorAll('[data-exchange]')].map((e) => e.dataset.exchange).concat([panel.querySelector('.book-venue')?.textContent ?? '']),
    mid: num(panel.querySelector('[data-figure="mid"]')),
    bid: num(row?.children[1]),
    ask: num(row?.children[2]),
    rows: document.querySelectorAll('#book tbody tr').length,
  };
})()`;
export const bookOnScreen = async (page: Page): Promise<BookOnScreen> => (await page.evaluate(BOOK_JS)) as BookOnScreen;

/** One book's figures and levels: every part names the same venue, and the mid lies between the best bid and ask shown. */
export function expectOneBook(book: BookOnScreen): void {
  expect(
    book.named.every((name) => name === book.exchange),
    JSON.stringify(book),
  ).toBe(true);
  if (book.source !== 'snapshot') return;
  expect(book.rows).toBeGreaterThan(0);
  expect(book.bid, JSON.stringify(book)).toBeLessThanOrEqual(book.mid);
  expect(book.mid, JSON.stringify(book)).toBeLessThanOrEqual(book.ask);
}

/**
 * The flow column's cells that do not show whole: wider than their box, or reaching past an ancestor
 * that clips or scrolls (a panel, the detail's columns). Their text and the reason.
 */
export const CLIPPED_FLOW_JS = `(() => {
  const clipped = [];
  for (const cell of document.querySelectorAll('#stats tbody td.flow')) {
    const box = cell.getBoundingClientRect();
    if (cell.scrollWidth > cell.clientWidth) clipped.push(cell.textContent + ': wider than its cell');
    for (let el = cell.parentElement; el !== null && el !== document.documentElement; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const outer = el.getBoundingClientRect();
      if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) clipped.push(cell.textContent + ': past the edge of ' + (el.id || el.className || el.tagName));
    }
  }
  return clipped;
})()`;

/**
 * Text in the venues panel that runs into other text, a timeline, or past its own cell: each text
 * node's line boxes (a Range's client rects, which reach as far as the text does, whatever its box)
 * against every other's and against each timeline, and against the cell holding it.
 */
export const OVERLAPS_JS = `(() => {
  const panel = document.querySelector('#venues-panel');
  const boxes = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node.textContent.trim() === '' || node.parentElement.closest('svg') !== null) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const row = node.parentElement.closest('tr')?.dataset.key ?? node.parentElement.closest('tr')?.dataset.venue;
    const text = (row === undefined ? '' : row + ': ') + node.textContent;
    for (const box of range.getClientRects()) if (box.width > 0) boxes.push({ text, cell: node.parentElement.closest('td, th'), box });
  }
  for (const svg of panel.querySelectorAll('svg')) boxes.push({ text: 'the timeline of ' + (svg.closest('tr').dataset.key ?? svg.closest('tr').dataset.venue), cell: null, box: svg.getBoundingClientRect() });
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const found = [];
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) if (meet(a.box, b.box)) found.push(a.text + ' runs into ' + b.text);
    const cell = a.cell?.getBoundingClientRect();
    if (cell !== undefined && (a.box.left < cell.left - 0.5 || a.box.right > cell.right + 0.5)) found.push(a.text + ' reaches past its cell');
  });
  return found;
})()`;

export interface ViewAnswer {
  readonly instruments: {
    readonly total: number;
    readonly rows: readonly { readonly instrument: string; readonly price: number; readonly tradesPerSecond: number }[];
  };
  readonly chosen?: { readonly instrument: string };
  readonly counts: Readonly<Record<string, number>>;
  readonly health: { readonly kafka: string; readonly undecodable: number; readonly lastUndecodable?: string };
}

/** Polls `/api/view` until `accept` holds; fails with the last view. */
export async function viewUntil(url: string, accept: (view: ViewAnswer) => boolean, timeoutMs: number): Promise<ViewAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${url}api/view`)).json()) as ViewAnswer;
    if (accept(view)) return view;
    if (Date.now() > deadline) throw new Error(`view not as expected within ${timeoutMs} ms: ${JSON.stringify(view).slice(0, 2000)}`);
    await sleep(200);
  }
}

/** Injected before the page's scripts: every animation frame's interval. */
export const FRAME_PROBE = `window.frameIntervals = []; { let last = performance.now(); const frame = (t) => { window.frameIntervals.push(t - last); last = t; requestAnimationFrame(frame); }; requestAnimationFrame(frame); }`;
export const ROWS_JS = `[...document.querySelectorAll('#instruments tbody tr')].map((r) => r.dataset.instrument)`;

export async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, init)).status;
}
