/**
 * A course's impact questionnaire (course.md `impact_questionnaire:`; docs/IMPACT.md): a few
 * self-rated questions asked at the start, at the end and some months after finishing, and a
 * few "since the course, have you…" questions asked at the follow-ups. Pure: the schema, its
 * cross-checks, the model and when each round is open.
 *
 * Self-contained on purpose: schema.ts only adds `impact_questionnaire` to course.md's
 * settings, build.ts calls `checkQuestionnaire` and `questionnaireModel`.
 *
 * The default questions are the organisation's own (no published, licensed scale is shipped:
 * see docs/IMPACT.md "Why our own questions").
 */
import { z } from 'zod';
import type { LineOf } from './frontmatter.ts';
import { problem, type CourseProblem } from './problems.ts';

const text = (field: string, example: string, max: number) =>
  z
    .string({ error: `\`${field}\` must be text — write it like: ${field}: ${example}` })
    .trim()
    .min(1, { error: `\`${field}\` is empty — write it like: ${field}: ${example}` })
    .max(max, { error: `\`${field}\` is longer than ${max} characters — shorten it` });

const questionId = z.coerce
  .string({ error: '`id` must be a short name like "lead-meeting" — put it in quotes' })
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: '`id` may use only small letters, digits and dashes (at most 40) — e.g. id: lead-meeting' });

const questionSchema = z.strictObject({ id: questionId, text: text('text', 'How confident do you feel to lead a meeting?', 300) });

/** The most follow-up rounds, and the longest wait (months after finishing). */
export const MAX_FOLLOW_UPS = 4;
export const MAX_FOLLOW_UP_MONTHS = 36;

export const impactQuestionnaireSchema = z.strictObject({
  intro: text('intro', 'We ask a few short questions to find out whether the course helps.', 1000).optional(),
  scale: z
    .array(text('level', 'Fairly confident', 60), { error: '`scale` must be a list of labels from lowest to highest — e.g. scale: [Not at all, A little, Fairly, Very]' })
    .min(3, { error: 'the scale needs at least 3 labels, lowest first — e.g. scale: [Not at all, A little, Fairly, Very]' })
    .max(7, { error: 'the scale may have at most 7 labels — keep it short' })
    .optional(),
  questions: z
    .array(questionSchema, { error: '`questions` must be a list — start each with "- id:" and give it a `text`' })
    .min(1, { error: 'the questionnaire has no questions — add one under `questions:`, or remove `questions:` to use the standard ones' })
    .max(10, { error: 'ask at most 10 questions — a short questionnaire gets more answers' })
    .optional(),
  follow_up_months: z
    .array(
      z
        .number({ error: 'each follow-up is a number of months after finishing — e.g. follow_up_months: [3, 6]' })
        .int({ error: 'each follow-up is a whole number of months — e.g. 3' })
        .min(1, { error: 'a follow-up must be at least 1 month after finishing — e.g. 3' })
        .max(MAX_FOLLOW_UP_MONTHS, { error: `a follow-up may be at most ${MAX_FOLLOW_UP_MONTHS} months after finishing` }),
      { error: '`follow_up_months` must be a list of months — e.g. follow_up_months: [3, 6]' },
    )
    .max(MAX_FOLLOW_UPS, { error: `ask at most ${MAX_FOLLOW_UPS} follow-ups — e.g. follow_up_months: [3, 6]` })
    .optional(),
  later_questions: z
    .array(questionSchema, { error: '`later_questions` must be a list — start each with "- id:" and give it a `text`' })
    .max(10, { error: 'ask at most 10 later questions' })
    .optional(),
});

export type ImpactQuestionnaireSettings = z.infer<typeof impactQuestionnaireSchema>;

export interface QuestionnaireQuestion {
  id: string;
  text: string;
}

/** A round of the questionnaire: at the start, at the end, or N months after finishing. */
export type Round = 'start' | 'end' | `after-${number}`;

export interface ImpactQuestionnaire {
  intro: string;
  /** Labels from lowest (score 1) to highest (score scale.length). */
  scale: string[];
  questions: QuestionnaireQuestion[];
  /** Months after finishing, in order. */
  followUpMonths: number[];
  /** "Since the course, have you…" questions (yes / no), asked at the follow-ups. */
  laterQuestions: QuestionnaireQuestion[];
}

export const DEFAULT_INTRO =
  'We would like to know whether this course makes a difference, so we can improve it and show the people who fund it what it achieves. Answering is up to you.';
export const DEFAULT_SCALE = ['Not at all confident', 'A little confident', 'Fairly confident', 'Confident', 'Very confident'];
/** The organisation's own questions (written for this project; no licence needed). */
export const DEFAULT_QUESTIONS: readonly QuestionnaireQuestion[] = [
  { id: 'lead-meeting', text: 'How confident do you feel to lead or chair a meeting?' },
  { id: 'lived-experience', text: 'How confident do you feel to use your lived experience safely and with purpose?' },
  { id: 'influence-service', text: 'How confident do you feel to influence how a service is run?' },
];
export const DEFAULT_FOLLOW_UPS = [3, 6];
export const DEFAULT_LATER_QUESTIONS: readonly QuestionnaireQuestion[] = [
  { id: 'peer-role', text: 'Have you started a paid or volunteer peer role?' },
  { id: 'board', text: 'Have you joined a board, committee or involvement group?' },
  { id: 'further-training', text: 'Have you gone on to further training or study?' },
];

export function questionnaireModel(settings: ImpactQuestionnaireSettings | undefined): ImpactQuestionnaire | undefined {
  if (!settings) return undefined;
  return {
    intro: settings.intro ?? DEFAULT_INTRO,
    scale: settings.scale ?? [...DEFAULT_SCALE],
    questions: (settings.questions ?? DEFAULT_QUESTIONS).map((q) => ({ ...q })),
    followUpMonths: settings.follow_up_months ?? [...DEFAULT_FOLLOW_UPS],
    laterQuestions: (settings.later_questions ?? DEFAULT_LATER_QUESTIONS).map((q) => ({ ...q })),
  };
}

/** Unique ids, follow-ups in increasing order. */
export function checkQuestionnaire(settings: ImpactQuestionnaireSettings | undefined, lineOf: LineOf, file: string, problems: CourseProblem[]) {
  if (!settings) return;
  const key = 'impact_questionnaire';
  for (const list of ['questions', 'later_questions'] as const) {
    const seen = new Set<string>();
    (settings[list] ?? []).forEach((q, i) => {
      if (seen.has(q.id)) problems.push(problem(file, lineOf([key, list, i, 'id']), `two questions have the id "${q.id}" — give each its own id (answers are kept by id, so do not change one once people have answered)`));
      seen.add(q.id);
    });
  }
  const labels = new Set<string>();
  (settings.scale ?? []).forEach((label, i) => {
    if (labels.has(label.toLowerCase())) problems.push(problem(file, lineOf([key, 'scale', i]), `two levels of the scale are both "${label}" — give each level its own label`));
    labels.add(label.toLowerCase());
  });
  (settings.follow_up_months ?? []).forEach((months, i, all) => {
    if (i > 0 && months <= all[i - 1]!) problems.push(problem(file, lineOf([key, 'follow_up_months', i]), `follow-ups must be in order, each later than the one before (${months} comes after ${all[i - 1]}) — e.g. follow_up_months: [3, 6]`));
  });
}

// ---------------------------------------------------------------------------------------
// Rounds

export const afterRound = (months: number): Round => `after-${months}`;
export const ROUND_PATTERN = /^(start|end|after-[1-9][0-9]?)$/;
export const isRound = (value: unknown): value is Round => typeof value === 'string' && ROUND_PATTERN.test(value);
export const monthsOf = (round: Round): number | undefined => (round.startsWith('after-') ? Number(round.slice(6)) : undefined);

/** Every round of a questionnaire, in order. */
export function rounds(q: ImpactQuestionnaire): Round[] {
  return ['start', 'end', ...q.followUpMonths.map(afterRound)];
}

/** Adds whole calendar months (the 31st becomes the last day of a shorter month). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** How long the last follow-up stays open, in months. */
export const LAST_ROUND_OPEN_MONTHS = 3;

export interface RoundFacts {
  /** When the person finished the course (all modules done), if they have. */
  completedAt: Date | undefined;
  /** Rounds already answered. */
  answered: ReadonlySet<Round>;
  now: Date;
}

/**
 * The round open to answer now, if any: `start` until the course is finished; then `end`
 * until the first follow-up is due; each follow-up from its date until the next one's (the
 * last for three months). A round already answered, or missed, is not offered again.
 */
export function openRound(q: ImpactQuestionnaire, facts: RoundFacts): Round | undefined {
  const { completedAt, answered, now } = facts;
  if (!completedAt) return answered.has('start') ? undefined : 'start';
  const dues: { round: Round; from: Date }[] = [{ round: 'end', from: completedAt }, ...q.followUpMonths.map((m) => ({ round: afterRound(m), from: addMonths(completedAt, m) }))];
  for (let i = dues.length - 1; i >= 0; i--) {
    const { round, from } = dues[i]!;
    if (now < from) continue;
    const until = i + 1 < dues.length ? dues[i + 1]!.from : addMonths(from, LAST_ROUND_OPEN_MONTHS);
    if (now >= until) return undefined;
    return answered.has(round) ? undefined : round;
  }
  return undefined;
}

/** Whether a follow-up (not start or end) is the open round: what a reminder is sent for. */
export function dueFollowUp(q: ImpactQuestionnaire, facts: RoundFacts): Round | undefined {
  const round = openRound(q, facts);
  return round && monthsOf(round) !== undefined ? round : undefined;
}
