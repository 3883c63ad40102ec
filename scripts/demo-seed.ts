/**
 * Demo data for `npm run demo` (scripts/start.ts `--demo`; never `npm start`): people with
 * known passwords, a group for each course with its staff, trainees at different stages, and
 * assessment and quality-assurance records, so every page has something to show.
 *
 * FOR A DEMO SITE ONLY: the passwords are fixed and printed in the banner.
 *
 * Safe to run on every start: when the marker account (the demo admin, made last) exists,
 * nothing is done; otherwise each step finds what an earlier, interrupted run made before
 * making anything, so nothing is duplicated.
 *
 * People act as themselves wherever the app lets them (trainees write their own reflections
 * and evidence, assessors record their own decisions, the IQA draws their own sample), so the
 * API rules and hooks apply and the audit log names the real actor. The service account does
 * only what the web server does with it: accounts and roles, groups, enrolments, graded
 * knowledge-check attempts.
 *
 *   import { seedDemo } from './demo-seed.ts';
 *   const logins = await seedDemo({ pbUrl, service: { email, password }, log: console.log });
 */
import path from 'node:path';
import { addCourseAuthor } from '../src/lib/authoring/access.ts';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import type { Course, KnowledgeCheck, Module } from '../src/lib/courses/course.ts';
import { createClient, type TypedPocketBase } from '../src/lib/pb.ts';
import { recordVisit } from '../src/lib/progress/progress-store.ts';
import { createPlan, recordVerdict } from '../src/lib/qa/qa-store.ts';
import { drawSample, samplingPool } from '../src/lib/qa/sampling.ts';
import { createAttempt } from '../src/lib/quiz/attempts-store.ts';
import { gradeCheck, type Answers } from '../src/lib/quiz/grading.ts';
import type { RecordModel } from 'pocketbase';
import type { Role } from '../src/lib/records.ts';
import { saveReflection, setShared } from '../src/lib/reflections/reflections-store.ts';

export interface DemoLogin {
  email: string;
  password: string;
  /** What to try with this account, e.g. "trainee (Peer Support, unit 1 signed off)". */
  role: string;
  name: string;
}

export interface SeedDemoOptions {
  /** PocketBase's address, e.g. `http://127.0.0.1:8090`. */
  pbUrl: string;
  /** The service superuser. */
  service: { email: string; password: string };
  /** One line per step; quiet by default. */
  log?: (line: string) => void;
  /** The course folders; COURSES_DIR or `courses` by default. */
  coursesDir?: string;
}

const PSF = 'peer-support-foundations';
const SUL = 'service-user-leadership';
const DOMAIN = 'demo.example';

type PersonKey = 'aisha' | 'ben' | 'chloe' | 'dev' | 'jo' | 'alex' | 'morgan' | 'ruth' | 'sam' | 'priya';

interface DemoPerson {
  key: PersonKey;
  email: string;
  password: string;
  name: string;
  roles: Role[];
  role: string;
  newAssessor?: boolean;
  /** For the verifier: the awarding body of the courses (filled in from course.md). */
  organisation?: boolean;
}

/** Everyone, in the order the banner lists them. The admin is the marker, so it comes last in `PEOPLE` order of creation. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { key: 'aisha', email: `trainee1@${DOMAIN}`, password: 'demo-trainee-1', name: 'Aisha Khan', roles: ['trainee'], role: 'trainee: Peer Support, unit 1 signed off' },
  { key: 'ben', email: `trainee2@${DOMAIN}`, password: 'demo-trainee-2', name: 'Ben Okoro', roles: ['trainee'], role: 'trainee: Peer Support, evidence waiting' },
  { key: 'chloe', email: `trainee3@${DOMAIN}`, password: 'demo-trainee-3', name: 'Chloe Martin', roles: ['trainee'], role: 'trainee: Leadership, one criterion not yet met' },
  { key: 'dev', email: `trainee4@${DOMAIN}`, password: 'demo-trainee-4', name: 'Dev Patel', roles: ['trainee'], role: 'trainee: Leadership, just started' },
  { key: 'jo', email: `trainer@${DOMAIN}`, password: 'demo-trainer', name: 'Jo Brennan', roles: ['trainer', 'assessor'], role: 'trainer and assessor' },
  { key: 'alex', email: `assessor@${DOMAIN}`, password: 'demo-assessor', name: 'Alex Rivera', roles: ['assessor'], role: 'assessor (new: sampled in full)', newAssessor: true },
  { key: 'morgan', email: `iqa@${DOMAIN}`, password: 'demo-iqa-1', name: 'Morgan Lee', roles: ['iqa'], role: 'internal quality assurer (IQA)' },
  { key: 'ruth', email: `verifier@${DOMAIN}`, password: 'demo-verifier', name: 'Ruth Adeyemi', roles: ['verifier'], role: 'external verifier', organisation: true },
  { key: 'priya', email: `author@${DOMAIN}`, password: 'demo-author', name: 'Priya Shah', roles: ['trainer', 'author'], role: 'trainer, and course author of Service User Leadership (edit it at /author)' },
  { key: 'sam', email: `admin@${DOMAIN}`, password: 'demo-admin', name: 'Sam Taylor', roles: ['admin'], role: 'admin' },
];

/** The account whose existence means "the demo data is complete". Made last. */
export const DEMO_MARKER_EMAIL = `admin@${DOMAIN}`;

/** The demo groups, one per course. */
export const DEMO_COHORTS = [
  { code: 'DEMO-PEER', name: 'Peer Support Foundations — demo group', course: PSF },
  { code: 'DEMO-LEAD', name: 'Service User Leadership — demo group', course: SUL },
] as const;

/** The logins to print: every demo account. */
export function demoLogins(): DemoLogin[] {
  return DEMO_PEOPLE.map((p) => ({ email: p.email, password: p.password, role: p.role, name: p.name }));
}

class Seeder {
  readonly people = new Map<PersonKey, RecordModel>();
  readonly clients = new Map<PersonKey, TypedPocketBase>();
  readonly cohorts = new Map<string, RecordModel>();

  readonly service: TypedPocketBase;
  readonly pbUrl: string;
  readonly courses: Map<string, Course>;
  readonly log: (line: string) => void;

  constructor(service: TypedPocketBase, pbUrl: string, courses: Map<string, Course>, log: (line: string) => void) {
    this.service = service;
    this.pbUrl = pbUrl;
    this.courses = courses;
    this.log = log;
  }

  course(slug: string): Course {
    const course = this.courses.get(slug);
    if (!course) throw new Error(`The demo needs the course \`${slug}\` in the courses folder, and it is missing or has problems: run \`npm run courses:check\`.`);
    return course;
  }

  id(key: PersonKey): string {
    return this.people.get(key)!.id;
  }

  as(key: PersonKey): TypedPocketBase {
    return this.clients.get(key)!;
  }

  /** The first record matching the filter, or undefined. */
  async first(collection: string, filter: string, params: Record<string, unknown>): Promise<RecordModel | undefined> {
    const page = await this.service.collection(collection).getList(1, 1, { filter: this.service.filter(filter, params), skipTotal: true });
    return page.items[0];
  }

  async person(person: DemoPerson, organisation: string): Promise<void> {
    const found = await this.first('users', 'email = {:email}', { email: person.email });
    const record: RecordModel =
      found ??
      (await this.service.collection('users').create({
        email: person.email,
        password: person.password,
        passwordConfirm: person.password,
        display_name: person.name,
        role: person.roles,
        new_assessor: person.newAssessor === true,
        organisation: person.organisation ? organisation : '',
        verified: true,
      }));
    if (!found) this.log(`demo: account ${person.email} (${person.role})`);
    this.people.set(person.key, record);
    const client = createClient(this.pbUrl);
    await client.collection('users').authWithPassword(person.email, person.password);
    this.clients.set(person.key, client);
  }

  async cohort(spec: (typeof DEMO_COHORTS)[number]): Promise<RecordModel> {
    const staff = {
      trainers: [this.id('jo'), this.id('priya')],
      assessors: [this.id('jo'), this.id('alex')],
      iqas: [this.id('morgan')],
      verifiers: [this.id('ruth')],
    };
    const record: RecordModel =
      (await this.first('cohorts', 'code = {:code}', { code: spec.code })) ??
      (await this.service.collection('cohorts').create({ name: spec.name, course: spec.course, code: spec.code, starts_on: new Date().toISOString(), ...staff }));
    this.cohorts.set(spec.course, record);
    return record;
  }

  async enrol(key: PersonKey, course: string): Promise<void> {
    const found = await this.first('enrolments', 'user = {:user} && course = {:course}', { user: this.id(key), course });
    if (!found) await this.service.collection('enrolments').create({ user: this.id(key), course, cohort: this.cohorts.get(course)!.id, status: 'active' });
  }

  /** Opens a module (progress `started`), then takes its check: each entry of `tries` is one attempt, `true` to pass. */
  async study(key: PersonKey, course: Course, module: Module, tries: boolean[] = []): Promise<void> {
    const user = this.id(key);
    await recordVisit(this.as(key), user, course.slug, module.id);
    const check = module.knowledgeCheck;
    if (!check || tries.length === 0) return;
    const existing = await this.first('quiz_attempts', 'user = {:user} && course = {:course} && module = {:module}', { user, course: course.slug, module: module.id });
    if (existing) return;
    for (const pass of tries) {
      const answers = pass ? rightAnswers(check) : wrongAnswers(check);
      await createAttempt(this.service, { user, course: course.slug, module: module.id, answers, grade: gradeCheck(check, answers) });
    }
    if (tries.at(-1)) {
      const row = await this.first('progress', 'user = {:user} && course = {:course} && module = {:module}', { user, course: course.slug, module: module.id });
      if (row) await this.as(key).collection('progress').update(row.id, { status: 'completed', completed_at: new Date().toISOString() });
    }
  }

  /** The person's reflection on a module's prompt (made once), shared with their trainers if asked. */
  async reflect(key: PersonKey, course: Course, module: Module | undefined, prompt: string, body: string, shared: boolean, title?: string): Promise<RecordModel> {
    const user = this.id(key);
    const found = await this.first('reflections', 'user = {:user} && course = {:course} && module = {:module} && prompt = {:prompt}', {
      user,
      course: course.slug,
      module: module?.id ?? '',
      prompt,
    });
    let record: RecordModel | undefined = found;
    if (!record) {
      const saved = await saveReflection(
        this.as(key),
        user,
        { id: '', version: undefined, course: course.slug, module: module?.id ?? '', prompt, title, body, from: 'module' },
        (slug) => this.courses.get(slug),
      );
      record = saved.record;
    }
    if (!record) throw new Error(`The demo reflection of ${key} on ${course.slug} ${module?.id ?? ''} ${prompt} could not be saved.`);
    if (shared) record = await setShared(this.as(key), user, record.id, true);
    return record;
  }

  /** Evidence the trainee submits for a criterion (made once per text). */
  async evidence(key: PersonKey, course: string, criterion: string, text: string, reflection = ''): Promise<RecordModel> {
    const user = this.id(key);
    const found = await this.first('evidence', 'user = {:user} && course = {:course} && criterion = {:criterion} && text = {:text}', { user, course, criterion, text });
    return found ?? (await this.as(key).collection('evidence').create({ user, course, criterion, text, reflection }));
  }

  /** An assessor's decision on a piece of evidence (one per evidence). */
  async decide(assessor: PersonKey, evidence: RecordModel, outcome: 'met' | 'not_yet', feedback: string): Promise<RecordModel> {
    const found = await this.first('decisions', 'evidence = {:evidence} && supersedes = ""', { evidence: evidence.id });
    return (
      found ??
      (await this.as(assessor).collection('decisions').create({
        user: evidence['user'],
        course: evidence['course'],
        criterion: evidence['criterion'],
        evidence: evidence.id,
        outcome,
        feedback,
        assessor: this.id(assessor),
        assessor_name: this.people.get(assessor)!['display_name'],
      }))
    );
  }

  async signOff(signer: PersonKey, trainee: PersonKey, course: string, unit: string): Promise<void> {
    const found = await this.first('unit_signoffs', 'user = {:user} && course = {:course} && unit = {:unit}', { user: this.id(trainee), course, unit });
    if (!found) {
      await this.as(signer).collection('unit_signoffs').create({
        user: this.id(trainee),
        course,
        unit,
        signed_by: this.id(signer),
        signed_name: this.people.get(signer)!['display_name'],
      });
    }
  }
}

const rightAnswers = (check: KnowledgeCheck): Answers =>
  Object.fromEntries(check.questions.map((q) => [q.id, q.options.flatMap((o, i) => (o.correct ? [i] : []))]));
const wrongAnswers = (check: KnowledgeCheck): Answers =>
  Object.fromEntries(check.questions.map((q) => [q.id, [Math.max(0, q.options.findIndex((o) => !o.correct))]]));

/**
 * Puts the demo data into PocketBase, once.
 *
 * @returns the demo logins, whether or not anything had to be made
 * @throws {Error} with a plain message when the courses are missing, or PocketBase refuses
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoLogin[]> {
  const log = options.log ?? (() => {});
  const service = createClient(options.pbUrl);
  await service.collection('_superusers').authWithPassword(options.service.email, options.service.password);

  const marker = await service.collection('users').getList(1, 1, { filter: service.filter('email = {:email}', { email: DEMO_MARKER_EMAIL }), skipTotal: true });
  if (marker.items.length > 0) {
    log('demo: the demo data is already there; nothing to add.');
    return demoLogins();
  }

  const coursesDir = path.resolve(options.coursesDir ?? process.env.COURSES_DIR ?? 'courses');
  const courses = new Map(loadCourses(coursesDir).courses.map((c) => [c.slug, c]));
  const s = new Seeder(service, options.pbUrl, courses, log);
  const psf = s.course(PSF);
  const sul = s.course(SUL);
  const organisation = psf.accreditation?.awarding_body ?? sul.accreditation?.awarding_body ?? '';

  // People (the admin, the marker, last), then the groups with their staff.
  for (const person of DEMO_PEOPLE.filter((p) => p.key !== 'sam')) await s.person(person, organisation);
  // Priya may edit one course in the browser (issue 7): she is listed in course_authors for it.
  await addCourseAuthor(service, SUL, s.id('priya'));
  for (const spec of DEMO_COHORTS) await s.cohort(spec);
  for (const key of ['aisha', 'ben'] as const) await s.enrol(key, PSF);
  for (const key of ['chloe', 'dev'] as const) await s.enrol(key, SUL);
  log('demo: groups and enrolments');

  // Study: modules opened, checks passed and not yet passed, reflections private and shared.
  const [p1, p2, p3, p4] = psf.modules;
  const [l1, l2, l3] = sul.modules;
  if (!p1 || !p2 || !p3 || !p4 || !l1 || !l2 || !l3) throw new Error('The demo needs at least four modules in each demo course.');
  await s.study('aisha', psf, p1, [true]);
  await s.study('aisha', psf, p2, [true]);
  await s.study('aisha', psf, p3, [false, true]);
  await s.study('aisha', psf, p4);
  await s.study('ben', psf, p1, [true]);
  await s.study('ben', psf, p2, [false]);
  await s.study('chloe', sul, l1, [true]);
  await s.study('chloe', sul, l2, [true]);
  await s.study('chloe', sul, l3);
  await s.study('dev', sul, l2, [false]);

  await s.reflect('aisha', psf, p1, 'p1', 'A friend who had been through the same thing sat with me in the waiting room. She did not try to fix anything. That helped more than advice.', false);
  const aishaShared = await s.reflect(
    'aisha',
    psf,
    p2,
    'p1',
    'At the drop-in I used to think my job was to help. With one member, I started asking what they wanted from our time together. We ended up planning a walking group together, and I learned as much as they did.',
    true,
  );
  await s.reflect('ben', psf, p1, 'p2', 'Mutuality feels natural to me. Hope is the one I will need to practise, on the hard days.', false);
  const chloeShared = await s.reflect('chloe', sul, l1, 'p1', 'I lead best when I remember why I started: nobody listened to us on the ward, and I want that to change.', true);
  await s.reflect('dev', sul, undefined, 'free', 'Notes to myself before the next group session.', false, 'Before the group');
  log('demo: study, knowledge checks and reflections');

  // Evidence and decisions: met, not yet met (then resubmitted and met), one waiting.
  const a12 = await s.evidence('aisha', PSF, 'U1/1.2', 'Peer support is between equals who share lived experience. Clinical help starts from a diagnosis and a professional role; peer support starts from what the person wants, and both of us learn.');
  await s.decide('alex', a12, 'met', 'You explained the difference clearly, with a good example of mutuality. Met.');
  const a22first = await s.evidence('aisha', PSF, 'U1/2.2', 'My reflection on moving from helping to learning together.', aishaShared.id);
  await s.decide('jo', a22first, 'not_yet', 'A lovely start. To meet 2.2, say what changed in how you worked, and what you learned about yourself. Add a few sentences and submit again.');
  const a22again = await s.evidence(
    'aisha',
    PSF,
    'U1/2.2',
    'What changed: I stopped planning for the member and started planning with them. What I learned: I do not have to have the answers, and sharing the not-knowing built trust.',
    aishaShared.id,
  );
  await s.decide('jo', a22again, 'met', 'Thank you: you describe the shift from helping to learning together, and what it taught you. Met.');
  const a212 = await s.evidence('aisha', PSF, 'U2/1.2', 'I would keep a boundary by being clear about what I can offer.');
  await s.decide('alex', a212, 'not_yet', 'Good point about being clear. To meet 1.2, give an example of holding a boundary while staying mutual: what would you say, and how would you keep the relationship equal?');
  await s.signOff('jo', 'aisha', PSF, 'U1');

  await s.evidence('ben', PSF, 'U1/1.2', 'Peer support is about shared experience. It is not about diagnosing or treating someone.');

  const c12 = await s.evidence('chloe', SUL, 'U1/1.2', 'Involvement means being asked for views on a plan someone else made. Leadership means setting the agenda, and holding power and resources.');
  await s.decide('jo', c12, 'met', 'Clear and well argued, with two distinct differences. Met.');
  const c21 = await s.evidence('chloe', SUL, 'U1/2.1', 'My values are honesty and solidarity.', chloeShared.id);
  await s.decide('alex', c21, 'not_yet', 'Thank you for sharing this. To meet 2.1, say how these values shape the way you lead: an example from a meeting or group would help.');
  log('demo: evidence, decisions and a unit sign-off');

  // Quality assurance: the IQA samples Jo's decisions (and, as always, all of Alex's: a new assessor) and agrees with one.
  const psfCohort = s.cohorts.get(PSF)!;
  const iqa = s.as('morgan');
  const plans = await iqa.collection('qa_plans').getList(1, 1, { filter: iqa.filter('cohort = {:cohort}', { cohort: psfCohort.id }), skipTotal: true });
  if (plans.items.length === 0) {
    const decisions = await iqa.collection('decisions').getFullList({ filter: iqa.filter('course = {:course}', { course: PSF }), sort: 'created,id' });
    const { pool } = samplingPool(decisions, s.id('morgan'));
    const rule = { method: 'assessor' as const, assessor: s.id('jo') };
    const drawn = drawSample(pool, { rule, newAssessors: [s.id('alex')], seed: 'demo' });
    await createPlan(iqa, { cohort: psfCohort.id, createdBy: s.id('morgan'), rule, decisions: drawn.decisions });
  }
  const metByJo = await s.first('decisions', 'evidence = {:evidence}', { evidence: a22again.id });
  const sampled = metByJo && (await s.first('qa_samples', 'decision = {:decision}', { decision: metByJo.id }));
  if (metByJo && !sampled) {
    await recordVerdict(iqa, {
      cohort: psfCohort.id,
      iqa: s.id('morgan'),
      decision: metByJo.id,
      verdict: 'agree',
      rationale: 'The resubmission shows the change in practice and what was learned, as 2.2 asks. The feedback is specific and kind.',
    });
  }
  log('demo: a sampling plan and an IQA verdict');

  // Last: the marker.
  await s.person(DEMO_PEOPLE.find((p) => p.key === 'sam')!, organisation);
  log('demo: done');
  return demoLogins();
}

/** The banner's table of demo logins: email, password, role, with the warning. */
export function demoLoginTable(logins: readonly DemoLogin[]): string[] {
  const rows = logins.map((l) => [l.email, l.password, `${l.role} — ${l.name}`]);
  const header = ['Email', 'Password', 'Role'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return ['Demo accounts — do not use on a real site:', '', line(header), ...rows.map(line)];
}
