/**
 * GET /offline/<course>.json — what the offline service worker needs to save a course (or to
 * check a saved one): the course's version, its module pages, and who is signed in (a copy
 * belongs to that person alone). Signed-in, enrolled trainees only; personal, so
 * `private, no-store` like every answer for a signed-in person. docs/OFFLINE.md.
 *
 * 401 signed out (the worker then deletes every offline copy), 404 no such course, 403 not
 * enrolled (the worker drops that course's copy), 503 PocketBase unreachable (the worker keeps
 * the copy).
 */
import type { APIRoute } from 'astro';
import { courseJourney } from '../../lib/progress/progress-store.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { moduleHref } from '../../lib/site/links.ts';
import type { OfflineManifest } from '../../lib/offline/offline.ts';
import { offlineEn } from '../../lib/i18n/offline.ts';

const t = offlineEn.manifest;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' } });

export const GET: APIRoute = async ({ params, locals }) => {
  if (!locals.user) return json(401, { problem: 'signed-out', message: t.signedOut });
  const course = getCatalogue().course(params.course ?? '');
  if (!course) return json(404, { problem: 'unknown-course', message: t.unknownCourse });
  const journey = await courseJourney(locals, course);
  if (journey.kind === 'unavailable') return json(503, { problem: 'unavailable', message: t.unavailable });
  if (journey.kind !== 'enrolled') return json(403, { problem: 'not-enrolled', message: t.notEnrolled });
  const manifest: OfflineManifest = {
    course: course.slug,
    title: course.title,
    version: course.version,
    person: locals.user.id,
    pages: course.modules.map((m) => moduleHref(course, m)),
  };
  return json(200, manifest);
};
