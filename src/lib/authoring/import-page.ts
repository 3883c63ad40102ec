/**
 * Reads the zip upload form and runs the import: a new course or a replacement draft.
 */
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import { importNewCourse, replaceFromZip, type ImportOutcome } from './import-store.ts';
import { MAX_ZIP_UNPACKED_BYTES } from './limits.ts';
import { importSlugSchema } from './schema.ts';
import { minutesToWait, SlidingWindowLimiter } from '../auth/rate-limit.ts';

const t = authoringStoreEn;

/** Zip imports per author per minute: each one unpacks up to 20 MB in a worker. */
export const IMPORTS_PER_MINUTE = 5;
const imports = new SlidingWindowLimiter({ limit: IMPORTS_PER_MINUTE, windowMs: 60_000, maxKeys: 1_000, shareAs: 'authoring.imports' });

interface Access {
  user: UserRecord;
  service: TypedPocketBase;
  slug: string;
  dirs: { courses: string; published: string | undefined };
}

export type ImportFormOutcome = ImportOutcome | { kind: 'slug'; message: string; value: string } | { kind: 'too-many'; problems: string[]; retryAfterSeconds: number };

/**
 * @throws {DomainError} `unavailable`
 */
export async function importFromForm(access: Access, form: FormData, mode: 'new' | 'replace', now: number = Date.now()): Promise<ImportFormOutcome> {
  // Every attempt counts, whatever the zip holds: a zip bomb is refused, but it still costs work.
  const decision = imports.check(access.user.id, now);
  if (!decision.allowed) {
    return { kind: 'too-many', problems: [t.zip.tooManyImports(minutesToWait(decision.retryAfterMs))], retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
  }
  imports.hit(access.user.id, now);
  let slug: string | undefined;
  if (mode === 'new') {
    const raw = typeof form.get('slug') === 'string' ? String(form.get('slug')) : '';
    const parsed = importSlugSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'slug', message: parsed.error.issues[0]?.message ?? t.import.badSlug, value: raw };
    slug = parsed.data || undefined;
  }
  const file = form.get('zip');
  if (!(file instanceof File) || file.size === 0) return { kind: 'problems', problems: [t.import.missingFile] };
  if (file.size > MAX_ZIP_UNPACKED_BYTES) return { kind: 'problems', problems: [t.zip.tooBigUpload] };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const dirs = { courses: access.dirs.courses, published: access.dirs.published ?? null };
  if (mode === 'replace') return replaceFromZip(access.service, { slug: access.slug, bytes, actor: access.user, dirs });
  return importNewCourse(access.service, { bytes, slug, actor: access.user, dirs });
}
