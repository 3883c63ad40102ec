/**
 * The privacy table's pure parts (src/lib/privacy/): the erase steps it makes, what the
 * confirmation page lists, the owner filter, the report's escaping and the close-account form
 * (tick, password, rate limit) with the calls passed in.
 */
import { describe, expect, it } from 'vitest';
import { closeAttempts, closeOwnAccount } from '../../src/lib/privacy/erase.ts';
import { eraseSteps, erasureSummary, ownerFilter, PRIVACY_HANDLERS, pseudonymFor } from '../../src/lib/privacy/collections.ts';
import { reportHtml } from '../../src/lib/privacy/export.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';

const ID = 'abcdefghijklmno';

describe('erase steps', () => {
  const steps = eraseSteps('Erased person ABC');
  it('deletes evidence before reflections (a linked reflection cannot go first) and makes the stub last', () => {
    const at = (c: string) => steps.findIndex((s) => s.collection === c);
    expect(at('evidence')).toBeGreaterThanOrEqual(0);
    expect(at('evidence')).toBeLessThan(at('reflections'));
    expect(steps.at(-1)).toEqual({ collection: 'users', action: 'tombstone' });
  });
  it('deletes what the person wrote and never deletes decisions, certificates or audit rows', () => {
    const deleted = new Set(steps.filter((s) => s.action === 'delete').map((s) => s.collection));
    for (const c of ['reflections', 'reflection_versions', 'evidence', 'module_feedback', 'quiz_attempts', 'account_notices', 'assessment_requests', 'email_outbox']) {
      expect(deleted, c).toContain(c);
    }
    for (const c of ['decisions', 'certificates', 'audit_log', 'unit_signoffs', 'observations']) expect(deleted, c).not.toContain(c);
  });
  it('puts the pseudonym where kept rows named the person', () => {
    expect(steps).toContainEqual({ collection: 'audit_log', field: 'actor', action: 'set', values: { actor_name: 'Erased person ABC' } });
    expect(steps.some((s) => s.action === 'set' && s.collection === 'audit_log' && s.field === 'target_id')).toBe(false);
  });
  it('a pseudonym is stable for an id and names no one', () => {
    expect(pseudonymFor(ID)).toBe(pseudonymFor(ID));
    expect(pseudonymFor(ID)).toBe('Erased person ABCDEF');
  });
});

describe('what the confirmation page lists', () => {
  it('lists every delete under goes and every kept collection under stays, with a reason', () => {
    const { goes, stays } = erasureSummary();
    expect(goes).toContain(PRIVACY_HANDLERS.reflections!.why);
    expect(stays).toContain(PRIVACY_HANDLERS.decisions!.why);
    expect(stays).toContain(PRIVACY_HANDLERS.certificates!.why);
    expect([...goes, ...stays].every((line) => line.length > 10)).toBe(true);
  });
});

describe('owner filter', () => {
  it('matches each field and list field, and refuses anything but a record id', () => {
    expect(ownerFilter(PRIVACY_HANDLERS.cohorts!, ID)).toBe(`trainers ?= "${ID}" || assessors ?= "${ID}" || iqas ?= "${ID}" || verifiers ?= "${ID}"`);
    expect(ownerFilter(PRIVACY_HANDLERS.module_feedback_team!, ID)).toBeNull();
    expect(() => ownerFilter(PRIVACY_HANDLERS.users!, '" || 1=1 || "')).toThrow(RangeError);
  });
});

describe('report', () => {
  it('escapes what people wrote and loads nothing from elsewhere', () => {
    const html = reportHtml(
      { userId: ID, exportedAt: new Date('2026-12-07T10:00:00Z'), collections: { reflections: [{ body: '<script>alert(1)</script>' }] }, files: [] },
      '<b>Robin</b>',
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('<html lang="en-GB">');
  });
});

describe('close-account form', () => {
  const user = { id: 'closeuser000001', email: 'c@example.org' };
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };
  const noService = async (): Promise<TypedPocketBase> => {
    throw new Error('must not erase');
  };

  it('needs the tick and the password, and a wrong password erases nothing', async () => {
    expect(await closeOwnAccount({ user, form: form({ password: 'x' }), service: noService })).toMatchObject({ ok: false, status: 400, fields: { confirm: expect.any(String) } });
    expect(await closeOwnAccount({ user, form: form({ confirm: 'yes' }), service: noService })).toMatchObject({ ok: false, fields: { password: 'Enter your password.' } });
    expect(await closeOwnAccount({ user, form: form({ confirm: 'yes', password: 'wrong' }), service: noService, check: async () => false })).toMatchObject({
      ok: false,
      fields: { password: expect.stringContaining('not right') },
    });
  });

  it('stops after five wrong passwords', async () => {
    const other = { id: 'closeuser000002', email: 'd@example.org' };
    for (let i = 0; i < 5; i++) await closeOwnAccount({ user: other, form: form({ confirm: 'yes', password: 'wrong' }), service: noService, check: async () => false, now: 1000 + i });
    const right = await closeOwnAccount({ user: other, form: form({ confirm: 'yes', password: 'right' }), service: noService, check: async () => true, now: 2000 });
    expect(right).toMatchObject({ ok: false, status: 429 });
    expect(closeAttempts.check(other.id, 2000 + 16 * 60_000).allowed).toBe(true);
  });

  it('closes with the right password, through the erase route', async () => {
    const calls: { path: string; body: { user: string; by: string } }[] = [];
    const service = { send: async (path: string, options: { body: { user: string; by: string } }) => (calls.push({ path, body: options.body }), { pseudonym: 'P', counts: {}, vacuumed: true }) };
    const outcome = await closeOwnAccount({ user, form: form({ confirm: 'yes', password: 'right' }), service: async () => service as unknown as TypedPocketBase, check: async () => true });
    expect(outcome).toMatchObject({ ok: true });
    expect(calls).toEqual([{ path: '/api/ll/privacy/erase', body: expect.objectContaining({ user: user.id, by: 'self' }) }]);
  });
});
