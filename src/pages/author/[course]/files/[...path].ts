/**
 * GET /author/<course>/files/<path> — a picture from the working copy, for the editor's
 * preview (so a picture shows before it is published). Authors and administrators only;
 * pictures only, sent with their own type and `nosniff`.
 */
import type { APIRoute } from 'astro';
import { isPicturePath } from '../../../../lib/authoring/limits.ts';
import { authorAccess } from '../../../../lib/authoring/page.ts';
import { readWorkingFile } from '../../../../lib/authoring/workspace.ts';
import { COURSE_FILE_TYPES } from '../../../../lib/courses/course.ts';
import { DomainError } from '../../../../lib/errors.ts';

export const GET: APIRoute = async (context) => {
  const slug = context.params.course ?? '';
  const access = await authorAccess(context, slug);
  if (!access.ok && 'response' in access) return access.response;
  if (!access.ok) return new Response('Forbidden', { status: 403 });
  const relative = context.params.path ?? '';
  try {
    if (!isPicturePath(relative)) return new Response('Not found', { status: 404 });
    const file = readWorkingFile(slug, relative);
    if (!file) return new Response('Not found', { status: 404 });
    const type = COURSE_FILE_TYPES[relative.slice(relative.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream';
    return new Response(new Uint8Array(file.content), { headers: { 'Content-Type': type, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' } });
  } catch (error) {
    if (error instanceof DomainError) return new Response('Not found', { status: 404 });
    throw error;
  }
};
