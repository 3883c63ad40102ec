/**
 * Where the reflection pages send people, and the JSON the <reflection-editor> gets back.
 * Pure, so the addresses are unit-tested. Status codes (`?reflection=saved&prompt=p1`) are
 * read back by the pages to show a message; nothing the person wrote ever goes in a URL.
 */
import { moduleHref } from '../site/links.ts';
import type { ReflectionRecord } from '../records.ts';
import { FREE_PROMPT } from './reflections.ts';
import type { SaveOutcome, SaveResult } from './reflections-store.ts';
import type { DeleteReturnTo, ReturnTo } from './schema.ts';

/** Messages a page shows after a plain form post. */
export const FLASH = ['saved', 'unchanged', 'empty', 'kept-both', 'shared', 'unshared', 'deleted', 'already-deleted'] as const;
export type Flash = (typeof FLASH)[number];

export const reflectionHref = (id: string) => `/reflections/${id}`;
export const historyHref = (id: string) => `/reflections/${id}/history`;
export const versionHref = (id: string, version: number) => `/reflections/${id}/history/${version}`;
export const shareHref = (id: string) => `/reflections/${id}/share`;
/** The confirmation page for deleting a reflection; `from: 'module'` returns to the module page afterwards. */
export const deleteHref = (id: string, from: DeleteReturnTo = 'list') => `/reflections/${id}/delete${from === 'list' ? '' : `?from=${from}`}`;
export const MY_REFLECTIONS = '/reflections';
export const NEW_FREE = '/reflections/new';
export const EXPORT_ZIP = '/reflections/export.zip';
export const EXPORT_PDF = '/reflections/journal.pdf';

/** The element id of a prompt's editor on the module page: `reflection-p1`. */
export const promptAnchor = (prompt: string) => `reflection-${prompt}`;

type Where = Pick<ReflectionRecord, 'id' | 'course' | 'module' | 'prompt'>;

/** The page a status is shown on: the module (at the prompt), the reflection's own page, or My reflections. */
export function flashLocation(where: Where, from: ReturnTo, flash: Flash, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ reflection: flash, ...extra });
  if (from === 'module' && where.module && where.prompt !== FREE_PROMPT) {
    params.set('prompt', where.prompt);
    return `${moduleHref({ slug: where.course }, { id: where.module })}?${params}#${promptAnchor(where.prompt)}`;
  }
  if (from === 'list' || !where.id) return `${MY_REFLECTIONS}?${params}${where.id ? `#r-${where.id}` : ''}`;
  return `${reflectionHref(where.id)}?${params}#editor`;
}

/**
 * Where the person goes after deleting a reflection (its own page is gone): back to the module,
 * at the prompt, when they came from there; otherwise My reflections. Both say it is gone.
 * `where` is undefined when it was already gone (a double submit).
 */
export function afterDeleteLocation(where: Omit<Where, 'id'> | undefined, from: DeleteReturnTo): string {
  // No id: its own page is gone, so never back there.
  return flashLocation({ course: '', module: '', prompt: '', ...where, id: '' }, from, where ? 'deleted' : 'already-deleted');
}

/**
 * Where a plain save form goes after saving. When both texts were kept, to the copy's page
 * (from a reflection's page) or back to the module with a link to the copy.
 */
export function afterSaveLocation(result: SaveResult, input: { course: string; module: string; prompt: string; from: ReturnTo }): string {
  const record = result.record;
  if (!record) return flashLocation({ id: '', course: input.course, module: input.module, prompt: input.prompt }, input.from, result.outcome);
  if (result.outcome === 'kept-both') {
    if (input.from === 'module') return flashLocation(record, 'module', 'kept-both', { copy: record.id });
    return flashLocation(record, 'reflection', 'kept-both', result.original ? { original: result.original.id } : {});
  }
  return flashLocation(record, input.from, result.outcome);
}

export interface SaveJson {
  outcome: SaveOutcome;
  /** The reflection the editor now edits (the copy, when both were kept); empty if none exists yet. */
  id: string;
  version: number;
  updated: string;
  title: string;
  /** When both were kept: the copy's title and page. */
  copy?: { id: string; title: string; href: string };
}

/** The JSON answer to the editor's autosave. */
export function saveJson(result: SaveResult): SaveJson {
  const r = result.record;
  const json: SaveJson = { outcome: result.outcome, id: r?.id ?? '', version: r?.version ?? 0, updated: r?.updated ?? '', title: r?.title ?? '' };
  if (result.outcome === 'kept-both' && r) json.copy = { id: r.id, title: r.title, href: reflectionHref(r.id) };
  return json;
}

/** Reads `?reflection=…` back; anything else is ignored. */
export function readFlash(params: URLSearchParams): Flash | undefined {
  const value = params.get('reflection');
  return (FLASH as readonly string[]).includes(value ?? '') ? (value as Flash) : undefined;
}

/**
 * Where a plain save goes when the person pressed "Add this guide": the reflection's page (or
 * a new free reflection's, when nothing was saved yet) with the guide chosen, at the box.
 */
export function afterGuideLocation(result: SaveResult, input: { course: string }, template: string): string {
  const params = new URLSearchParams({ template });
  if (result.record) return `${reflectionHref(result.record.id)}?${params}#editor-body`;
  params.set('course', input.course);
  return `${NEW_FREE}?${params}#free-body`;
}

