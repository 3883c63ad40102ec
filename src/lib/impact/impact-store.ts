/**
 * The impact questionnaire's records (docs/IMPACT.md).
 *
 * - A trainee's own side (choice, answers, withdrawing) uses the person's OWN client: the
 *   rules let only them read or write their rows.
 * - The report reads every row of a course with the service account, because no member of
 *   staff may read answers; what leaves here is only ./report.ts's aggregate, with small
 *   numbers suppressed.
 */
import { openRound, type ImpactQuestionnaire, type Round } from '../courses/impact-questionnaire.ts';
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, ImpactConsentRecord, UserRecord } from '../records.ts';
import { isAdmin } from '../cohorts/cohorts.ts';

/** Who may see impact reports: the roles that see group overviews and quality assurance. */
export const REPORT_ROLES = ['admin', 'trainer', 'iqa', 'verifier'] as const;
export const mayReport = (user: Pick<UserRecord, 'role'>) => REPORT_ROLES.some((r) => user.role?.includes(r));
import { impactEn } from '../i18n/impact.ts';
import type { ParsedAnswers } from './answers-form.ts';
import { impactReport, type AnswerRow, type Consent, type ImpactReport, type Participant, type ReportInput } from './report.ts';

export type ServiceSource = TypedPocketBase | (() => Promise<TypedPocketBase>);
const serviceOf = async (source: ServiceSource) => (typeof source === 'function' ? await source() : source);

// ---------------------------------------------------------------------------------------
// Finishing a course

/** When the person finished every module of the course (the latest completion), if they have. */
export function completedAt(course: Pick<Course, 'modules'>, rows: readonly { module: string; status: string; completed_at?: string; updated: string }[]): Date | undefined {
  const done = new Map<string, string>();
  for (const r of rows) if (r.status === 'completed') done.set(r.module, r.completed_at || r.updated);
  if (course.modules.length === 0 || course.modules.some((m) => !done.has(m.id))) return undefined;
  const latest = course.modules.map((m) => done.get(m.id)!).sort().at(-1)!;
  const date = new Date(latest.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ---------------------------------------------------------------------------------------
// The trainee's own side

export interface MyQuestionnaire {
  consent: ImpactConsentRecord | undefined;
  answered: Round[];
  open: Round | undefined;
  enrolled: boolean;
}

/**
 * The person's choice, the rounds they answered and the round open now.
 *
 * @throws {DomainError} `unavailable`
 */
export async function myQuestionnaire(pb: TypedPocketBase, user: string, course: Course, q: ImpactQuestionnaire, now = new Date()): Promise<MyQuestionnaire> {
  try {
    const filter = pb.filter('user = {:user} && course = {:course}', { user, course: course.slug });
    const [enrolments, consents, answers, progress] = await Promise.all([
      pb.collection('enrolments').getFullList({ filter, fields: 'id' }),
      pb.collection('impact_consents').getFullList({ filter }),
      pb.collection('impact_answers').getFullList({ filter, fields: 'id,round' }),
      pb.collection('progress').getFullList({ filter, fields: 'module,status,completed_at,updated' }),
    ]);
    const consent = consents[0];
    const answered = answers.map((a) => a.round as Round);
    const open = consent?.choice === 'yes' ? openRound(q, { completedAt: completedAt(course, progress), answered: new Set(answered), now }) : undefined;
    return { consent, answered, open, enrolled: enrolments.length > 0 };
  } catch (error) {
    throw fromPocketBase(error, 'questionnaire');
  }
}

/**
 * Says yes or no (again). A person who had withdrawn may take part again; nothing they gave
 * before comes back.
 *
 * @throws {DomainError} `invalid` (not on the course), `unavailable`
 */
export async function setChoice(pb: TypedPocketBase, user: string, course: string, choice: Extract<Consent, 'yes' | 'no'>, existing: ImpactConsentRecord | undefined): Promise<void> {
  try {
    if (existing) await pb.collection('impact_consents').update(existing.id, { choice });
    else await pb.collection('impact_consents').create({ user, course, choice, reminded: '' });
  } catch (error) {
    throw fromPocketBase(error, 'choice');
  }
}

/**
 * Stops taking part: the choice becomes `withdrawn` first (so no report counts the person
 * from that moment), then every answer they gave for the course is deleted.
 *
 * @throws {DomainError} `unavailable`
 */
export async function withdraw(pb: TypedPocketBase, user: string, course: string, existing: ImpactConsentRecord): Promise<number> {
  try {
    await pb.collection('impact_consents').update(existing.id, { choice: 'withdrawn' });
    const answers = await pb.collection('impact_answers').getFullList({ filter: pb.filter('user = {:user} && course = {:course}', { user, course }), fields: 'id' });
    for (const a of answers) await pb.collection('impact_answers').delete(a.id);
    return answers.length;
  } catch (error) {
    throw fromPocketBase(error, 'answers');
  }
}

/**
 * Saves one round's answers. The rules refuse it unless the person's choice is `yes`; a round
 * already answered is refused by the unique index.
 *
 * @throws {DomainError} `invalid`, `unavailable`
 */
export async function saveAnswers(pb: TypedPocketBase, user: string, course: string, round: Round, answers: ParsedAnswers): Promise<void> {
  try {
    await pb.collection('impact_answers').create({ user, course, round, scores: answers.scores, later: answers.later, comment: answers.comment, quote_ok: answers.quoteOk });
  } catch (error) {
    const mapped = fromPocketBase(error, 'answers');
    if (mapped.kind === 'invalid') throw new DomainError('invalid', impactEn.trainee.errors.closed);
    throw mapped;
  }
}

// ---------------------------------------------------------------------------------------
// The report

/**
 * Everything the report counts for one course, read with the service account: enrolments
 * (active or left), finished modules, full certificates not revoked, choices and answers.
 */
export async function loadReportInput(service: ServiceSource, course: Course, q: ImpactQuestionnaire): Promise<ReportInput> {
  const sv = await serviceOf(service);
  try {
    const filter = sv.filter('course = {:course}', { course: course.slug });
    const [enrolments, progress, certificates, consents, answers] = await Promise.all([
      sv.collection('enrolments').getFullList({ filter, fields: 'user,cohort,created', sort: 'created', batch: 1000 }),
      sv.collection('progress').getFullList({ filter: sv.filter('course = {:course} && status = "completed"', { course: course.slug }), fields: 'user,module,status,completed_at,updated', batch: 1000 }),
      sv.collection('certificates').getFullList({ filter: sv.filter('course = {:course} && kind = "full" && revoked_at = ""', { course: course.slug }), fields: 'user', batch: 1000 }),
      sv.collection('impact_consents').getFullList({ filter, fields: 'user,choice', batch: 1000 }),
      sv.collection('impact_answers').getFullList({ filter, fields: 'user,round,scores,later,comment,quote_ok', batch: 1000 }),
    ]);
    const progressBy = new Map<string, { module: string; status: string; completed_at?: string; updated: string }[]>();
    for (const p of progress) progressBy.set(p.user, [...(progressBy.get(p.user) ?? []), p]);
    const certified = new Set(certificates.map((c) => c.user));
    const consentBy = new Map(consents.map((c) => [c.user, c.choice as Consent]));
    const people = new Map<string, Participant>();
    for (const e of enrolments) {
      // One row per person: their latest enrolment's group.
      people.set(e.user, {
        user: e.user,
        cohort: e.cohort ?? '',
        completed: completedAt(course, progressBy.get(e.user) ?? []) !== undefined,
        certificate: certified.has(e.user),
        consent: consentBy.get(e.user),
      });
    }
    const rows: AnswerRow[] = answers.map((a) => ({ user: a.user, round: a.round, scores: a.scores, later: a.later, comment: a.comment ?? '', quote_ok: a.quote_ok === true }));
    return { questionnaire: q, participants: [...people.values()], answers: rows };
  } catch (error) {
    throw fromPocketBase(error, 'report');
  }
}

export type OpenedReport =
  | { kind: 'ok'; course: Course; questionnaire: ImpactQuestionnaire; cohorts: CohortRecord[]; cohort: CohortRecord | undefined; report: ImpactReport }
  | { kind: 'forbidden' }
  | { kind: 'not-found' };

/**
 * The impact report a member of staff may see: the whole course (administrators, or staff of
 * at least one of its groups) or one of the groups they are staff of. Groups are read with the
 * person's own client, so the cohorts' rules decide which they may pick.
 *
 * @throws {DomainError} `unavailable`
 */
export async function openImpactReport(
  ctx: { pb: TypedPocketBase; service: ServiceSource; user: UserRecord; findCourse: (slug: string) => Course | undefined },
  slug: string,
  cohortId: string | undefined,
): Promise<OpenedReport> {
  if (!mayReport(ctx.user)) return { kind: 'forbidden' };
  const course = ctx.findCourse(slug);
  const q = course?.impactQuestionnaire;
  if (!course || !q) return { kind: 'not-found' };
  let cohorts: CohortRecord[];
  try {
    cohorts = await ctx.pb.collection('cohorts').getFullList({ filter: ctx.pb.filter('course = {:course}', { course: slug }), sort: 'name,id' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
  if (!isAdmin(ctx.user) && cohorts.length === 0) return { kind: 'forbidden' };
  const cohort = cohortId ? cohorts.find((c) => c.id === cohortId) : undefined;
  if (cohortId && !cohort) return { kind: 'not-found' };
  const input = await loadReportInput(ctx.service, course, q);
  return { kind: 'ok', course, questionnaire: q, cohorts, cohort, report: impactReport(input, cohort?.id) };
}

/** The courses with a questionnaire that this member of staff may report on, with their groups. */
export async function reportableCourses(pb: TypedPocketBase, user: UserRecord, courses: readonly Course[]): Promise<{ course: Course; cohorts: CohortRecord[] }[]> {
  if (!mayReport(user)) return [];
  const withQ = courses.filter((c) => c.impactQuestionnaire);
  if (withQ.length === 0) return [];
  let cohorts: CohortRecord[];
  try {
    cohorts = await pb.collection('cohorts').getFullList({ sort: 'name,id' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
  return withQ.map((course) => ({ course, cohorts: cohorts.filter((c) => c.course === course.slug) })).filter((x) => isAdmin(user) || x.cohorts.length > 0);
}
