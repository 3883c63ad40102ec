/**
 * Groups (cohorts) and who does what on them. Pure: cohorts-store.ts reads and writes the
 * records; these functions decide. See docs/DATA-MODEL.md ("cohorts", "Assessment and quality
 * assurance") for the lists a cohort keeps.
 */
import type { CohortRecord, Role, UserRecord } from '../records.ts';

/** What someone can be added to a group as. */
export const COHORT_ROLES = ['trainee', 'trainer', 'assessor', 'iqa', 'verifier'] as const;
export type CohortRole = (typeof COHORT_ROLES)[number];
export type StaffRole = Exclude<CohortRole, 'trainee'>;
export const STAFF_ROLES = ['trainer', 'assessor', 'iqa', 'verifier'] as const satisfies readonly StaffRole[];

/** The cohort field that lists each kind of staff. */
export const STAFF_LIST = {
  trainer: 'trainers',
  assessor: 'assessors',
  iqa: 'iqas',
  verifier: 'verifiers',
} as const satisfies Record<StaffRole, keyof CohortRecord>;
export type StaffList = (typeof STAFF_LIST)[StaffRole];

/** Roles that open the staff pages. */
export const STAFF_SITE_ROLES: readonly Role[] = ['trainer', 'assessor', 'iqa', 'verifier', 'admin'];

type StaffLists = Pick<CohortRecord, 'trainers' | 'assessors' | 'iqas' | 'verifiers'>;

/** True when the person holds any staff role on the site. */
export function isStaff(user: Pick<UserRecord, 'role'> | null | undefined): boolean {
  return !!user && STAFF_SITE_ROLES.some((role) => user.role?.includes(role));
}

export function isAdmin(user: Pick<UserRecord, 'role'> | null | undefined): boolean {
  return !!user && !!user.role?.includes('admin');
}

/** The lists of this cohort the person is on, in a fixed order. */
export function staffRolesOn(cohort: Partial<StaffLists>, user: string): StaffRole[] {
  return STAFF_ROLES.filter((role) => (cohort[STAFF_LIST[role]] ?? []).includes(user));
}

/** May record decisions and observations for this cohort's trainees. */
export const canAssess = (cohort: Partial<StaffLists>, user: string) => (cohort.assessors ?? []).includes(user);
/** May sign a unit off (a trainer or an assessor of the cohort). */
export const canSignOff = (cohort: Partial<StaffLists>, user: string) => canAssess(cohort, user) || (cohort.trainers ?? []).includes(user);
/** May read shared reflections and reply. */
export const canReply = (cohort: Partial<StaffLists>, user: string) => (cohort.trainers ?? []).includes(user);
/** May read the trainees' module progress (the progress rules: trainers of the cohort, admins). */
export const canSeeProgress = (cohort: Partial<StaffLists>, user: Pick<UserRecord, 'id' | 'role'>) =>
  canReply(cohort, user.id) || isAdmin(user);

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A new invitation code such as `KX7M-Q2PD`: 8 characters from 31, about 40 bits, which the
 * join page's wrong-code limit makes impractical to guess. Dashes and case do not matter when
 * typed (enrolment.ts `normaliseCode`).
 *
 * @param random bytes source (tests pass a fixed one)
 */
export function generateCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % CODE_ALPHABET.length);
  while (chars.length < 8) {
    for (const byte of random(16)) {
      if (byte < limit && chars.length < 8) chars.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]!);
    }
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** The fields of an existing enrolment that placing a trainee needs. */
export interface PlacedEnrolment {
  id: string;
  cohort: string;
  status: 'active' | 'left';
}

/** What to do to put a trainee into a cohort, given their enrolment in its course (if any). */
export type PlacementPlan =
  | { action: 'create' }
  | { action: 'none' }
  /** Set cohort and status on the existing enrolment; `moved` when it was in another cohort. */
  | { action: 'update'; enrolment: string; moved: boolean };

/**
 * An administrator adding a trainee to a cohort. Unlike joining with a code, an administrator
 * may move someone from another group of the same course: their work stays with them.
 */
export function placeTrainee(cohort: string, existing: PlacedEnrolment | undefined): PlacementPlan {
  if (!existing) return { action: 'create' };
  if (existing.cohort === cohort && existing.status === 'active') return { action: 'none' };
  return { action: 'update', enrolment: existing.id, moved: existing.cohort !== '' && existing.cohort !== cohort };
}

/** How someone's roles would change. */
export interface RoleChange {
  grant: Role[];
  remove: Role[];
  roles: Role[];
}

export type RoleDecision = { ok: true; change: RoleChange } | { ok: false; reason: 'self-admin' };

/**
 * From the roles someone has to the roles an administrator ticked. An administrator cannot
 * take away their own administrator role (so the site always keeps one who can act).
 */
export function planRoles(current: readonly Role[], wanted: readonly Role[], actor: string, target: string, order: readonly Role[]): RoleDecision {
  const want = new Set(wanted);
  if (actor === target && current.includes('admin') && !want.has('admin')) return { ok: false, reason: 'self-admin' };
  const roles = order.filter((r) => want.has(r));
  return {
    ok: true,
    change: { grant: roles.filter((r) => !current.includes(r)), remove: order.filter((r) => current.includes(r) && !want.has(r)), roles },
  };
}
