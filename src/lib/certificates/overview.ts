/**
 * What a trainee sees about certificates for one course (the "Your certificate" part of the
 * progress summary, and the "Get your certificate" page): the certificates the course offers
 * with what is still to do for each, and the ones they already have. Read with the person's
 * own client, once per request.
 */
import { assessCourse } from '../assessment/status.ts';
import type { Course } from '../courses/course.ts';
import type { TypedPocketBase } from '../pb.ts';
import { courseProgress } from '../progress/progress.ts';
import type { UserRecord } from '../records.ts';
import { listOwn } from './certificates-store.ts';
import { loadCertificateFacts } from './facts-store.ts';
import type { CertificateSummary } from './summary.ts';
import { certificateOptions, type CertificateOption, type CertificateOptions } from './eligibility.ts';
import { attendanceFor } from '../cohorts/sessions-store.ts';

export interface CourseCertificates {
  options: CertificateOptions;
  /** The current (not revoked) whole-course certificate, if they have one. */
  main: CertificateSummary | undefined;
  /** Their whole-course certificate that was withdrawn and not replaced, if any. */
  withdrawn: CertificateSummary | undefined;
  /** Unit id → their current unit certificate. */
  units: Map<string, CertificateSummary>;
  /** Every certificate of theirs for this course, newest first. */
  all: CertificateSummary[];
}

interface RequestState {
  pb: TypedPocketBase;
  user: UserRecord | null;
  /** The service client (Astro.locals.service): attendance is read with it when a course sets a minimum. */
  service?: () => Promise<TypedPocketBase>;
}

const perRequest = new WeakMap<object, { own?: Promise<CertificateSummary[]>; courses: Map<string, Promise<CourseCertificates>> }>();

function cacheOf(request: object) {
  let cache = perRequest.get(request);
  if (!cache) perRequest.set(request, (cache = { courses: new Map() }));
  return cache;
}

/**
 * The person's own certificates (all courses), newest first, loaded once per request.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export function ownCertificates(request: RequestState & object, user: string): Promise<CertificateSummary[]> {
  const cache = cacheOf(request);
  cache.own ??= listOwn(request.pb, user);
  return cache.own;
}

/** Pure: which of the person's certificates belong to each option. */
export function matchCertificates(course: Course, options: CertificateOptions, mine: readonly CertificateSummary[]): CourseCertificates {
  const all = mine.filter((c) => c.course === course.slug);
  const current = (option: CertificateOption) => all.find((c) => c.kind === option.kind && c.unit === option.unit && !c.revoked_at);
  const units = new Map<string, CertificateSummary>();
  for (const option of options.units) {
    const found = current(option);
    if (found) units.set(option.unit, found);
  }
  const main = current(options.main);
  const withdrawn = main ? undefined : all.find((c) => c.kind === options.main.kind && c.unit === '' && c.revoked_at);
  return { options, main, withdrawn, units, all };
}

/**
 * The person's certificates and eligibility for one course, loaded once per request.
 *
 * @param request Astro.locals (the per-request client and user)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export function courseCertificates(request: RequestState & object, user: string, course: Course): Promise<CourseCertificates> {
  const cache = cacheOf(request);
  let entry = cache.courses.get(course.slug);
  if (!entry) {
    entry = (async () => {
      const attendanceClient = async () => (request.service ? await request.service() : request.pb);
      const [facts, mine, attendance] = await Promise.all([
        loadCertificateFacts(request.pb, user, course.slug),
        ownCertificates(request, user),
        // Only for a course with a minimum attendance: most pages need no extra reads.
        course.minimumAttendance ? attendanceClient().then((client) => attendanceFor(client, user, course.slug)) : Promise.resolve(undefined),
      ]);
      const options = certificateOptions(course, courseProgress(course, facts.progress), assessCourse(course, facts.assessment), { attendance, hours: facts.hours });
      return matchCertificates(course, options, mine);
    })();
    cache.courses.set(course.slug, entry);
  }
  return entry;
}
