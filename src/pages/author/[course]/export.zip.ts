/**
 * GET /author/<course>/export.zip — the course's working copy (the draft) as a zip of its
 * folder, for backups or to work on it in Git. Authors and admins only.
 */
import type { APIRoute } from 'astro';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { listWorkingFiles } from '../../../lib/authoring/workspace.ts';
import { courseZip } from '../../../lib/authoring/zip.ts';

export const GET: APIRoute = async (context) => {
  const access = await authorAccess(context, context.params.course);
  if (!access.ok) return 'response' in access ? access.response : context.redirect(`/author/${context.params.course}/history`, 303);
  const zip = courseZip(access.slug, listWorkingFiles(access.slug, access.dirs.courses));
  const body = new Uint8Array(zip.byteLength);
  body.set(zip);
  return new Response(body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${access.slug}.zip"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
