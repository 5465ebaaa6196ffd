import { join } from 'node:path';
import { ROOT, serviceScript, startedBy } from './service-script.js';

/** A QuestDB server run by scripts/questdb.sh: its HTTP port (SQL, ILP), then PostgreSQL, ILP/TCP and health on the next three. */
export interface LocalQuestdb {
  readonly httpPort: number;
  readonly root: string;
}

const TEST_QUESTDB_PORT = Number(process.env['MARKET_FEED_TEST_QUESTDB_PORT'] ?? 28915);

/**
 * Ports 28915-28918 unless MARKET_FEED_TEST_QUESTDB_PORT moves them (below the ephemeral range, as the
 * test broker's); another port has a folder of its own.
 */
export const TEST_QUESTDB: LocalQuestdb = {
  httpPort: TEST_QUESTDB_PORT,
  root: join(ROOT, '.cache', 'questdb', TEST_QUESTDB_PORT === 28915 ? 'test-run' : `test-run-${TEST_QUESTDB_PORT}`),
};

/** `http://127.0.0.1:<port>`: SQL at /exec, ILP at /write. */
export function questdbHttpUrl(server: LocalQuestdb = TEST_QUESTDB): string {
  return `http://127.0.0.1:${server.httpPort}`;
}

async function questdbScript(server: LocalQuestdb, command: 'start' | 'clean'): Promise<string> {
  const env = {
    QUESTDB_HTTP_PORT: String(server.httpPort),
    QUESTDB_PG_PORT: String(server.httpPort + 1),
    QUESTDB_ILP_TCP_PORT: String(server.httpPort + 2),
    QUESTDB_HTTP_MIN_PORT: String(server.httpPort + 3),
    QUESTDB_ROOT: server.root,
    // A test server: a small heap, and the quick compiler (as the test brokers).
    QUESTDB_JVM_OPTS: '-Xmx512m -XX:TieredStopAtLevel=1',
  };
  return serviceScript('questdb.sh', command, env, 600_000);
}

/** Starts QuestDB (its data of an earlier run kept: tests read only the rows of their own topics), or reuses a running one; resolves to true when this call started it. */
export async function startLocalQuestdb(server: LocalQuestdb = TEST_QUESTDB): Promise<boolean> {
  return startedBy(await questdbScript(server, 'start'));
}

/** Kills the server and removes its data. */
export async function removeLocalQuestdb(server: LocalQuestdb = TEST_QUESTDB): Promise<void> {
  await questdbScript(server, 'clean');
}

/**
 * The QuestDB of a test file: QUESTDB_HTTP_URL when set, else a local server started for the file (about
 * 3 s) and removed after it, so that no server idles through the other files (about 2 s of CPU a minute).
 */
export async function questdbForFile(server: LocalQuestdb = TEST_QUESTDB): Promise<{ readonly url: string; readonly stop: () => Promise<void> }> {
  const external = process.env['QUESTDB_HTTP_URL'];
  if (external !== undefined && external !== '') return { url: external, stop: async () => {} };
  const started = await startLocalQuestdb(server);
  return { url: questdbHttpUrl(server), stop: started ? () => removeLocalQuestdb(server) : async () => {} };
}
