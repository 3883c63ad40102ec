/** Shared by the bench scripts: the summary row each one returns, and plain-text formatting. */

/** One line of the final summary. */
export interface Figure {
  /** What was measured, e.g. `SSR/static req/s (our-movement)`. */
  name: string;
  /** The measured value with its unit. */
  value: string;
  target: string;
  /** Whether the value meets the target; undefined when the target is a trend to read by eye. */
  meets?: boolean;
}

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Left-aligned columns, two spaces apart, with a rule under the header row. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}

export function formatFigures(figures: Figure[]): string {
  const verdict = (meets: boolean | undefined) => (meets === undefined ? '-' : meets ? 'yes' : 'NO');
  return formatTable([['figure', 'measured', 'target', 'met'], ...figures.map((f) => [f.name, f.value, f.target, verdict(f.meets)])]);
}

/** The p-th percentile (nearest rank) of values sorted ascending; undefined when there are none. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
