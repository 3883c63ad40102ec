/**
 * Review rounds (docs/AUTHORING.md, "Review rounds"): pure helpers, no I/O.
 *
 * - `paragraphsOf`: a module's text cut into the paragraphs a reviewer can comment on, each
 *   with its Markdown exactly as written (a suggestion replaces exactly that text) and the box
 *   it sits in (so it can be shown in that box, as trainees see it).
 * - `applySuggestion`: the module file with one paragraph replaced, only when that paragraph
 *   is still there exactly once (otherwise the author is told, and nothing changes).
 * - `applyCredits`: course.md with its `credits:` list brought up to date: entries this site
 *   manages (they carry a `ref`) are replaced; entries written by hand are kept as they are.
 * - `parseCommentForm` / `parseReviewForm` / `parseCreditForm`: form input, checked, with
 *   plain-words problems per field.
 */
import { parseDocument } from 'yaml';
import { splitFrontmatter } from '../courses/frontmatter.ts';
import type { CourseCredit } from '../courses/schema.ts';

export const COMMENT_MAX = 2000;
export const SUGGESTION_MAX = 20000;
export const ROUND_TITLE_MAX = 200;

export interface Paragraph {
  /** 1, 2, 3… in the order of the text. */
  index: number;
  /** The Markdown of the paragraph, as written (no box fences). */
  text: string;
  /** The box it is in (`key-point`, `activity`…), or '' outside boxes. */
  box: string;
}

const BOX_FENCE = /^\s*(:{3,})\s*([a-z-]*)/;

/** The paragraphs of a module's body (blocks between blank lines, box fences left out). */
export function paragraphsOf(body: string): Paragraph[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: Paragraph[] = [];
  const boxes: string[] = [];
  let current: string[] = [];
  let inCode = false;
  const flush = () => {
    const text = current.join('\n').replace(/\s+$/, '');
    if (text.trim()) out.push({ index: out.length + 1, text, box: boxes[boxes.length - 1] ?? '' });
    current = [];
  };
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    const fence = inCode ? null : BOX_FENCE.exec(line);
    if (fence) {
      flush();
      if (fence[2]) boxes.push(fence[2]);
      else boxes.pop();
      continue;
    }
    if (!inCode && line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return out;
}

export type SuggestionResult = { ok: true; content: string } | { ok: false; reason: 'changed' | 'twice' | 'empty' };

/** The file with `quote` replaced by `suggestion`, when `quote` is in it exactly once. */
export function applySuggestion(file: string, quote: string, suggestion: string): SuggestionResult {
  const text = file.replace(/\r\n?/g, '\n');
  const wanted = suggestion.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  if (!wanted.trim() || !quote.trim()) return { ok: false, reason: 'empty' };
  const first = text.indexOf(quote);
  if (first < 0) return { ok: false, reason: 'changed' };
  if (text.indexOf(quote, first + 1) >= 0) return { ok: false, reason: 'twice' };
  return { ok: true, content: text.slice(0, first) + wanted + text.slice(first + quote.length) };
}

/** One credit this site manages: `ref` links it to a `review_credits` row. */
export interface ManagedCredit {
  ref: string;
  role: 'reviewer' | 'co-author';
  /** `none`: the person asked not to be credited (the entry is left out). */
  show: 'name' | 'anonymous' | 'none';
  name: string;
}

/** The course.md entry for a managed credit, or undefined when it is not to be shown. */
export function creditEntry(c: ManagedCredit): CourseCredit | undefined {
  if (c.show === 'none' || (c.show === 'name' && !c.name.trim())) return undefined;
  return c.show === 'anonymous' ? { anonymous: true, role: c.role, ref: c.ref } : { name: c.name.trim().slice(0, 120), role: c.role, ref: c.ref };
}

/**
 * course.md with its `credits:` list brought up to date. Hand-written entries (no `ref`, or a
 * `ref` this site does not know, e.g. from an imported course) stay, in their place; entries
 * for `managed` refs are replaced or removed (`removed`: refs whose person asked to be left
 * out or closed their account). Returns the source unchanged when nothing differs.
 */
export function applyCredits(source: string, managed: readonly ManagedCredit[], removed: readonly string[] = []): string {
  const split = splitFrontmatter(source);
  if (!split.hasFrontmatter) return source;
  const doc = parseDocument(split.yaml);
  if (doc.errors.length > 0) return source;
  const before = doc.toJS()?.credits as unknown;
  const existing = Array.isArray(before) ? (before as Record<string, unknown>[]) : [];
  const byRef = new Map(managed.map((m) => [m.ref, m]));
  const gone = new Set(removed);
  const next: Record<string, unknown>[] = [];
  const placed = new Set<string>();
  for (const entry of existing) {
    const ref = typeof entry?.ref === 'string' ? entry.ref : '';
    if (ref && gone.has(ref)) continue;
    const m = ref ? byRef.get(ref) : undefined;
    if (!m) {
      next.push(entry);
      continue;
    }
    placed.add(ref);
    const e = creditEntry(m);
    if (e) next.push({ ...e });
  }
  for (const m of managed) {
    if (placed.has(m.ref)) continue;
    const e = creditEntry(m);
    if (e) next.push({ ...e });
  }
  if (JSON.stringify(next) === JSON.stringify(existing)) return source;
  if (next.length === 0) doc.delete('credits');
  else doc.set('credits', next);
  const yaml = doc.toString({ lineWidth: 0 }).replace(/\s+$/, '');
  const body = split.body.replace(/^\n+/, '');
  return `---\n${yaml}\n---\n\n${body}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string> };

type FormLike = { get(name: string): unknown };
const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
};

export interface CommentInput {
  path: string;
  target: 'paragraph' | 'question';
  anchor: number;
  quote: string;
  kind: 'comment' | 'suggestion';
  body: string;
  suggestion: string;
}

/**
 * A comment on a paragraph or a question, with an optional rewording. The rewording box starts
 * with the paragraph's own text: a rewording equal to it is no rewording.
 */
export function parseCommentForm(form: FormLike, words: { empty: string; tooLong: (max: number) => string }): Parsed<CommentInput> {
  const path = str(form, 'path').trim();
  const target = str(form, 'target') === 'question' ? 'question' : 'paragraph';
  const anchor = Number(str(form, 'anchor'));
  const quote = str(form, 'quote');
  const body = str(form, 'body').trim();
  const rawSuggestion = target === 'paragraph' ? str(form, 'suggestion').replace(/\s+$/, '') : '';
  const suggestion = rawSuggestion.trim() && rawSuggestion.trim() !== quote.trim() ? rawSuggestion : '';
  const fields: Record<string, string> = {};
  if (!body && !suggestion) fields.body = words.empty;
  if (body.length > COMMENT_MAX) fields.body = words.tooLong(COMMENT_MAX);
  if (suggestion.length > SUGGESTION_MAX) fields.suggestion = words.tooLong(SUGGESTION_MAX);
  if (!/^\d{2}-[a-z0-9-]+\.md$/.test(path) || !Number.isInteger(anchor) || anchor < 1 || anchor > 10000) fields.body ??= words.empty;
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { path, target, anchor, quote: quote.slice(0, SUGGESTION_MAX), kind: suggestion ? 'suggestion' : 'comment', body, suggestion } };
}

export interface ReviewInput {
  helped: string;
  hurt: string;
  missing: string;
}

/** The short structured review: what helped, what hurt, what is missing (at least one). */
export function parseReviewForm(form: FormLike, words: { empty: string; tooLong: (max: number) => string }): Parsed<ReviewInput> {
  const value = { helped: str(form, 'helped').trim(), hurt: str(form, 'hurt').trim(), missing: str(form, 'missing').trim() };
  const fields: Record<string, string> = {};
  for (const key of ['helped', 'hurt', 'missing'] as const) if (value[key].length > COMMENT_MAX) fields[key] = words.tooLong(COMMENT_MAX);
  if (!value.helped && !value.hurt && !value.missing) fields.helped = words.empty;
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value };
}

export interface CreditChoice {
  show: 'name' | 'anonymous' | 'none';
  name: string;
}

/** How a reviewer wants to be credited. */
export function parseCreditForm(form: FormLike, words: { needName: string; tooLong: (max: number) => string }): Parsed<CreditChoice> {
  const raw = str(form, 'show');
  const show = raw === 'anonymous' || raw === 'none' ? raw : 'name';
  const name = str(form, 'name').trim().replace(/\s+/g, ' ');
  if (show === 'name' && !name) return { ok: false, fields: { name: words.needName } };
  if (name.length > 120) return { ok: false, fields: { name: words.tooLong(120) } };
  return { ok: true, value: { show, name } };
}

/** What a reviewer sees about one of their comments. */
export type CommentOutcome = 'waiting' | 'accepted' | 'replied' | 'declined';
