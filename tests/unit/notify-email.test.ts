/**
 * Notification emails, the pure parts: choices with defaults, quiet hours (across the UK clock
 * changes), when digests are due, grouping per person, the email's words (no text, only kinds
 * and counts) and its unsubscribe headers, and unsubscribe link signatures.
 */
import { describe, expect, it } from 'vitest';
import { renderEmail, templateDataProblems } from '../../src/lib/email/templates.ts';
import {
  categoriesFor,
  categoryOf,
  decodeCounts,
  encodeCounts,
  inQuietHours,
  nextDigestAfter,
  parsePrefsForm,
  planEmails,
  prefsToRow,
  resolvePrefs,
  scheduleFromEnv,
  type EmailPrefs,
  type Person,
} from '../../src/lib/notifications/email-prefs.ts';
import { signUnsubscribe, verifyUnsubscribe } from '../../src/lib/notifications/unsubscribe.ts';
import { clockFromEnv } from '../../src/lib/server/clock.ts';

const LONDON = 'Europe/London';
const SCHEDULE = { hour: 8, weekday: 1 };
const messages = { mode: 'MODE', hour: 'HOUR', same: 'SAME' };
const form = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('choices', () => {
  it('defaults every category to a daily digest with quiet hours 21:00–08:00 (wellbeing first)', () => {
    const prefs = resolvePrefs(undefined);
    expect(Object.values(prefs.modes).every((m) => m === 'daily')).toBe(true);
    expect(prefs.quiet).toEqual({ start: 21, end: 8 });
  });

  it('keeps what was chosen, fills gaps with the default, and ignores values it does not know', () => {
    const prefs = resolvePrefs({ feedback: 'immediate', replies: 'nonsense', to_decide: 'off', quiet_start: '22:00', quiet_end: '07:00' });
    expect(prefs.modes.feedback).toBe('immediate');
    expect(prefs.modes.replies).toBe('daily');
    expect(prefs.modes.to_decide).toBe('off');
    expect(prefs.quiet).toEqual({ start: 22, end: 7 });
    expect(resolvePrefs({ quiet_start: 'off', quiet_end: 'off' }).quiet).toBeNull();
    expect(resolvePrefs(prefsToRow(prefs))).toEqual(prefs);
  });

  it('maps every notification kind to its category', () => {
    expect(['decision', 'feedback', 'reply', 'certificate', 'evidence', 'iqa_return', 'sample'].map(categoryOf)).toEqual(['feedback', 'feedback', 'replies', 'certificates', 'to_decide', 'iqa_returns', 'samples']);
    expect(categoryOf('something-else')).toBeUndefined();
  });

  it('offers trainees their categories and staff theirs', () => {
    expect(categoriesFor(['trainee'])).toEqual(['feedback', 'replies', 'certificates', 'questionnaires', 'discussion', 'reviews']);
    expect(categoriesFor(['assessor'])).toEqual(['to_decide', 'iqa_returns', 'samples', 'discussion', 'reviews']);
    expect(categoriesFor(['trainee', 'iqa'])).toHaveLength(9);
  });

  it('reads the form, keeps categories not on it, and names what is wrong', () => {
    const current = resolvePrefs(undefined);
    const ok = parsePrefsForm(form({ feedback: 'weekly', quiet: 'yes', quiet_start: '22', quiet_end: '6' }), current, messages);
    expect(ok).toEqual({ ok: true, prefs: { modes: { ...current.modes, feedback: 'weekly' }, quiet: { start: 22, end: 6 } } });
    expect(parsePrefsForm(form({}), current, messages)).toEqual({ ok: true, prefs: { modes: current.modes, quiet: null } });
    expect(parsePrefsForm(form({ replies: 'hourly' }), current, messages)).toEqual({ ok: false, errors: { replies: 'MODE' } });
    expect(parsePrefsForm(form({ quiet: 'yes', quiet_start: '25', quiet_end: '6' }), current, messages)).toEqual({ ok: false, errors: { quiet_start: 'HOUR' } });
    expect(parsePrefsForm(form({ quiet: 'yes', quiet_start: '6', quiet_end: '6' }), current, messages)).toEqual({ ok: false, errors: { quiet_end: 'SAME' } });
  });

  it('reads the digest hour and weekday from the environment, falling back to 08:00 on Monday', () => {
    expect(scheduleFromEnv({})).toEqual({ hour: 8, weekday: 1 });
    expect(scheduleFromEnv({ DIGEST_HOUR: '7', DIGEST_WEEKDAY: 'friday' })).toEqual({ hour: 7, weekday: 5 });
    expect(scheduleFromEnv({ DIGEST_HOUR: '99', DIGEST_WEEKDAY: 'blursday' })).toEqual({ hour: 8, weekday: 1 });
  });
});

describe('quiet hours in the organisation’s time zone', () => {
  const quiet = { start: 21, end: 8 };
  it('are quiet from 21:00 to 07:59 local time, in winter (GMT) and summer (BST)', () => {
    expect(inQuietHours(new Date('2026-01-15T20:59:00Z'), quiet, LONDON)).toBe(false);
    expect(inQuietHours(new Date('2026-01-15T21:00:00Z'), quiet, LONDON)).toBe(true);
    expect(inQuietHours(new Date('2026-01-16T07:59:00Z'), quiet, LONDON)).toBe(true);
    expect(inQuietHours(new Date('2026-01-16T08:00:00Z'), quiet, LONDON)).toBe(false);
    // BST: 07:30 UTC is 08:30 in London — not quiet; 20:30 UTC is 21:30 — quiet.
    expect(inQuietHours(new Date('2026-07-15T07:30:00Z'), quiet, LONDON)).toBe(false);
    expect(inQuietHours(new Date('2026-07-15T20:30:00Z'), quiet, LONDON)).toBe(true);
  });

  it('follow the clocks on the night they change (29 March and 25 October 2026)', () => {
    // Spring forward: 01:00 GMT becomes 02:00 BST. 07:30 UTC on the 29th is 08:30 BST.
    expect(inQuietHours(new Date('2026-03-29T07:00:00Z'), quiet, LONDON)).toBe(false); // 08:00 BST
    expect(inQuietHours(new Date('2026-03-28T07:59:00Z'), quiet, LONDON)).toBe(true);
    expect(inQuietHours(new Date('2026-03-29T06:30:00Z'), quiet, LONDON)).toBe(true); // 07:30 BST
    // Fall back: 02:00 BST becomes 01:00 GMT. 07:30 UTC on the 25th is 07:30 GMT, still quiet.
    expect(inQuietHours(new Date('2026-10-25T07:30:00Z'), quiet, LONDON)).toBe(true);
    expect(inQuietHours(new Date('2026-10-24T07:30:00Z'), quiet, LONDON)).toBe(false); // 08:30 BST
  });

  it('none at all when switched off, and a daytime window works too', () => {
    expect(inQuietHours(new Date('2026-01-15T23:00:00Z'), null, LONDON)).toBe(false);
    expect(inQuietHours(new Date('2026-01-15T13:00:00Z'), { start: 12, end: 14 }, LONDON)).toBe(true);
  });
});

describe('when a digest is due', () => {
  it('daily: the next 08:00 local after the event, also across the clock changes', () => {
    expect(nextDigestAfter(new Date('2026-01-15T10:00:00Z'), 'daily', SCHEDULE, LONDON).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(nextDigestAfter(new Date('2026-01-15T06:00:00Z'), 'daily', SCHEDULE, LONDON).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    // Saturday evening before spring forward: Sunday 08:00 BST is 07:00 UTC.
    expect(nextDigestAfter(new Date('2026-03-28T19:00:00Z'), 'daily', SCHEDULE, LONDON).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // Saturday evening before fall back: Sunday 08:00 GMT is 08:00 UTC.
    expect(nextDigestAfter(new Date('2026-10-24T19:00:00Z'), 'daily', SCHEDULE, LONDON).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('weekly: the next Monday at 08:00 local', () => {
    // Thursday 15 January 2026 → Monday 19 January.
    expect(nextDigestAfter(new Date('2026-01-15T10:00:00Z'), 'weekly', SCHEDULE, LONDON).toISOString()).toBe('2026-01-19T08:00:00.000Z');
    // Monday after 08:00 → the Monday after.
    expect(nextDigestAfter(new Date('2026-01-19T09:00:00Z'), 'weekly', SCHEDULE, LONDON).toISOString()).toBe('2026-01-26T08:00:00.000Z');
  });
});

describe('planning the emails', () => {
  const person = (prefs: Partial<EmailPrefs['modes']>, quiet: EmailPrefs['quiet'] = { start: 21, end: 8 }): Person => ({
    email: 'p@example.org',
    name: 'P',
    prefs: { modes: { ...resolvePrefs(undefined).modes, ...prefs }, quiet },
  });
  const n = (id: string, user: string, kind: string, created: string) => ({ id, user, kind, created: new Date(created) });

  it('sends immediate ones at once, holds them during quiet hours, and groups one email per person', () => {
    const people = new Map([['u1', person({ to_decide: 'immediate', iqa_returns: 'immediate' })]]);
    const notifications = [n('a', 'u1', 'evidence', '2026-01-15T13:00:00Z'), n('b', 'u1', 'evidence', '2026-01-15T13:01:00Z'), n('c', 'u1', 'iqa_return', '2026-01-15T13:02:00Z')];
    const day = planEmails({ now: new Date('2026-01-15T13:05:00Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications });
    expect(day.emails).toEqual([{ user: 'u1', to: 'p@example.org', name: 'P', cadence: 'immediate', counts: [['to_decide', 2], ['iqa_returns', 1]], notificationIds: ['a', 'b', 'c'] }]);
    const night = planEmails({ now: new Date('2026-01-15T22:00:00Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications });
    expect(night.emails).toEqual([]);
    const morning = planEmails({ now: new Date('2026-01-16T08:00:00Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications });
    expect(morning.emails[0]?.notificationIds).toEqual(['a', 'b', 'c']);
  });

  it('holds daily ones until the next digest hour, then sends them together', () => {
    const people = new Map([['u1', person({})], ['u2', person({})]]);
    const notifications = [n('a', 'u1', 'feedback', '2026-01-15T10:00:00Z'), n('b', 'u1', 'reply', '2026-01-15T16:00:00Z'), n('c', 'u2', 'certificate', '2026-01-16T09:00:00Z')];
    expect(planEmails({ now: new Date('2026-01-15T23:00:00Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications }).emails).toEqual([]);
    const next = planEmails({ now: new Date('2026-01-16T08:00:30Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications });
    expect(next.emails).toHaveLength(1);
    expect(next.emails[0]).toMatchObject({ user: 'u1', cadence: 'daily', counts: [['feedback', 1], ['replies', 1]], notificationIds: ['a', 'b'] });
  });

  it('never emails a category that is off, or someone with no address: those are settled', () => {
    const people = new Map([['u1', person({ feedback: 'off' })]]);
    const plan = planEmails({ now: new Date('2026-02-01T12:00:00Z'), timeZone: LONDON, schedule: SCHEDULE, people, notifications: [n('a', 'u1', 'feedback', '2026-01-15T10:00:00Z'), n('b', 'gone', 'reply', '2026-01-15T10:00:00Z')] });
    expect(plan.emails).toEqual([]);
    expect(plan.settled.sort()).toEqual(['a', 'b']);
  });

  it('counts travel as categories and numbers only', () => {
    expect(encodeCounts([['feedback', 2], ['replies', 1]])).toBe('feedback=2;replies=1');
    expect(decodeCounts('feedback=2;replies=1;evil=3;samples=x')).toEqual([['feedback', 2], ['replies', 1]]);
  });
});

describe('the notifications email', () => {
  const context = { orgName: 'Riverside Peer Network', siteUrl: 'https://learning.example.org' };
  it('says only what kinds are waiting, links to sign in, and carries RFC 8058 headers', () => {
    const email = renderEmail('notifications', { name: 'Sam', cadence: 'daily', counts: 'feedback=2;replies=1', unsubscribePath: '/unsubscribe/abc.def' }, context);
    expect(email.subject).toBe('Your daily summary from Riverside Peer Network — sign in to see it');
    expect(email.text).toContain('2 new pieces of feedback or decisions on your evidence');
    expect(email.text).toContain('https://learning.example.org/dashboard');
    expect(email.headers).toEqual({ 'List-Unsubscribe': '<https://learning.example.org/unsubscribe/abc.def>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('refuses any field that could carry text', () => {
    expect(templateDataProblems('notifications', { name: 'x', feedback: 'SECRET' })[0]).toContain('may never go into an email');
    expect(templateDataProblems('notifications', { name: 'x', subjectLine: 'SECRET' })[0]).toContain('is not a field');
    expect(templateDataProblems('invitation', { name: 'x', groupName: 'G', invitePath: 'https://evil.example/' })[0]).toContain('path on this site');
  });

  it('staff-only emails link to the staff home', () => {
    expect(renderEmail('notifications', { cadence: 'immediate', counts: 'to_decide=1' }, context).text).toContain('https://learning.example.org/staff');
  });
});

describe('unsubscribe links', () => {
  const secret = Buffer.alloc(32, 7);
  it('name the person and categories, and only a link signed with our secret is accepted', () => {
    const token = signUnsubscribe(secret, 'abcdefghij12345', ['feedback', 'replies']);
    expect(verifyUnsubscribe(secret, token)).toEqual({ user: 'abcdefghij12345', categories: ['feedback', 'replies'] });
    expect(verifyUnsubscribe(Buffer.alloc(32, 8), token)).toBeUndefined();
    const [payload, signature] = token.split('.') as [string, string];
    const otherPerson = Buffer.from('zzzzzzzzzz12345.feedback-replies').toString('base64url');
    expect(verifyUnsubscribe(secret, `${otherPerson}.${signature}`)).toBeUndefined();
    const moreCategories = Buffer.from('abcdefghij12345.feedback-replies-to_decide').toString('base64url');
    expect(verifyUnsubscribe(secret, `${moreCategories}.${signature}`)).toBeUndefined();
    expect(verifyUnsubscribe(secret, `${payload}.${signature.slice(0, -2)}`)).toBeUndefined();
    expect(verifyUnsubscribe(secret, `${payload}`)).toBeUndefined();
    expect(verifyUnsubscribe(secret, '')).toBeUndefined();
  });
});

describe('the test clock', () => {
  it('is honoured only when NODE_ENV=test', () => {
    const lines: string[] = [];
    const real = clockFromEnv({ TEST_CLOCK_FILE: '/nonexistent', NODE_ENV: 'production' }, (l) => lines.push(l));
    expect(Math.abs(real().getTime() - Date.now())).toBeLessThan(60_000);
    expect(lines[0]).toContain('only works when NODE_ENV=test');
  });
});
