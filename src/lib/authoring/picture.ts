/**
 * Checks an uploaded picture by its first bytes (not its name) and chooses its file name in
 * the course's `images/` folder. Pure. SVG is never accepted (it can carry scripts).
 */
import { authoringEn } from '../i18n/authoring.ts';
import { MAX_PICTURE_BYTES } from './limits.ts';
import { slugify } from './paths.ts';

export type PictureType = 'png' | 'jpg' | 'gif' | 'webp';

/** The picture type from the file's magic bytes, or undefined for anything else. */
export function detectPictureType(bytes: Uint8Array): PictureType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (at: number, text: string) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  return undefined;
}

export type PictureCheck = { ok: true; type: PictureType } | { ok: false; field: 'file' | 'alt'; code: 'file' | 'type' | 'size' | 'alt'; message: string };

/** Alt text required, a real png/jpg/gif/webp, at most 2 MB. */
export function checkPicture(input: { bytes: Uint8Array | undefined; alt: string }): PictureCheck {
  const t = authoringEn.editor.upload;
  if (!input.bytes || input.bytes.byteLength === 0) return { ok: false, field: 'file', code: 'file', message: t.needFile };
  if (input.bytes.byteLength > MAX_PICTURE_BYTES) return { ok: false, field: 'file', code: 'size', message: t.tooBig };
  const type = detectPictureType(input.bytes);
  if (!type) return { ok: false, field: 'file', code: 'type', message: t.wrongType };
  if (!input.alt.trim()) return { ok: false, field: 'alt', code: 'alt', message: t.needAlt };
  return { ok: true, type };
}

/** `images/<slugged name>.<ext>`, with -2, -3… when the name is taken. */
export function pictureName(originalName: string, type: PictureType, taken: (path: string) => boolean): string {
  const base = slugify(originalName.replace(/\.[A-Za-z0-9]+$/, '')) || 'picture';
  let name = `images/${base}.${type}`;
  for (let n = 2; taken(name); n++) name = `images/${base}-${n}.${type}`;
  return name;
}
