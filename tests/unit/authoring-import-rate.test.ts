/**
 * Zip imports per author per minute: each import unpacks up to 20 MB, so one author (or a
 * stolen session) cannot keep the workers busy. Every attempt counts, refused ones too.
 */
import { describe, expect, it } from 'vitest';
import { importFromForm, IMPORTS_PER_MINUTE } from '../../src/lib/authoring/import-page.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';

const access = (id: string) => ({
  user: { id } as UserRecord,
  // Never reached: the form has no zip, or the limit refuses first.
  service: {} as TypedPocketBase,
  slug: 'tiny-course',
  dirs: { courses: '/nonexistent', published: undefined },
});

describe('zip imports per author per minute', () => {
  it(`allows ${IMPORTS_PER_MINUTE} a minute, then says plainly how long to wait; other authors are not affected`, async () => {
    const now = Date.UTC(2026, 11, 7, 10, 0, 0);
    for (let i = 0; i < IMPORTS_PER_MINUTE; i++) {
      expect((await importFromForm(access('author-a'), new FormData(), 'replace', now + i)).kind).toBe('problems');
    }
    const refused = await importFromForm(access('author-a'), new FormData(), 'new', now + 10);
    expect(refused).toEqual({
      kind: 'too-many',
      problems: ['You have imported several zips in the last minute. Please wait a minute and try again; nothing was changed.'],
      retryAfterSeconds: 60,
    });
    expect((await importFromForm(access('author-b'), new FormData(), 'replace', now + 10)).kind).toBe('problems');
    // A minute after the first attempt, one more is allowed.
    expect((await importFromForm(access('author-a'), new FormData(), 'replace', now + 60_001)).kind).toBe('problems');
  });
});
