/**
 * scripts/demo-seed.ts against the real PocketBase: the demo data it makes, that a second run
 * adds nothing, and that a run interrupted before the end is completed without duplicates.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKER_EMAIL, demoLoginTable, seedDemo, type DemoLogin } from '../../scripts/demo-seed.ts';
import { serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { assessCourse } from '../../src/lib/assessment/status.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';

let pb: TestPocketBase;
let service: PocketBase;
let first: DemoLogin[];
const lines: string[] = [];

const COLLECTIONS = [
  'users',
  'cohorts',
  'enrolments',
  'progress',
  'quiz_attempts',
  'reflections',
  'evidence',
  'decisions',
  'unit_signoffs',
  'qa_plans',
  'qa_samples',
] as const;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of COLLECTIONS) out[name] = (await service.collection(name).getList(1, 1)).totalItems;
  return out;
}

const seed = () => seedDemo({ pbUrl: pb.url, service: pb.service, log: (line) => lines.push(line) });

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
  first = await seed();
}, 120_000);

afterAll(async () => {
  await pb?.stop();
});

describe('seedDemo', () => {
  it('makes the demo people, groups, study, assessment and QA records', async () => {
    expect(await counts()).toEqual({
      users: 10,
      cohorts: 2,
      enrolments: 4,
      progress: 10,
      quiz_attempts: 9,
      reflections: 5,
      evidence: 7,
      decisions: 6,
      unit_signoffs: 1,
      qa_plans: 1,
      qa_samples: 1,
    });
    expect(first.map((l) => l.email)).toEqual([
      'trainee1@demo.example',
      'trainee2@demo.example',
      'trainee3@demo.example',
      'trainee4@demo.example',
      'trainer@demo.example',
      'assessor@demo.example',
      'iqa@demo.example',
      'verifier@demo.example',
      'author@demo.example',
      'admin@demo.example',
    ]);
    expect(lines.at(-1)).toBe('demo: done');
  });

  it('gives every login its known password and roles; the verifier speaks for the awarding body', async () => {
    for (const login of first) {
      const client = new PocketBase(pb.url);
      const auth = await client.collection('users').authWithPassword(login.email, login.password);
      expect(auth.record['display_name']).toBe(login.name);
    }
    const verifier = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: 'verifier@demo.example' }));
    expect(verifier['organisation']).toBe('Lived Learning demonstration awarding organisation');
    const alex = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: 'assessor@demo.example' }));
    expect(alex['new_assessor']).toBe(true);
    // The demo author edits exactly one course in the browser.
    const priya = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: 'author@demo.example' }));
    expect(priya['role']).toEqual(['trainer', 'author']);
    expect((await service.collection('course_authors').getFullList({ filter: service.filter('user = {:u}', { u: priya.id }) })).map((r) => r['course'])).toEqual(['service-user-leadership']);
  });

  it('puts the trainees at the stages the banner promises', async () => {
    const courses = new Map(loadCourses('courses').courses.map((c) => [c.slug, c]));
    const stateOf = async (email: string, slug: string) => {
      const user = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: email }));
      const filter = service.filter('user = {:user} && course = {:course}', { user: user.id, course: slug });
      const [evidence, decisions, attempts, signoffs] = await Promise.all([
        service.collection('evidence').getFullList({ filter }),
        service.collection('decisions').getFullList({ filter }),
        service.collection('quiz_attempts').getFullList({ filter: `${filter} && passed = true` }),
        service.collection('unit_signoffs').getFullList({ filter }),
      ]);
      return assessCourse(courses.get(slug)!, {
        evidence: evidence.map((e) => ({ id: e.id, criterion: e['criterion'], created: e['created'] })),
        observations: [],
        decisions: decisions.map((d) => ({
          id: d.id,
          criterion: d['criterion'],
          outcome: d['outcome'],
          feedback: d['feedback'],
          assessor_name: d['assessor_name'],
          evidence: d['evidence'],
          observation: d['observation'],
          supersedes: d['supersedes'],
          created: d['created'],
        })),
        passedModules: attempts.map((a) => a['module']),
        signedOffUnits: signoffs.map((s) => s['unit']),
      });
    };
    const aisha = await stateOf('trainee1@demo.example', 'peer-support-foundations');
    expect(aisha.units[0]).toMatchObject({ complete: true, signedOff: true });
    expect(aisha.byRef.get('U2/1.2')?.state).toBe('not-yet');
    expect(aisha.byRef.get('U1/2.2')?.decisions.map((d) => d.outcome)).toEqual(['not_yet', 'met']);
    const ben = await stateOf('trainee2@demo.example', 'peer-support-foundations');
    expect(ben.byRef.get('U1/1.2')?.state).toBe('submitted');
    const chloe = await stateOf('trainee3@demo.example', 'service-user-leadership');
    expect(chloe.byRef.get('U1/1.2')?.state).toBe('met');
    expect(chloe.byRef.get('U1/2.1')?.state).toBe('not-yet');

    // Private and shared reflections.
    const shared = await service.collection('reflections').getFullList({ filter: 'shared = true' });
    expect(shared).toHaveLength(2);
  });

  it('samples every decision of the new assessor, and the audit log names who acted', async () => {
    const plan = await service.collection('qa_plans').getFirstListItem('');
    const alex = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: 'assessor@demo.example' }));
    const cohort = await service.collection('cohorts').getOne(plan['cohort']);
    const alexDecisions = await service.collection('decisions').getFullList({ filter: service.filter('assessor = {:a} && course = {:c}', { a: alex.id, c: cohort['course'] }) });
    expect(plan['decisions']).toEqual(expect.arrayContaining(alexDecisions.map((d) => d.id)));
    const audit = await service.collection('audit_log').getFullList({ filter: 'action = "decision.create"' });
    expect(new Set(audit.map((a) => a['actor_name']))).toEqual(new Set(['Jo Brennan', 'Alex Rivera']));
  });

  it('adds nothing when run again, and returns the same logins', async () => {
    const before = await counts();
    lines.length = 0;
    const again = await seed();
    expect(again).toEqual(first);
    expect(lines).toEqual(['demo: the demo data is already there; nothing to add.']);
    expect(await counts()).toEqual(before);
  });

  it('completes an interrupted run without duplicating anything', async () => {
    const before = await counts();
    // As if the first run had stopped just before its last step (the marker account).
    const marker = await service.collection('users').getFirstListItem(service.filter('email = {:e}', { e: DEMO_MARKER_EMAIL }));
    await service.collection('users').delete(marker.id);
    lines.length = 0;
    await seed();
    expect(lines.at(-1)).toBe('demo: done');
    expect(await counts()).toEqual(before);
  });

  it('prints a table of logins with the warning', () => {
    const table = demoLoginTable(first);
    expect(table[0]).toBe('Demo accounts — do not use on a real site:');
    expect(table[2]).toMatch(/^Email\s+Password\s+Role$/);
    expect(table.find((l) => l.startsWith('iqa@demo.example'))).toMatch(/^iqa@demo\.example\s+demo-iqa-1\s+internal quality assurer \(IQA\) — Morgan Lee$/);
  });
});
