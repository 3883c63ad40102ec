/**
 * The portfolio export's store (issue 19) against a real PocketBase: it reads with the
 * person's own client, so a trainee gets their own record (private reflections only to offer,
 * never included unless chosen), another trainee gets nothing of theirs even when naming them,
 * and staff get nothing through the export (they are not enrolled; naming the trainee does not
 * reach a private reflection).
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../src/lib/courses/course.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { defaultChoices, portfolioDocument, SECTIONS } from '../../src/lib/portfolio/portfolio.ts';
import { loadPortfolio } from '../../src/lib/portfolio/portfolio-store.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === COURSE) as Course;

let pb: TestPocketBase;
let service: PocketBase;
const users = {} as Record<'owner' | 'other' | 'trainer', TestUser>;
const clients = {} as Record<'owner' | 'other' | 'trainer', TypedPocketBase>;
const svc = async () => service as unknown as TypedPocketBase;
const asUser = (u: TestUser, name: string) => ({ id: u.id, name: '', display_name: name, email: u.email });
let secret = '';

describe('portfolio export store', () => {
  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    users.owner = await createUser(service, { email: 'owner@example.org', password: PASSWORD, display_name: 'Owen Owner', roles: ['trainee'] });
    users.other = await createUser(service, { email: 'other@example.org', password: PASSWORD, display_name: 'Olive Other', roles: ['trainee'] });
    users.trainer = await createUser(service, { email: 'trainer@example.org', password: PASSWORD, display_name: 'Tia Trainer', roles: ['trainer'] });
    const a = await createCohort(service, { name: 'Group A', course: COURSE, trainers: [users.trainer.id] });
    const b = await createCohort(service, { name: 'Group B', course: COURSE });
    await enrol(service, users.owner, COURSE, a);
    await enrol(service, users.other, COURSE, b);
    for (const k of ['owner', 'other', 'trainer'] as const) clients[k] = (await clientAs(pb.url, users[k].email, PASSWORD)) as unknown as TypedPocketBase;
    await service.collection('practice_hours').create({ user: users.owner.id, course: COURSE, done_on: '2026-10-02 00:00:00.000Z', minutes: 120, kind: 'placement', note: 'Owner drop-in shift', status: 'confirmed', reviewed_by: users.trainer.id });
    await service.collection('practice_hours').create({ user: users.owner.id, course: COURSE, done_on: '2026-10-03 00:00:00.000Z', minutes: 60, kind: 'study', note: 'Owner unconfirmed reading', status: 'logged' });
    secret = (await service.collection('reflections').create({ user: users.owner.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p1', body: 'Owner private words' })).id;
  });
  afterAll(async () => {
    await pb?.stop();
  });

  it('gives the trainee their own record, with the private reflection only offered, not included', async () => {
    const source = await loadPortfolio(clients.owner, svc, asUser(users.owner, 'Owen Owner'), course);
    expect(source?.name).toBe('Owen Owner');
    expect(source?.hours.map((h) => h.note).sort()).toEqual(['Owner drop-in shift', 'Owner unconfirmed reading']);
    expect(source?.reflections.map((r) => r.id)).toEqual([secret]);
    const text = JSON.stringify(portfolioDocument(source!, defaultChoices(), (v) => v, new Date()));
    expect(text).toContain('Owner drop-in shift');
    expect(text).not.toContain('Owner unconfirmed reading');
    expect(text).not.toContain('Owner private words');
    const chosen = JSON.stringify(portfolioDocument(source!, { sections: new Set(SECTIONS), reflections: new Set([secret]) }, (v) => v, new Date()));
    expect(chosen).toContain('Owner private words');
  });

  it('gives another trainee nothing of the owner’s, even when they name the owner', async () => {
    const forged = await loadPortfolio(clients.other, svc, asUser(users.owner, 'Owen Owner'), course);
    expect(forged).toBeUndefined();
    const own = await loadPortfolio(clients.other, svc, asUser(users.other, 'Olive Other'), course);
    expect(own).toBeDefined();
    expect(JSON.stringify({ ...own, names: undefined })).not.toContain('Owner');
    expect(own?.reflections).toEqual([]);
    expect(own?.hours).toEqual([]);
  });

  it('gives a staff member nothing through the export: not enrolled, and never the trainee’s private reflection', async () => {
    expect(await loadPortfolio(clients.trainer, svc, asUser(users.trainer, 'Tia Trainer'), course)).toBeUndefined();
    const forged = await loadPortfolio(clients.trainer, svc, asUser(users.owner, 'Owen Owner'), course);
    expect(forged?.reflections ?? []).toEqual([]);
    expect(JSON.stringify(forged ?? {})).not.toContain('Owner private words');
  });
});
