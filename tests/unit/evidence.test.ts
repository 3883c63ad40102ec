/**
 * The trainee's evidence, pure parts: the form schema (text, files, reflection, tampering),
 * file checks (type by name and first bytes, size, count), next steps and their wording, the
 * history order, file-serving headers, and the page's view model.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFiles,
  criterionAnchor,
  criterionHistory,
  displayFileName,
  EVIDENCE_MAX_FILE_BYTES,
  evidenceFileHeaders,
  evidenceFileHref,
  formMode,
  nextStep,
  readSubmitted,
  submittedLocation,
  whyNotSubmittable,
} from '../../src/lib/assessment/evidence.ts';
import { formatBytes } from '../../src/lib/sizes.ts';
import { parseEvidenceForm } from '../../src/lib/assessment/evidence-schema.ts';
import type { TraineeRecords } from '../../src/lib/assessment/evidence-store.ts';
import { traineePageView } from '../../src/lib/assessment/evidence-view.ts';
import { assessCourse, metByDecision, type AssessmentFacts, type DecisionRow } from '../../src/lib/assessment/status.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { assessmentTraineeEn as t, fileProblemMessage, nextStepText } from '../../src/lib/i18n/assessment-trainee.ts';
import type { DecisionRecord, EnrolmentRecord, EvidenceRecord } from '../../src/lib/records.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
// peer-support-foundations, unit U1: 1.1 knowledge-check (module 1), 1.2 written, 2.1 knowledge-check (module 2), 2.2 reflection.
// U3/2.1 is observation.

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const PDF = bytes('%PDF-1.4\n%%EOF\n');
const PNG = bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR');
const SVG = bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = bytes('<!DOCTYPE html><script>alert(1)</script>');
const file = (content: Uint8Array, name: string, type = 'application/octet-stream') => new File([Uint8Array.from(content)], name, { type });

function form(fields: Record<string, string | File | Array<string | File>>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  return data;
}

async function problemOf(data: FormData): Promise<{ kind: string; message: string; fields: Record<string, string> }> {
  try {
    await parseEvidenceForm(data);
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, message: error.message, fields: error.fields };
    throw error;
  }
  throw new Error('expected a problem');
}

describe('the evidence form', () => {
  it('takes text only, normalising line endings, and ignores a file input with nothing chosen', async () => {
    const input = await parseEvidenceForm(form({ criterion: 'U1/1.2', text: 'My answer\r\nin two lines', files: new File([], ''), reflection: '', submission: 'abcdefgh-1234' }));
    expect(input).toEqual({ criterion: 'U1/1.2', text: 'My answer\nin two lines', files: [], reflection: '', submission: 'abcdefgh-1234' });
  });

  it('takes files (a PDF and a picture) and a reflection id', async () => {
    const input = await parseEvidenceForm(form({ criterion: 'U1/2.2', files: [file(PDF, 'essay.pdf'), file(PNG, 'Photo.PNG')], reflection: 'abcdefghij12345' }));
    expect(input.files.map((f) => f.name)).toEqual(['essay.pdf', 'Photo.PNG']);
    expect(input.reflection).toBe('abcdefghij12345');
    expect(input.text).toBe('');
  });

  it('says there is nothing to send when text is blank, no file and no reflection', async () => {
    expect(await problemOf(form({ criterion: 'U1/1.2', text: '   \n ', files: new File([], '') }))).toEqual({
      kind: 'invalid',
      message: 'There is nothing to send yet. Write some text, attach a file, or choose a shared reflection.',
      fields: { text: 'There is nothing to send yet. Write some text, attach a file, or choose a shared reflection.' },
    });
  });

  it('says by how much text is too long', async () => {
    const problem = await problemOf(form({ criterion: 'U1/1.2', text: 'x'.repeat(20_003) }));
    expect(problem.fields.text).toBe(
      'Your text is 20,003 characters long, and the limit is 20,000. Please shorten it by 3 characters, or put the rest in a document and attach it. Your text is still in the box.',
    );
  });

  it.each([
    ['an SVG', file(SVG, 'drawing.svg', 'image/svg+xml'), '“drawing.svg” is not a kind of file we can take.'],
    ['an HTML page', file(HTML, 'notes.html', 'text/html'), '“notes.html” is not a kind of file we can take.'],
    ['HTML named .pdf', file(HTML, 'notes.pdf', 'application/pdf'), '“notes.pdf” does not look like the kind of file its name says.'],
    ['SVG named .png', file(SVG, 'photo.png', 'image/png'), '“photo.png” does not look like the kind of file its name says.'],
    ['an empty file', file(new Uint8Array(0), 'blank.pdf'), '“blank.pdf” is empty (0 bytes).'],
    ['a file without an extension', file(PDF, 'essay'), '“essay” is not a kind of file we can take.'],
  ])('refuses %s, naming the file, and asks for the files again', async (_, chosen, start) => {
    const problem = await problemOf(form({ criterion: 'U1/1.2', text: 'See the file', files: chosen }));
    expect(problem.kind).toBe('invalid');
    expect(problem.fields.files).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(problem.fields.files).toMatch(/Your text is kept, but files cannot be kept: please choose them again\.$/);
  });

  it('refuses a file over 10 MB, naming it and the limit', async () => {
    const big = new Uint8Array(EVIDENCE_MAX_FILE_BYTES + 1);
    big.set(PDF);
    const problem = await problemOf(form({ criterion: 'U1/1.2', files: file(big, 'big.pdf') }));
    expect(problem.fields.files).toBe(
      '“big.pdf” is 10.1 MB, and each file can be up to 10 MB. Please make it smaller (for example, save a PDF or photo at a lower quality) or split it into parts. Your text is kept, but files cannot be kept: please choose them again.',
    );
    const exactly = new Uint8Array(EVIDENCE_MAX_FILE_BYTES);
    exactly.set(PDF);
    expect((await parseEvidenceForm(form({ criterion: 'U1/1.2', files: file(exactly, 'ok.pdf') }))).files).toHaveLength(1);
  });

  it('refuses a sixth file', async () => {
    const six = Array.from({ length: 6 }, (_, i) => file(PNG, `photo-${i}.png`));
    const problem = await problemOf(form({ criterion: 'U1/1.2', files: six }));
    expect(problem.fields.files).toMatch(/^You chose 6 files\. You can attach up to 5 at a time/);
  });

  it('refuses a malformed reflection id next to the reflection field', async () => {
    expect((await problemOf(form({ criterion: 'U1/1.2', reflection: '../etc' }))).fields).toEqual({ reflection: t.errors.reflectionUnknown });
  });

  it.each([
    ['an unknown field', { criterion: 'U1/1.2', text: 'x', user: 'someone-else' }],
    ['text sent twice', { criterion: 'U1/1.2', text: ['a', 'b'] }],
    ['a malformed criterion', { criterion: 'U1/1.2"||1=1', text: 'x' }],
    ['no criterion', { text: 'x' }],
    ['a file under another name', { criterion: 'U1/1.2', text: file(PDF, 'a.pdf') }],
    ['text where files go', { criterion: 'U1/1.2', files: 'not a file' }],
  ])('treats %s as a form we did not make, with no field message', async (_, fields) => {
    expect(await problemOf(form(fields as Record<string, string | File | string[]>))).toEqual({ kind: 'invalid', message: t.errors.unexpected, fields: {} });
  });
});

describe('file checks', () => {
  it('accepts each kind we take, by name and first bytes', () => {
    const ok = [
      { name: 'a.pdf', head: PDF },
      { name: 'a.png', head: PNG },
      { name: 'a.JPG', head: bytes([0xff, 0xd8, 0xff, 0xe0]) },
      { name: 'a.webp', head: bytes('RIFF', [0, 0, 0, 0], 'WEBP') },
      { name: 'a.gif', head: bytes('GIF89a') },
      { name: 'a.mp3', head: bytes('ID3') },
      { name: 'b.mp3', head: bytes([0xff, 0xfb, 0x90]) },
      { name: 'a.m4a', head: bytes([0, 0, 0, 0x20], 'ftypM4A ') },
      { name: 'a.ogg', head: bytes('OggS') },
      { name: 'a.wav', head: bytes('RIFF', [0, 0, 0, 0], 'WAVE') },
      { name: 'a.docx', head: bytes('PK', [3, 4]) },
    ];
    for (const f of ok) expect(checkFiles([{ ...f, size: 100 }]), f.name).toBeUndefined();
  });

  it('refuses what a browser could run, by name or by content', () => {
    expect(checkFiles([{ name: 'x.svg', size: 10, head: SVG }])).toEqual({ kind: 'type', name: 'x.svg' });
    expect(checkFiles([{ name: 'x.htm', size: 10 }])).toEqual({ kind: 'type', name: 'x.htm' });
    expect(checkFiles([{ name: 'x.jpg', size: 10, head: HTML }])).toMatchObject({ kind: 'content', name: 'x.jpg' });
    // Without the first bytes (unreadable in the browser) only the name and size are checked; the server checks the rest.
    expect(checkFiles([{ name: 'x.jpg', size: 10 }])).toBeUndefined();
  });

  it('words every problem with the file name and the limit', () => {
    expect(fileProblemMessage({ kind: 'too-big', name: 'talk.wav', size: 25 * 1024 * 1024 })).toBe(
      '“talk.wav” is 25 MB, and each file can be up to 10 MB. Please make it smaller (for example, save a PDF or photo at a lower quality) or split it into parts.',
    );
    expect(fileProblemMessage({ kind: 'type', name: 'sheet.xlsx' })).toBe(
      '“sheet.xlsx” is not a kind of file we can take. Please send a PDF, a Word document (.docx), a picture (PNG, JPEG, WebP or GIF) or a sound recording (MP3, M4A, OGG or WAV). If it is something else, saving it as a PDF usually works.',
    );
    expect(formatBytes(850 * 1024)).toBe('850 kB');
    expect(formatBytes(12_345 * 1024 * 1024)).toBe('12.1 GB');
    expect(formatBytes(1)).toBe('1 byte');
  });
});

const decision = (over: Partial<DecisionRow>): DecisionRow => ({
  id: 'd1', criterion: 'U1/1.2', outcome: 'not_yet', feedback: 'Say more about power.', assessor_name: 'Sam Assessor', evidence: 'e1', observation: '', supersedes: '', created: '2026-03-02 10:00:00.000Z', ...over,
});
const none: AssessmentFacts = { evidence: [], observations: [], decisions: [], passedModules: [], signedOffUnits: [] };
const statusOf = (ref: string, facts: Partial<AssessmentFacts> = {}) => assessCourse(course, { ...none, ...facts }).byRef.get(ref)!;

describe('next steps', () => {
  const e1 = { id: 'e1', criterion: 'U1/1.2', created: '2026-03-01 10:00:00.000Z' };
  const e2 = { id: 'e2', criterion: 'U1/1.2', created: '2026-03-03 10:00:00.000Z' };
  const words = (ref: string, facts: Partial<AssessmentFacts> = {}) => nextStepText(t, nextStep(statusOf(ref, facts), course));

  it('follows a written criterion from submit to met, in plain words', () => {
    expect(words('U1/1.2')).toBe('Submit evidence');
    expect(words('U1/1.2', { evidence: [e1] })).toBe('Your assessor is looking at this');
    expect(words('U1/1.2', { evidence: [e1], decisions: [decision({})] })).toBe('Not yet met: read the feedback and submit again');
    expect(words('U1/1.2', { evidence: [e1, e2], decisions: [decision({})] })).toBe('Your assessor is looking at this');
    expect(words('U1/1.2', { evidence: [e1, e2], decisions: [decision({}), decision({ id: 'd2', evidence: 'e2', outcome: 'met', created: '2026-03-04 10:00:00.000Z' })] })).toBe('Met ✓');
  });

  it('never says an assessor is looking, or will observe, when nobody can assess the trainee', () => {
    const unassessed = (ref: string, facts: Partial<AssessmentFacts> = {}) => nextStepText(t, nextStep(statusOf(ref, facts), course, false));
    expect(unassessed('U1/1.2', { evidence: [e1] })).toBe('Sent and kept safely. Nobody can assess it until you are in a group with an assessor');
    expect(unassessed('U3/2.1')).toBe('An assessor will observe you once you are in a group with an assessor');
    expect(unassessed('U1/1.2')).toBe('Submit evidence');
    // Learning-only (in no group): no form, so the step says how to get one.
    expect(nextStepText(t, nextStep(statusOf('U1/1.2'), course, false, false))).toBe('Evidence can be sent once you are in a group with an assessor: ask to be assessed above');
    for (const text of [unassessed('U1/1.2', { evidence: [e1] }), unassessed('U3/2.1')]) expect(text).not.toMatch(/your assessor (is|will)/i);
  });

  it('points a knowledge-check criterion at its module, until it is passed', () => {
    const step = nextStep(statusOf('U1/1.1'), course);
    expect(step).toMatchObject({ kind: 'pass-check' });
    expect(step.kind === 'pass-check' && step.modules.map((m) => m.title)).toEqual(['What peer support is, and what it is not']);
    expect(nextStepText(t, step)).toBe('Pass the knowledge check in');
    const first = course.modules[0]!.id;
    expect(words('U1/1.1', { passedModules: [first] })).toBe('Met ✓ — you passed the knowledge check');
  });

  it('tells the trainee an observation criterion is for the assessor to record', () => {
    const o1 = { id: 'o1', criterion: 'U3/2.1', created: '2026-03-01 10:00:00.000Z' };
    expect(words('U3/2.1')).toBe('Your assessor will observe you');
    expect(words('U3/2.1', { observations: [o1] })).toBe('Your assessor is looking at this');
    expect(words('U3/2.1', { observations: [o1], decisions: [decision({ criterion: 'U3/2.1', evidence: '', observation: 'o1' })] })).toBe(
      'Not yet met: read the feedback. Your assessor will arrange to observe you again',
    );
  });

  it('offers the form for written and reflection criteria: behind a button to start, open to do again, tucked away while waiting', () => {
    expect(formMode(statusOf('U1/1.2'))).toBe('closed');
    expect(formMode(statusOf('U1/2.2'))).toBe('closed');
    expect(formMode(statusOf('U1/1.2', { evidence: [e1] }))).toBe('more');
    expect(formMode(statusOf('U1/1.2', { evidence: [e1], decisions: [decision({})] }))).toBe('open');
    expect(formMode(statusOf('U1/1.2', { evidence: [e1], decisions: [decision({ outcome: 'met' })] }))).toBe('none');
    expect(formMode(statusOf('U1/1.1'))).toBe('none');
    expect(formMode(statusOf('U3/2.1'))).toBe('none');
  });

  it('counts a criterion as evidenced for progress exactly when assessCourse says an assessor met it', () => {
    const decisions = [
      decision({ id: 'd1', criterion: 'U1/1.2', outcome: 'not_yet', created: '2026-03-02 10:00:00.000Z' }),
      decision({ id: 'd2', criterion: 'U1/1.2', outcome: 'met', created: '2026-03-04 10:00:00.000Z' }),
      decision({ id: 'd3', criterion: 'U1/2.2', outcome: 'met', created: '2026-03-02 10:00:00.000Z' }),
      // A correction: newer, not yet met.
      decision({ id: 'd4', criterion: 'U1/2.2', outcome: 'not_yet', supersedes: 'd3', created: '2026-03-05 10:00:00.000Z' }),
      decision({ id: 'd5', criterion: 'U3/2.1', evidence: '', observation: 'o1', outcome: 'met', created: '2026-03-01 10:00:00.000Z' }),
    ];
    const assessed = assessCourse(course, { ...none, decisions });
    const metByAssessor = [...assessed.byRef.values()].filter((c) => c.state === 'met' && !c.automatic).map((c) => c.criterion.ref);
    expect(metByDecision([...decisions].reverse()).sort()).toEqual(metByAssessor.sort());
    expect(metByAssessor.sort()).toEqual(['U1/1.2', 'U3/2.1']);
  });

  it('knows which criteria take evidence', () => {
    expect(whyNotSubmittable(course, 'U1/1.2')).toBeUndefined();
    expect(whyNotSubmittable(course, 'U1/2.2')).toBeUndefined();
    expect(whyNotSubmittable(course, 'U1/1.1')).toBe('knowledge-check');
    expect(whyNotSubmittable(course, 'U3/2.1')).toBe('observation');
    expect(whyNotSubmittable(course, 'U9/9.9')).toBe('unknown-criterion');
  });
});

describe('addresses and history', () => {
  it('makes anchors and addresses', () => {
    expect(criterionAnchor('U1/1.2')).toBe('criterion-U1-1-2');
    expect(submittedLocation(course, 'U1/1.2')).toBe('/evidence/peer-support-foundations?submitted=U1%2F1.2#criterion-U1-1-2');
    expect(readSubmitted(new URLSearchParams('submitted=U1/1.2'), course)).toBe('U1/1.2');
    expect(readSubmitted(new URLSearchParams('submitted=<script>'), course)).toBeUndefined();
    expect(evidenceFileHref('abcdefghij12345', 'essay_k2j3h4g5f6.pdf')).toBe('/files/evidence/abcdefghij12345/essay_k2j3h4g5f6.pdf');
    expect(displayFileName('my_essay_k2j3h4g5f6.pdf')).toBe('my_essay.pdf');
    expect(displayFileName('plain.pdf')).toBe('plain.pdf');
  });

  it('lists everything newest first, a decision above what it judged at the same moment', () => {
    const history = criterionHistory({
      evidence: [
        { id: 'e1', created: '2026-03-01 10:00:00.000Z' },
        { id: 'e2', created: '2026-03-03 10:00:00.000Z' },
      ],
      observations: [],
      decisions: [
        { id: 'd1', created: '2026-03-02 10:00:00.000Z' },
        { id: 'd2', created: '2026-03-03 10:00:00.000Z' },
      ],
    });
    expect(history.map((h) => h.record.id)).toEqual(['d2', 'e2', 'd1', 'e1']);
  });
});

describe('serving a stored file', () => {
  it('shows PDFs and pictures in the browser inside a sandbox, never cached', () => {
    expect(evidenceFileHeaders('essay_k2j3h4g5f6.pdf')).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="essay.pdf"; filename*=UTF-8''essay.pdf`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    });
    expect(evidenceFileHeaders('photo_k2j3h4g5f6.jpeg')).toMatchObject({ 'Content-Type': 'image/jpeg', 'Content-Disposition': expect.stringMatching(/^inline;/) });
  });

  it('downloads audio and Word documents', () => {
    expect(evidenceFileHeaders('talk_k2j3h4g5f6.mp3')).toMatchObject({ 'Content-Type': 'audio/mpeg', 'Content-Disposition': expect.stringMatching(/^attachment;/) });
    const docx = evidenceFileHeaders('plan_k2j3h4g5f6.docx');
    expect(docx['Content-Disposition']).toMatch(/^attachment;/);
    expect(docx['Content-Security-Policy']).toBeUndefined();
  });

  it('never serves SVG or HTML as what they are', () => {
    for (const name of ['x_k2j3h4g5f6.svg', 'x_k2j3h4g5f6.html', 'x_k2j3h4g5f6.htm', 'x']) {
      expect(evidenceFileHeaders(name)).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Disposition': expect.stringMatching(/^attachment;/), 'X-Content-Type-Options': 'nosniff' });
    }
  });
});

describe('the page view', () => {
  const enrolment = (over: Partial<EnrolmentRecord>) => ({ id: 'en1', user: 'u1', course: course.slug, cohort: 'c1', status: 'active', ...over }) as EnrolmentRecord;
  const records = (over: Partial<TraineeRecords>): TraineeRecords => ({
    enrolment: enrolment({}),
    evidence: [],
    observations: [],
    decisions: [],
    signoffs: [],
    reflections: [],
    passedModules: [],
    ...over,
  });
  const view = (r: TraineeRecords) =>
    traineePageView(course, r, assessCourse(course, { ...r, signedOffUnits: r.signoffs.map((s) => s.unit) }));

  it('groups criteria by unit and outcome, with forms only while actively enrolled', () => {
    const active = view(records({}));
    expect(active.units.map((u) => u.status.unit.id)).toEqual(['U1', 'U2', 'U3', 'U4']);
    expect(active.units[0]!.outcomes.map((o) => o.criteria.map((c) => [c.status.criterion.ref, c.form]))).toEqual([
      [['U1/1.1', 'none'], ['U1/1.2', 'closed']],
      [['U1/2.1', 'none'], ['U1/2.2', 'closed']],
    ]);
    expect(active).toMatchObject({ enrolment: 'active', inCohort: true, met: 0, total: course.criteria.size, unitsSignedOff: 0 });
    const left = view(records({ enrolment: enrolment({ status: 'left', cohort: '' }) }));
    expect(left).toMatchObject({ enrolment: 'left', inCohort: false });
    expect([...left.byRef.values()].every((c) => c.form === 'none')).toBe(true);
    expect(view(records({ enrolment: undefined })).enrolment).toBe('none');
  });

  it('offers only shared reflections, labelled by module and prompt or by title', () => {
    const module = course.modules[1]!;
    const v = view(
      records({
        reflections: [
          { id: 'r1', title: '', prompt: 'p2', module: module.id, shared: true },
          { id: 'r2', title: 'My own notes', prompt: 'free', module: '', shared: true },
          { id: 'r3', title: '', prompt: 'p1', module: module.id, shared: false },
        ],
      }),
    );
    expect(v.sharedReflections).toEqual([
      { id: 'r1', label: `${module.title}: Prompt 2` },
      { id: 'r2', label: 'My own notes' },
    ]);
    expect(v.reflectionLabels.get('r3')).toBe(`${module.title}: Prompt 1`);
  });

  it('puts each criterion’s history in it, newest first, and counts signed-off units', () => {
    const e = (id: string, created: string) => ({ id, user: 'u1', course: course.slug, criterion: 'U1/1.2', text: 'x', files: [], reflection: '', created, updated: created }) as unknown as EvidenceRecord;
    const d = { ...decision({}), user: 'u1', course: course.slug, assessor: 'a1', updated: '' } as unknown as DecisionRecord;
    const v = view(
      records({
        evidence: [e('e1', '2026-03-01 10:00:00.000Z'), e('e2', '2026-03-03 10:00:00.000Z')],
        decisions: [d],
        signoffs: [{ id: 's1', user: 'u1', course: course.slug, unit: 'U2', signed_by: 'a1', signed_name: 'Sam', created: '', updated: '' } as never],
      }),
    );
    const c = v.byRef.get('U1/1.2')!;
    expect(c.history.map((h) => `${h.kind}:${h.record.id}`)).toEqual(['evidence:e2', 'decision:d1', 'evidence:e1']);
    expect(c.status.state).toBe('submitted');
    expect(c.anchor).toBe('criterion-U1-1-2');
    expect(v.unitsSignedOff).toBe(1);
    expect(v.units[1]!.signoff?.signed_name).toBe('Sam');
  });
});
