/**
 * What /staff/qa and /staff/verifier need: the groups where the signed-in person holds the
 * role, read with their own client (the cohorts' rules show only groups they are staff of).
 */
import type { AstroGlobal } from 'astro';
import { hasRole, requireUser } from '../auth/guards.ts';
import { isUnavailable } from '../errors.ts';
import type { Role } from '../records.ts';
import { listStaffCohorts } from './qa-store.ts';
import { rewriteTo } from '../site/rewrite.ts';

export type CohortIndex =
  | { response: Response | Promise<Response>; allowed?: undefined; cohorts?: undefined }
  | { response?: undefined; allowed: boolean; cohorts: Awaited<ReturnType<typeof listStaffCohorts>> };

export async function loadCohortIndex(astro: AstroGlobal, role: Extract<Role, 'iqa' | 'verifier'>, field: 'iqas' | 'verifiers'): Promise<CohortIndex> {
  const guard = requireUser(astro);
  if (guard.response) return { response: guard.response };
  astro.response.headers.set('Cache-Control', 'private, no-store');
  if (!hasRole(guard.user, role)) {
    astro.response.status = 403;
    return { allowed: false, cohorts: [] };
  }
  try {
    return { allowed: true, cohorts: await listStaffCohorts(astro.locals.pb, guard.user.id, field) };
  } catch (error) {
    if (isUnavailable(error)) return { response: rewriteTo(astro, '/503') };
    throw error;
  }
}
