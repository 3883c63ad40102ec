/**
 * GET /account/my-data.zip — everything this site holds about the signed-in person (account,
 * preferences, enrolments, progress, reflections with every version, attempts, evidence with
 * its files, decisions and feedback about them, certificates, notices, audit rows, emails):
 * src/lib/privacy/. Only ever the signed-in person's own: no id is taken from the request.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { downloadEverything } from '../../lib/privacy/download.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  return downloadEverything(guard.user, context.locals.pb, context.locals.service);
};
