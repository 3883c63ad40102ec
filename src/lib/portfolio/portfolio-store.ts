/**
 * Reads what a trainee's portfolio export may draw on, for one course. Every row is read with
 * the trainee's own client, so PocketBase's rules decide (a trainee reads only their own rows;
 * private reflections only their author). The service client reads only the names of the
 * people on those rows (supervisors, observers), which a trainee cannot read themself.
 * Nothing is written and nothing is kept: the export is made on request (docs/PRIVACY.md).
 */
import { loadTraineeAssessment, openEvidenceFile } from '../assessment/evidence-store.ts';
import type { ServiceSource } from '../assessment/verdicts-store.ts';
import { listOwn } from '../certificates/certificates-store.ts';
import { peopleByIds } from '../cohorts/people-store.ts';
import type { Course } from '../courses/course.ts';
import { practiceRows } from '../practice/practice-store.ts';
import type { TypedPocketBase } from '../pb.ts';
import { courseProgress } from '../progress/progress.ts';
import { loadFacts } from '../progress/progress-store.ts';
import { hasCompetencies, ratingsView } from '../ratings/ratings.ts';
import { listRatings } from '../ratings/ratings-store.ts';
import type { UserRecord } from '../records.ts';
import { exportEntries } from '../reflections/export.ts';
import { groupReflections, reflectionLabel } from '../reflections/reflections.ts';
import { listMyReflections } from '../reflections/reflections-store.ts';
import type { PortfolioSource } from './portfolio.ts';
import type { ZipFile } from './portfolio-zip.ts';

/** The name on the person's newest certificate for the course, else their own name. */
function certificateName(user: Pick<UserRecord, 'name' | 'display_name' | 'email'>, certificates: { course: string; revoked_at: string; snapshot: unknown }[], course: string): string {
  for (const c of certificates) {
    if (c.course !== course || c.revoked_at) continue;
    const name = (c.snapshot as { holder?: { name?: unknown } } | null)?.holder?.name;
    if (typeof name === 'string' && name.trim()) return name.trim();
  }
  return user.name?.trim() || user.display_name?.trim() || user.email;
}

/**
 * The trainee's portfolio material for `course`, or undefined when they have never been
 * enrolled on it (staff, and anyone else, get nothing).
 *
 * @param user the signed-in person, from the session (never from a form or URL)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function loadPortfolio(
  pb: TypedPocketBase,
  service: () => Promise<TypedPocketBase>,
  user: Pick<UserRecord, 'id' | 'name' | 'display_name' | 'email'>,
  course: Course,
): Promise<PortfolioSource | undefined> {
  const serviceSource: ServiceSource = service;
  const { records, assessment } = await loadTraineeAssessment(pb, user.id, course, serviceSource);
  if (!records.enrolment || records.enrolment.user !== user.id) return undefined;
  const [facts, practice, ratingRows, reflections, certificates] = await Promise.all([
    loadFacts(pb, user.id, course.slug, serviceSource),
    practiceRows(pb, course.slug, [user.id]),
    hasCompetencies(course) ? listRatings(pb, user.id, course.slug) : Promise.resolve([]),
    listMyReflections(pb, user.id),
    listOwn(pb, user.id),
  ]);
  const progress = courseProgress(course, facts.get(course.slug) ?? { rows: [], passedModules: [] });
  const ids = [...practice.sessions.map((s) => s.supervisor), ...practice.observations.map((o) => o.observer)].filter(Boolean);
  const people = ids.length > 0 ? await peopleByIds(await service(), [...new Set(ids)]) : new Map();
  const own = reflections.filter((r) => r.user === user.id && r.course === course.slug);
  const entries = exportEntries(groupReflections(own, (slug) => (slug === course.slug ? course : undefined)));
  return {
    name: certificateName(user, certificates, course.slug),
    course: { slug: course.slug, title: course.title, language: course.language },
    enrolledOn: records.enrolment.created,
    modulesDone: progress.modules.filter((m) => m.state === 'done').map((m) => ({ number: m.module.number, title: m.module.title, completedAt: m.completedAt })),
    assessment,
    hours: practice.hours.filter((h) => h.user === user.id),
    hoursTarget: course.practiceHours,
    sessions: practice.sessions.filter((s) => s.user === user.id),
    supervisionTarget: course.supervision,
    observations: practice.observations.filter((o) => o.user === user.id).map((o) => ({ ...o, criteria: Array.isArray(o.criteria) ? (o.criteria as string[]) : [] })),
    competencies: hasCompetencies(course) ? course.competencies : undefined,
    ratings: hasCompetencies(course) ? ratingsView(course.competencies, ratingRows) : [],
    reflections: entries.map(({ entry, module }) => ({
      id: entry.record.id,
      label: module ? `${module.title}: ${reflectionLabel(entry.record)}` : reflectionLabel(entry.record),
      prompt: entry.promptText ?? '',
      body: entry.record.body,
      created: entry.record.created,
      updated: entry.record.updated,
    })),
    evidence: records.evidence.filter((e) => e.user === user.id).map((e) => ({ id: e.id, criterion: e.criterion, files: e.files ?? [] })),
    names: new Map([...people.values()].map((p) => [p.id, p.name])),
  };
}

/**
 * The bytes of the trainee's own evidence files, fetched as the trainee (the rules decide);
 * a file that has gone is left out.
 *
 * @throws {DomainError} `unavailable`
 */
export async function evidenceFiles(pb: TypedPocketBase, evidence: readonly { id: string; criterion: string; files: string[] }[]): Promise<ZipFile[]> {
  const out: ZipFile[] = [];
  for (const e of evidence) {
    for (const name of e.files) {
      const file = await openEvidenceFile(pb, e.id, name);
      if (!file) continue;
      out.push({ criterion: e.criterion, name, bytes: new Uint8Array(await new Response(file.body).arrayBuffer()) });
    }
  }
  return out;
}
