/**
 * "Take your reflections with you": every reflection as a Markdown file with a front-matter
 * header, in one zip. Pure (fflate builds the zip in memory), so it is unit-tested without
 * a server. The PDF journal is in ./journal-pdf.ts.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { CourseGroup, ReflectionEntry } from './reflections.ts';
import { parsePbDate, reflectionLabel } from './reflections.ts';

export interface ExportEntry {
  course: { slug: string; title: string };
  /** Undefined for a free reflection. */
  module: { id: string; title: string; number: number | undefined } | undefined;
  entry: ReflectionEntry;
}

/** Flattens grouped reflections in reading order: course, module, prompt, then free reflections. */
export function exportEntries(groups: CourseGroup[]): ExportEntry[] {
  const out: ExportEntry[] = [];
  for (const group of groups) {
    const course = { slug: group.slug, title: group.title };
    for (const m of group.modules) {
      for (const entry of m.entries) out.push({ course, module: { id: m.id, title: m.title, number: m.number }, entry });
    }
    for (const entry of group.free) out.push({ course, module: undefined, entry });
  }
  return out;
}

/** A safe file-name part: lower case letters, digits and hyphens, never empty. */
function part(value: string, fallback: string, max = 60): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, max).replace(/-$/, '');
  return slug || fallback;
}

/**
 * The path of one reflection in the zip: `<course>/<NN-module>/p1.md` for a prompt,
 * `…/p1-copy-<id>.md` for a kept copy, `<course>/free/<title>-<id>.md` for a free one.
 * Paths never repeat and never leave the zip's folder.
 */
export function exportFileName(e: ExportEntry): string {
  const course = part(e.course.slug, 'course');
  const { record } = e.entry;
  if (!e.module) return `${course}/free/${part(record.title, 'reflection')}-${record.id}.md`;
  const number = e.module.number !== undefined ? `${String(e.module.number).padStart(2, '0')}-` : '';
  const folder = `${number}${part(e.module.id, 'module')}`;
  const prompt = /^p[0-9]+$/.test(record.prompt) ? record.prompt : 'prompt';
  return `${course}/${folder}/${prompt}${e.entry.isCopy ? `-copy-${record.id}` : ''}.md`;
}

/** A YAML value: JSON strings are valid YAML, and quote everything that needs quoting. */
const yaml = (value: string | number | boolean | null) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
const iso = (value: string) => parsePbDate(value)?.toISOString() ?? null;

/** One reflection as a Markdown file: front matter (course, module, prompt, dates, shared), then the text as written. */
export function reflectionMarkdown(e: ExportEntry): string {
  const { record, promptText } = e.entry;
  const fields: [string, string | number | boolean | null][] = [
    ['title', reflectionLabel(record)],
    ['course', e.course.title],
    ['course_id', e.course.slug],
    ['module', e.module?.title ?? null],
    ['module_id', e.module?.id ?? null],
    ['prompt', record.prompt],
    ['prompt_text', promptText ?? null],
    ['created', iso(record.created)],
    ['updated', iso(record.updated)],
    ['shared', record.shared],
    ['shared_at', record.shared ? iso(record.shared_at) : null],
    ['version', record.version || 1],
  ];
  const header = fields.map(([k, v]) => `${k}: ${yaml(v)}`).join('\n');
  const body = record.body.endsWith('\n') ? record.body : `${record.body}\n`;
  return `---\n${header}\n---\n\n${body}`;
}

/** The zip of all the entries, with a short README. Dates in the zip are `now`. */
export function reflectionsZip(entries: ExportEntry[], readme: string, now = new Date()): Uint8Array {
  const files: Zippable = {};
  const mtime = now;
  files['README.txt'] = [strToU8(readme), { mtime }];
  for (const e of entries) files[exportFileName(e)] = [strToU8(reflectionMarkdown(e)), { mtime }];
  return zipSync(files, { level: 6 });
}

/** `my-reflections-2026-03-12.zip` / `.pdf` */
export function exportDownloadName(kind: 'zip' | 'pdf', now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return kind === 'zip' ? `my-reflections-${day}.zip` : `my-reflection-journal-${day}.pdf`;
}
