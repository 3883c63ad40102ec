/**
 * Reads the words a certificate PDF shows: the Title and Subject of its document information
 * (`pdfinfo`) and the text of its page (`pdftotext`), both from poppler-utils. Node-only.
 *
 * Why poppler: no package the project already depends on reads PDF text (pdfkit only writes
 * PDFs), poppler-utils is already installed wherever the tests run (.ci/run) and is the usual
 * tool on Linux, and it reads PDFs of any shape, including ones re-saved by other tools. When it
 * is missing, the caller says the comparison was not made and how to install it.
 */
import { execFile } from 'node:child_process';
import type { PdfWords } from './pdf-match.ts';

export type PdfWordsResult = { ok: true; words: PdfWords } | { ok: false; reason: 'no-poppler' | 'unreadable'; detail: string };

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'utf8', timeout: 30_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

/** One field of `pdfinfo` output ("Title:          …"), or undefined. */
export function infoField(info: string, name: string): string | undefined {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${name}:`));
  return line === undefined ? undefined : line.slice(name.length + 1).trim();
}

/**
 * The Title, Subject and page text of the PDF at `file`.
 *
 * Never throws: a missing pdfinfo/pdftotext is `no-poppler`; a file they cannot read is
 * `unreadable`, with their message.
 */
export async function readPdfWords(file: string): Promise<PdfWordsResult> {
  try {
    const [info, text] = await Promise.all([run('pdfinfo', ['-enc', 'UTF-8', file]), run('pdftotext', ['-enc', 'UTF-8', file, '-'])]);
    return { ok: true, words: { title: infoField(info, 'Title'), subject: infoField(info, 'Subject'), text } };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return { ok: false, reason: 'no-poppler', detail: `${e.path ?? 'pdftotext'} is not installed` };
    return { ok: false, reason: 'unreadable', detail: (e.stderr || e.message).trim().split('\n')[0] ?? '' };
  }
}
