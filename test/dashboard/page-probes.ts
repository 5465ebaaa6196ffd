import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_PATH } from './dashboard-test-ports.js';

/** Page-side probes and waits of the dashboard's browser tests. Page-side expressions are strings: the project's types are Node's, not the DOM's. */

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export const stateJs = (venue: string): string => `document.querySelector('tr.venue-row[data-venue="${venue}"] .state')?.dataset.state`;
export const stateOf = (page: Page, venue: string): Promise<unknown> => page.evaluate(stateJs(venue));
export const until = async (page: Page, expression: string, timeoutMs: number): Promise<void> => {
  await page.waitForFunction(expression, { timeout: timeoutMs, polling: 100 });
};

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

export async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, init)).status;
}
