/**
 * Reading a course zip without trusting it. The zip's own table of contents (the central
 * directory) is read first; nothing is unpacked until the entries are counted (at most 500),
 * their declared sizes add up to at most 20 MB, every path is safe (no zip-slip) and every
 * file is a kind a course may hold. Then each allowed file is inflated in small steps while
 * its REAL bytes are counted, and unpacking stops the moment a file gives more than it
 * declared or than its kind may be (a "zip bomb" lies about its sizes). A zip inside the zip
 * is never opened: it is not a kind a course may hold.
 *
 * Pure and synchronous: the web server runs it in a worker thread (zip-thread.ts), so even
 * the allowed 20 MB never holds up other people's requests.
 */
import { Inflate, strFromU8 } from 'fflate';
import { DomainError } from '../errors.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import { fileProblem, isPicturePath, MAX_MARKDOWN_BYTES, MAX_PICTURE_BYTES, MAX_ZIP_FILES, MAX_ZIP_UNPACKED_BYTES } from './limits.ts';
import { safeCoursePath } from './paths.ts';

const t = authoringStoreEn.zip;
/** Left by macOS and Windows when zipping; skipped quietly. */
const JUNK = /(^|\/)(__MACOSX\/.*|\.DS_Store|Thumbs\.db|desktop\.ini)$/;
/** Compressed bytes handed to the inflater at a time: deflate can expand ~1,032 times, so at most ~16 MB of output per step. */
const STEP = 16 * 1024;

export interface ZipContents {
  /** The folder the files were in, if they all shared one (a course's address). */
  folder: string | undefined;
  files: { path: string; content: Uint8Array }[];
  /** Every problem found, in plain words; empty when the zip can be used. */
  problems: string[];
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

class NotAZip extends Error {}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** The central directory's entries, or NotAZip. Zip64 (over 4 GB) is never a course. */
function centralDirectory(bytes: Uint8Array): Entry[] {
  if (bytes.length < 22) throw new NotAZip();
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new NotAZip();
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new NotAZip();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw new NotAZip();
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > bytes.length) throw new NotAZip();
    entries.push({
      // Bit 11: the name is UTF-8; otherwise read it byte by byte, as fflate does.
      name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength), !(flags & 0x800)),
      method: u16(bytes, at + 10),
      flags,
      compressedSize: u32(bytes, at + 20),
      declaredSize: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    });
    at = next;
  }
  return entries;
}

/** Where an entry's compressed bytes are, checked against the file. */
function dataOf(bytes: Uint8Array, entry: Entry): Uint8Array {
  const local = entry.localOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new NotAZip();
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  if (start + entry.compressedSize > bytes.length) throw new NotAZip();
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Unpacks one entry, counting real bytes; undefined as soon as it gives more than `cap`.
 *
 * @throws {NotAZip} for a damaged entry, an unknown method or encryption
 */
function inflateCounted(bytes: Uint8Array, entry: Entry, cap: number): Uint8Array | undefined {
  if (entry.flags & 1) throw new NotAZip();
  const data = dataOf(bytes, entry);
  if (entry.method === 0) return data.length > cap ? undefined : data.slice();
  if (entry.method !== 8) throw new NotAZip();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length && !over; at += STEP) inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch {
    throw new NotAZip();
  }
  if (over) return undefined;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The most a file of this kind may unpack to (0 for a kind that is never unpacked). */
function kindLimit(relative: string): number {
  if (relative.toLowerCase().endsWith('.md')) return MAX_MARKDOWN_BYTES;
  return isPicturePath(relative) ? MAX_PICTURE_BYTES : 0;
}

/** Unpacks and checks a course zip, counting real bytes. Never throws for bad content. */
export function readCourseZip(bytes: Uint8Array): ZipContents {
  const refuse = (problem: string): ZipContents => ({ folder: undefined, files: [], problems: [problem] });
  let all: Entry[];
  try {
    all = centralDirectory(bytes);
  } catch {
    return refuse(t.notZip);
  }
  const entries = all.filter((e) => !e.name.endsWith('/') && !JUNK.test(e.name));
  // Nothing is unpacked from a zip with too many files or too big by its own account.
  if (entries.length > MAX_ZIP_FILES) return refuse(t.tooMany(entries.length, MAX_ZIP_FILES));
  const declared = entries.reduce((sum, e) => sum + e.declaredSize, 0);
  if (declared > MAX_ZIP_UNPACKED_BYTES) return refuse(t.tooBig((declared / 1024 / 1024).toFixed(1)));
  if (entries.length === 0) return refuse(t.empty);

  const names = entries.map((e) => e.name).sort();
  // One shared top folder (as our export makes, and as most zip tools make) is the course folder.
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  const top = tops.size === 1 && !tops.has('') && !names.includes('course.md') ? [...tops][0]! : undefined;

  const problems: string[] = [];
  const files: ZipContents['files'] = [];
  const seen = new Set<string>();
  let unpacked = 0;
  try {
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const inner = top ? entry.name.slice(top.length + 1) : entry.name;
      let relative: string;
      try {
        relative = safeCoursePath(inner);
        if (relative.startsWith('.retired/')) throw new DomainError('invalid', `“${inner}” cannot be imported: retired modules stay out of imports.`);
      } catch (error) {
        problems.push(error instanceof DomainError ? error.message : String(error));
        continue;
      }
      if (seen.has(relative)) {
        problems.push(t.duplicate(relative));
        continue;
      }
      seen.add(relative);
      // Wrong kind or too big by its own account: said without unpacking it.
      const problem = fileProblem(relative, entry.declaredSize);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const content = inflateCounted(bytes, entry, Math.min(entry.declaredSize, kindLimit(relative)));
      if (!content) return refuse(t.lies(relative));
      unpacked += content.byteLength;
      if (unpacked > MAX_ZIP_UNPACKED_BYTES) return refuse(t.lies(relative));
      files.push({ path: relative, content });
    }
  } catch (error) {
    if (error instanceof NotAZip) return refuse(t.notZip);
    throw error;
  }
  if (!seen.has('course.md')) problems.push(t.noCourseMd);
  return { folder: top, files, problems };
}
