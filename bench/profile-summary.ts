/**
 * Top self-time functions of a V8 `.cpuprofile` (from `node --cpu-prof`):
 * `npx tsx bench/profile-summary.ts FILE [N]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly fn: string;
  readonly where: string;
  readonly selfPercent: number;
}

/** Self time per function (summed over call sites), largest first, idle excluded. */
export function summarizeProfile(file: string, top = 25): { readonly totalMs: number; readonly lines: ProfileLine[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (node === undefined || node.callFrame.functionName === '(idle)') return;
    const url = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/|bench\/)/, '$1');
    const key = `${node.callFrame.functionName || '(anonymous)'}\u0000${url}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [fn = '', where = ''] = key.split('\u0000');
      return { fn, where, selfPercent: (100 * us) / total };
    });
  return { totalMs: total / 1000, lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top = '25'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary FILE [N]');
  const { totalMs, lines } = summarizeProfile(file, Number(top));
  process.stdout.write(`busy ${Math.round(totalMs)} ms\n`);
  for (const line of lines) process.stdout.write(`${line.selfPercent.toFixed(1).padStart(5)} %  ${line.fn}  ${line.where}\n`);
}
