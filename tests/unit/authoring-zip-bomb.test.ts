/**
 * Zip bombs: real crafted zips that lie about their sizes, hold thousands of entries, or
 * hold zips. Each is refused with a plain message, and unpacking stops at the limit (real
 * bytes counted), never trusting what the zip declares. Reading happens in a worker thread,
 * and the main thread keeps running meanwhile.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_ZIP_UNPACKED_BYTES } from '../../src/lib/authoring/limits.ts';
import { readCourseZipOffThread, zipThreadStats } from '../../src/lib/authoring/zip-thread.ts';
import { readCourseZip } from '../../src/lib/authoring/zip.ts';
import { deflatedZeros, lyingZip, setU32, u32, type LyingEntry } from '../support/zip-bombs.ts';

const COURSE_MD = strToU8('---\ntitle: Tiny\n---\n\nA course.\n');
/** 256 MB of zeros in about a quarter of a megabyte. */
const KERNEL = deflatedZeros(256);

describe('zip bombs', { timeout: 60_000 }, () => {
  it('a file that declares 100 bytes but inflates to 256 MB is refused; unpacking stops at the declared size', () => {
    const bomb = lyingZip([
      { name: 'c/course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length },
      { name: 'c/01-a.md', data: KERNEL, method: 8, declared: 100 },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const result = readCourseZip(bomb);
    expect(result.problems).toEqual([
      '01-a.md unpacks to more than the zip says it holds, so nothing was imported. The zip may be damaged or made to overload the site. Make a new zip of the course folder and try again.',
    ]);
    expect(result.files).toEqual([]);
  });

  it('a picture that declares 2 MB (allowed) but inflates to 256 MB is refused the same way', () => {
    const bomb = lyingZip([
      { name: 'course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length },
      { name: 'images/big.png', data: KERNEL, method: 8, declared: 2 * 1024 * 1024 },
    ]);
    expect(readCourseZip(bomb).problems[0]).toMatch(/^images\/big\.png unpacks to more than the zip says it holds/);
  });

  it('overlapping entries (many names pointing at one bomb, each claiming little) are refused at the first', () => {
    const entries: LyingEntry[] = [{ name: 'course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length }];
    for (let i = 0; i < 400; i++) entries.push({ name: `${String(i).padStart(3, '0')}-m.md`, data: KERNEL, method: 8, declared: 1000 });
    const result = readCourseZip(lyingZip(entries));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^000-m\.md unpacks to more than the zip says it holds/);
  });

  it('many entries: 5,000 tiny files are refused before anything is unpacked', () => {
    const entries: Zippable = {};
    for (let i = 0; i < 5_000; i++) entries[`c/images/p${i}.png`] = new Uint8Array(0);
    expect(readCourseZip(zipSync(entries)).problems).toEqual(['The zip holds 5,000 files; a course may have at most 500.']);
  });

  it('sizes that add up to more than 20 MB by the zip’s own account are refused before unpacking', () => {
    const bomb = lyingZip([
      { name: 'course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length },
      ...Array.from({ length: 11 }, (_, i) => ({ name: `images/p${i}.png`, data: KERNEL, method: 8 as const, declared: 2 * 1024 * 1024 })),
    ]);
    expect(readCourseZip(bomb).problems[0]).toMatch(/add up to 22\.0 MB when unpacked; a course may be at most 20 MB/);
  });

  it('nested: a zip inside the zip (itself a bomb) is refused by its kind and never opened', () => {
    const inner = lyingZip([{ name: 'big.md', data: KERNEL, method: 8, declared: 100 }]);
    const outer = zipSync({ 'c/course.md': COURSE_MD, 'c/inner.zip': inner, 'c/deeper/again.zip': zipSync({ 'x.zip': inner }) });
    const result = readCourseZip(outer);
    expect(result.problems).toEqual([
      'deeper/again.zip: only Markdown (.md) files and pictures (.png, .jpg, .jpeg, .gif, .webp) can be stored in a course',
      'inner.zip: only Markdown (.md) files and pictures (.png, .jpg, .jpeg, .gif, .webp) can be stored in a course',
    ]);
    expect(result.files.map((f) => f.path)).toEqual(['course.md']);
  });

  it('a damaged entry (its data runs past the end of the file) is "not a zip", never a crash', () => {
    const good = lyingZip([{ name: 'course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length }]);
    const cd = good.length - 22 - 46 - 'course.md'.length;
    expect(u32(good, cd)).toBe(0x02014b50);
    setU32(good, cd + 20, 10_000);
    expect(readCourseZip(good).problems[0]).toMatch(/not a zip file \(or it is damaged\)/);
  });
});

describe('reading a zip off the main thread', { timeout: 60_000 }, () => {
  /** A legitimate, allowed zip near the limit: 100 Markdown files of ~190 kB of varied text. */
  function largeCourseZip(): Uint8Array {
    let seed = 7;
    const words: string[] = [];
    for (let length = 0; length < 190 * 1024; ) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const w = (seed % 100_000).toString(36);
      words.push(w);
      length += w.length + 1;
    }
    const text = words.join(' ');
    const entries: Zippable = { 'big/course.md': COURSE_MD };
    for (let i = 0; i < 100; i++) entries[`big/${String(i).padStart(3, '0')}-m.md`] = strToU8(`${i} ${text}`.slice(0, 190 * 1024));
    return zipSync(entries, { level: 1 });
  }
  const LARGE = largeCourseZip();

  it('inflates in a worker thread, gives the same result, and the event loop keeps ticking meanwhile', async () => {
    const zip = LARGE;
    const started = zipThreadStats.started;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const ticksBefore = ticks;
    const result = await readCourseZipOffThread(zip);
    clearInterval(timer);

    expect(result.problems).toEqual([]);
    expect(result.files).toHaveLength(101);
    expect(result.files.reduce((n, f) => n + f.content.byteLength, 0)).toBeLessThanOrEqual(MAX_ZIP_UNPACKED_BYTES);
    expect(result.files.find((f) => f.path === '000-m.md')!.content).toEqual(readCourseZip(zip).files.find((f) => f.path === '000-m.md')!.content);
    // Structural proof: a worker thread answered (thread id 0 is the main thread).
    expect(zipThreadStats.started).toBe(started + 1);
    expect(zipThreadStats.lastThreadId).toBeGreaterThan(0);
    // And the main thread's timers ran while the worker unpacked.
    expect(ticks).toBeGreaterThan(ticksBefore);
  });

  it('a bomb is refused from the worker with the same plain message', async () => {
    const bomb = lyingZip([
      { name: 'c/course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length },
      { name: 'c/01-a.md', data: KERNEL, method: 8, declared: 100 },
    ]);
    expect((await readCourseZipOffThread(bomb)).problems[0]).toMatch(/^01-a\.md unpacks to more than the zip says it holds/);
  });

  it('a worker that takes too long is stopped, with a plain message and nothing imported', async () => {
    const result = await readCourseZipOffThread(LARGE, { timeoutMs: 1 });
    expect(result).toEqual({ folder: undefined, files: [], problems: ['The zip could not be checked just now. Nothing was changed: please try again in a minute.'] });
  });
});
