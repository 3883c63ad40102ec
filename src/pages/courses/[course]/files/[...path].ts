/**
 * Serves a course's own images (referenced from Markdown as `images/<name>`).
 * Only image types, only files inside the course folder; everything else is a 404.
 */
import type { APIRoute } from 'astro';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { getCatalogue } from '../../../../lib/site/catalogue.ts';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};

export const GET: APIRoute = async ({ params, rewrite }) => {
  const course = getCatalogue().course(params.course ?? '');
  const relative = params.path ?? '';
  const type = IMAGE_TYPES[path.extname(relative).toLowerCase()];
  if (!course || !type || relative.split('/').some((part) => part === '..' || part === '')) return rewrite('/404');
  try {
    const root = await realpath(path.resolve(process.cwd(), course.dir));
    const file = await realpath(path.join(root, relative));
    if (!file.startsWith(root + path.sep)) return rewrite('/404');
    return new Response(await readFile(file), {
      headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' },
    });
  } catch {
    return rewrite('/404');
  }
};
