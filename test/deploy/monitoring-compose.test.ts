import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './promtool.js';

const deployDir = join(repoRoot, 'deploy');

interface Service {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
}

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly datasource?: { readonly uid: string };
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
}

const readYaml = <T>(path: string): T => parse(readFileSync(path, 'utf8'), { merge: true }) as T;
const compose = readYaml<{ services: Record<string, Service>; volumes?: Record<string, unknown> }>(join(deployDir, 'docker-compose.yml'));
const rootCompose = readYaml<{ include?: readonly string[]; services: Record<string, Service> }>(join(repoRoot, 'docker-compose.yml'));

function service(name: string): Service {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`deploy/docker-compose.yml has no service ${name}`);
  return found;
}

/** Container path -> host path under deploy/ for a service's bind mounts (`./x:/y[:ro]`). */
function bindMounts(s: Service): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of s.volumes ?? []) {
    const [source = '', target = ''] = volume.split(':');
    if (source.startsWith('./')) mounts.set(target, join(deployDir, source));
  }
  return mounts;
}

/** Where a container path of a service comes from on the host, through its bind mounts. */
function hostPathOf(s: Service, containerPath: string): string | undefined {
  for (const [target, source] of bindMounts(s)) {
    if (containerPath === target || containerPath.startsWith(`${target}/`)) return join(source, posix.relative(target, containerPath));
  }
  return undefined;
}

describe('deploy/docker-compose.yml: Prometheus and Grafana with the deploy/ files', () => {
  it('is included by the root docker-compose.yml, so `docker compose up` runs them next to the pipeline', () => {
    expect(rootCompose.include).toContain('deploy/docker-compose.yml');
    expect(Object.keys(compose.services).filter((name) => name in rootCompose.services)).toEqual([]);
  });

  it('pins the images and publishes Prometheus on 127.0.0.1:9090 and Grafana on 127.0.0.1:3000 only', () => {
    expect(service('prometheus').image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(service('prometheus').ports).toEqual(['127.0.0.1:9090:9090']);
    expect(service('grafana').ports).toEqual(['127.0.0.1:3000:3000']);
    for (const s of Object.values(compose.services)) for (const port of s.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('mounts existing files read-only, and Prometheus reads the checked config, whose rule and target files come along', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const volume of s.volumes ?? []) {
        const [source = '', , mode] = volume.split(':');
        if (source.startsWith('./')) {
          expect(existsSync(join(deployDir, source)), `${name}: ${source}`).toBe(true);
          expect(mode, `${name}: ${volume}`).toBe('ro');
        } else {
          expect(Object.keys(compose.volumes ?? {}), `${name}: named volume ${source}`).toContain(source);
        }
      }
    }
    const prometheus = service('prometheus');
    const configFlag = prometheus.command?.find((arg) => arg.startsWith('--config.file='));
    const configPath = hostPathOf(prometheus, configFlag?.slice('--config.file='.length) ?? '');
    expect(configPath).toBe(join(deployDir, 'prometheus', 'prometheus.yml'));
    const config = readYaml<{ rule_files: string[]; scrape_configs: { job_name: string; file_sd_configs?: { files: string[] }[] }[] }>(configPath ?? '');
    for (const file of config.rule_files) expect(existsSync(join(deployDir, 'prometheus', file)), file).toBe(true);
    const job = config.scrape_configs.find((c) => c.job_name === 'market-feed');
    const targetFiles = job?.file_sd_configs?.flatMap((sd) => sd.files) ?? [];
    expect(targetFiles.length).toBeGreaterThan(0);
    for (const file of targetFiles) {
      const groups = readYaml<{ targets: string[] }[]>(join(deployDir, 'prometheus', file));
      // The pipeline instances of the root compose file, on the port each serves /metrics on.
      expect(groups.flatMap((g) => g.targets)).toEqual(expect.arrayContaining(['market-feed-1:9464', 'market-feed-2:9464']));
    }
    expect(rootCompose.services['market-feed-1']?.ports).toContain('127.0.0.1:9464:9464');
    expect(rootCompose.services['market-feed-2']?.ports).toContain('127.0.0.1:9465:9464');
  });

  it('provisions Grafana with the Prometheus service as datasource and the dashboard directory it mounts', () => {
    const grafana = service('grafana');
    const provisioning = hostPathOf(grafana, '/etc/grafana/provisioning');
    expect(provisioning).toBeDefined();
    const datasources = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
      join(provisioning ?? '', 'datasources', 'prometheus.yml'),
    ).datasources;
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const providers = readYaml<{ providers: { type: string; options: { path: string } }[] }>(
      join(provisioning ?? '', 'dashboards', 'market-feed.yml'),
    ).providers;
    const dashboardDir = hostPathOf(grafana, providers[0]?.options.path ?? '');
    expect(dashboardDir).toBe(join(deployDir, 'grafana', 'dashboards'));
    const home = hostPathOf(grafana, grafana.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'] ?? '');
    expect(home).toBe(join(deployDir, 'grafana', 'dashboards', 'market-feed.json'));

    const dashboard = JSON.parse(readFileSync(home ?? '', 'utf8')) as { uid: string; panels: Panel[] };
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) expect(panel.datasource?.uid, `panel ${panel.id}`).toBe(datasources[0]?.uid);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
  });

  it("lays the dashboard's panels out on Grafana's 24-column grid without overlaps", () => {
    const dashboard = JSON.parse(readFileSync(join(deployDir, 'grafana', 'dashboards', 'market-feed.json'), 'utf8')) as { panels: Panel[] };
    const cells = new Map<string, number>();
    for (const {
      id,
      gridPos: { x, y, w, h },
    } of dashboard.panels) {
      expect(x + w, `panel ${id}`).toBeLessThanOrEqual(24);
      for (let col = x; col < x + w; col++) {
        for (let row = y; row < y + h; row++) {
          const other = cells.get(`${col},${row}`);
          expect(other, `panel ${id} overlaps panel ${String(other)}`).toBeUndefined();
          cells.set(`${col},${row}`, id);
        }
      }
    }
  });
});
