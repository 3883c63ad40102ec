import { describe, expect, it } from 'vitest';
import { KeyedMemory, PersonCache } from '../../src/lib/cache/person-cache.ts';
import { affectedByEvent, affectedByWrite, ANY_COLLECTION, forget, writtenTo } from '../../src/lib/cache/invalidation.ts';

interface Person {
  id: string;
  name: string;
}
type Rows = { progress: string[] };

function cache(now = { t: 0 }, maxEntries = 100) {
  const c = new PersonCache<Person, Rows>({ ttlMs: 1000, maxEntries, now: () => now.t });
  c.enable();
  return c;
}

describe('PersonCache', () => {
  it('remembers a session and rows, and hands out copies that a page may change freely', () => {
    const c = cache();
    expect(c.rememberSession('tok', { id: 'kim', name: 'Kim' }, c.stamp('kim'))).toBe(true);
    expect(c.rememberRows('kim', { progress: ['a'] }, c.stamp('kim'))).toBe(true);
    const rows = c.rows('kim')!;
    rows.progress.push('changed by a page');
    expect(c.rows('kim')).toEqual({ progress: ['a'] });
    expect(c.session('tok')).toEqual({ id: 'kim', name: 'Kim' });
    expect(c.session('another token')).toBeUndefined();
  });

  it('remembers nothing while disabled, and forgets everything when disabled', () => {
    const c = new PersonCache<Person, Rows>({ ttlMs: 1000, maxEntries: 10 });
    expect(c.rememberRows('kim', { progress: [] }, c.stamp('kim'))).toBe(false);
    c.enable();
    c.rememberRows('kim', { progress: [] }, c.stamp('kim'));
    c.disable();
    expect(c.rows('kim')).toBeUndefined();
    c.enable();
    expect(c.rows('kim')).toBeUndefined();
  });

  it('lets entries expire after the time to live', () => {
    const now = { t: 0 };
    const c = cache(now);
    c.rememberRows('kim', { progress: [] }, c.stamp('kim'));
    now.t = 999;
    expect(c.rows('kim')).toBeDefined();
    now.t = 1000;
    expect(c.rows('kim')).toBeUndefined();
  });

  it('does not keep an answer asked for before the person’s rows changed', () => {
    const c = cache();
    const before = c.stamp('kim');
    c.forgetRows('kim'); // a write landed while the answer was on its way
    expect(c.rememberRows('kim', { progress: ['stale'] }, before)).toBe(false);
    expect(c.rows('kim')).toBeUndefined();
    // Someone else's change does not matter to Kim's answer.
    const fresh = c.stamp('kim');
    c.forgetRows('sam');
    expect(c.rememberRows('kim', { progress: ['fresh'] }, fresh)).toBe(true);
  });

  it('does not keep an answer asked for before everything was forgotten', () => {
    const c = cache();
    const before = c.stamp('kim');
    c.clear();
    expect(c.rememberSession('tok', { id: 'kim', name: 'Kim' }, before)).toBe(false);
  });

  it('forgets a person’s sessions and rows together, and leaves other people’s alone', () => {
    const c = cache();
    for (const [token, id] of [['k1', 'kim'], ['k2', 'kim'], ['s1', 'sam']] as const) c.rememberSession(token, { id, name: id }, c.stamp(id));
    c.rememberRows('kim', { progress: [] }, c.stamp('kim'));
    c.rememberRows('sam', { progress: [] }, c.stamp('sam'));
    c.forgetPerson('kim');
    expect([c.session('k1'), c.session('k2'), c.rows('kim')]).toEqual([undefined, undefined, undefined]);
    expect(c.session('s1')).toBeDefined();
    expect(c.rows('sam')).toBeDefined();
  });

  it('forgets one token on signing out', () => {
    const c = cache();
    c.rememberSession('k1', { id: 'kim', name: 'Kim' }, c.stamp('kim'));
    c.rememberSession('k2', { id: 'kim', name: 'Kim' }, c.stamp('kim'));
    c.forgetToken('k1');
    expect(c.session('k1')).toBeUndefined();
    expect(c.session('k2')).toBeDefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const c = cache({ t: 0 }, 2);
    for (const id of ['a', 'b', 'c']) c.rememberRows(id, { progress: [id] }, c.stamp(id));
    expect(c.rows('a')).toBeUndefined();
    expect(c.rows('b')).toEqual({ progress: ['b'] });
    expect(c.rows('c')).toEqual({ progress: ['c'] });
  });
});

describe('KeyedMemory', () => {
  it('forgets every entry of an owner, whatever its key', () => {
    const m = new KeyedMemory<string>({ ttlMs: 1000, maxEntries: 10 });
    m.enable();
    m.remember('token-1', 'kim', 'a', m.stamp('kim'));
    m.remember('token-2', 'kim', 'b', m.stamp('kim'));
    m.remember('token-3', 'sam', 'c', m.stamp('sam'));
    m.forgetOwner('kim');
    expect([m.get('token-1'), m.get('token-2'), m.get('token-3')]).toEqual([undefined, undefined, 'c']);
  });
});

describe('what a change makes the server forget', () => {
  const PEOPLE = new Set(['progress', 'reflections', 'decisions']);
  const PB = 'http://127.0.0.1:8090';

  it('ignores reads and changes to collections without anyone’s own rows', () => {
    expect(affectedByWrite('GET', `${PB}/api/collections/progress/records?filter=x`, {}, PEOPLE)).toEqual({ kind: 'nothing' });
    expect(affectedByWrite('POST', `${PB}/api/collections/cohorts/records`, { id: 'c1' }, PEOPLE)).toEqual({ kind: 'nothing' });
    expect(affectedByWrite('POST', `${PB}/api/realtime`, {}, PEOPLE)).toEqual({ kind: 'nothing' });
    expect(affectedByWrite('POST', `${PB}/api/collections/users/auth-refresh?expand=x`, { token: 't' }, PEOPLE)).toEqual({ kind: 'nothing' });
    expect(affectedByWrite('POST', `${PB}/api/collections/users/auth-with-password`, { token: 't' }, PEOPLE)).toEqual({ kind: 'nothing' });
  });

  it('forgets the rows of the person a written row belongs to', () => {
    expect(affectedByWrite('POST', `${PB}/api/collections/progress/records`, { id: 'p1', user: 'kim' }, PEOPLE)).toEqual({ kind: 'rows', person: 'kim' });
    expect(affectedByWrite('PATCH', `${PB}/api/collections/decisions/records/d1?fields=*`, { id: 'd1', user: 'sam' }, PEOPLE)).toEqual({ kind: 'rows', person: 'sam' });
  });

  it('forgets the whole person when their account changes', () => {
    expect(affectedByWrite('PATCH', `${PB}/api/collections/users/records/kim`, { id: 'kim' }, PEOPLE)).toEqual({ kind: 'person', person: 'kim' });
  });

  it('forgets everything when it cannot tell whose rows changed', () => {
    // A delete answers with no body; a write may ask for fields without `user`.
    expect(affectedByWrite('DELETE', `${PB}/api/collections/reflections/records/r1`, {}, PEOPLE)).toEqual({ kind: 'everything' });
    expect(affectedByWrite('PATCH', `${PB}/api/collections/progress/records/p1?fields=id`, { id: 'p1' }, PEOPLE)).toEqual({ kind: 'everything' });
    expect(affectedByWrite('POST', `${PB}/api/batch`, [], PEOPLE)).toEqual({ kind: 'everything' });
    expect(affectedByWrite('POST', `${PB}/api/collections/users/confirm-password-reset`, {}, PEOPLE)).toEqual({ kind: 'everything' });
    expect(affectedByWrite('PATCH', `${PB}/api/collections/progress`, { id: 'col' }, PEOPLE)).toEqual({ kind: 'everything' });
    expect(affectedByWrite('DELETE', `${PB}/api/collections/progress/truncate`, {}, PEOPLE)).toEqual({ kind: 'everything' });
  });

  it('tells which collection a request may have changed', () => {
    expect(writtenTo('GET', `${PB}/api/collections/certificates/records`)).toBeUndefined();
    expect(writtenTo('PATCH', `${PB}/api/collections/certificates/records/c1`)).toEqual({ collection: 'certificates', action: 'records' });
    expect(writtenTo('POST', `${PB}/api/batch`)).toBe(ANY_COLLECTION);
    expect(writtenTo('POST', `${PB}/api/realtime`)).toBeUndefined();
  });

  it('reads realtime events the same way', () => {
    expect(affectedByEvent('progress', { id: 'p1', user: 'kim' }, PEOPLE)).toEqual({ kind: 'rows', person: 'kim' });
    expect(affectedByEvent('users', { id: 'kim' }, PEOPLE)).toEqual({ kind: 'person', person: 'kim' });
    expect(affectedByEvent('cohorts', { id: 'c1' }, PEOPLE)).toEqual({ kind: 'nothing' });
    expect(affectedByEvent('progress', { id: 'p1' }, PEOPLE)).toEqual({ kind: 'everything' });
  });

  it('applies what it worked out to the cache', () => {
    const c = cache();
    c.rememberRows('kim', { progress: [] }, c.stamp('kim'));
    c.rememberRows('sam', { progress: [] }, c.stamp('sam'));
    forget(c, { kind: 'rows', person: 'kim' });
    expect([c.rows('kim'), c.rows('sam')].map(Boolean)).toEqual([false, true]);
    forget(c, { kind: 'everything' });
    expect(c.rows('sam')).toBeUndefined();
  });
});
