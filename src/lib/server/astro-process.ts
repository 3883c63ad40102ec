/**
 * Runs the Astro server as a child process: the built site behind scripts/server.ts (the
 * production web server: Astro's standalone handler from dist/server/entry.mjs plus
 * compression and security headers) or `astro dev`. Used by `npm start` / `npm run dev` and
 * by the test stack factory, so tests exercise the same server as production. Node-only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeExit, spawnManaged, waitForHttp, type ManagedProcess } from './managed-process.ts';
import { assertPortFree } from './ports.ts';

/** The standalone server entry written by `astro build` with @astrojs/node. */
/** The built server entry; LL_DIST_DIR moves the whole build (see astro.config.mjs). */
export const BUILT_ENTRY = `${process.env.LL_DIST_DIR || 'dist'}/server/entry.mjs`;

/** The production web server that serves the built entry. */
export const PRODUCTION_SERVER = 'scripts/server.ts';

export interface StartAstroOptions {
  projectRoot: string;
  /** `built` serves dist/ through scripts/server.ts; `dev` runs `astro dev` (hot reload). */
  mode: 'built' | 'dev';
  host: string;
  port: number;
  /** Added to this process's environment, e.g. PB_URL, PB_DATA_DIR, COURSES_DIR. */
  env?: Record<string, string | undefined>;
  /** Script that serves the build, for tests; defaults to `<projectRoot>/scripts/server.ts`. */
  server?: string;
  /** `inherit` shows Astro's log as is (npm start); `pipe` keeps it quiet (tests). */
  output?: 'inherit' | 'pipe';
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Run in its own process group, so a terminal's Ctrl-C reaches only the parent. */
  detached?: boolean;
  /** How long to wait for `GET /` to answer; the first dev request compiles, so allow more there. */
  readyTimeoutMs?: number;
}

export interface RunningAstro {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4321`. */
  url: string;
  process: ManagedProcess['process'];
  /** Settles when the server has exited, for any reason. */
  exited: ManagedProcess['exited'];
  /** SIGTERM, then SIGKILL after a few seconds; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the Astro server and resolves once `GET /` answers (any status).
 *
 * @throws {Error} "Run `npm run build` first" when the build is missing (built mode), if
 *   PORT is taken, if the server exits while starting, or if it does not answer in time
 */
export async function startAstroServer(options: StartAstroOptions): Promise<RunningAstro> {
  const { projectRoot, mode, host, port, output = 'pipe', onOutput, detached = false } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? (mode === 'dev' ? 60_000 : 30_000);

  if (mode === 'built' && !existsSync(path.resolve(projectRoot, BUILT_ENTRY))) {
    throw new Error(`The built site is missing (${BUILT_ENTRY}). Run \`npm run build\` first.`);
  }

  await assertPortFree(port, host, { variable: 'PORT' });

  const env = {
    ...process.env,
    ...options.env,
    HOST: host,
    PORT: String(port),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  const args =
    mode === 'built'
      ? [options.server ?? path.join(projectRoot, PRODUCTION_SERVER)]
      : [path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', host, '--port', String(port)];
  // process.execPath: the Node 24 that runs this script, never whatever `node` is on PATH.
  const child = spawnManaged(process.execPath, args, {
    cwd: projectRoot,
    env,
    output,
    detached,
    ...(onOutput ? { onOutput } : {}),
  });

  const url = `http://${urlHost(host)}:${port}`;
  const ready = await waitForHttp(`${url}/`, { timeoutMs: readyTimeoutMs, process: child });
  if (!ready.ready) {
    const tail = child.recentOutput().slice(-8).join('\n').trim();
    await child.stop();
    const said = tail ? `\nAstro said:\n${tail}` : '';
    if (ready.reason === 'exited') throw new Error(`The Astro server stopped while starting (${describeExit(ready.exit)}).${said}`);
    throw new Error(`The Astro server did not answer at ${url}/ within ${Math.round(readyTimeoutMs / 1000)} s.${said}`);
  }

  return { url, process: child.process, exited: child.exited, stop: () => child.stop() };
}

/** The host to put in a URL: a wildcard address is reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
