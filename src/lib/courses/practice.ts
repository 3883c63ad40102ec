/**
 * The practice targets a course sets in course.md (issue 19; docs/AUTHORING.md "Practice
 * hours and supervision"): the hours of practice and off-the-job learning a trainee logs, and
 * how many supervision sessions they should have. Schemas and the one check beyond them; every
 * message says what is wrong and, after " — ", how to fix it.
 *
 *   practice_hours:
 *     total: 60          # confirmed hours needed before the course's certificate
 *     by_kind:           # optional: at least this many of a kind (they count towards total)
 *       placement: 30
 *   supervision:
 *     sessions: 4        # confirmed sessions to aim for (shown as progress)
 */
import { z } from 'zod';
import type { LineOf } from './frontmatter.ts';
import { problem, type CourseProblem } from './problems.ts';

/** The kinds of hours a trainee logs, in the order forms show them. */
export const PRACTICE_KINDS = ['placement', 'shadowing', 'training', 'study'] as const;
export type PracticeKind = (typeof PRACTICE_KINDS)[number];

const hours = (field: string, example: number) =>
  z
    .number({ error: `\`${field}\` must be a number of hours — write a whole number without units or quotes, e.g. ${field}: ${example}` })
    .int({ error: `\`${field}\` must be a whole number of hours, e.g. ${example} — remove the decimal part` })
    .positive({ error: `\`${field}\` must be more than 0 — e.g. ${field}: ${example}, or remove the line` })
    .max(5000, { error: `\`${field}\` is more than 5000 hours — check the number` });

export const practiceHoursSchema = z.strictObject({
  total: hours('total', 60),
  by_kind: z
    .strictObject(
      Object.fromEntries(PRACTICE_KINDS.map((kind) => [kind, hours(kind, 20).optional()])) as Record<PracticeKind, z.ZodOptional<ReturnType<typeof hours>>>,
      { error: `\`by_kind\` lists hours per kind, one per line — e.g. by_kind: then placement: 30 (kinds: ${PRACTICE_KINDS.join(', ')})` },
    )
    .optional(),
});

export const supervisionSchema = z.strictObject({
  sessions: z
    .number({ error: '`sessions` must be a number of supervision sessions — write a whole number, e.g. sessions: 4' })
    .int({ error: '`sessions` must be a whole number of sessions, e.g. 4 — remove the decimal part' })
    .positive({ error: '`sessions` must be more than 0 — e.g. sessions: 4, or remove `supervision:`' })
    .max(200, { error: '`sessions` is more than 200 — check the number' }),
});

export type PracticeHoursTarget = z.infer<typeof practiceHoursSchema>;
export type SupervisionTarget = z.infer<typeof supervisionSchema>;

/** The hours a course asks for of each kind (0 where it sets none). */
export function kindTargets(target: PracticeHoursTarget): Record<PracticeKind, number> {
  return Object.fromEntries(PRACTICE_KINDS.map((kind) => [kind, target.by_kind?.[kind] ?? 0])) as Record<PracticeKind, number>;
}

/** Problems the schema cannot see: the hours by kind must fit in the total. */
export function checkPracticeTargets(
  meta: { practice_hours?: PracticeHoursTarget | undefined },
  lineOf: LineOf,
  file: string,
  problems: CourseProblem[],
): void {
  const target = meta.practice_hours;
  if (!target?.by_kind) return;
  const sum = Object.values(kindTargets(target)).reduce((a, b) => a + b, 0);
  if (sum > target.total) {
    problems.push(
      problem(
        file,
        lineOf(['practice_hours', 'total']),
        `the hours by kind add up to ${sum} but \`total\` says ${target.total} — hours of each kind count towards the total, so raise the total to at least ${sum} or lower the hours by kind`,
      ),
    );
  }
}
