/**
 * The production web server: Astro's built handler (static files + server rendering) behind
 * gzip/brotli compression, so a module page stays small on a poor connection.
 * Started by scripts/start.ts; HOST and PORT come from the environment.
 *
 * Before Astro sees a request it also:
 * - drops proxy headers that do not match SITE_URL (src/lib/server/proxy-headers.ts), read at
 *   start, so a build made without SITE_URL works behind a TLS proxy once SITE_URL is set;
 * - refuses bodies over the limit for the address with 413 (src/lib/server/body-limit.ts): at
 *   once for a declared Content-Length, or as soon as a chunked body passes it;
 * - sets headers every answer gets (nosniff, referrer policy, no framing, HSTS for https);
 * - answers a mail program's one-click unsubscribe POST (src/lib/notifications/one-click.ts).
 *
 * Once listening it starts the email outbox worker (src/lib/email/worker.ts), which sends
 * queued emails for as long as this process runs, and (unless BACKGROUND_JOBS=off) the
 * notification email sender and the retention job.
 *
 * One process per core (WEB_PROCESSES, default `auto`): this file's primary starts that many
 * web processes with node:cluster (src/lib/server/web-cluster.ts), which share the port, the
 * rate limits and the double-submit guards (src/lib/server/peers.ts); only process 1 runs the
 * background jobs. SIGTERM or SIGINT stops them all. `WEB_PROCESSES=1`: one process, as before.
 *
 * Several web servers behind one load balancer (docs/SCALING.md): start each with this file,
 * PB_URL pointing at the one PocketBase, NODE_NAME set (answers then carry X-Served-By) and
 * BACKGROUND_JOBS=off on all but one (src/lib/server/node-role.ts).
 *
 * Always start the built site through this file (npm start does): `node dist/server/entry.mjs`
 * on its own would skip these checks.
 */
import compression from 'compression';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trustProxyFromEnv } from '../src/lib/auth/client-ip.ts';
import { serverText } from '../src/lib/i18n/server.ts';
import { judgeDeclaredLength, pathOfTarget } from '../src/lib/server/body-limit.ts';
import { formatBytes } from '../src/lib/sizes.ts';
import { applyHeaderChanges, hstsHeader, proxyHeaderChanges } from '../src/lib/server/proxy-headers.ts';
import { startEmailWorker, stopEmailWorker } from '../src/lib/email/worker.ts';
import { verificationStartupMessage } from '../src/lib/auth/email-tokens.ts';
import { startDigestWorker, stopDigestWorker } from '../src/lib/notifications/digest-worker.ts';
import { startRetentionWorker, stopRetentionWorker } from '../src/lib/privacy/retention-worker.ts';
import { handleOneClick, isOneClickRequest } from '../src/lib/notifications/one-click.ts';
import { nodeRoleFromEnv, webProcessesFromEnv, type NodeRole } from '../src/lib/server/node-role.ts';
import { runPrimary } from '../src/lib/server/web-cluster.ts';
import { isOfflineWorkerScript } from '../src/lib/offline/offline.ts';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const readRole = nodeRoleFromEnv(process.env);
if ('problem' in readRole) {
  console.error(readRole.problem);
  process.exit(1);
}
const role: NodeRole = readRole;
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4321);
const processes = webProcessesFromEnv(process.env, os.availableParallelism());
if (typeof processes !== 'number') {
  console.error(processes.problem);
  process.exit(1);
}
const entry = path.resolve(process.cwd(), process.env.LL_DIST_DIR || 'dist', 'server/entry.mjs');
if (!existsSync(entry)) {
  console.error('The site has not been built yet. Run `npm run build` first, then start again.');
  process.exit(1);
}
if (cluster.isPrimary && processes > 1) {
  // The primary serves nothing itself: it starts one web process per core and relays what
  // they share (src/lib/server/web-cluster.ts). Each web process runs the rest of this file.
  runPrimary({ count: processes, role, address: `http://${host}:${port}` });
} else {
  await serve();
}

async function serve(): Promise<void> {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const compress = compression({ threshold: 512 });

  const proxyTrust = { siteUrl: process.env.SITE_URL, trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY) };
  const hsts = hstsHeader(process.env.SITE_URL);
  const BODYLESS = new Set(['GET', 'HEAD']);
  /** How long an idle keep-alive connection stays open (see where the server is made). */
  const KEEP_ALIVE_SECONDS = 130;

  /** Answers 413 with a plain message and closes the connection, so the rest of the body is never read into memory. */
  function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
    if (!res.headersSent) {
      const body = serverText.tooLarge(formatBytes(limit));
      res.writeHead(413, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      res.end(body);
    }
    // Whatever Astro still tries to write for this request goes nowhere.
    res.writeHead = (() => res) as never;
    res.write = (() => true) as never;
    res.end = (() => res) as never;
    // A lingering close, as web servers do. Once the 413 is written, Node closes the connection
    // at once (socket.destroySoon); with the client's bytes still unread, the kernel answers them
    // with a reset, which can take the 413 with it before the client reads it (seen under load).
    // So end our side only, keep reading and dropping what the client still sends, and close
    // when it closes, or after 2 s at the most.
    const socket = req.socket;
    socket.destroySoon = () => {
      socket.end();
      req.resume();
      socket.once('end', () => socket.destroy());
    };
    setTimeout(() => req.destroy(), 2000).unref();
  }

  /** The request body as Astro will read it (see makeRequestBody in astro/app/node), cut off with 413 past `limit`. */
  async function* limitedBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): AsyncGenerator<Buffer> {
    let received = 0;
    // Not `for await (… of req)`: leaving that loop destroys the request and so the socket at
    // once, and a client still sending could get a reset instead of the 413 (seen under load).
    // refuseTooLarge closes the connection a moment after the answer instead.
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > limit) {
        refuseTooLarge(req, res, limit);
        throw new Error(`Request body over ${limit} bytes`);
      }
      yield chunk;
    }
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    if (role.name) res.setHeader('X-Served-By', role.name);
    // The offline service worker is built into /_astro/ but looks after the whole site (docs/OFFLINE.md).
    if (isOfflineWorkerScript(pathOfTarget(req.url))) res.setHeader('Service-Worker-Allowed', '/');
    applyHeaderChanges(req.headers, proxyHeaderChanges(req.headers, proxyTrust));
    // A mail program's one-click unsubscribe (RFC 8058): no Origin, so not for Astro's form check.
    if (isOneClickRequest(req)) {
      void handleOneClick(req, res);
      return;
    }

    if (!BODYLESS.has(req.method ?? 'GET')) {
      const verdict = judgeDeclaredLength(pathOfTarget(req.url), req.headers['content-length']);
      if (!verdict.ok) {
        refuseTooLarge(req, res, verdict.limit);
        return;
      }
      // Astro reads `req.body` instead of `req` when it is set.
      (req as http.IncomingMessage & { body?: AsyncIterable<Buffer> }).body = limitedBody(req, res, verdict.limit);
    }
    compress(req as never, res as never, () => handler(req, res));
  }

  const server = http.createServer(onRequest);
  // Idle keep-alive connections stay open longer than a proxy keeps its own to us (Caddy two
  // minutes, nginx 60 s). With Node's default of 5 s, a proxy (or any client) could send its
  // next request on a connection Node was just closing and get a reset: a 502 for the person
  // behind the proxy, ECONNRESET seen in the browser tests. Clients that read the
  // `Keep-Alive: timeout=` header Node sends stop reusing a connection before then.
  server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
  server.headersTimeout = (KEEP_ALIVE_SECONDS + 5) * 1000;
  // `Expect: 100-continue` (curl does it for big bodies): refuse before the client starts sending.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (judgeDeclaredLength(pathOfTarget(req.url), req.headers['content-length']).ok) res.writeContinue();
    onRequest(req, res);
  });

  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Stop the other program or set PORT to a free port, e.g. PORT=${port + 1}.`);
    } else {
      console.error(`The web server could not start: ${error.message}`);
    }
    process.exit(1);
  });

  server.listen(port, host, () => {
    if (!cluster.isWorker) console.log(`[web] listening on http://${host}:${port}`);
    // The email outbox worker lives as long as the web server (src/lib/email/worker.ts).
    startEmailWorker();
    // In a cluster (WEB_PROCESSES > 1) only web process 1 says what the machine does.
    const worker = process.env.LL_WEB_WORKER;
    const verification = verificationStartupMessage();
    if (verification && (!worker || worker === '1')) console.log(`[auth] ${verification}`);
    if (!role.backgroundJobs) {
      if (!worker || worker === '1') console.log('[web] BACKGROUND_JOBS=off: notification emails and the retention job run on another web server.');
      return;
    }
    // Next to it, the notification email sender (immediate emails and digests).
    startDigestWorker();
    // And the daily retention job (src/lib/privacy/retention-worker.ts; does nothing until an
    // administrator switches it on at /staff/retention).
    startRetentionWorker();
  });

  const shutdown = () => server.close(() => void Promise.all([stopDigestWorker(), stopEmailWorker(), stopRetentionWorker()]).finally(() => process.exit(0)));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
