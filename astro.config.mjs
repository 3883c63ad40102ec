// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  // LL_DIST_DIR lets parallel builds (e.g. several developers' test runs) use separate folders.
  outDir: process.env.LL_DIST_DIR || './dist',
  // scripts/server.ts imports the standalone handler (static files + SSR) and adds compression.
  // Whole responses, not streamed chunks: pages are small, and compression works far better on one buffer.
  adapter: node({ mode: 'standalone', experimentalDisableStreaming: true }),
  site: process.env.SITE_URL || undefined,
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  security: { checkOrigin: true },
});
