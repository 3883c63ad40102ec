/**
 * The whole app for end-to-end tests and benchmarks: a throwaway PocketBase (see
 * ./pocketbase.ts) plus the built site served by scripts/server.ts, exactly as `npm start`
 * runs it, on free ports. Needs `npm run build` first.
 *
 *   const stack = await startStack();
 *   // … fetch(`${stack.baseURL}/courses`), new PocketBase(stack.pb.url) …
 *   await stack.stop();
 */
import path from 'node:path';
import { startAstroServer, type RunningAstro } from '../../src/lib/server/astro-process.ts';
import { onAFreePort, repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from './pocketbase.ts';

export interface TestStack {
  /** The site's origin without a trailing slash, e.g. `http://127.0.0.1:41235`. */
  baseURL: string;
  /** The PocketBase behind it, with its service credentials. */
  pb: TestPocketBase;
  /** Stops the web server, then PocketBase, and deletes PocketBase's temporary folder. */
  stop(): Promise<void>;
  /** The web server's (primary) process, e.g. to see its exit after `stop()`. */
  web: RunningAstro;
}

export interface StartStackOptions {
  /** Folder of course folders; defaults to the repository's `courses`. */
  coursesDir?: string;
  /** Extra environment for the web server, e.g. `{ SITE_URL: … }`. */
  env?: Record<string, string | undefined>;
  /** Each line the web server or PocketBase prints; quiet by default. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The web server's port (e.g. to set SITE_URL to the site's own address); a free one by default. */
  port?: number;
  /** Start PocketBase on this seeded data folder, kept on stop (see startTestPocketBase). */
  pbDataDir?: string;
  /** How long PocketBase may take to become healthy (migrations on a big database). */
  pbHealthTimeoutMs?: number;
  /**
   * WEB_PROCESSES for the web server: `1` by default in tests (cheap on a shared machine);
   * `auto` (one per core, as `npm start`) or a number for tests and benchmarks of the cluster.
   */
  webProcesses?: number | 'auto';
}

/**
 * Starts PocketBase and the built web server; resolves once `GET /` answers.
 *
 * @throws {Error} "The built site is missing (dist/server/entry.mjs). Run `npm run build`
 *   first." and the same plain messages as `npm start`; whatever was started is stopped
 */
export async function startStack(options: StartStackOptions = {}): Promise<TestStack> {
  const { projectRoot } = repoPocketBaseDirs();
  const coursesDir = path.resolve(projectRoot, options.coursesDir ?? 'courses');
  const output = options.onOutput ? { onOutput: options.onOutput } : {};

  const pb = await startTestPocketBase({
    ...output,
    ...(options.pbDataDir ? { dataDir: options.pbDataDir } : {}),
    ...(options.pbHealthTimeoutMs ? { healthTimeoutMs: options.pbHealthTimeoutMs } : {}),
  });
  try {
    const startWeb = (port: number) =>
      startAstroServer({
        projectRoot,
        mode: 'built',
        host: '127.0.0.1',
        port,
        env: { WEB_PROCESSES: String(options.webProcesses ?? 1), ...options.env, PB_URL: pb.url, PB_DATA_DIR: pb.dataDir, COURSES_DIR: coursesDir },
        output: 'pipe',
        ...output,
      });
    const web = options.port ? await startWeb(options.port) : await onAFreePort(startWeb);

    let stopping: Promise<void> | undefined;
    return {
      baseURL: web.url,
      pb,
      web,
      stop: () => (stopping ??= web.stop().finally(() => pb.stop())),
    };
  } catch (error) {
    await pb.stop();
    throw error;
  }
}

export interface TestWebNode {
  /** Its NODE_NAME, sent back in `X-Served-By`. */
  name: string;
  baseURL: string;
  /** Every line it has printed so far. */
  output: string[];
}

export interface TwoNodeStack {
  pb: TestPocketBase;
  nodes: [TestWebNode, TestWebNode];
  /** Stops both web servers, then PocketBase. */
  stop(): Promise<void>;
}

/**
 * ONE PocketBase and TWO web servers (scripts/server.ts, as `npm run start:web` runs an extra
 * one) pointing at it with PB_URL, sharing the courses folder and the data folder's secrets,
 * as docs/SCALING.md describes. `env(name)` adds each node's own settings (NODE_NAME is set
 * here; the second gets BACKGROUND_JOBS=off unless `env` says otherwise).
 */
export async function startTwoNodes(options: { coursesDir?: string; env?: (name: string) => Record<string, string | undefined> } = {}): Promise<TwoNodeStack> {
  const { projectRoot } = repoPocketBaseDirs();
  const coursesDir = path.resolve(projectRoot, options.coursesDir ?? 'courses');
  const pb = await startTestPocketBase();
  const started: RunningAstro[] = [];
  try {
    const nodes: TestWebNode[] = [];
    for (const [name, jobs] of [['node-a', 'on'], ['node-b', 'off']] as const) {
      const output: string[] = [];
      const web = await onAFreePort((port) =>
        startAstroServer({
          projectRoot,
          mode: 'built',
          host: '127.0.0.1',
          port,
          env: { WEB_PROCESSES: '1', BACKGROUND_JOBS: jobs, ...options.env?.(name), NODE_NAME: name, PB_URL: pb.url, PB_DATA_DIR: pb.dataDir, COURSES_DIR: coursesDir },
          output: 'pipe',
          onOutput: (line) => void output.push(line),
        }),
      );
      started.push(web);
      nodes.push({ name, baseURL: web.url, output });
    }
    let stopping: Promise<void> | undefined;
    return {
      pb,
      nodes: nodes as [TestWebNode, TestWebNode],
      stop: () => (stopping ??= Promise.all(started.map((w) => w.stop())).then(() => undefined).finally(() => pb.stop())),
    };
  } catch (error) {
    await Promise.all(started.map((w) => w.stop()));
    await pb.stop();
    throw error;
  }
}

/**
 * A Playwright worker fixture: one stack per worker (on its own courses, say), stopped when
 * the worker ends. `{ myStack: stackPerWorker({ coursesDir: '…' }) }` in `test.extend`.
 */
export function stackPerWorker(options: StartStackOptions = {}) {
  // Playwright reads the fixture's first parameter as an object pattern: it must stay `{}`.
  // eslint-disable-next-line no-empty-pattern
  const fixture = async ({}: object, use: (stack: TestStack) => Promise<void>) => {
    const stack = await startStack(options);
    await use(stack);
    await stack.stop();
  };
  return [fixture, { scope: 'worker', timeout: 60_000 }] as [typeof fixture, { scope: 'worker'; timeout: number }];
}
