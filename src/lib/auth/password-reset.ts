/**
 * One-time password reset links, made by a trainer or administrator when the site cannot send
 * email. Pure: token making and hashing, the state of a stored link, and who may make a link
 * for whom. The PocketBase side is in ./password-reset-store.ts.
 *
 * A token is 32 random bytes in base64url (43 characters). Only its SHA-256 is stored, so a
 * copy of the database does not hold a working link.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PasswordResetRecord, Role, UserRecord } from '../records.ts';
import { pocketBaseTime } from '../dates.ts';

/** How long a link works. */
export const RESET_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** 32 random bytes, base64url: exactly 43 characters of A–Z a–z 0–9 - _. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** PocketBase's own reset tokens (sent by email when SMTP is set up) are JWTs: three dot-separated parts. */
const EMAIL_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A new random token for a link. */
export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored: the SHA-256 of the token, lower-case hex. */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** `link`: one of our one-time links; `email`: PocketBase's emailed token; `invalid`: neither. */
export function resetTokenKind(token: string): 'link' | 'email' | 'invalid' {
  if (LINK_TOKEN.test(token)) return 'link';
  if (token.length <= 2048 && EMAIL_TOKEN.test(token)) return 'email';
  return 'invalid';
}

export type ResetLinkState = 'usable' | 'used' | 'expired';

/** Whether a stored link still works at `now`. */
export function resetLinkState(record: Pick<PasswordResetRecord, 'expires_at' | 'used_at'>, now: Date): ResetLinkState {
  if (record.used_at) return 'used';
  const expires = pocketBaseTime(record.expires_at);
  if (!Number.isFinite(expires) || expires <= now.getTime()) return 'expired';
  return 'usable';
}

/** When a link made at `now` stops working. */
export function resetLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + RESET_LINK_LIFETIME_MS);
}

/** The link to give the person. `origin` is SITE_URL or the request's own origin. */
export function resetLinkUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/reset/${token}`;
}

export type ResetPermission = 'allowed' | 'not-staff' | 'self' | 'forbidden';

/** What the store found out about the person a link would be for, beside their roles. */
export interface ResetReach {
  /** Whether they are an active member of a (not archived) group that `staff` trains. */
  traineeOfStaff: boolean;
}

/** Roles that count as "staff": anything beyond trainee. */
function holdsStaffRole(roles: Role[] | undefined): boolean {
  return (roles ?? []).some((role) => role !== 'trainee');
}

/**
 * Who may make a link for whom. A link lets whoever holds it choose the person's password, so
 * it follows who may act for whom (docs/ACCOUNTS.md, "One-time links"):
 * - never for yourself (use "change password"), never for anyone holding a role beyond trainee
 *   (a link could otherwise hand a trainer an assessor's, IQA's or admin's powers);
 * - trainers: only for active members of a group they train;
 * - administrators: for any trainee (someone may have no group yet, or their trainer may be
 *   away). Audited and the trainee is told, like every link.
 * Callers must give the same answer for `forbidden` as for an unknown email.
 */
export function resetPermission(staff: Pick<UserRecord, 'id' | 'role'>, target: Pick<UserRecord, 'id' | 'role'>, reach: ResetReach): ResetPermission {
  const staffRoles: Role[] = staff.role ?? [];
  if (!staffRoles.includes('admin') && !staffRoles.includes('trainer')) return 'not-staff';
  if (staff.id === target.id) return 'self';
  if (holdsStaffRole(target.role)) return 'forbidden';
  if (staffRoles.includes('admin')) return 'allowed';
  return reach.traineeOfStaff ? 'allowed' : 'forbidden';
}
