/**
 * pb_hooks/assessment.pb.js and pb_hooks/audit.pb.js against the real PocketBase: what makes
 * an assessment row valid beyond who may write it (the rules are in assessment-rules.test.ts),
 * the evidence file limits, and the contents of the audit rows.
 *
 * Everyone acts through the API with their own token, as the web server does. The people:
 * Tam (trainee) and Kit (another trainee) in cohort A of `peer-support-foundations`; Ash, an
 * assessor of cohort A who is also its IQA; Bo, another assessor; Ida, an IQA; Vic, a
 * verifier; Tess, a trainer. Cohort B has Bea, a trainee, and Ash as its IQA.
 */
import { zipSync, strToU8 } from 'fflate';
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import type { Role } from '../../src/lib/records.ts';
import { decisionCreateError } from '../../src/lib/assessment/decisions-store.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { hookErrorCode, hookErrorStatus } from '../../src/lib/hook-errors.ts';
import { staffEn } from '../../src/lib/i18n/staff.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { recordVerdict } from '../../src/lib/qa/qa-store.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const OTHER_COURSE = 'service-user-leadership';

/** The error a request failed with; fails the test if it succeeded. */
async function failureOf(request: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** Status, message and field-error codes of a failed request. */
async function refusalOf(request: Promise<unknown>): Promise<{ status: number; message: string; fields: Record<string, string> }> {
  const error = await failureOf(request);
  const data = (error.response['data'] ?? {}) as Record<string, { code: string }>;
  return {
    status: error.status,
    message: error.response['message'] as string,
    fields: Object.fromEntries(Object.entries(data).map(([field, value]) => [field, value.code])),
  };
}

// Just enough bytes for PocketBase to recognise each kind of file by its content.
const bytes = (...parts: Array<string | number[] | Uint8Array>) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : [...part])),
  );
const FILES = {
  pdf: bytes('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  png: bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  webp: bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 ', [14, 0, 0, 0], new Uint8Array(14)),
  gif: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0, 0x3b]),
  mp3: bytes('ID3', [3, 0, 0, 0, 0, 0, 10], new Uint8Array(10), [0xff, 0xfb, 0x90, 0x64], new Uint8Array(32)),
  m4a: bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0], 'M4A mp42isom', [0, 0, 0, 8], 'free'),
  ogg: bytes('OggS', [0, 2], new Uint8Array(20), [1, 0x1e], '\x01vorbis', new Uint8Array(32)),
  wav: bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt ', [16, 0, 0, 0, 1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0], 'data', [0, 0, 0, 0]),
  docx: zipSync(
    {
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
    },
    { level: 0 },
  ),
  svg: bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
  html: bytes('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'),
};
const file = (content: Uint8Array, name: string, type = 'application/octet-stream') =>
  new File([Uint8Array.from(content)], name, { type });

describe('assessment hooks', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  const people = {} as Record<'tam' | 'kit' | 'ash' | 'bo' | 'ida' | 'vic' | 'tess' | 'bea' | 'admin', TestUser>;
  const as = {} as Record<keyof typeof people, PocketBase>;
  let cohortA: string;
  let cohortB: string;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    const roles: Record<keyof typeof people, Role[]> = {
      tam: ['trainee'],
      kit: ['trainee'],
      ash: ['assessor', 'iqa'],
      bo: ['assessor'],
      ida: ['iqa'],
      vic: ['verifier'],
      tess: ['trainer'],
      bea: ['trainee'],
      admin: ['admin'],
    };
    for (const [name, roleList] of Object.entries(roles) as Array<[keyof typeof people, Role[]]>) {
      people[name] = await createUser(service, {
        email: `${name}@example.org`,
        password: PASSWORD,
        display_name: name[0]!.toUpperCase() + name.slice(1),
        roles: roleList,
      });
      as[name] = await clientAs(pb.url, people[name].email, PASSWORD);
    }
    cohortA = await createCohort(service, {
      name: 'Cohort A',
      course: COURSE,
      trainers: [people.tess.id],
      assessors: [people.ash.id, people.bo.id],
      iqas: [people.ash.id, people.ida.id],
      verifiers: [people.vic.id],
    });
    cohortB = await createCohort(service, { name: 'Cohort B', course: COURSE, assessors: [people.bo.id], iqas: [people.ash.id] });
    await enrol(service, people.tam, COURSE, cohortA);
    await enrol(service, people.tam, OTHER_COURSE, cohortA);
    await enrol(service, people.kit, COURSE, cohortA);
    await enrol(service, people.bea, COURSE, cohortB);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  let n = 0;
  const criterion = () => `U1/${++n}.1`;
  const evidenceOf = async (who: 'tam' | 'kit' | 'bea', crit: string, extra: Record<string, unknown> = {}, course = COURSE) =>
    as[who].collection('evidence').create({ user: people[who].id, course, criterion: crit, text: 'My evidence', ...extra });
  const decision = (by: 'ash' | 'bo', body: Record<string, unknown>) =>
    as[by].collection('decisions').create({
      user: people.tam.id,
      course: COURSE,
      outcome: 'met',
      feedback: 'You showed mutuality clearly.',
      assessor: people[by].id,
      assessor_name: by,
      ...body,
    });
  const decisionsOn = (field: 'evidence' | 'observation' | 'supersedes', id: string) =>
    service.collection('decisions').getFullList({ filter: service.filter(`${field} = {:id}`, { id }) });
  const auditOf = (targetId: string) =>
    service.collection('audit_log').getFullList({ filter: service.filter('target_id = {:id}', { id: targetId }), sort: '@rowid' });

  describe('decisions', () => {
    it('refuses a decision whose evidence is for another criterion, saying which', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      expect(await refusalOf(decision('bo', { criterion: 'U4/2.2', evidence: evidence.id }))).toEqual({
        status: 400,
        message: `This evidence is for criterion ${crit}, not U4/2.2: record the decision against ${crit}, or choose the evidence for U4/2.2.`,
        fields: { evidence: 'other_criterion' },
      });
      expect(await decisionsOn('evidence', evidence.id)).toEqual([]);
      expect(await auditOf(evidence.id)).toHaveLength(1); // evidence.create only
    });

    it("refuses a decision on another trainee's evidence", async () => {
      const crit = criterion();
      const kits = await evidenceOf('kit', crit);
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: kits.id }))).toEqual({
        status: 400,
        message: 'This evidence belongs to another trainee: choose the evidence of the trainee you are deciding on.',
        fields: { evidence: 'other_trainee' },
      });
    });

    it('refuses a decision on evidence for another course', async () => {
      const crit = criterion();
      const otherCourse = await evidenceOf('tam', crit, {}, OTHER_COURSE);
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: otherCourse.id }))).toMatchObject({
        status: 400,
        message: `This evidence is for course ${OTHER_COURSE}, not ${COURSE}: choose the evidence for the same course.`,
      });
    });

    it('needs exactly one of evidence and observation', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const observation = await as.bo.collection('observations').create({
        user: people.tam.id,
        course: COURSE,
        criterion: crit,
        observed_on: '2026-11-20 14:00:00.000Z',
        assessor: people.bo.id,
      });
      expect(await refusalOf(decision('bo', { criterion: crit }))).toEqual({
        status: 400,
        message: 'A decision needs what it is about: send the `evidence` or the `observation` it judges.',
        fields: { evidence: 'one_basis' },
      });
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: evidence.id, observation: observation.id }))).toEqual({
        status: 400,
        message: 'A decision is about one thing: send either `evidence` or `observation`, not both.',
        fields: { observation: 'one_basis' },
      });
    });

    it.each([
      ['empty', ''],
      ['only spaces and new lines', '   \n\t  \n'],
    ])('refuses feedback that is %s', async (_, feedback) => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: evidence.id, feedback }))).toEqual({
        status: 400,
        message: 'The feedback is blank: tell the trainee what they showed and, if not yet met, what to do next.',
        fields: { feedback: 'feedback_blank' },
      });
      expect(await decisionsOn('evidence', evidence.id)).toEqual([]);
    });

    it('records one decision when the same one is sent twice at once (a double-click); the other gets 409', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => decision('bo', { criterion: crit, evidence: evidence.id })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(result.reason).toBeInstanceOf(ClientResponseError);
        expect((result.reason as ClientResponseError).status).toBe(409);
      }
      const stored = await decisionsOn('evidence', evidence.id);
      expect(stored).toHaveLength(1);
      expect((await auditOf(stored[0]!.id)).map((row) => row['action'])).toEqual(['decision.create']);
    });

    it('refuses a second decision on the same evidence, pointing to the correction instead', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const first = await decision('bo', { criterion: crit, evidence: evidence.id });
      expect(await refusalOf(decision('ash', { criterion: crit, evidence: evidence.id, outcome: 'not_yet' }))).toEqual({
        status: 409,
        message: `This evidence already has a decision (${first.id}): to change it, record a correction that supersedes ${first.id}.`,
        fields: { evidence: 'already_decided' },
      });
    });

    it('allows a correction that supersedes the decision, once; a later one supersedes the correction', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const first = await decision('bo', { criterion: crit, evidence: evidence.id, outcome: 'met' });
      const correction = await decision('bo', {
        criterion: crit,
        evidence: evidence.id,
        outcome: 'not_yet',
        feedback: 'I recorded this against the wrong piece of work.',
        supersedes: first.id,
      });
      expect(correction['supersedes']).toBe(first.id);
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: evidence.id, supersedes: first.id }))).toEqual({
        status: 409,
        message: `That decision has already been corrected (decision ${correction.id}): to change it again, supersede ${correction.id}.`,
        fields: { evidence: 'already_decided' },
      });
      const again = await decision('bo', { criterion: crit, evidence: evidence.id, outcome: 'met', supersedes: correction.id });
      expect((await decisionsOn('evidence', evidence.id)).map((d) => d.id).sort()).toEqual([first.id, correction.id, again.id].sort());
      expect((await auditOf(correction.id))[0]!['details']).toMatchObject({ supersedes: first.id, outcome: 'not_yet' });
    });

    it('refuses a correction of a decision about another criterion', async () => {
      const crit = criterion();
      const other = criterion();
      const evidence = await evidenceOf('tam', crit);
      const otherEvidence = await evidenceOf('tam', other);
      const otherDecision = await decision('bo', { criterion: other, evidence: otherEvidence.id });
      expect(await refusalOf(decision('bo', { criterion: crit, evidence: evidence.id, supersedes: otherDecision.id }))).toEqual({
        status: 400,
        message: `This decision is for criterion ${other}, not ${crit}: record the decision against ${other}, or choose a decision for ${crit}.`,
        fields: { supersedes: 'other_criterion' },
      });
    });

    it('decides on an observation of the same criterion, once', async () => {
      const crit = criterion();
      const observation = await as.ash.collection('observations').create({
        user: people.tam.id,
        course: COURSE,
        criterion: crit,
        observed_on: '2026-11-20 14:00:00.000Z',
        context: 'Group session',
        notes: 'Named the boundary and stayed warm.',
        assessor: people.ash.id,
      });
      const made = await decision('ash', { criterion: crit, observation: observation.id });
      expect(made['observation']).toBe(observation.id);
      expect((await refusalOf(decision('bo', { criterion: crit, observation: observation.id }))).status).toBe(409);
      expect(await refusalOf(decision('bo', { criterion: 'U4/1.1', observation: observation.id }))).toMatchObject({
        status: 400,
        fields: { observation: 'other_criterion' },
      });
    });

    it('applies to the service account too', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const asService = service.collection('decisions').create({
        user: people.tam.id,
        course: COURSE,
        criterion: 'U4/2.2',
        evidence: evidence.id,
        outcome: 'met',
        feedback: 'x',
        assessor: people.bo.id,
      });
      expect((await refusalOf(asService)).fields).toEqual({ evidence: 'other_criterion' });
    });
  });

  describe('evidence', () => {
    it.each([
      ['no text, files or reflection', {}],
      ['only blank text', { text: '  \n  ' }],
    ])('refuses evidence with %s', async (_, body) => {
      const attempt = as.tam.collection('evidence').create({ user: people.tam.id, course: COURSE, criterion: criterion(), ...body });
      expect(await refusalOf(attempt)).toEqual({
        status: 400,
        message: 'This evidence is empty: write some text, attach a file, or link a shared reflection.',
        fields: { text: 'evidence_empty' },
      });
    });

    const reflectionOf = async (who: 'tam' | 'kit', shared: boolean) =>
      (
        await as[who].collection('reflections').create({
          user: people[who].id,
          course: COURSE,
          module: '02-intentional-peer-support',
          prompt: 'p1',
          body: 'A relationship where we learned together',
          shared,
        })
      ).id;

    it('accepts a shared reflection of their own as the only content', async () => {
      const reflection = await reflectionOf('tam', true);
      const evidence = await as.tam
        .collection('evidence')
        .create({ user: people.tam.id, course: COURSE, criterion: 'U1/2.2', reflection });
      expect(evidence['reflection']).toBe(reflection);
    });

    it('refuses a private reflection', async () => {
      const reflection = await reflectionOf('tam', false);
      expect(await refusalOf(evidenceOf('tam', 'U1/2.2', { reflection }))).toEqual({
        status: 400,
        message: 'The linked reflection is private: share it first, or leave it out and write your evidence as text.',
        fields: { reflection: 'reflection_not_shared' },
      });
    });

    it("refuses someone else's reflection, even a shared one", async () => {
      const reflection = await reflectionOf('kit', true);
      expect(await refusalOf(evidenceOf('tam', 'U1/2.2', { reflection }))).toEqual({
        status: 400,
        message: 'The linked reflection is not one of yours: link one of your own reflections, or leave it out.',
        fields: { reflection: 'reflection_not_own' },
      });
    });

    it('keeps a reflection used as evidence from being deleted by its author', async () => {
      const reflection = await reflectionOf('tam', true);
      await evidenceOf('tam', 'U1/2.2', { reflection });
      const refusal = await refusalOf(as.tam.collection('reflections').delete(reflection));
      expect(refusal.status).toBe(400);
      expect(refusal.message).toBe(
        'This reflection is part of your evidence for U1/2.2, so it cannot be deleted here: ask an admin to remove the evidence and the reflection.',
      );
      expect((await as.tam.collection('reflections').getOne(reflection)).id).toBe(reflection);
    });

    it.each(Object.entries(FILES).filter(([kind]) => kind !== 'svg' && kind !== 'html'))(
      'accepts a %s file',
      async (kind, content) => {
        const form = new FormData();
        form.append('user', people.tam.id);
        form.append('course', COURSE);
        form.append('criterion', criterion());
        form.append('files', file(content, `evidence.${kind}`));
        const evidence = await as.tam.collection('evidence').create(form);
        expect(evidence['files']).toHaveLength(1);
      },
    );

    it.each([
      ['an SVG', FILES.svg, 'drawing.svg', 'image/svg+xml'],
      ['an SVG named .png', FILES.svg, 'photo.png', 'image/png'],
      ['an HTML page', FILES.html, 'notes.html', 'text/html'],
      ['an HTML page named .pdf', FILES.html, 'notes.pdf', 'application/pdf'],
    ])('refuses %s (400), keeping nothing', async (_, content, name, type) => {
      const before = (await service.collection('evidence').getList(1, 1)).totalItems;
      const form = new FormData();
      form.append('user', people.tam.id);
      form.append('course', COURSE);
      form.append('criterion', criterion());
      form.append('text', 'See the attached file');
      form.append('files', file(content, name, type));
      const refusal = await refusalOf(as.tam.collection('evidence').create(form));
      expect(refusal.status).toBe(400);
      expect(refusal.fields).toEqual({ files: 'validation_invalid_mime_type' });
      expect((await service.collection('evidence').getList(1, 1)).totalItems).toBe(before);
    });

    it('refuses a file over 10 MB, and a sixth file', async () => {
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(FILES.pdf);
      const oversized = new FormData();
      oversized.append('user', people.tam.id);
      oversized.append('course', COURSE);
      oversized.append('criterion', criterion());
      oversized.append('files', file(big, 'big.pdf', 'application/pdf'));
      expect(await refusalOf(as.tam.collection('evidence').create(oversized))).toMatchObject({
        status: 400,
        fields: { files: 'validation_file_size_limit' },
      });

      const exactly10Mb = new FormData();
      exactly10Mb.append('user', people.tam.id);
      exactly10Mb.append('course', COURSE);
      exactly10Mb.append('criterion', criterion());
      exactly10Mb.append('files', file(big.subarray(0, 10 * 1024 * 1024), 'ok.pdf', 'application/pdf'));
      expect((await as.tam.collection('evidence').create(exactly10Mb))['files']).toHaveLength(1);

      const six = new FormData();
      six.append('user', people.tam.id);
      six.append('course', COURSE);
      six.append('criterion', criterion());
      for (let i = 0; i < 6; i++) six.append('files', file(FILES.png, `photo-${i}.png`));
      expect(await refusalOf(as.tam.collection('evidence').create(six))).toMatchObject({ status: 400, fields: { files: expect.any(String) } });
    });

    it('serves files only with a file token, and only to people who may see the evidence', async () => {
      const form = new FormData();
      form.append('user', people.tam.id);
      form.append('course', COURSE);
      form.append('criterion', criterion());
      form.append('files', file(FILES.pdf, 'work.pdf'));
      const evidence = await as.tam.collection('evidence').create(form);
      const name = (evidence['files'] as string[])[0]!;
      const url = (client: PocketBase, token?: string) => client.files.getURL(evidence, name, token ? { token } : {});

      expect((await fetch(url(as.tam))).status).not.toBe(200);
      const own = await fetch(url(as.tam, await as.tam.files.getToken()));
      expect(own.status).toBe(200);
      expect(new Uint8Array(await own.arrayBuffer())).toEqual(FILES.pdf);
      expect((await fetch(url(as.bo, await as.bo.files.getToken()))).status).toBe(200);
      expect((await fetch(url(as.kit, await as.kit.files.getToken()))).status).not.toBe(200);
    });
  });

  describe('quality assurance', () => {
    let ashsDecision: RecordModel;
    let bosDecision: RecordModel;
    let beasDecision: RecordModel;

    beforeAll(async () => {
      const crit = criterion();
      ashsDecision = await decision('ash', { criterion: crit, evidence: (await evidenceOf('tam', crit)).id });
      const crit2 = criterion();
      bosDecision = await decision('bo', { criterion: crit2, evidence: (await evidenceOf('tam', crit2)).id });
      const crit3 = criterion();
      const beas = await as.bea.collection('evidence').create({ user: people.bea.id, course: COURSE, criterion: crit3, text: 'Mine' });
      beasDecision = await as.bo.collection('decisions').create({
        user: people.bea.id,
        course: COURSE,
        criterion: crit3,
        evidence: beas.id,
        outcome: 'met',
        feedback: 'Good',
        assessor: people.bo.id,
      });
    });

    const sample = (iqa: 'ash' | 'ida', decisionId: string, cohort = cohortA) =>
      as[iqa].collection('qa_samples').create({ decision: decisionId, cohort, iqa: people[iqa].id, verdict: 'disagree', rationale: 'Feedback too thin' });

    it('refuses an IQA sampling a decision they made as its assessor', async () => {
      expect(await refusalOf(sample('ash', ashsDecision.id))).toEqual({
        status: 400,
        message: 'You made this decision as its assessor, so you cannot quality-assure it: leave it to another IQA.',
        fields: { decision: 'own_decision' },
      });
      expect((await sample('ida', ashsDecision.id))['verdict']).toBe('disagree');
      expect((await sample('ash', bosDecision.id))['iqa']).toBe(people.ash.id);
    });

    it("refuses a sample of another cohort's decision filed under this cohort", async () => {
      expect(await refusalOf(sample('ash', beasDecision.id, cohortA))).toEqual({
        status: 400,
        message: 'This decision is about a trainee of another cohort: sample decisions of this cohort only.',
        fields: { decision: 'other_cohort' },
      });
      // Ash is an IQA of cohort B too: filed under B, it is fine.
      expect((await sample('ash', beasDecision.id, cohortB))['cohort']).toBe(cohortB);
    });

    it("refuses a plan that draws another cohort's decisions", async () => {
      const plan = (decisions: string[]) =>
        as.ida.collection('qa_plans').create({ cohort: cohortA, created_by: people.ida.id, method: 'assessor', parameter: people.bo.id, decisions });
      expect(await refusalOf(plan([bosDecision.id, beasDecision.id]))).toEqual({
        status: 400,
        message: `Decision ${beasDecision.id} is not about a trainee of this cohort: draw the sample from this cohort's decisions only.`,
        fields: { decisions: 'other_cohort' },
      });
      const made = await plan([bosDecision.id, ashsDecision.id]);
      expect((await auditOf(made.id)).map((row) => [row['action'], row['actor'], row['cohort'], row['details']])).toEqual([
        ['qa_plan.create', people.ida.id, cohortA, { method: 'assessor', parameter: people.bo.id, decisions: 2 }],
      ]);
    });
  });

  describe('unit sign-off chain (never edited: withdrawals and new sign-offs supersede)', () => {
    const UNIT = 'U4';
    const row = (who: 'tess' | 'ash', over: Record<string, unknown> = {}) =>
      as[who].collection('unit_signoffs').create({ user: people.tam.id, course: COURSE, unit: UNIT, signed_by: people[who].id, signed_name: who, ...over });

    it('withdraws with a reason, signs again, refuses forks, wrong kinds and edits, and audits each step', async () => {
      const first = await row('tess');
      // A second first row, a withdrawal without a reason, or one of nothing: refused with a plain message.
      expect(await refusalOf(row('ash'))).toMatchObject({ status: 400, fields: { supersedes: 'chain_exists' } });
      expect(await refusalOf(row('ash', { supersedes: first.id, withdrawn: true, reason: '  ' }))).toMatchObject({ status: 400, fields: { reason: 'reason_missing' } });
      expect(await refusalOf(row('ash', { withdrawn: true, reason: 'x' }))).toMatchObject({ status: 400, fields: { supersedes: 'nothing_to_withdraw' } });
      // Signing off what is signed off is refused: withdraw first.
      expect(await refusalOf(row('ash', { supersedes: first.id }))).toMatchObject({ status: 400, fields: { withdrawn: 'same_kind' } });

      const withdrawal = await row('ash', { supersedes: first.id, withdrawn: true, reason: 'Signed in error: U4/1.2 was not met.' });
      // Only the newest row can be followed: a second withdrawal of the same sign-off is refused.
      expect((await refusalOf(row('tess', { supersedes: first.id, withdrawn: true, reason: 'again' }))).status).toBe(400);
      const again = await row('tess', { supersedes: withdrawal.id });
      expect(again.withdrawn).toBe(false);

      // Nothing is edited or deleted in place, by anyone with a token.
      for (const who of ['tess', 'ash', 'tam'] as const) {
        expect((await failureOf(as[who].collection('unit_signoffs').update(first.id, { reason: 'changed' }))).status).toBeGreaterThanOrEqual(400);
        expect((await failureOf(as[who].collection('unit_signoffs').delete(withdrawal.id))).status).toBeGreaterThanOrEqual(400);
      }
      // The trainee reads the whole chain (and so the reason).
      const mine = await as.tam.collection('unit_signoffs').getFullList({ filter: `unit = "${UNIT}"`, sort: 'created' });
      expect(mine.map((r) => [r.withdrawn, r.reason])).toEqual([[false, ''], [true, 'Signed in error: U4/1.2 was not met.'], [false, '']]);

      const actions = await service.collection('audit_log').getFullList({ filter: `target_collection = "unit_signoffs" && (target_id = "${first.id}" || target_id = "${withdrawal.id}" || target_id = "${again.id}")`, sort: '@rowid' });
      expect(actions.map((a) => [a['action'], a['actor_name'], (a['details'] as Record<string, string>)['reason'] ?? ''])).toEqual([
        ['unit_signoff.create', 'Tess', ''],
        ['unit_signoff.withdraw', 'Ash', 'Signed in error: U4/1.2 was not met.'],
        ['unit_signoff.create', 'Tess', ''],
      ]);
    });
  });

  describe('reflection comments', () => {
    it('refuses a comment on a private reflection, even from the service account', async () => {
      const reflection = await as.tam.collection('reflections').create({
        user: people.tam.id,
        course: COURSE,
        module: '03-boundaries-and-power',
        prompt: 'p1',
        body: 'Private thoughts',
        shared: false,
      });
      expect(await refusalOf(service.collection('reflection_comments').create({ reflection: reflection.id, author: people.tess.id, body: 'Hi' }))).toEqual({
        status: 400,
        message: 'This reflection is not shared with you (any more): you can comment only while its author shares it.',
        fields: { reflection: 'reflection_not_shared' },
      });
      await as.tam.collection('reflections').update(reflection.id, { shared: true });
      const comment = await as.tess.collection('reflection_comments').create({ reflection: reflection.id, author: people.tess.id, body: 'Thank you' });
      expect(comment['author']).toBe(people.tess.id);
    });

    it('are deleted with their reflection', async () => {
      const reflection = await as.tam.collection('reflections').create({
        user: people.tam.id,
        course: COURSE,
        module: '03-boundaries-and-power',
        prompt: 'p2',
        body: 'Shared thoughts',
        shared: true,
      });
      const comment = await as.tess.collection('reflection_comments').create({ reflection: reflection.id, author: people.tess.id, body: 'Thanks' });
      await as.tam.collection('reflections').delete(reflection.id);
      expect((await failureOf(service.collection('reflection_comments').getOne(comment.id))).status).toBe(404);
    });
  });

  describe('audit rows', () => {
    it('records a decision: who, what, about whom, in which cohort; nothing more', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const made = await decision('bo', { criterion: crit, evidence: evidence.id, outcome: 'not_yet' });
      const [row, ...more] = await auditOf(made.id);
      expect(more).toEqual([]);
      expect(row).toMatchObject({
        actor: people.bo.id,
        actor_name: 'Bo',
        action: 'decision.create',
        target_collection: 'decisions',
        target_id: made.id,
        cohort: cohortA,
        details: {
          trainee: people.tam.id,
          course: COURSE,
          criterion: crit,
          outcome: 'not_yet',
          evidence: evidence.id,
          observation: '',
          supersedes: '',
        },
      });
      expect(Object.keys(row!['details'] as object).sort()).toEqual(
        ['course', 'criterion', 'evidence', 'observation', 'outcome', 'supersedes', 'trainee'].sort(),
      );
      expect(JSON.stringify(row!['details'])).not.toContain('mutuality'); // the feedback text stays out
    });

    it('records evidence without its text, file contents or reflection text', async () => {
      const reflection = await as.tam.collection('reflections').create({
        user: people.tam.id,
        course: COURSE,
        module: '02-intentional-peer-support',
        prompt: 'p2',
        body: 'SECRET-REFLECTION-TEXT',
        shared: true,
      });
      const form = new FormData();
      form.append('user', people.tam.id);
      form.append('course', COURSE);
      form.append('criterion', 'U1/2.2');
      form.append('text', 'SECRET-EVIDENCE-TEXT');
      form.append('reflection', reflection.id);
      form.append('files', file(FILES.pdf, 'secret-name.pdf'));
      form.append('files', file(FILES.png, 'photo.png'));
      const evidence = await as.tam.collection('evidence').create(form);
      const [row] = await auditOf(evidence.id);
      expect(row).toMatchObject({ actor: people.tam.id, actor_name: 'Tam', action: 'evidence.create', cohort: cohortA });
      expect(row!['details']).toEqual({
        trainee: people.tam.id,
        course: COURSE,
        criterion: 'U1/2.2',
        has_text: true,
        files: 2,
        reflection: reflection.id,
      });
      expect(JSON.stringify(row)).not.toMatch(/SECRET|PDF/);
    });

    it('records observations, sign-offs and samples with the trainee’s cohort', async () => {
      const crit = criterion();
      const observation = await as.bo.collection('observations').create({
        user: people.kit.id,
        course: COURSE,
        criterion: crit,
        observed_on: '2026-11-21 09:30:00.000Z',
        notes: 'SECRET-NOTES',
        assessor: people.bo.id,
      });
      const signoff = await as.tess
        .collection('unit_signoffs')
        .create({ user: people.kit.id, course: COURSE, unit: 'U1', signed_by: people.tess.id, signed_name: 'Tess' });
      const kitsDecision = await decision('bo', { user: people.kit.id, criterion: crit, observation: observation.id });
      const sampled = await as.ida
        .collection('qa_samples')
        .create({ decision: kitsDecision.id, cohort: cohortA, iqa: people.ida.id, verdict: 'agree', rationale: 'SECRET-RATIONALE' });

      const summary = async (id: string) => (await auditOf(id)).map((row) => [row['action'], row['actor_name'], row['cohort'], row['details']]);
      expect(await summary(observation.id)).toEqual([
        ['observation.create', 'Bo', cohortA, { trainee: people.kit.id, course: COURSE, criterion: crit, observed_on: '2026-11-21 09:30:00.000Z' }],
      ]);
      expect(await summary(signoff.id)).toEqual([['unit_signoff.create', 'Tess', cohortA, { trainee: people.kit.id, course: COURSE, unit: 'U1', supersedes: '' }]]);
      expect(await summary(sampled.id)).toEqual([
        ['qa_sample.create', 'Ida', cohortA, { decision: kitsDecision.id, verdict: 'agree', assessor: people.bo.id, criterion: crit }],
      ]);
    });

    it('records role and new-assessor changes by the service account as "service", in one request', async () => {
      await service.collection('users').update(people.bo.id, { role: ['assessor', 'trainer'], new_assessor: true });
      const rows = (await auditOf(people.bo.id)).slice(-2);
      expect(rows.map((row) => [row['action'], row['actor'], row['actor_name'], row['cohort'], row['details']])).toEqual([
        ['user.new_assessor_change', '', 'service', '', { before: false, after: true }],
        ['user.role_change', '', 'service', '', { before: ['assessor'], after: ['assessor', 'trainer'], added: ['trainer'], removed: [] }],
      ]);
    });

    it('writes nothing for a save that changes no role or staff list', async () => {
      const before = (await service.collection('audit_log').getList(1, 1)).totalItems;
      await service.collection('users').update(people.kit.id, { role: ['trainee'], display_name: 'Kit K' });
      await as.kit.collection('users').update(people.kit.id, { display_name: 'Kit' });
      await service.collection('cohorts').update(cohortA, { name: 'Cohort A (spring)', trainers: [people.tess.id] });
      expect((await service.collection('audit_log').getList(1, 1)).totalItems).toBe(before);
    });

    it('records a staff change made by an admin with the admin as actor, and who was added and removed', async () => {
      await as.admin.collection('cohorts').update(cohortB, { iqas: [people.ida.id], 'verifiers+': people.vic.id });
      const [row] = (await auditOf(cohortB)).slice(-1);
      expect(row).toMatchObject({
        actor: people.admin.id,
        actor_name: 'Admin',
        action: 'cohort.staff_change',
        target_collection: 'cohorts',
        cohort: cohortB,
        details: {
          iqas: { added: [people.ida.id], removed: [people.ash.id] },
          verifiers: { added: [people.vic.id], removed: [] },
        },
      });
      // Vic now verifies cohort B, so sees its audit trail, including this row.
      expect((await as.vic.collection('audit_log').getFullList()).map((r) => r.id)).toContain(row!.id);
    });
  });

  // The codes come from pocketbase/pb_hooks/lib/error-codes.json; the web server recognises
  // them through src/lib/hook-errors.ts and its stores map them to the person's message.
  describe('refusal codes arrive and are mapped by code (pb_hooks/lib/error-codes.json)', () => {
    it('deciding twice: already_decided, sent with its listed status, becomes the "already decided" conflict', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      await decision('bo', { criterion: crit, evidence: evidence.id });
      const error = await failureOf(decision('ash', { criterion: crit, evidence: evidence.id }));
      expect(hookErrorCode(error)).toBe('already_decided');
      expect(error.status).toBe(hookErrorStatus('already_decided'));
      const mapped = decisionCreateError(error, false);
      expect(mapped).toBeInstanceOf(DomainError);
      expect({ kind: mapped.kind, message: mapped.message }).toEqual({ kind: 'conflict', message: staffEn.errors.alreadyDecided });
    });

    it('blank feedback: feedback_blank becomes the feedback field message', async () => {
      const crit = criterion();
      const evidence = await evidenceOf('tam', crit);
      const error = await failureOf(decision('bo', { criterion: crit, evidence: evidence.id, feedback: '   ' }));
      expect(hookErrorCode(error)).toBe('feedback_blank');
      const mapped = decisionCreateError(error, false);
      expect(mapped.fields).toEqual({ feedback: staffEn.validation.feedbackMissing });
    });

    it("an IQA's verdict on their own decision: own_decision becomes forbidden with the hook's words (qa-store)", async () => {
      const crit = criterion();
      const own = await decision('ash', { criterion: crit, evidence: (await evidenceOf('tam', crit)).id });
      const error = await recordVerdict(as.ash as TypedPocketBase, {
        cohort: cohortA,
        iqa: people.ash.id,
        decision: own.id,
        verdict: 'agree',
        rationale: 'Looks right',
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('forbidden');
      expect((error as DomainError).fields).toEqual({
        decision: 'You made this decision as its assessor, so you cannot quality-assure it: leave it to another IQA.',
      });
    });

    it('deleting a reflection used as evidence: the refusal carries reflection_is_evidence', async () => {
      const reflection = await as.tam.collection('reflections').create({
        user: people.tam.id,
        course: COURSE,
        module: '02-intentional-peer-support',
        prompt: 'p1',
        title: 'Used',
        body: 'Kept as evidence',
        shared: true,
      });
      await evidenceOf('tam', criterion(), { reflection: reflection.id });
      const error = await failureOf(as.tam.collection('reflections').delete(reflection.id));
      expect(hookErrorCode(error)).toBe('reflection_is_evidence');
      expect(error.status).toBe(hookErrorStatus('reflection_is_evidence'));
    });
  });
});
