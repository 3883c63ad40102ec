/**
 * The portfolio zip: the PDF, a short read-me, and the trainee's own evidence files for the
 * chosen items (`evidence/<criterion>/<file>`). Pure: the files' bytes are passed in.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { portfolioEn } from '../i18n/portfolio.ts';
import { safePart } from './portfolio.ts';

export interface ZipFile {
  criterion: string;
  name: string;
  bytes: Uint8Array;
}

/** A path for each evidence file that never leaves the zip's folder and never repeats. */
export function evidencePath(file: Pick<ZipFile, 'criterion' | 'name'>, taken: Set<string>): string {
  const folder = safePart(file.criterion.replace(/\//g, '-'), 'criterion');
  const base = safePart(file.name, 'file');
  let path = `evidence/${folder}/${base}`;
  for (let n = 2; taken.has(path); n++) path = `evidence/${folder}/${n}-${base}`;
  taken.add(path);
  return path;
}

export function portfolioZip(args: { pdf: Uint8Array; name: string; course: string; files: readonly ZipFile[] }): Uint8Array {
  const entries: Zippable = {
    'portfolio.pdf': [args.pdf, { level: 0 }],
    'README.txt': strToU8(portfolioEn.zip.readme(args.name, args.course)),
  };
  const taken = new Set<string>(Object.keys(entries));
  for (const file of args.files) entries[evidencePath(file, taken)] = file.bytes;
  return zipSync(entries, { level: 6 });
}
