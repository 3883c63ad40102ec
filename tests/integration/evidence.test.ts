/**
 * The trainee's evidence against the real PocketBase (repository migrations and hooks),
 * always as the person themself: sending text, files and a shared reflection; refusing SVG,
 * HTML, oversized files, a private reflection, criteria with nothing to send, and anyone not
 * actively enrolled, with a plain message and nothing created; a double submit; the page's
 * data after an assessor's decision; and serving a file (the trainee and their cohort's
 * staff get it with safe headers, everyone else "not found").
 *
 * The people: Tam (trainee) and Kit (another trainee) in cohort A of peer-support-foundations;
 * Ash, an assessor of cohort A; Tess, a trainer of cohort B only; Lee, a trainee who left
 * the course; Nia, signed up but never enrolled.
 */
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFileResponse } from '../../src/lib/assessment/evidence-files.ts';
import { handleEvidenceSubmit, type SubmitAnswer } from '../../src/lib/assessment/evidence-request.ts';
import { parseEvidenceForm } from '../../src/lib/assessment/evidence-schema.ts';
import { EvidenceRefused, loadTraineeAssessment, submitEvidence } from '../../src/lib/assessment/evidence-store.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { courseProgress } from '../../src/lib/progress/progress.ts';
import { loadFacts } from '../../src/lib/progress/progress-store.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const WRITTEN = 'U1/1.2';
const REFLECTION = 'U1/2.2';

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const PDF = bytes('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
const MP3 = bytes('ID3', [3, 0, 0, 0, 0, 0, 10], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64], new Array(32).fill(0));
const SVG = bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
const HTML = bytes('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const file = (content: Uint8Array, name: string, type = 'application/octet-stream') => new File([Uint8Array.from(content)], name, { type });

function form(fields: Record<string, string | File | Array<string | File>>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  return data;
}

describe('evidence store', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  const people = {} as Record<'tam' | 'kit' | 'ash' | 'tess' | 'lee' | 'nia', TestUser>;
  const as = {} as Record<keyof typeof people, TypedPocketBase>;
  const record = {} as Record<keyof typeof people, UserRecord>;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    const roles = { tam: ['trainee'], kit: ['trainee'], ash: ['assessor'], tess: ['trainer'], lee: ['trainee'], nia: ['trainee'] } as const;
    for (const [name, list] of Object.entries(roles) as Array<[keyof typeof people, readonly ('trainee' | 'assessor' | 'trainer')[]]>) {
      people[name] = await createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name[0]!.toUpperCase() + name.slice(1), roles: [...list] });
      as[name] = (await clientAs(pb.url, people[name].email, PASSWORD)) as TypedPocketBase;
      record[name] = as[name].authStore.record as UserRecord;
    }
    const cohortA = await createCohort(service, { name: 'Cohort A', course: course.slug, assessors: [people.ash.id] });
    const cohortB = await createCohort(service, { name: 'Cohort B', course: course.slug, trainers: [people.tess.id] });
    await enrol(service, people.tam, course.slug, cohortA);
    await enrol(service, people.kit, course.slug, cohortA);
    await enrol(service, people.lee, course.slug, cohortB, 'left');
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const count = async () => (await service.collection('evidence').getList(1, 1)).totalItems;
  const submit = async (who: keyof typeof people, fields: Record<string, string | File | Array<string | File>>) =>
    submitEvidence(as[who], people[who].id, course, await parseEvidenceForm(form(fields)));
  async function refusal(run: Promise<unknown>): Promise<{ reason?: string; kind: string; message: string; fields: Record<string, string> }> {
    try {
      await run;
    } catch (error) {
      if (error instanceof EvidenceRefused) return { reason: error.reason, kind: error.kind, message: error.message, fields: error.fields };
      if (error instanceof Error && 'kind' in error) return { kind: String(error.kind), message: error.message, fields: (error as never as { fields: Record<string, string> }).fields };
      throw error;
    }
    throw new Error('expected a refusal');
  }
  /** Posts the form as the web page does (multipart), as `who`. */
  const post = (who: keyof typeof people | null, fields: Record<string, string | File | Array<string | File>>, json = false): Promise<SubmitAnswer> =>
    handleEvidenceSubmit({
      request: new Request('http://localhost/evidence/peer-support-foundations', { method: 'POST', body: form(fields), headers: json ? { Accept: 'application/json' } : {} }),
      pb: who ? as[who] : (new (as.tam.constructor as typeof PocketBase)(pb.url) as TypedPocketBase),
      user: who ? record[who] : null,
      serviceUnavailable: false,
      course,
    });

  it('sends text as the trainee, and the page then says the assessor is looking at it', async () => {
    const created = await submit('tam', { criterion: WRITTEN, text: 'Peer support is **mutual**.' });
    expect(created).toMatchObject({ user: people.tam.id, course: course.slug, criterion: WRITTEN, text: 'Peer support is **mutual**.', files: [], reflection: '' });
    const { records, assessment } = await loadTraineeAssessment(as.tam, people.tam.id, course);
    expect(records.evidence.map((e) => e.id)).toEqual([created.id]);
    expect(assessment.byRef.get(WRITTEN)?.state).toBe('submitted');
  });

  it('sends files (a PDF, a picture and a recording) with no text', async () => {
    const created = await submit('tam', { criterion: WRITTEN, files: [file(PDF, 'My essay.pdf', 'application/pdf'), file(PNG, 'photo.png'), file(MP3, 'talk.mp3')] });
    expect(created.files).toHaveLength(3);
    expect(created.files[0]).toMatch(/^my_essay_[a-z0-9]{10}\.pdf$/);
  });

  it('through the form: 303 back to the criterion, or JSON for the element', async () => {
    expect(await post('tam', { criterion: WRITTEN, text: 'Plain post' })).toEqual({
      kind: 'redirect',
      location: '/evidence/peer-support-foundations?submitted=U1%2F1.2#criterion-U1-1-2',
    });
    expect(await post('tam', { criterion: WRITTEN, text: 'From the element' }, true)).toEqual({
      kind: 'json',
      status: 200,
      body: { location: '/evidence/peer-support-foundations?submitted=U1%2F1.2#criterion-U1-1-2', message: 'Submitted — your assessor will look at it.' },
    });
  });

  it.each([
    ['an SVG', file(SVG, 'drawing.svg', 'image/svg+xml'), /^“drawing\.svg” is not a kind of file we can take\./],
    ['an SVG named .png', file(SVG, 'photo.png', 'image/png'), /^“photo\.png” does not look like the kind of file its name says\./],
    ['an HTML page', file(HTML, 'notes.html', 'text/html'), /^“notes\.html” is not a kind of file we can take\./],
    ['an HTML page named .pdf', file(HTML, 'notes.pdf', 'application/pdf'), /^“notes\.pdf” does not look like the kind of file its name says\./],
  ])('refuses %s with a message naming it, keeping the text, creating nothing', async (_, chosen, message) => {
    const before = await count();
    const answer = await post('tam', { criterion: WRITTEN, text: 'Please keep me', files: chosen });
    expect(answer.kind).toBe('page');
    if (answer.kind !== 'page') return;
    expect(answer.status).toBe(400);
    expect(answer.problem).toMatchObject({ field: 'files', where: 'form', form: { criterion: WRITTEN, text: 'Please keep me' } });
    expect(answer.problem.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses a file over 10 MB before sending it, naming the file and the limit', async () => {
    const before = await count();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const answer = await post('tam', { criterion: WRITTEN, text: 'Big one', files: file(big, 'big.pdf', 'application/pdf') }, true);
    expect(answer).toMatchObject({ kind: 'json', status: 400, body: { fields: { files: expect.stringMatching(/^“big\.pdf” is 10\.1 MB, and each file can be up to 10 MB\./) } } });
    expect(await count()).toBe(before);
  });

  it('passes on PocketBase refusing a file our first check let through (a zip named .docx), keeping the text', async () => {
    const before = await count();
    const zip = zipSync({ 'notes.txt': strToU8('not a Word document') }, { level: 0 });
    const answer = await post('tam', { criterion: WRITTEN, text: 'With a fake document', files: file(zip, 'plan.docx') });
    expect(answer).toMatchObject({
      kind: 'page',
      status: 400,
      problem: { field: 'files', where: 'form', form: { text: 'With a fake document' }, message: expect.stringMatching(/^One of the files could not be taken\. Each file must be a PDF/) },
    });
    expect(await count()).toBe(before);
  });

  it('refuses anyone not actively enrolled, with nothing created', async () => {
    const before = await count();
    expect(await refusal(submit('nia', { criterion: WRITTEN, text: 'Not on the course' }))).toMatchObject({ reason: 'not-enrolled', kind: 'forbidden' });
    expect(await refusal(submit('lee', { criterion: WRITTEN, text: 'I left' }))).toMatchObject({
      reason: 'not-enrolled',
      message: 'You are not on this course at the moment, so evidence cannot be sent. If you left it, you can rejoin from the course page. Your text is kept below.',
    });
    const answer = await post('lee', { criterion: WRITTEN, text: 'Keep my words' });
    expect(answer).toMatchObject({ kind: 'page', status: 403, problem: { where: 'kept', form: { text: 'Keep my words' } } });
    expect(await count()).toBe(before);
  });

  it('refuses criteria with nothing to send and unknown ones, saying why', async () => {
    expect(await refusal(submit('tam', { criterion: 'U1/1.1', text: 'x' }))).toMatchObject({
      reason: 'knowledge-check',
      message: 'Criterion U1/1.1 is met by passing a knowledge check, so there is nothing to send for it. Nothing was sent; your text is below.',
    });
    expect(await refusal(submit('tam', { criterion: 'U3/2.1', text: 'x' }))).toMatchObject({ reason: 'observation' });
    expect(await refusal(submit('tam', { criterion: 'U9/9.9', text: 'x' }))).toMatchObject({ reason: 'unknown-criterion', kind: 'not-found' });
  });

  it('links a shared reflection, and refuses a private one or someone else’s', async () => {
    const shared = await as.tam.collection('reflections').create({ user: people.tam.id, course: course.slug, module: course.modules[1]!.id, prompt: 'p1', body: 'Learning together', shared: true });
    const secret = await as.tam.collection('reflections').create({ user: people.tam.id, course: course.slug, module: course.modules[1]!.id, prompt: 'p2', body: 'Only mine', shared: false });
    const kits = await as.kit.collection('reflections').create({ user: people.kit.id, course: course.slug, module: course.modules[1]!.id, prompt: 'p1', body: 'Kit’s', shared: true });

    const linked = await submit('tam', { criterion: REFLECTION, reflection: shared.id });
    expect(linked.reflection).toBe(shared.id);

    const before = await count();
    expect(await refusal(submit('tam', { criterion: REFLECTION, text: 'See my reflection', reflection: secret.id }))).toMatchObject({
      reason: 'reflection-private',
      fields: { reflection: expect.stringMatching(/^That reflection is private/) },
    });
    expect(await refusal(submit('tam', { criterion: REFLECTION, reflection: kits.id }))).toMatchObject({ reason: 'reflection-unknown' });
    const answer = await post('tam', { criterion: REFLECTION, text: 'Keep this', reflection: secret.id });
    expect(answer).toMatchObject({ kind: 'page', status: 400, problem: { field: 'reflection', where: 'form', form: { text: 'Keep this', reflection: secret.id } } });
    expect(await count()).toBe(before);

    const { records } = await loadTraineeAssessment(as.tam, people.tam.id, course);
    expect(records.reflections.filter((r) => r.shared).map((r) => r.id)).toEqual([shared.id]);
  });

  it('sends one piece of evidence for a form posted twice (a double-click)', async () => {
    const before = await count();
    const fields = { criterion: REFLECTION, text: 'Clicked twice', submission: 'token-double-click-1' };
    const [a, b] = await Promise.all([post('tam', fields), post('tam', fields)]);
    expect(a).toEqual(b);
    expect(a.kind).toBe('redirect');
    expect(await count()).toBe(before + 1);
  });

  it('keeps the text when signed out, and offers to sign in again', async () => {
    expect(await post(null, { criterion: WRITTEN, text: 'Written before my session ran out' })).toMatchObject({
      kind: 'page',
      status: 401,
      problem: { where: 'kept', signIn: true, form: { text: 'Written before my session ran out' } },
    });
  });

  it('shows the assessor’s decisions, newest last in the history rows, and reopens the criterion on "not yet"', async () => {
    const evidence = await submit('kit', { criterion: WRITTEN, text: 'First try' });
    await as.ash.collection('decisions').create({
      user: people.kit.id, course: course.slug, criterion: WRITTEN, evidence: evidence.id, outcome: 'not_yet',
      feedback: 'Say more about power.', assessor: people.ash.id, assessor_name: 'Ash Assessor',
    });
    let { records, assessment } = await loadTraineeAssessment(as.kit, people.kit.id, course, service as TypedPocketBase);
    expect(assessment.byRef.get(WRITTEN)?.state).toBe('not-yet');
    expect(records.decisions).toMatchObject([{ outcome: 'not_yet', feedback: 'Say more about power.', assessor_name: 'Ash Assessor' }]);

    const second = await submit('kit', { criterion: WRITTEN, text: 'Second try, about power' });
    expect((await loadTraineeAssessment(as.kit, people.kit.id, course, service as TypedPocketBase)).assessment.byRef.get(WRITTEN)?.state).toBe('submitted');
    await as.ash.collection('decisions').create({
      user: people.kit.id, course: course.slug, criterion: WRITTEN, evidence: second.id, outcome: 'met',
      feedback: 'Clear now.', assessor: people.ash.id, assessor_name: 'Ash Assessor',
    });
    ({ records, assessment } = await loadTraineeAssessment(as.kit, people.kit.id, course, service as TypedPocketBase));
    expect(assessment.byRef.get(WRITTEN)?.state).toBe('met');
    expect(records.decisions.map((d) => d.outcome)).toEqual(['not_yet', 'met']);
    expect(records.evidence.map((e) => e.text)).toEqual(['First try', 'Second try, about power']);

    // The progress summary no longer lists it as still to evidence.
    const facts = (await loadFacts(as.kit, people.kit.id, course.slug, service as TypedPocketBase)).get(course.slug)!;
    expect([...(facts.evidencedCriteria ?? [])]).toEqual([WRITTEN]);
    expect(courseProgress(course, facts).criteriaToEvidence.map((c) => c.criterion.ref)).not.toContain(WRITTEN);
  });

  describe('serving a file', () => {
    let id = '';
    let pdfName = '';
    let mp3Name = '';
    beforeAll(async () => {
      const created = await submit('tam', { criterion: WRITTEN, files: [file(PDF, 'essay.pdf', 'application/pdf'), file(MP3, 'talk.mp3')] });
      id = created.id;
      [pdfName, mp3Name] = created.files as [string, string];
    });

    it('gives the trainee their PDF inline, sandboxed, never cached', async () => {
      const response = await evidenceFileResponse(as.tam, id, pdfName);
      expect(response).toBeInstanceOf(Response);
      if (!(response instanceof Response)) return;
      expect(response.status).toBe(200);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="essay.pdf"; filename*=UTF-8''essay.pdf`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'content-security-policy': expect.stringMatching(/^sandbox;/),
      });
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    });

    it('downloads a recording as an attachment', async () => {
      const response = await evidenceFileResponse(as.tam, id, mp3Name);
      if (!(response instanceof Response)) throw new Error('expected the file');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="talk\.mp3"/);
      expect(response.headers.get('content-type')).toBe('audio/mpeg');
      await response.body?.cancel();
    });

    it('gives it to an assessor of the trainee’s cohort', async () => {
      const response = await evidenceFileResponse(as.ash, id, pdfName);
      if (!(response instanceof Response)) throw new Error('expected the file');
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    });

    it('answers "not found" to another trainee, staff of another cohort, the signed out, and made-up names', async () => {
      expect(await evidenceFileResponse(as.kit, id, pdfName)).toBe('not-found');
      expect(await evidenceFileResponse(as.tess, id, pdfName)).toBe('not-found');
      const anonymous = new (as.tam.constructor as typeof PocketBase)(pb.url) as TypedPocketBase;
      expect(await evidenceFileResponse(anonymous, id, pdfName)).toBe('not-found');
      expect(await evidenceFileResponse(as.tam, id, 'other_abcdefghij.pdf')).toBe('not-found');
      expect(await evidenceFileResponse(as.tam, 'nosuchrecord123', pdfName)).toBe('not-found');
      expect(await evidenceFileResponse(as.tam, '../../etc', 'passwd')).toBe('not-found');
    });
  });
});
