/**
 * Small-number suppression for the impact report (docs/IMPACT.md, "Nobody can be picked out").
 * Pure.
 *
 * - Primary: a count from 1 to 4 is never shown ("fewer than 5"). 0 is shown: it names nobody.
 * - Secondary, in a column of parts that add up to a shown total (e.g. one cohort's count
 *   next to the others' and the course's): if only one part is hidden, or the hidden parts
 *   add up to 1–4, the next smallest part is hidden too, so "total minus the others" never
 *   gives a hidden number, nor a small sum. When no part is left to hide, the total is hidden.
 */
export const MIN_CELL = 5;

/** A count that must not be shown on its own. */
export const isSmall = (n: number) => n >= 1 && n < MIN_CELL;

export interface Column {
  /** Which parts are hidden, index for index. */
  hidden: boolean[];
  /** Whether the total must be hidden too. */
  totalHidden: boolean;
}

/**
 * Hides the parts of a column (and the total if it must be) so no hidden part can be worked
 * out. `alreadyHidden` marks parts hidden for another reason (e.g. their row).
 */
export function suppressColumn(parts: readonly number[], total: number, alreadyHidden: readonly boolean[] = []): Column {
  const hidden = parts.map((v, i) => isSmall(v) || alreadyHidden[i] === true);
  if (isSmall(total)) return { hidden: parts.map(() => true), totalHidden: true };
  const hiddenSum = () => parts.reduce((sum, v, i) => sum + (hidden[i] ? v : 0), 0);
  const hiddenCount = () => hidden.filter(Boolean).length;
  for (let guard = 0; guard <= parts.length; guard++) {
    const count = hiddenCount();
    if (count === 0) break;
    if (count > 1 && !isSmall(hiddenSum())) break;
    // Hide the smallest non-zero part still shown (hiding a 0 would add nothing).
    let pick = -1;
    parts.forEach((v, i) => {
      if (!hidden[i] && v > 0 && (pick < 0 || v < parts[pick]!)) pick = i;
    });
    // Nothing left to hide: the total would give the hidden parts away, so it goes.
    if (pick < 0) return { hidden, totalHidden: true };
    hidden[pick] = true;
  }
  return { hidden, totalHidden: false };
}

/** What a report shows for a number: the number, or that it is hidden. */
export type Shown = { shown: true; value: number } | { shown: false };
export const shown = (value: number): Shown => ({ shown: true, value });
export const HIDDEN: Shown = { shown: false };
export const cell = (value: number, hide: boolean): Shown => (hide ? HIDDEN : shown(value));
