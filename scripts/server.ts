/**
 * The production web server: Astro's built handler (static files + server rendering) behind
 * gzip/brotli compression, so a module page stays small on a poor connection.
 * Started by scripts/start.ts; HOST and PORT come from the environment.
 */
import compression from 'compression';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = path.resolve(process.cwd(), process.env.LL_DIST_DIR || 'dist', 'server/entry.mjs');
if (!existsSync(entry)) {
  console.error('The site has not been built yet. Run `npm run build` first, then start again.');
  process.exit(1);
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
const compress = compression({ threshold: 512 });

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4321);

const server = http.createServer((req, res) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  compress(req as never, res as never, () => handler(req, res));
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
  console.log(`[web] listening on http://${host}:${port}`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
