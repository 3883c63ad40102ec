/**
 * Serves a course's own pictures and PDF handouts (referenced from Markdown as `images/<name>`).
 * Only those types, only files inside the course folder (no symlinks out); everything else is a 404.
 */
import type { APIRoute } from 'astro';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { COURSE_FILE_TYPES } from '../../../../lib/courses/course.ts';
import { getCatalogue } from '../../../../lib/site/catalogue.ts';

export const GET: APIRoute = async ({ params, rewrite }) => {
  const course = getCatalogue().course(params.course ?? '');
  const relative = params.path ?? '';
  const type = COURSE_FILE_TYPES[path.extname(relative).toLowerCase()];
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
