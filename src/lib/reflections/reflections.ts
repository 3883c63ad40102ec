/**
 * Private reflections: the pure rules. Prompt ids, normalising text, the length limit, what
 * to do when two tabs saved the same reflection, titles of kept copies, and grouping a
 * person's reflections by course and module. No PocketBase here: see ./reflections-store.ts.
 */
import type { Course, Module } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { formatDay, formatDayTime, reflectionsText } from '../i18n/reflections.ts';
import type { ReflectionRecord } from '../records.ts';
import { parsePocketBaseDate } from '../dates.ts';

const text = reflectionsText('en-GB');

/** Longest reflection, in characters (Unicode code points, as PocketBase counts them). */
export const BODY_LIMIT = 50_000;
/** Longest title, in characters. */
export const TITLE_LIMIT = 200;
/** The prompt id of a free reflection (no module). */
export const FREE_PROMPT = 'free';
/** `p1`, `p2`… or `free`, as stored in `reflections.prompt`. */
export const PROMPT_ID = /^(p[1-9][0-9]{0,2}|free)$/;

/** The id of the prompt at a position: 0 → `p1`. */
export function promptId(index: number): string {
  return `p${index + 1}`;
}

/** The ids of a module's prompts, by position: `['p1', 'p2']`. */
export function promptIds(module: Pick<Module, 'reflectionPrompts'>): string[] {
  return module.reflectionPrompts.map((_, i) => promptId(i));
}

/** `p2` → 2; `free` or anything else → 0. */
export function promptNumber(prompt: string): number {
  const match = /^p([1-9][0-9]*)$/.exec(prompt);
  return match ? Number(match[1]) : 0;
}

/** The prompt's text in the module, or undefined if the module has no such prompt. */
export function promptText(module: Pick<Module, 'reflectionPrompts'>, prompt: string): string | undefined {
  const n = promptNumber(prompt);
  return n > 0 ? module.reflectionPrompts[n - 1] : undefined;
}

/**
 * Text as we store it: line endings as `\n`, Unicode in composed form (NFC), and control
 * characters other than tab and newline removed. Nothing else changes: spaces and blank
 * lines are the writer's own.
 */
export function normaliseBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** A title on one line, trimmed, without control characters. */
export function normaliseTitle(title: string): string {
  return normaliseBody(title).replace(/\s+/g, ' ').trim();
}

/** Length in characters as PocketBase counts them (code points, so an emoji is one). */
export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** True when there is nothing but white space. */
export function isBlank(body: string): boolean {
  return body.trim() === '';
}

/** Whether two texts say the same thing (ignoring line-ending style and trailing white space). */
export function sameText(a: string, b: string): boolean {
  return normaliseBody(a).trimEnd() === normaliseBody(b).trimEnd();
}

/**
 * A save was refused because the reflection changed since the editor loaded it (409 from the
 * hook). If the stored text already says the same thing, the save is done (a double submit,
 * or a retry after a lost answer); otherwise both texts are kept.
 */
export function decideConflict(incoming: string, stored: string): 'already-saved' | 'keep-both' {
  return sameText(incoming, stored) ? 'already-saved' : 'keep-both';
}

export type CreateDecision<R> = { action: 'create' } | { action: 'already-saved'; record: R } | { action: 'keep-both' };

/**
 * A save with no reflection id, for a prompt that may already have one (another tab created
 * it first, or the form was sent twice). For a free reflection, `existing` are the person's
 * free reflections in that course: a new one is simply created unless the same text exists.
 */
export function decideCreate<R extends Pick<ReflectionRecord, 'body'>>(incoming: string, existing: R[], free: boolean): CreateDecision<R> {
  const same = existing.find((r) => sameText(r.body, incoming));
  if (same) return { action: 'already-saved', record: same };
  if (existing.length === 0 || free) return { action: 'create' };
  return { action: 'keep-both' };
}

/** Title of the separate copy kept when another tab saved first. Never longer than TITLE_LIMIT. */
export function copyTitle(original: Pick<ReflectionRecord, 'prompt' | 'title'>, now: Date, timeZone?: string): string {
  const when = formatDayTime(now, timeZone);
  const title = original.prompt === FREE_PROMPT && original.title ? text.copy.freeTitle(original.title, when) : text.copy.title(when);
  return truncate(title, TITLE_LIMIT);
}

/** The title of a free reflection saved with none. */
export function defaultFreeTitle(now: Date, timeZone?: string): string {
  return text.free.defaultTitle(formatDay(now, timeZone));
}

function truncate(value: string, limit: number): string {
  const chars = [...value];
  return chars.length <= limit ? value : `${chars.slice(0, limit - 1).join('')}…`;
}

/** PocketBase's `2026-03-12 14:02:00.000Z` (or ISO) as a Date; undefined when empty or unreadable (src/lib/dates.ts). */
export const parsePbDate = parsePocketBaseDate;

/** "Private — only you can see this" / "Shared with your trainers since 12 March 2026". */
export function sharingLabel(record: Pick<ReflectionRecord, 'shared' | 'shared_at'>, timeZone?: string): string {
  if (!record.shared) return text.state.private;
  const since = parsePbDate(record.shared_at);
  return since ? text.state.shared(formatDay(since, timeZone)) : text.state.shared('now');
}

/** Where a module prompt's editor on the module page keeps its unsaved copy on the device. */
export function storageKey(user: string, course: string, module: string, prompt: string): string {
  return ['lived-learning', 'reflection', user, course, module, prompt].join(':');
}

/**
 * Where the editor on a reflection's own page keeps its unsaved copy: by the reflection's
 * id, or `new` for a free reflection not saved yet (the editor moves it to the id once saved).
 */
export function recordStorageKey(user: string, id: string | 'new'): string {
  return ['lived-learning', 'reflection', user, id].join(':');
}

/** The first `limit` characters as plain text, for lists. */
export function excerpt(body: string, limit = 180): string {
  const plain = body
    .replace(/[*_`>#]+/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(plain, limit);
}

export type SaveTarget = { kind: 'module'; course: Course; module: Module; prompt: string; promptText: string } | { kind: 'free'; course: Course };

/**
 * Checks that a course, module and prompt exist, for a new reflection.
 *
 * @throws {DomainError} `not-found` with a kind message naming what could not be found
 */
export function resolveTarget(course: Course | undefined, moduleId: string, prompt: string): SaveTarget {
  if (!course) throw new DomainError('not-found', text.errors.unknownCourse);
  if (prompt === FREE_PROMPT) {
    if (moduleId !== '') throw new DomainError('invalid', text.errors.unexpected);
    return { kind: 'free', course };
  }
  const module = course.modules.find((m) => m.id === moduleId);
  if (!module) throw new DomainError('not-found', text.errors.unknownModule);
  const found = promptText(module, prompt);
  if (found === undefined) throw new DomainError('not-found', text.errors.unknownPrompt);
  return { kind: 'module', course, module, prompt, promptText: found };
}

export interface ReflectionEntry {
  record: ReflectionRecord;
  /** 1 for `p1`; 0 for a free reflection. */
  promptNumber: number;
  /** The prompt as the course now words it; undefined for free reflections or a prompt that is gone. */
  promptText: string | undefined;
  /** A later reflection for the same prompt: a copy kept when two tabs saved. */
  isCopy: boolean;
}

export interface ModuleGroup {
  id: string;
  title: string;
  /** Position in the course (1-based); undefined when the module is no longer in the course. */
  number: number | undefined;
  entries: ReflectionEntry[];
}

export interface CourseGroup {
  slug: string;
  title: string;
  /** False when the course is no longer on the site; the reflections are still the person's. */
  known: boolean;
  modules: ModuleGroup[];
  free: ReflectionEntry[];
}

const byCreated = (a: ReflectionRecord, b: ReflectionRecord) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1);

/**
 * Groups a person's reflections by course (by title) and module (in course order), prompts
 * in order, the first for each prompt as the main one and later ones as kept copies. Free
 * reflections come after the modules of their course, oldest first.
 */
export function groupReflections(records: ReflectionRecord[], lookup: (slug: string) => Course | undefined): CourseGroup[] {
  const courses = new Map<string, CourseGroup>();
  const seenPrompt = new Set<string>();
  for (const record of [...records].sort(byCreated)) {
    let group = courses.get(record.course);
    if (!group) {
      const course = lookup(record.course);
      group = { slug: record.course, title: course?.title ?? text.mine.unknownCourse(record.course), known: !!course, modules: [], free: [] };
      courses.set(record.course, group);
    }
    const course = lookup(record.course);
    if (record.prompt === FREE_PROMPT || record.module === '') {
      group.free.push({ record, promptNumber: 0, promptText: undefined, isCopy: false });
      continue;
    }
    let moduleGroup = group.modules.find((m) => m.id === record.module);
    if (!moduleGroup) {
      const index = course?.modules.findIndex((m) => m.id === record.module) ?? -1;
      const module = index >= 0 ? course?.modules[index] : undefined;
      moduleGroup = { id: record.module, title: module?.title ?? text.mine.unknownModule(record.module), number: module ? index + 1 : undefined, entries: [] };
      group.modules.push(moduleGroup);
    }
    const module = course?.modules.find((m) => m.id === record.module);
    const key = `${record.course}\u0000${record.module}\u0000${record.prompt}`;
    moduleGroup.entries.push({
      record,
      promptNumber: promptNumber(record.prompt),
      promptText: module ? promptText(module, record.prompt) : undefined,
      isCopy: seenPrompt.has(key),
    });
    seenPrompt.add(key);
  }
  const groups = [...courses.values()].sort((a, b) => (a.known === b.known ? a.title.localeCompare(b.title) : a.known ? -1 : 1));
  for (const group of groups) {
    group.modules.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.id.localeCompare(b.id));
    // Stable sort: within a prompt, the main one stays before its copies.
    for (const m of group.modules) m.entries.sort((a, b) => a.promptNumber - b.promptNumber);
  }
  return groups;
}

/** The main reflection and kept copies for each prompt of one module, from the person's reflections there. */
export function byPrompt(records: ReflectionRecord[]): Map<string, { main: ReflectionRecord; copies: ReflectionRecord[] }> {
  const result = new Map<string, { main: ReflectionRecord; copies: ReflectionRecord[] }>();
  for (const record of [...records].sort(byCreated)) {
    const found = result.get(record.prompt);
    if (found) found.copies.push(record);
    else result.set(record.prompt, { main: record, copies: [] });
  }
  return result;
}

/** What a reflection is about, in a few words: its title, or "Prompt 2", for lists and headings. */
export function reflectionLabel(record: Pick<ReflectionRecord, 'prompt' | 'title'>): string {
  if (record.title) return record.title;
  const n = promptNumber(record.prompt);
  return n > 0 ? text.mine.promptLabel(n) : text.one.freeReflection;
}

/** A reflection's heading on its own pages: its title, or "<module title>: prompt 2" when the module is known. */
export function reflectionHeading(record: Pick<ReflectionRecord, 'prompt' | 'title' | 'module'>, course: Pick<Course, 'modules'> | undefined): string {
  const module = record.title ? undefined : course?.modules.find((m) => m.id === record.module);
  return module && promptNumber(record.prompt) > 0 ? text.one.heading(module.title, promptNumber(record.prompt)) : reflectionLabel(record);
}
