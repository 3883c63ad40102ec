/**
 * A real TLS-terminating reverse proxy on loopback for tests: Debian's Caddy (`/usr/bin/caddy`)
 * with its internal CA, in front of the built site, the way operators run it (see "Running
 * behind a proxy" in docs/OPERATIONS.md). Nothing is installed in any trust store and nothing
 * outside a temporary folder is written; clients skip certificate checks.
 *
 *   const port = await findFreePort();
 *   const stack = await startStack({ env: { SITE_URL: `https://localhost:${port}` } });
 *   const proxy = await startCaddy({ port, upstream: stack.baseURL });
 *   // … https://localhost:<port> …
 *   await proxy.stop();
 *
 * Also a plain-http load balancer over several web servers (startCaddyBalancer, for
 * tests/e2e/two-nodes.spec.ts and docs/SCALING.md).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { spawnManaged } from '../../src/lib/server/managed-process.ts';

export const CADDY_BIN = process.env.CADDY_BIN ?? '/usr/bin/caddy';

/** Why the TLS proxy tests cannot run here, or undefined when they can. */
export function caddyMissing(): string | undefined {
  return existsSync(CADDY_BIN) ? undefined : `Caddy is not installed at ${CADDY_BIN}: run \`apt-get install -y caddy\` (Debian) to run the TLS proxy test.`;
}

export interface RunningCaddy {
  /** `https://localhost:<port>` */
  url: string;
  stop(): Promise<void>;
}

/** The Caddyfile: TLS with Caddy's own CA, no admin API, no redirects, state kept in `dir`. */
export function caddyfile(port: number, upstream: string, dir: string): string {
  const target = new URL(upstream);
  return [
    '{',
    '  admin off',
    '  auto_https disable_redirects',
    '  skip_install_trust',
    `  storage file_system ${dir}`,
    '}',
    '',
    `https://localhost:${port} {`,
    '  tls internal',
    // Caddy sends X-Forwarded-Proto/-Host/-For itself.
    `  reverse_proxy ${target.host}`,
    '}',
    '',
  ].join('\n');
}

/** How the balancer picks a web server (Caddy's `lb_policy`). */
export type BalancerPolicy = 'round_robin' | 'ip_hash';

/**
 * The Caddyfile of a plain-http load balancer on 127.0.0.1:`port` sending requests to each of
 * `upstreams` in turn (round robin), or by the client's address (`ip_hash`: one person
 * always reaches the same web server and its rate limits), as in docs/SCALING.md. No TLS: the two-node test is about
 * balancing, the TLS test (tls-proxy.spec.ts) about the proxy headers.
 */
export function balancerCaddyfile(port: number, upstreams: string[], dir: string, policy: BalancerPolicy = 'round_robin'): string {
  return [
    '{',
    '  admin off',
    '  auto_https off',
    `  storage file_system ${dir}`,
    '}',
    '',
    `http://127.0.0.1:${port} {`,
    '  bind 127.0.0.1',
    `  reverse_proxy ${upstreams.map((u) => new URL(u).host).join(' ')} {`,
    `    lb_policy ${policy}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Whether a GET of `url` answers at all (https: certificate not checked). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * Starts Caddy on `port` in front of `upstream`; resolves once it answers over https.
 *
 * @throws {Error} when Caddy is missing, exits, or does not answer within 20 s (with its last output)
 */
export function startCaddy({ port, upstream }: { port: number; upstream: string }): Promise<RunningCaddy> {
  return runCaddy(`https://localhost:${port}`, (dir) => caddyfile(port, upstream, dir));
}

/**
 * Starts a plain-http Caddy load balancer on 127.0.0.1:`port` over `upstreams` (round robin
 * unless `policy` says otherwise);
 * resolves once it answers.
 *
 * @throws {Error} as {@link startCaddy}
 */
export function startCaddyBalancer({ port, upstreams, policy }: { port: number; upstreams: string[]; policy?: BalancerPolicy }): Promise<RunningCaddy> {
  return runCaddy(`http://127.0.0.1:${port}`, (dir) => balancerCaddyfile(port, upstreams, dir, policy));
}

async function runCaddy(url: string, makeConfig: (storageDir: string) => string): Promise<RunningCaddy> {
  const missing = caddyMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'll-caddy-'));
  const config = path.join(dir, 'Caddyfile');
  writeFileSync(config, makeConfig(path.join(dir, 'data')));
  const child = spawnManaged(CADDY_BIN, ['run', '--config', config, '--adapter', 'caddyfile'], {
    cwd: dir,
    // HOME and XDG dirs in the temporary folder: Caddy writes its CA and state nowhere else.
    env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: path.join(dir, 'xdg-data'), XDG_CONFIG_HOME: path.join(dir, 'xdg-config') },
    output: 'pipe',
  });
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.hasExited()) break;
    if (await answers(`${url}/`)) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const said = child.recentOutput().slice(-8).join('\n');
  await stop();
  throw new Error(`Caddy did not answer at ${url} within 20 s.\n${said}`);
}
