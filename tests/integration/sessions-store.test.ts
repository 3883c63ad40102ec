/**
 * The session stores against the real PocketBase: a trainer's weekly series in one batch, the
 * register (created, then changed), a person's timetable and calendar feed (only their own
 * groups' sessions; a new link stops the old; stopped links and malformed secrets find
 * nothing), and attendance for a course's minimum.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFor, feedOwner, hasFeed, resetFeed, stopFeed } from '../../src/lib/cohorts/calendar-store.ts';
import { parseForm } from '../../src/lib/auth/schema.ts';
import { SessionCreateInput } from '../../src/lib/cohorts/sessions-schema.ts';
import { attendanceFor, createSessions, listSessions, loadTimetable, loadTraineeGroups, saveRegister, sessionMarks } from '../../src/lib/cohorts/sessions-store.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { addSessionsForm, changeSessionForm, registerForm } from '../../src/lib/cohorts/sessions-forms.ts';
import type { CohortRecord, UserRecord } from '../../src/lib/records.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';
let pb: TestPocketBase;
let service: TypedPocketBase;
const people = {} as Record<'trainer' | 'otherTrainer' | 'trainee' | 'classmate' | 'outsider' | 'unplaced', TestUser>;
const groups = { a: '', b: '' };

const weekly = (title: string) => {
  const parsed = parseForm(SessionCreateInput, { title, day: '13/10/2026', start: '18:00', end: '20:00', mode: 'in_person', place: 'Room 2', repeat: 'weekly', weeks: '6' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.data;
};
const as = async (who: TestUser) => (await clientAs(pb.url, who.email, PASSWORD)) as unknown as TypedPocketBase;
const options = { name: 'Test: my sessions', host: 'learn.example.org', moduleTitle: () => '' };

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as unknown as TypedPocketBase;
  const person = (name: string, roles: ('trainee' | 'trainer')[]) => createUser(service as never, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
  people.trainer = await person('trainer', ['trainer']);
  people.otherTrainer = await person('other-trainer', ['trainer']);
  people.trainee = await person('trainee', ['trainee']);
  people.classmate = await person('classmate', ['trainee']);
  people.outsider = await person('outsider', ['trainee']);
  people.unplaced = await person('unplaced', ['trainee']);
  groups.a = await createCohort(service as never, { name: 'Group A', course: COURSE, trainers: [people.trainer.id] });
  groups.b = await createCohort(service as never, { name: 'Group B', course: COURSE, trainers: [people.otherTrainer.id] });
  await enrol(service as never, people.trainee, COURSE, groups.a);
  await enrol(service as never, people.classmate, COURSE, groups.a);
  await enrol(service as never, people.outsider, COURSE, groups.b);
  await enrol(service as never, people.unplaced, COURSE, '');
});

afterAll(async () => {
  await pb?.stop();
});

describe('sessions and registers', () => {
  it('a trainer adds a weekly series in one go; another group’s trainer cannot', async () => {
    const trainer = await as(people.trainer);
    expect(await createSessions(trainer, groups.a, people.trainer.id, weekly('Evening'), 'Europe/London')).toBe(6);
    const sessions = await listSessions(trainer, groups.a);
    expect(sessions).toHaveLength(6);
    expect(new Set(sessions.map((s) => s.series)).size).toBe(1);
    expect(sessions.map((s) => s.starts_at.slice(0, 16))).toEqual(['2026-10-13 17:00', '2026-10-20 17:00', '2026-10-27 18:00', '2026-11-03 18:00', '2026-11-10 18:00', '2026-11-17 18:00']);

    const other = await as(people.otherTrainer);
    await expect(createSessions(other, groups.a, people.otherTrainer.id, weekly('Intruder'), 'Europe/London')).rejects.toBeInstanceOf(DomainError);
    expect(await listSessions(service, groups.a)).toHaveLength(6);
    await createSessions(other, groups.b, people.otherTrainer.id, weekly('Group B evening'), 'Europe/London');
  });

  it('the register is saved, then changed, by the trainer', async () => {
    const trainer = await as(people.trainer);
    const [first, second] = await listSessions(trainer, groups.a);
    await saveRegister(trainer, first!.id, people.trainer.id, [
      { user: people.trainee.id, status: 'late', note: 'Bus' },
      { user: people.classmate.id, status: 'absent', note: '' },
    ]);
    await saveRegister(trainer, first!.id, people.trainer.id, [{ user: people.classmate.id, status: 'excused', note: 'Told us' }]);
    const marks = await sessionMarks(trainer, first!.id);
    expect(marks.get(people.trainee.id)).toMatchObject({ status: 'late', note: 'Bus' });
    expect(marks.get(people.classmate.id)).toMatchObject({ status: 'excused', note: 'Told us', recorded_by: people.trainer.id });
    await saveRegister(trainer, second!.id, people.trainer.id, [{ user: people.trainee.id, status: 'present', note: '' }]);
    // Someone outside the group cannot be put on it.
    await expect(saveRegister(trainer, second!.id, people.trainer.id, [{ user: people.outsider.id, status: 'present', note: '' }])).rejects.toBeInstanceOf(DomainError);
  });

  it('a timetable holds the person’s own groups and their own marks only', async () => {
    const mine = await loadTimetable(service, people.trainee.id);
    expect(mine.groups.map((g) => [g.cohort.name, g.staff, g.sessions.length])).toEqual([['Group A', false, 6]]);
    expect([...mine.marks.values()].every((m) => m.user === people.trainee.id)).toBe(true);
    expect(mine.marks.size).toBe(2);
    const staff = await loadTimetable(service, people.trainer.id);
    expect(staff.groups.map((g) => [g.cohort.name, g.staff])).toEqual([['Group A', true]]);
    expect((await loadTimetable(service, people.unplaced.id)).groups).toEqual([]);
    // The dashboard's read: only the groups it is given, the person's own marks.
    const dashboard = await loadTraineeGroups(service, people.trainee.id, [groups.a]);
    expect(dashboard.groups.map((g) => [g.cohort.name, g.sessions.length])).toEqual([['Group A', 6]]);
    expect([...dashboard.marks.values()].map((m) => m.user)).toEqual([people.trainee.id, people.trainee.id]);
    expect(await loadTraineeGroups(service, people.trainee.id, [])).toEqual({ groups: [], marks: new Map() });
  });

  it('attendance for a course’s minimum counts the group’s held sessions', async () => {
    const now = new Date('2026-10-21T00:00:00Z');
    expect(await attendanceFor(service, people.trainee.id, COURSE, now)).toEqual({ held: 2, attended: 2, hours: 4, percent: 100 });
    expect(await attendanceFor(await as(people.classmate), people.classmate.id, COURSE, now)).toMatchObject({ held: 2, attended: 0, percent: 0 });
    expect(await attendanceFor(service, people.unplaced.id, COURSE, now)).toBe('no-group');
  });
});

describe('calendar links', () => {
  it('a feed holds only the person’s sessions; a new link stops the old; a stopped one finds nothing', async () => {
    expect(await hasFeed(service, people.trainee.id)).toBe(false);
    const first = await resetFeed(service, people.trainee.id);
    expect(await hasFeed(service, people.trainee.id)).toBe(true);
    const stored = await service.collection('calendar_feeds').getFullList();
    expect(JSON.stringify(stored)).not.toContain(first);

    const ics = (await feedFor(service, first, options))!;
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(Array(6).fill('Evening'));
    expect(ics).not.toContain('Group B');

    const second = await resetFeed(service, people.trainee.id);
    expect(await feedOwner(service, first)).toBeUndefined();
    expect(await feedOwner(service, second)).toBe(people.trainee.id);
    expect(await service.collection('calendar_feeds').getFullList({ filter: service.filter('user = {:u}', { u: people.trainee.id }) })).toHaveLength(1);

    await stopFeed(service, people.trainee.id);
    expect(await feedFor(service, second, options)).toBeUndefined();
    expect(await feedFor(service, 'not a secret', options)).toBeUndefined();
    expect(await feedFor(service, `${second.slice(0, 42)}x`, options)).toBeUndefined();
  });
});

describe('the audit log', () => {
  it('adding, changing and cancelling sessions and taking a register each write a row with counts only', async () => {
    const trainer = await as(people.trainer);
    const cohort = await service.collection('cohorts').getOne<CohortRecord>(groups.a);
    const actor = await service.collection('users').getOne<UserRecord>(people.trainer.id);
    const base = { pb: trainer, service: async () => service, cohort, actor };
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      return data;
    };
    const added = await addSessionsForm({
      ...base,
      course: undefined,
      zone: 'Europe/London',
      form: form({ title: 'Audit evening', day: '01/12/2026', start: '18:00', end: '20:00', mode: 'online', link: 'https://meet.example.org/a', repeat: 'weekly', weeks: '2' }),
    });
    expect(added).toEqual({ ok: true, value: 2 });
    const [session] = (await listSessions(trainer, groups.a)).filter((s) => s.title === 'Audit evening');
    const changed = await changeSessionForm({
      ...base,
      course: undefined,
      session: session!,
      form: form({ action: 'edit', title: 'Audit evening (moved)', day: '01/12/2026', start: '18:30', end: '20:00', mode: 'in_person', place: 'Room 4 at the centre' }),
    });
    expect(changed).toEqual({ ok: true, value: 'saved' });
    const registered = await registerForm({ ...base, session: session!, form: form({ [`mark-${people.trainee.id}`]: 'present', [`mark-${people.classmate.id}`]: 'excused', [`note-${people.classmate.id}`]: 'A private reason' }) });
    expect(registered).toEqual({ ok: true, value: 'saved' });
    const cancelled = await changeSessionForm({ ...base, course: undefined, session: session!, form: form({ action: 'cancel', note: 'The room flooded' }) });
    expect(cancelled).toEqual({ ok: true, value: 'cancelled' });

    const rows = await service.collection('audit_log').getFullList({ filter: `cohort = "${groups.a}" && (action ~ "session." || action = "attendance.record")`, sort: 'created' });
    expect(rows.map((r) => [r['action'], r['actor'], r['target_collection']])).toEqual([
      ['session.add', people.trainer.id, 'cohort_sessions'],
      ['session.change', people.trainer.id, 'cohort_sessions'],
      ['attendance.record', people.trainer.id, 'cohort_sessions'],
      ['session.cancel', people.trainer.id, 'cohort_sessions'],
    ]);
    expect(rows[0]!['details']).toEqual({ sessions: 2, mode: 'online' });
    expect(rows[2]!['details']).toEqual({ present: 1, late: 0, absent: 0, excused: 1 });
    expect(rows.slice(1).every((r) => r['target_id'] === session!.id)).toBe(true);
    // Counts only: no place, link, note or name in any row.
    const written = JSON.stringify(rows);
    for (const secret of ['Room 4', 'meet.example.org', 'A private reason', 'The room flooded', 'classmate', 'trainee@']) expect(written).not.toContain(secret);
  });
});
