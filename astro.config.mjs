// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { GLOBAL_BODY_LIMIT_BYTES } from './src/lib/server/body-limit.ts';

export default defineConfig({
  output: 'server',
  // LL_DIST_DIR lets parallel builds (e.g. several developers' test runs) use separate folders.
  outDir: process.env.LL_DIST_DIR || './dist',
  // scripts/server.ts imports the standalone handler (static files + SSR) and adds compression.
  // Whole responses, not streamed chunks: pages are small, and compression works far better on one buffer.
  // scripts/server.ts limits bodies per address; this is the adapter's own backstop (largest upload + margin).
  adapter: node({ mode: 'standalone', experimentalDisableStreaming: true, bodySizeLimit: GLOBAL_BODY_LIMIT_BYTES }),
  site: process.env.SITE_URL || undefined,
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  // The offline service worker (src/elements/offline-sw.ts) is one classic script: service
  // workers load it without module support, and it imports nothing at run time.
  vite: { worker: { format: 'iife' } },
  security: {
    // Cross-site form posts are refused (403). Keep it on.
    checkOrigin: true,
    // Behind a TLS proxy Astro must believe X-Forwarded-Proto/-Host, or every form POST fails the
    // origin check (http vs the browser's https). This list is baked in at build time, but
    // SITE_URL may be set only when the site starts: so the build accepts any http(s) forwarded
    // value, and scripts/server.ts, which reads SITE_URL on every start, removes each forwarded
    // header that does not match SITE_URL before Astro sees it (src/lib/server/proxy-headers.ts).
    // Without SITE_URL no forwarded header reaches Astro. See docs/OPERATIONS.md.
    allowedDomains: [{ protocol: 'https' }, { protocol: 'http' }],
    // A Content-Security-Policy header on every rendered page: Astro adds the hashes of its own
    // bundled scripts and styles to script-src/style-src ('self' plus hashes, no inline handlers).
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
});
