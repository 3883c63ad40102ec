/**
 * Telling a full disk from bad input. PocketBase 0.40.4 with its data folder full (reproduced
 * on a 12 MB tmpfs, see tests/integration/storage-full.test.ts) answers a create with 400
 * "Failed to create record." and an update with 400 "Something went wrong while processing
 * your request.", both with empty `data`. Such a bare failure is "storage full" only when the
 * data folder really is (nearly) full, or when the message says so; then the save answers 503
 * with Retry-After, logs it without the reflection's words, and keeps the words.
 */
import { ClientResponseError } from 'pocketbase';
import { afterEach, describe, expect, it, vi } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { DomainError, fromPocketBase } from '../../src/lib/errors.ts';
import { createClient } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { handleSave } from '../../src/lib/reflections/save-request.ts';
import { dataDirLow, isStorageFull, STORAGE_RETRY_AFTER_SECONDS } from '../../src/lib/server/storage.ts';

/** PocketBase 0.40.4's answers on a full disk, as seen on the wire. */
const fullOnCreate = () => new ClientResponseError({ url: 'http://pb/api/collections/reflections/records', status: 400, response: { data: {}, message: 'Failed to create record.', status: 400 } });
const fullOnUpdate = () => new ClientResponseError({ url: 'http://pb/api/collections/reflections/records/x', status: 400, response: { data: {}, message: 'Something went wrong while processing your request.', status: 400 } });
const badField = () => new ClientResponseError({ status: 400, response: { data: { body: { code: 'validation_max_text_constraint', message: 'Too long.' } }, message: 'Failed to create record.', status: 400 } });

describe('isStorageFull', () => {
  it('a bare 400 counts as a full disk only when the data folder is nearly full', () => {
    for (const error of [fullOnCreate(), fullOnUpdate()]) {
      expect(isStorageFull(error, true)).toBe(true);
      expect(isStorageFull(error, false)).toBe(false);
    }
  });

  it('a 400 with field errors is the person’s input, whatever the disk', () => {
    expect(isStorageFull(badField(), true)).toBe(false);
  });

  it('a message that says so counts, disk known or not (a later PocketBase, a proxy)', () => {
    const said = new ClientResponseError({ status: 500, response: { data: {}, message: 'database or disk is full (13) SQLITE_FULL', status: 500 } });
    expect(isStorageFull(said, false)).toBe(true);
    expect(isStorageFull(new ClientResponseError({ status: 404, response: { data: {}, message: 'disk is full' } }), true)).toBe(false);
  });

  it('sees through a store’s DomainError (fromPocketBase keeps the cause)', () => {
    const wrapped = fromPocketBase(fullOnCreate(), 'reflection');
    expect(wrapped).toBeInstanceOf(DomainError);
    expect(isStorageFull(wrapped, true)).toBe(true);
    expect(isStorageFull(new DomainError('invalid', 'x'), true)).toBe(false);
  });

  it('reads free space of a real folder; an unknown folder is never "full"', () => {
    expect(dataDirLow(os.tmpdir())).toBe(false);
    expect(dataDirLow(path.join(os.tmpdir(), 'no-such-folder-for-storage-test'))).toBe(false);
  });
});

describe('saving a reflection when the disk is full', () => {
  afterEach(() => vi.restoreAllMocks());

  const WORDS = 'Words that must never reach a log file';
  const post = (json: boolean) =>
    new Request('http://site.test/reflections', {
      method: 'POST',
      body: new URLSearchParams({ id: '', version: '', course: 'tiny-course', module: 'first', prompt: 'p1', from: 'module', body: WORDS }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(json ? { Accept: 'application/json' } : {}) },
    });
  /** A client whose every call gets PocketBase's full-disk answer. */
  const fullPocketBase = () => {
    const pb = createClient('http://127.0.0.1:9');
    pb.send = async () => {
      throw fullOnCreate();
    };
    return pb;
  };
  const { courses } = loadCourses(path.resolve(import.meta.dirname, '../fixtures/courses/tiny'));
  const lookup = (slug: string) => courses.find((c) => c.slug === slug);
  const user = { id: 'u1234567890abcd' } as UserRecord;

  it('answers 503 with Retry-After and a kind message, logs it without the words', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await handleSave({ request: post(true), pb: fullPocketBase(), user, serviceUnavailable: false, lookup, lowDisk: () => true });
    expect(answer).toMatchObject({ kind: 'json', status: 503, retryAfter: STORAGE_RETRY_AFTER_SECONDS, body: { error: expect.stringMatching(/run out of storage space.*kept on this device/) } });
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0]![0]);
    expect(line).toMatch(/storage is full/);
    expect(line).toContain('u1234567890abcd');
    expect(line).not.toContain(WORDS);

    const form = await handleSave({ request: post(false), pb: fullPocketBase(), user, serviceUnavailable: false, lookup, lowDisk: () => true });
    expect(form).toMatchObject({ kind: 'form', status: 503, retryAfter: STORAGE_RETRY_AFTER_SECONDS, again: { form: { body: WORDS } } });
  });

  it('with room on the disk, the same bare answer stays a 400 (not a made-up outage)', async () => {
    const answer = await handleSave({ request: post(true), pb: fullPocketBase(), user, serviceUnavailable: false, lookup, lowDisk: () => false });
    expect(answer).toMatchObject({ kind: 'json', status: 400 });
  });
});
