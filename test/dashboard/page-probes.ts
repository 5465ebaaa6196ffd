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

/**
 * The page's main-thread work over a stretch of `windowMs`: its tasks, their CPU time in all and as a share of
 * the stretch, the longest one's, and how many took 50 ms of CPU or more.
 */
export interface MainThreadWork {
  readonly windowMs: number;
  readonly tasks: number;
  readonly cpuMs: number;
  readonly cpuShare: number;
  readonly maxTaskCpuMs: number;
  readonly longTasks: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/**
 * The renderer's main-thread tasks while `during` runs, from Chromium's trace. Each task is counted by
 * its thread time (CPU), which a busy machine taking the thread away does not stretch, where the time
 * between its start and end does: a render 80 ms long on the clock may have had 10 ms of the CPU.
 */
export async function mainThreadWork(page: Page, during: () => Promise<void>): Promise<MainThreadWork> {
  await page.tracing.start({ categories: ['toplevel'] });
  const started = performance.now();
  let windowMs = 0;
  let trace: Uint8Array | undefined;
  try {
    await during();
  } finally {
    windowMs = performance.now() - started;
    trace = await page.tracing.stop();
  }
  if (trace === undefined) throw new Error('Chromium gave no trace');
  const events = (JSON.parse(Buffer.from(trace).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  // A task run inside another (a nested run loop) is already in the outer one's time.
  const cpuMs: number[] = [];
  let outerEnd = Number.NEGATIVE_INFINITY;
  for (const task of tasks) {
    if (task.ts < outerEnd) continue;
    outerEnd = task.ts + (task.dur ?? 0);
    cpuMs.push((task.tdur ?? 0) / 1000);
  }
  const total = cpuMs.reduce((a, b) => a + b, 0);
  return {
    windowMs,
    tasks: cpuMs.length,
    cpuMs: total,
    cpuShare: total / windowMs,
    maxTaskCpuMs: Math.max(0, ...cpuMs),
    longTasks: cpuMs.filter((ms) => ms >= 50).length,
  };
}
