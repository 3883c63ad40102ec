/**
 * GET /author/<course>/export.zip — the course's working copy (the draft) as a zip of its
 * folder, for backups or to work on it in Git. Authors and admins only.
 */
import type { APIRoute } from 'astro';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { listWorkingFiles } from '../../../lib/authoring/workspace.ts';
import { courseZip } from '../../../lib/authoring/zip.ts';
import { downloadResponse } from '../../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const access = await authorAccess(context, context.params.course);
  if (!access.ok) return 'response' in access ? access.response : context.redirect(`/author/${context.params.course}/history`, 303);
  const zip = courseZip(access.slug, listWorkingFiles(access.slug, access.dirs.courses));
  return downloadResponse(zip, { type: 'application/zip', filename: `${access.slug}.zip` });
};
