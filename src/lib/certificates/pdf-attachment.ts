/**
 * Reads the signed credential back out of a certificate PDF, without pdfkit: the verify
 * command imports only this. Node-only (zlib).
 */
import { inflateSync } from 'node:zlib';

/** Name of the attached credential inside the PDF. */
export const CREDENTIAL_ATTACHMENT = 'credential.json';

/**
 * Reads the attached credential.json back out of a certificate PDF made by
 * `renderCertificatePdf` (or re-saved by a tool that keeps plain objects).
 *
 * @returns the parsed JSON, or undefined when the PDF has no such attachment
 */
export function extractCredentialFromPdf(pdf: Uint8Array): unknown {
  const text = Buffer.from(pdf).toString('latin1');
  const objects = new Map<string, { dict: string; streamStart: number }>();
  const objectPattern = /(\d+) (\d+) obj\s*<</g;
  for (let match = objectPattern.exec(text); match; match = objectPattern.exec(text)) {
    const dictStart = match.index + match[0].length - 2;
    const dictEnd = findDictionaryEnd(text, dictStart);
    if (dictEnd < 0) continue;
    const after = /^\s*stream\r?\n/.exec(text.slice(dictEnd, dictEnd + 20));
    objects.set(`${match[1]} ${match[2]}`, { dict: text.slice(dictStart, dictEnd), streamStart: after ? dictEnd + after[0].length : -1 });
  }
  const streamOf = (ref: string): Buffer | undefined => {
    const object = objects.get(ref);
    if (!object || object.streamStart < 0) return undefined;
    const length = Number(/\/Length (\d+)/.exec(object.dict)?.[1]);
    if (!Number.isFinite(length)) return undefined;
    const raw = Buffer.from(pdf.subarray(object.streamStart, object.streamStart + length));
    try {
      return /\/Filter\s*\/FlateDecode/.test(object.dict) ? inflateSync(raw) : raw;
    } catch {
      return undefined;
    }
  };
  const parse = (data: Buffer | undefined) => {
    if (!data) return undefined;
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };

  // The file specification named credential.json points at the embedded file stream.
  for (const { dict } of objects.values()) {
    if (!/\/Type\s*\/Filespec/.test(dict)) continue;
    const name = /\/UF\s*\(([^)]*)\)/.exec(dict)?.[1] ?? /\/F\s*\(([^)]*)\)/.exec(dict)?.[1];
    if (name !== CREDENTIAL_ATTACHMENT) continue;
    const ref = /\/EF\s*<<\s*\/F\s+(\d+ \d+) R/.exec(dict)?.[1];
    const found = ref ? parse(streamOf(ref)) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Index just past the `>>` closing the dictionary that opens at `start`, or -1. */
function findDictionaryEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (pair === '<<') {
      depth++;
      i++;
    } else if (pair === '>>') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    } else if (text[i] === '(') {
      // skip a literal string, which may contain unbalanced << or >>
      let nesting = 0;
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') nesting++;
        else if (text[i] === ')' && --nesting === 0) break;
      }
    }
  }
  return -1;
}
