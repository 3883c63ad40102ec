/**
 * What a course file may be: Markdown up to 200 kB, pictures (png, jpg, jpeg, gif, webp; no
 * svg, which can carry scripts) up to 2 MB; zips up to 20 MB unpacked and 500 files.
 */
import { DomainError } from '../errors.ts';
import { formatBytes } from '../sizes.ts';

export const MAX_MARKDOWN_BYTES = 200 * 1024;
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
export const MAX_ZIP_UNPACKED_BYTES = 20 * 1024 * 1024;
export const MAX_ZIP_FILES = 500;
export const PICTURE_TYPES = ['.png', '.jpg', '.jpeg', '.gif', '.webp'] as const;

function extension(relative: string): string {
  const name = relative.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function isPicturePath(relative: string): boolean {
  return (PICTURE_TYPES as readonly string[]).includes(extension(relative));
}

/** A plain message when this file may not be stored in a course, else undefined. */
export function fileProblem(relative: string, size: number): string | undefined {
  const ext = extension(relative);
  if (ext === '.md') {
    return size > MAX_MARKDOWN_BYTES ? `${relative} is ${formatBytes(size)}; a Markdown file may be at most 200 kB — split it into two modules` : undefined;
  }
  if (isPicturePath(relative)) {
    return size > MAX_PICTURE_BYTES ? `${relative} is ${formatBytes(size)}; a picture may be at most 2 MB — make it smaller (for example 1600 pixels wide)` : undefined;
  }
  if (ext === '.svg') return `${relative}: SVG pictures are not allowed (they can carry scripts) — save it as PNG instead`;
  return `${relative}: only Markdown (.md) files and pictures (${PICTURE_TYPES.join(', ')}) can be stored in a course`;
}

/**
 * @throws {DomainError} `invalid` when the file may not be stored (type or size)
 */
export function assertFileAllowed(relative: string, size: number): void {
  const message = fileProblem(relative, size);
  if (message) throw new DomainError('invalid', message, { content: message });
}


