/**
 * A trainee's evidence for assessment criteria: what may be sent, what a file must be, what
 * to do next on each criterion, the history of one criterion, and how a stored file is
 * served. Pure and free of Node imports: the server and the <trainee-evidence-form> element
 * (which checks files before uploading them) share these rules.
 *
 * The limits match pocketbase/pb_migrations/1795435216_evidence.js; PocketBase enforces them
 * too, but checking first lets us name the file and the limit in plain words.
 */
import type { Course, Criterion, Module } from '../courses/course.ts';
import type { CriterionStatus } from './status.ts';
import { contentDisposition } from '../site/download.ts';

/** Characters of Markdown text in one submission. */
export const EVIDENCE_TEXT_LIMIT = 20_000;
/** Files in one submission. */
export const EVIDENCE_MAX_FILES = 5;
/** Bytes in one file (10 MB). */
export const EVIDENCE_MAX_FILE_BYTES = 10 * 1024 * 1024;

type Sniff = (head: Uint8Array) => boolean;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const riff = (kind: string): Sniff => (head) => startsWith(head, ascii('RIFF')) && startsWith(head, ascii(kind), 8);

/** One kind of file we accept: its extensions, the type it is served as, and how its first bytes look. */
export interface EvidenceFileType {
  /** Lower-case, with the dot. */
  extensions: readonly string[];
  mime: string;
  /** Shown in the browser (images, PDF); everything else is downloaded. */
  inline: boolean;
  /** True when the first bytes are this kind of file. */
  sniff: Sniff;
}

/** Documents, images and audio a browser cannot run as a page: never SVG or HTML. */
export const EVIDENCE_FILE_TYPES: readonly EvidenceFileType[] = [
  { extensions: ['.pdf'], mime: 'application/pdf', inline: true, sniff: (h) => startsWith(h, ascii('%PDF-')) },
  { extensions: ['.png'], mime: 'image/png', inline: true, sniff: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { extensions: ['.jpg', '.jpeg'], mime: 'image/jpeg', inline: true, sniff: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { extensions: ['.webp'], mime: 'image/webp', inline: true, sniff: riff('WEBP') },
  { extensions: ['.gif'], mime: 'image/gif', inline: true, sniff: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')) },
  {
    extensions: ['.mp3'],
    mime: 'audio/mpeg',
    inline: false,
    // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
    sniff: (h) => startsWith(h, ascii('ID3')) || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  { extensions: ['.m4a'], mime: 'audio/mp4', inline: false, sniff: (h) => startsWith(h, ascii('ftyp'), 4) },
  { extensions: ['.ogg', '.oga'], mime: 'audio/ogg', inline: false, sniff: (h) => startsWith(h, ascii('OggS')) },
  { extensions: ['.wav'], mime: 'audio/wav', inline: false, sniff: riff('WAVE') },
  {
    extensions: ['.docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    inline: false,
    // A Word document is a zip file.
    sniff: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]),
  },
];

/** For the file input's `accept`: every extension we take. */
export const EVIDENCE_ACCEPT = EVIDENCE_FILE_TYPES.flatMap((t) => t.extensions).join(',');

/** How many first bytes the checks need. */
export const SNIFF_BYTES = 16;

/** The lower-case extension of a file name, with the dot, or "". */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}

/** The accepted type a file name has, by its extension; undefined for anything else (SVG, HTML, …). */
export function fileTypeOf(name: string): EvidenceFileType | undefined {
  const ext = extensionOf(name);
  return EVIDENCE_FILE_TYPES.find((t) => t.extensions.includes(ext));
}

/** What the checks need of a chosen file. `head` is its first bytes, when they could be read. */
export interface FileFacts {
  name: string;
  size: number;
  head?: Uint8Array | undefined;
}

export type FileProblem =
  /** More than EVIDENCE_MAX_FILES in one go. */
  | { kind: 'too-many'; count: number }
  /** Not a type we take (by its name): SVG, HTML, a spreadsheet, no extension… */
  | { kind: 'type'; name: string }
  /** Named like a type we take, but its first bytes say it is something else. */
  | { kind: 'content'; name: string; type: EvidenceFileType }
  | { kind: 'too-big'; name: string; size: number }
  | { kind: 'empty'; name: string };

/** The first problem with a set of chosen files, or undefined when they can all be sent. */
export function checkFiles(files: readonly FileFacts[]): FileProblem | undefined {
  if (files.length > EVIDENCE_MAX_FILES) return { kind: 'too-many', count: files.length };
  for (const file of files) {
    const problem = checkFile(file);
    if (problem) return problem;
  }
  return undefined;
}

/** The problem with one file, or undefined. */
export function checkFile(file: FileFacts): FileProblem | undefined {
  const type = fileTypeOf(file.name);
  if (!type) return { kind: 'type', name: file.name };
  if (file.size === 0) return { kind: 'empty', name: file.name };
  if (file.size > EVIDENCE_MAX_FILE_BYTES) return { kind: 'too-big', name: file.name, size: file.size };
  if (file.head && !type.sniff(file.head)) return { kind: 'content', name: file.name, type };
  return undefined;
}

/** Criteria a trainee sends evidence for; knowledge checks are met by passing them, observations are recorded by assessors. */
export function isSubmittable(criterion: Pick<Criterion, 'evidence'>): boolean {
  return criterion.evidence === 'written' || criterion.evidence === 'reflection';
}

export type SubmitRefusal = 'unknown-criterion' | 'knowledge-check' | 'observation';

/** Why evidence cannot be sent for a criterion ref of the course, or undefined when it can. */
export function whyNotSubmittable(course: Pick<Course, 'criteria'>, ref: string): SubmitRefusal | undefined {
  const criterion = course.criteria.get(ref);
  if (!criterion) return 'unknown-criterion';
  if (criterion.evidence === 'knowledge-check') return 'knowledge-check';
  if (criterion.evidence === 'observation') return 'observation';
  return undefined;
}

/** What the trainee should do next on one criterion. */
export type NextStep =
  | { kind: 'submit' }
  | { kind: 'waiting' }
  | { kind: 'resubmit' }
  | { kind: 'met' }
  /** Knowledge check: pass the check in these modules (none listed: no module has a check yet). */
  | { kind: 'pass-check'; modules: Module[] }
  | { kind: 'met-by-check' }
  | { kind: 'observe' }
  | { kind: 'observe-again' }
  /** Sent, but nobody can assess it: the trainee is in no group with an assessor. */
  | { kind: 'waiting-unassessed' }
  /** An observation, but no assessor can observe them yet. */
  | { kind: 'observe-unassessed' }
  /** Learning-only (in no group): evidence can be sent once they are in a group. */
  | { kind: 'needs-group' };

/**
 * The next step for a criterion, from its assessed state.
 *
 * @param assessed whether an assessor can see the trainee's evidence (route.ts
 *   `someoneAssesses`): when not, no step says someone is looking or will observe them
 */
export function nextStep(status: Pick<CriterionStatus, 'criterion' | 'state' | 'checksToPass'>, course: Pick<Course, 'modules'>, assessed = true, inGroup = true): NextStep {
  const step = nextStepAssessed(status, course);
  if (assessed) return step;
  if (!inGroup && (step.kind === 'submit' || step.kind === 'resubmit')) return { kind: 'needs-group' };
  if (step.kind === 'waiting') return { kind: 'waiting-unassessed' };
  if (step.kind === 'observe' || step.kind === 'observe-again') return { kind: 'observe-unassessed' };
  return step;
}

function nextStepAssessed(status: Pick<CriterionStatus, 'criterion' | 'state' | 'checksToPass'>, course: Pick<Course, 'modules'>): NextStep {
  const { criterion, state } = status;
  if (criterion.evidence === 'knowledge-check') {
    if (state === 'met') return { kind: 'met-by-check' };
    const modules = status.checksToPass.map((id) => course.modules.find((m) => m.id === id)).filter((m): m is Module => m !== undefined);
    return { kind: 'pass-check', modules };
  }
  switch (state) {
    case 'met':
      return { kind: 'met' };
    case 'submitted':
      return { kind: 'waiting' };
    case 'not-yet':
      return criterion.evidence === 'observation' ? { kind: 'observe-again' } : { kind: 'resubmit' };
    default:
      return criterion.evidence === 'observation' ? { kind: 'observe' } : { kind: 'submit' };
  }
}

/**
 * How the page offers the submission form, so a long course stays a calm, short page:
 * `closed` behind "Send evidence" for a criterion not started; `open` after "not yet met"
 * (right under the feedback); `more` behind "Add something you forgot" while the assessor
 * looks; `none` when met or when there is nothing to send.
 */
export function formMode(status: Pick<CriterionStatus, 'criterion' | 'state'>): 'closed' | 'open' | 'more' | 'none' {
  if (!isSubmittable(status.criterion)) return 'none';
  if (status.state === 'needed') return 'closed';
  if (status.state === 'not-yet') return 'open';
  if (status.state === 'submitted') return 'more';
  return 'none';
}

/** An element id for a criterion: `U1/1.2` → `criterion-U1-1-2`. */
export function criterionAnchor(ref: string): string {
  return `criterion-${ref.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** The element id of a unit's heading on the trainee's assessment page: `U1` → `te-unit-U1`. */
export const unitAnchor = (unitId: string) => `te-unit-${unitId}`;

/** The trainee's assessment page for a course. */
export const evidenceHref = (course: Pick<Course, 'slug'>) => `/evidence/${course.slug}`;

/** Where a plain form goes after a submission: the page, at the criterion, with a message. */
export function submittedLocation(course: Pick<Course, 'slug'>, ref: string): string {
  return `${evidenceHref(course)}?${new URLSearchParams({ submitted: ref })}#${criterionAnchor(ref)}`;
}

/** The address a stored evidence file is served at (by src/pages/files/evidence/[id]/[name].ts). */
export function evidenceFileHref(recordId: string, stored: string): string {
  return `/files/evidence/${encodeURIComponent(recordId)}/${encodeURIComponent(stored)}`;
}

/**
 * A stored file's name as the trainee chose it: PocketBase adds `_` and ten random characters
 * before the extension (`my_essay_k2j3h4g5f6.pdf` → `my_essay.pdf`).
 */
export function displayFileName(stored: string): string {
  return stored.replace(/_[a-z0-9]{10}(\.[A-Za-z0-9]+)$/, '$1');
}

/**
 * The headers for serving one stored evidence file. Images and PDFs are shown in the browser
 * inside a CSP sandbox (no scripts, no same origin); anything else, and anything not on our
 * list (which includes SVG and HTML), is a download of an opaque type. Never cached.
 */
export function evidenceFileHeaders(stored: string): Record<string, string> {
  const type = fileTypeOf(stored);
  const inline = type?.inline === true;
  const name = displayFileName(stored);
  const headers: Record<string, string> = {
    'Content-Type': type?.mime ?? 'application/octet-stream',
    'Content-Disposition': contentDisposition(name, inline),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
  if (inline) headers['Content-Security-Policy'] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
  return headers;
}

/** What the history of a criterion holds: submissions, observations and decisions, as stored. */
export interface HistoryRows<E, O, D> {
  evidence: readonly E[];
  observations: readonly O[];
  decisions: readonly D[];
}

export type HistoryEntry<E, O, D> =
  | { kind: 'evidence'; created: string; record: E }
  | { kind: 'observation'; created: string; record: O }
  | { kind: 'decision'; created: string; record: D };

/**
 * Everything that happened on one criterion, newest first; nothing is ever dropped or
 * edited (a correction is a newer decision). At the same moment a decision is listed above
 * what it judged.
 */
export function criterionHistory<E extends { created: string; id: string }, O extends { created: string; id: string }, D extends { created: string; id: string }>(
  rows: HistoryRows<E, O, D>,
): HistoryEntry<E, O, D>[] {
  const rank = { decision: 0, observation: 1, evidence: 2 } as const;
  const entries: HistoryEntry<E, O, D>[] = [
    ...rows.evidence.map((record) => ({ kind: 'evidence' as const, created: record.created, record })),
    ...rows.observations.map((record) => ({ kind: 'observation' as const, created: record.created, record })),
    ...rows.decisions.map((record) => ({ kind: 'decision' as const, created: record.created, record })),
  ];
  return entries.sort((a, b) => (a.created !== b.created ? (a.created < b.created ? 1 : -1) : rank[a.kind] - rank[b.kind] || (a.record.id < b.record.id ? 1 : -1)));
}

/** Reads `?submitted=U1/1.2` back: the criterion, when it is one of the course's. */
export function readSubmitted(params: URLSearchParams, course: Pick<Course, 'criteria'>): string | undefined {
  const ref = params.get('submitted') ?? '';
  return course.criteria.has(ref) ? ref : undefined;
}
