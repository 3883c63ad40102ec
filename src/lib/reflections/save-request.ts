/**
 * POST /reflections, from a plain form or from the <reflection-editor> (`Accept:
 * application/json`). Reads the body, saves as the signed-in person, and says what the page
 * should answer: JSON, a 303 back with a status, or the form again with the person's words
 * and a message next to the field. The person's id always comes from the session.
 */
import type { Course, Module } from '../courses/course.ts';
import { DomainError, fromPocketBase, statusOf } from '../errors.ts';
import { reflectionsText } from '../i18n/reflections.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { dataDirLow, isStorageFull, STORAGE_RETRY_AFTER_SECONDS } from '../server/storage.ts';
import { readForm } from '../site/forms.ts';
import { saveReflection } from './reflections-store.ts';
import { promptText } from './reflections.ts';
import { afterGuideLocation, afterSaveLocation, saveJson, type SaveJson } from './routes.ts';
import { parseSaveForm, rawSaveForm, type RawSaveForm } from './schema.ts';

const text = reflectionsText('en-GB');

export interface SaveRequest {
  request: Request;
  /** Whether PocketBase's data folder is (nearly) full now; default: look at PB_DATA_DIR. */
  lowDisk?: () => boolean;
  pb: TypedPocketBase;
  user: UserRecord | null;
  serviceUnavailable: boolean;
  lookup: (slug: string) => Course | undefined;
  now?: Date;
}

/** The form shown again after a failed plain post, with what the person wrote. */
export interface FormAgain {
  form: RawSaveForm;
  /** The message, and the field it belongs next to (`body`, `title`) if any. */
  error: { message: string; field: string | undefined };
  course: Course | undefined;
  module: Module | undefined;
  promptText: string | undefined;
}

export type SaveAnswer =
  | { kind: 'json'; status: number; body: SaveJson | { error: string; fields: Record<string, string> }; retryAfter?: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'form'; status: number; again: FormAgain; retryAfter?: number };

/** Handles one save post. Never throws for bad input or a PocketBase failure. */
export async function handleSave({ request, pb, user, serviceUnavailable, lookup, now, lowDisk = dataDirLow }: SaveRequest): Promise<SaveAnswer> {
  const json = (request.headers.get('accept') ?? '').includes('application/json');
  const form = await readForm(request);
  const raw = rawSaveForm(form);

  const fail = (status: number, message: string, fields: Record<string, string> = {}, retryAfter?: number): SaveAnswer => {
    const wait = retryAfter === undefined ? {} : { retryAfter };
    if (json) return { kind: 'json', status, body: { error: message, fields }, ...wait };
    const field = Object.keys(fields)[0];
    const course = lookup(raw.course);
    const module = course?.modules.find((m) => m.id === raw.module);
    return {
      kind: 'form',
      status,
      ...wait,
      again: { form: raw, error: { message: field ? fields[field]! : message, field }, course, module, promptText: module ? promptText(module, raw.prompt) : undefined },
    };
  };

  if (!user) {
    return serviceUnavailable ? fail(503, text.errors.unavailable) : fail(401, text.errors.signedOut);
  }

  try {
    const input = parseSaveForm(form);
    const result = await saveReflection(pb, user.id, input, lookup, now);
    if (json) return { kind: 'json', status: 200, body: saveJson(result) };
    // "Add this guide" without JavaScript: saved like Save, then back with the guide chosen.
    const guide = form.get('add_template') === '1' ? String(form.get('template') ?? '') : '';
    if (/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/.test(guide)) return { kind: 'redirect', location: afterGuideLocation(result, input, guide) };
    return { kind: 'redirect', location: afterSaveLocation(result, input) };
  } catch (caught) {
    if (isStorageFull(caught, lowDisk())) {
      // Never the reflection's words in the log: only who, where, and what PocketBase said.
      const reason = caught instanceof Error ? caught.message : String(caught);
      console.error(`[reflections] save refused: PocketBase's storage is full (${reason}); user ${user.id}, ${raw.course}/${raw.module || '-'}; answered 503, Retry-After ${STORAGE_RETRY_AFTER_SECONDS}`);
      return fail(503, text.errors.storageFull, {}, STORAGE_RETRY_AFTER_SECONDS);
    }
    // Anything that is not PocketBase's answer is a bug: fromPocketBase throws it on, to the
    // middleware (a 500 with a logged id), never a fake "service unavailable".
    const error = caught instanceof DomainError ? caught : fromPocketBase(caught);
    const message =
      error.kind === 'unavailable' ? text.errors.unavailable : error.kind === 'unauthenticated' ? text.errors.signedOut : error.kind === 'invalid' && Object.keys(error.fields).length === 0 ? text.errors.unexpected : error.message;
    const fields = Object.fromEntries(Object.entries(error.fields).filter(([k]) => k === 'body' || k === 'title'));
    return fail(statusOf(error), message, fields);
  }
}
