/**
 * Pure helpers for file history: a line diff between two revisions, shaped for an accessible
 * table (each row says in words whether the line was added, removed or kept), with long
 * unchanged stretches folded away.
 */
import { diffLines } from 'diff';

export type DiffRow =
  | { op: 'same' | 'add' | 'remove'; oldLine: number | undefined; newLine: number | undefined; text: string }
  | { op: 'skip'; count: number };

export interface LineDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Line-by-line differences from `before` to `after`. Unchanged lines further than `context`
 * lines from a change are folded into one `skip` row.
 */
export function lineDiff(before: string, after: string, context = 3): LineDiff {
  const all: Exclude<DiffRow, { op: 'skip' }>[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'))) {
    for (const text of splitLines(part.value)) {
      if (part.added) {
        all.push({ op: 'add', oldLine: undefined, newLine: newLine++, text });
        added++;
      } else if (part.removed) {
        all.push({ op: 'remove', oldLine: oldLine++, newLine: undefined, text });
        removed++;
      } else all.push({ op: 'same', oldLine: oldLine++, newLine: newLine++, text });
    }
  }
  const near = all.map(() => false);
  all.forEach((row, i) => {
    if (row.op === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) near[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  all.forEach((row, i) => {
    if (near[i]) {
      if (skipped) rows.push({ op: 'skip', count: skipped });
      skipped = 0;
      rows.push(row);
    } else skipped++;
  });
  if (skipped) rows.push({ op: 'skip', count: skipped });
  return { rows, added, removed };
}
