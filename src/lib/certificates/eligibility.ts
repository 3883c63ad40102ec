/**
 * Which certificates a trainee can have for a course, and, when not yet, exactly what is still
 * to do, in plain words. Pure: the course model, courseProgress and assessCourse go in, so the
 * course page, the dashboard and the issuing endpoint all apply the same rules.
 *
 * The rules:
 * - An accredited course gives a **full** certificate when every module is done, every
 *   assessment criterion is met and every unit is signed off; and a **unit** certificate for
 *   each unit whose criteria are all met and which is signed off (partial achievement).
 * - A course without accreditation gives a **certificate of attendance** when every module is
 *   done.
 * - A course that sets a practice hours target (course.md `practice_hours`) also needs those
 *   hours confirmed, and one that sets a minimum attendance (`minimum_attendance`) needs that
 *   attendance, before its whole-course certificate (`commitmentsToDo`); unit certificates do not.
 */
import { criterionAnchor, evidenceHref, unitAnchor } from '../assessment/evidence.ts';
import type { CourseAssessment, UnitStatus } from '../assessment/status.ts';
import type { AttendanceSummary } from '../cohorts/sessions.ts';
import { sessionsEn } from '../i18n/sessions.ts';
import type { Course } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import type { CourseProgress } from '../progress/progress.ts';
import { practiceEn } from '../i18n/practice.ts';
import { hoursShortfall, type HoursRow } from '../practice/hours.ts';
import { moduleHref } from '../site/links.ts';
import type { CertificateKind } from './snapshot.ts';

const m = certificatesEn.missing;

/**
 * One thing still to do before a certificate, in words (the module's title, the criterion's
 * own text and the unit's title, never a code alone), with a link to where it is done: the
 * module page, or the criterion or unit on the trainee's assessment page.
 */
export interface ToDo {
  text: string;
  href: string;
}

export type Eligibility = { eligible: true } | { eligible: false; missing: ToDo[] };

export interface CertificateOption {
  kind: CertificateKind;
  /** The unit id for a unit certificate, else "". */
  unit: string;
  eligibility: Eligibility;
}

export interface CertificateOptions {
  /** The whole-course certificate: `full` for accredited courses, `attendance` otherwise. */
  main: CertificateOption;
  /** One per unit, for accredited courses; none otherwise. */
  units: CertificateOption[];
}

const judge = (missing: ToDo[]): Eligibility => (missing.length === 0 ? { eligible: true } : { eligible: false, missing });

/** The kind of whole-course certificate a course gives. */
export function mainKind(course: Pick<Course, 'accreditation'>): 'full' | 'attendance' {
  return course.accreditation ? 'full' : 'attendance';
}

/** Modules not done yet, in course order. */
function modulesToDo(course: Pick<Course, 'slug'>, progress: CourseProgress): ToDo[] {
  return progress.modules.filter((p) => p.state !== 'done').map((p) => ({ text: m.module(p.module.title), href: moduleHref(course, p.module) }));
}

/** Criteria of a unit not met yet, then its sign-off if missing. */
function unitToDo(course: Pick<Course, 'slug'>, unit: UnitStatus): { criteria: ToDo[]; signOff: ToDo[] } {
  const criteria = unit.criteria
    .filter((c) => c.state !== 'met')
    .map((c) => ({
      text: c.state === 'submitted' ? m.criterionWaiting(c.criterion) : m.criterion(c.criterion),
      href: `${evidenceHref(course)}#${criterionAnchor(c.criterion.ref)}`,
    }));
  // A withdrawn sign-off says so, with the signer's reason: the trainee is told why.
  const text = unit.signedOff ? undefined : unit.withdrawn ? m.signOffWithdrawn(unit.unit, unit.withdrawn.reason) : m.signOff(unit.unit);
  const signOff = text ? [{ text, href: `${evidenceHref(course)}#${unitAnchor(unit.unit.id)}` }] : [];
  return { criteria, signOff };
}

/**
 * A trainee's attendance in their group, for a course's minimum attendance: the summary
 * (sessions/sessions-store.ts `attendanceFor`), or 'no-group'. Undefined: not looked up.
 */
export type AttendanceStanding = AttendanceSummary | 'no-group' | undefined;

/**
 * The minimum attendance requirement (course.md `minimum_attendance`), on its own: nothing
 * when the course sets none; otherwise what is missing, in words, with a link to the timetable.
 * Counts the group's sessions held so far (not cancelled); present and late count as attended.
 */
export function attendanceRequirementToDo(course: Pick<Course, 'minimumAttendance'>, attendance: AttendanceStanding): ToDo[] {
  const minimum = course.minimumAttendance;
  if (!minimum) return [];
  if (attendance === undefined || attendance === 'no-group') return [{ text: sessionsEn.course.noGroup(minimum), href: '/timetable' }];
  if (attendance.percent >= minimum) return [];
  return [{ text: sessionsEn.course.minimumMissing(attendance.percent, minimum, attendance.held), href: '/timetable' }];
}

/**
 * The practice hours target (issue 19), self-contained: each part of the target not reached
 * with confirmed hours, in words, linking to the trainee's practice page. Nothing when the
 * course sets no target.
 */
export function hoursToDo(course: Pick<Course, 'slug'> & Partial<Pick<Course, 'practiceHours'>>, hours: readonly HoursRow[]): ToDo[] {
  const href = `/practice/${course.slug}#hours`;
  return hoursShortfall(hours, course.practiceHours).map((s) => ({
    text: s.kind === 'total' ? practiceEn.missing.hours(s.confirmed, s.target) : practiceEn.missing.kind(s.kind, s.confirmed, s.target),
    href,
  }));
}

/**
 * What a course may ask beyond modules and assessment, as looked up for this trainee: their
 * attendance (course.md `minimum_attendance`) and their practice hours (`practice_hours`).
 * A requirement the course does not set needs nothing looked up.
 */
export interface CommitmentFacts {
  attendance?: AttendanceStanding;
  hours?: readonly HoursRow[];
}

type CommitmentCourse = Pick<Course, 'slug'> & Partial<Pick<Course, 'minimumAttendance' | 'practiceHours'>>;

/** The minimum attendance and the practice hours target, each on its own. */
function commitmentsToDo(course: CommitmentCourse, facts: CommitmentFacts): ToDo[] {
  return [...attendanceRequirementToDo(course, facts.attendance), ...hoursToDo(course, facts.hours ?? [])];
}

/** A full certificate: every module done, every criterion met, every unit signed off (and the course's commitments). */
export function fullEligibility(course: CommitmentCourse, progress: CourseProgress, assessment: CourseAssessment, facts: CommitmentFacts = {}): Eligibility {
  const units = assessment.units.map((u) => unitToDo(course, u));
  return judge([...modulesToDo(course, progress), ...units.flatMap((u) => u.criteria), ...units.flatMap((u) => u.signOff), ...commitmentsToDo(course, facts)]);
}

/** A unit certificate: every criterion of the unit met and the unit signed off. */
export function unitEligibility(course: Pick<Course, 'slug'>, unit: UnitStatus): Eligibility {
  const { criteria, signOff } = unitToDo(course, unit);
  return judge([...criteria, ...signOff]);
}

/** A certificate of attendance: every module done (and the course's commitments). */
export function attendanceEligibility(course: CommitmentCourse, progress: CourseProgress, facts: CommitmentFacts = {}): Eligibility {
  return judge([...modulesToDo(course, progress), ...commitmentsToDo(course, facts)]);
}

/** Every certificate the course offers this trainee, each with its eligibility. */
export function certificateOptions(course: Course, progress: CourseProgress, assessment: CourseAssessment, facts: CommitmentFacts = {}): CertificateOptions {
  if (mainKind(course) === 'attendance') {
    return { main: { kind: 'attendance', unit: '', eligibility: attendanceEligibility(course, progress, facts) }, units: [] };
  }
  return {
    main: { kind: 'full', unit: '', eligibility: fullEligibility(course, progress, assessment, facts) },
    units: assessment.units.map((u) => ({ kind: 'unit' as const, unit: u.unit.id, eligibility: unitEligibility(course, u) })),
  };
}

/**
 * The eligibility for one certificate the trainee asked for.
 *
 * @throws {DomainError} `invalid` when the course does not give that kind of certificate;
 *   `not-found` for a unit the course does not have
 */
export function eligibilityFor(
  course: Course,
  progress: CourseProgress,
  assessment: CourseAssessment,
  kind: CertificateKind,
  unit = '',
  facts: CommitmentFacts = {},
): Eligibility {
  const main = mainKind(course);
  if (kind === 'attendance' || main === 'attendance') {
    if (kind !== main) throw new DomainError('invalid', certificatesEn.eligibility.kindNotOffered(kind, course.title));
    return attendanceEligibility(course, progress, facts);
  }
  if (kind === 'full') return fullEligibility(course, progress, assessment, facts);
  const status = assessment.units.find((u) => u.unit.id === unit);
  if (!status) throw new DomainError('not-found', certificatesEn.eligibility.unknownUnit(unit, course.title));
  return unitEligibility(course, status);
}

/**
 * The people who judged the work a certificate covers, as the certificate names them: the
 * assessors of the decisions that met its criteria, then whoever signed its units off, each
 * name once, in course order.
 */
export function assessorNames(assessment: CourseAssessment, unitIds: readonly string[], signers: ReadonlyMap<string, string>): string[] {
  const wanted = new Set(unitIds);
  const names: string[] = [];
  const add = (name: string | undefined) => {
    const clean = (name ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
    if (clean && !names.includes(clean)) names.push(clean);
  };
  const units = assessment.units.filter((u) => wanted.has(u.unit.id));
  for (const unit of units) for (const c of unit.criteria) if (c.state === 'met') add(c.decision?.assessor_name);
  for (const unit of units) add(signers.get(unit.unit.id));
  return names;
}
