/**
 * GET /files/evidence/<recordId>/<filename>: one file of a piece of evidence, for someone who
 * may see that evidence (the trainee, the staff and verifiers of their cohort: PocketBase's
 * rules decide, as the request runs with the person's own token). Everyone else gets the 404
 * page. Signed out: sign in, then back here. PocketBase down: 503.
 */
import type { APIRoute } from 'astro';
import { evidenceFileResponse } from '../../../../lib/assessment/evidence-files.ts';
import { requireUser } from '../../../../lib/auth/guards.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const response = await evidenceFileResponse(context.locals.pb, context.params.id, context.params.name);
  return response === 'not-found' ? context.rewrite('/404') : response;
};
