/**
 * Zod schemas for course.md and module front matter.
 *
 * Every message is written for a peer trainer, not a developer: it says what is wrong and,
 * after " — ", how to fix it. Paths and line numbers are added by `frontmatter.ts`.
 */
import { z } from 'zod';
import { impactQuestionnaireSchema } from './impact-questionnaire.ts';
import { practiceHoursSchema, supervisionSchema } from './practice.ts';

export const EVIDENCE_TYPES = ['reflection', 'written', 'knowledge-check', 'observation'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** How people can join a course: anyone with the button, or only with a group (cohort) code. */
export const ENROLMENT_MODES = ['open', 'invitation'] as const;
export type EnrolmentMode = (typeof ENROLMENT_MODES)[number];

/** RQF levels: Entry 1–3, then Levels 1–8. */
export const RQF_LEVELS = ['entry-1', 'entry-2', 'entry-3', '1', '2', '3', '4', '5', '6', '7', '8'] as const;

const text = (field: string, example: string, max = 2000) =>
  z
    .string({ error: `\`${field}\` must be text — write it like: ${field}: ${example}` })
    .trim()
    .min(1, { error: `\`${field}\` is empty — write it like: ${field}: ${example}` })
    .max(max, { error: `\`${field}\` is longer than ${max} characters — shorten it` });

const wholeNumber = (field: string, what: string, example: number) =>
  z
    .number({ error: `\`${field}\` must be a number of ${what} — write a whole number without units or quotes, e.g. ${field}: ${example}` })
    .int({ error: `\`${field}\` must be a whole number of ${what}, e.g. ${example} — remove the decimal part` })
    .positive({ error: `\`${field}\` must be more than 0 — e.g. ${field}: ${example}` });

const id = (field: string, example: string) =>
  z.coerce
    .string({ error: `\`${field}\` must be an id like "${example}" — put it in quotes` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, {
      error: `\`${field}\` may use only letters, digits, dots and dashes — e.g. ${field}: "${example}"`,
    });

/** One line of a list such as reflection prompts or sources. */
const listItem = (what: string, example: string) =>
  z
    .string({ error: `each ${what} must be text — write it after a dash, e.g. - ${example}` })
    .trim()
    .min(1, { error: `this ${what} is empty — write it after the dash, or remove the line` })
    .max(1000, { error: `this ${what} is longer than 1000 characters — shorten it` });

const strictObject = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

export const authorSchema = strictObject({
  name: text('name', 'Sam Okafor', 120),
  role: text('role', 'Peer trainer, lived experience of psychosis', 200),
});

/**
 * Someone who reviewed or co-wrote the course, credited by name or anonymously (their choice;
 * docs/AUTHORING.md "Review rounds"). `ref` links an entry to the person's account on the site
 * that wrote it, so they can change it; leave it as it is.
 */
export const CREDIT_ROLES = ['reviewer', 'co-author'] as const;
export const creditSchema = strictObject({
  name: text('name', 'Sam Okafor', 120).optional(),
  anonymous: z.literal(true, { error: '`anonymous` can only be true — write anonymous: true, or leave the line out and give a name' }).optional(),
  role: z.enum(CREDIT_ROLES, { error: 'a credit’s `role` must be reviewer or co-author — e.g. role: reviewer' }),
  ref: z
    .string({ error: '`ref` must be the short code the site wrote — leave it as it was, or remove the line' })
    .regex(/^[a-z0-9]{8,16}$/, { error: '`ref` must be the short code the site wrote (8 to 16 lower-case letters and digits) — leave it as it was, or remove the line' })
    .optional(),
}).refine((c) => (c.name !== undefined) !== (c.anonymous === true), {
  error: 'each credit needs either a `name` or `anonymous: true` (not both) — e.g. "- name: Sam Okafor" then "role: reviewer"',
});
export type CourseCredit = z.infer<typeof creditSchema>;

export const criterionSchema = strictObject({
  id: id('id', '1.1'),
  text: text('text', 'Explain what mutuality means in peer support', 400),
  evidence: z.enum(EVIDENCE_TYPES, {
    error: `\`evidence\` must be one of: ${EVIDENCE_TYPES.join(', ')} — pick the one an assessor will look at`,
  }),
});

export const outcomeSchema = strictObject({
  id: id('id', '1'),
  text: text('text', 'Understand what peer support is', 400),
  criteria: z
    .array(criterionSchema, { error: '`criteria` must be a list — start each criterion with "- id:"' })
    .min(1, { error: 'this learning outcome has no assessment criteria — add at least one under `criteria:`' }),
});

export const unitSchema = strictObject({
  id: id('id', 'U1'),
  title: text('title', 'Values and principles of peer support', 200),
  credits: wholeNumber('credits', 'credits', 3),
  guided_learning_hours: wholeNumber('guided_learning_hours', 'hours', 12),
  outcomes: z
    .array(outcomeSchema, { error: '`outcomes` must be a list — start each outcome with "- id:"' })
    .min(1, { error: 'this unit has no learning outcomes — add at least one under `outcomes:`' }),
});

export const accreditationSchema = strictObject({
  awarding_body: text('awarding_body', 'Example Awarding Organisation', 200),
  qualification: text('qualification', 'Level 3 Award in Peer Support', 200),
  level: z.coerce.string().pipe(
    z.enum(RQF_LEVELS, {
      error: `\`level\` must be an RQF level: ${RQF_LEVELS.join(', ')} — e.g. level: "3"`,
    }),
  ),
  credits: wholeNumber('credits', 'credits', 12),
  guided_learning_hours: wholeNumber('guided_learning_hours', 'hours', 48),
  total_qualification_time: wholeNumber('total_qualification_time', 'hours', 120),
  regulated: z
    .boolean({ error: '`regulated` must be true or false — write regulated: false unless an Ofqual-recognised body awards it' })
    .default(false),
  note: text('note', 'Not an Ofqual-regulated qualification.', 1000).optional(),
});

export const frameworkSchema = strictObject({
  id: id('id', 'hee'),
  title: text('title', 'Competence Framework for Mental Health Peer Support Workers', 300),
  domains: z
    .array(strictObject({ id: id('id', '1'), title: text('title', 'Core relational skills', 300) }), {
      error: '`domains` must be a list — start each domain with "- id:"',
    })
    .min(1, { error: 'this framework has no domains — add at least one under `domains:`' }),
});

/** The most levels a competency rating scale may have (ratings are stored as 1–10). */
export const MAX_SCALE = 10;

export const scaleLevelSchema = strictObject({
  score: z
    .number({ error: '`score` must be a whole number — e.g. score: 1 for the first level' })
    .int({ error: '`score` must be a whole number — e.g. score: 1' })
    .min(1, { error: '`score` must be 1 or more — number the levels 1, 2, 3…' })
    .max(MAX_SCALE, { error: `\`score\` may be at most ${MAX_SCALE} — a scale has at most ${MAX_SCALE} levels` }),
  label: text('label', 'Getting there', 60),
  descriptor: text('descriptor', 'I can do this with some support', 400),
});

export const competencySchema = strictObject({
  id: id('id', 'values'),
  title: text('title', 'Values and principles of peer support', 200),
  description: text('description', 'Works in a mutual, non-directive way', 600),
  maps_to: z
    .array(z.string({ error: 'each entry must look like hee/1 — framework id, a slash, then the domain id' }), {
      error: '`maps_to` must be a list — e.g. maps_to: [hee/1]',
    })
    .default([]),
});

/** A course's competency set: what trainees, peers, supervisors and assessors rate. */
export const competencySetSchema = strictObject({
  title: text('title', 'Peer support competences', 200).optional(),
  source: text('source', 'Based on the Competence Framework for Mental Health Peer Support Workers (2020)', 600).optional(),
  scale: z
    .array(scaleLevelSchema, { error: '`scale` must be a list — start each level with "- score:"' })
    .min(2, { error: 'the rating scale needs at least two levels — add them under `scale:`, e.g. - score: 1' }),
  items: z
    .array(competencySchema, { error: '`items` must be a list — start each competency with "- id:"' })
    .min(1, { error: 'the competency set has no competencies — add at least one under `items:`' })
    .max(40, { error: 'a competency set may hold at most 40 competencies — keep the ones trainees are rated on' }),
});

/** Names of the reflection templates the site ships (src/lib/courses/reflection-templates.ts). */
export const SHIPPED_TEMPLATE_IDS = ['gibbs', 'what-so-what-now-what'] as const;

export const templateStepSchema = strictObject({
  heading: text('heading', 'Description', 80),
  prompt: text('prompt', 'What happened?', 400),
});

const shippedTemplateName = z.enum(SHIPPED_TEMPLATE_IDS, {
  error: `a template named on its own must be one the site ships: ${SHIPPED_TEMPLATE_IDS.join(', ')} — or write your own with id, title and steps`,
});

const ownTemplateSchema = strictObject({
  id: id('id', 'my-model'),
  title: text('title', 'Our team debrief', 120),
  about: text('about', 'A short way to look back on a shift', 400).optional(),
  steps: z
    .array(templateStepSchema, { error: '`steps` must be a list — start each step with "- heading:"' })
    .min(2, { error: 'a template needs at least two steps — add them under `steps:`, each with a heading and a prompt' })
    .max(10, { error: 'a template may have at most 10 steps — keep it short' }),
});

/** A shipped template's name, or the course's own template (each checked on its own terms, so messages are precise). */
export const reflectionTemplateSchema = z.unknown().transform((value, ctx): z.infer<typeof shippedTemplateName> | z.infer<typeof ownTemplateSchema> => {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    ctx.addIssue({ code: 'custom', message: `each reflection template is either the name of one the site ships (${SHIPPED_TEMPLATE_IDS.join(', ')}) or your own with id, title and steps` });
    return z.NEVER;
  }
  const result = typeof value === 'string' ? shippedTemplateName.safeParse(value) : ownTemplateSchema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

export const courseFrontmatterSchema = strictObject({
  title: text('title', 'Peer Support Worker Foundations', 200),
  summary: text('summary', 'What peer support is and how to do it well.', 600),
  language: z
    .string({ error: '`language` must be a language tag — e.g. language: en-GB' })
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: '`language` must be a language tag like en-GB or cy — fix the spelling' })
    .default('en-GB'),
  audience: text('audience', 'People starting out in peer support work', 600),
  authors: z
    .array(authorSchema, { error: '`authors` must be a list — start each author with "- name:"' })
    .min(1, { error: 'no authors are listed — credit at least one author under `authors:`' }),
  /** Reviewers and co-authors, by name or anonymously (optional). */
  credits: z.array(creditSchema, { error: '`credits` must be a list — start each with "- name:" or "- anonymous: true"' }).max(200, { error: 'list at most 200 credits' }).optional(),
  ordered: z
    .boolean({ error: '`ordered` must be true or false — true makes modules open one after another' })
    .default(false),
  pass_mark: z
    .number({ error: '`pass_mark` must be a percentage, e.g. 75 — write a number without %' })
    .min(1, { error: '`pass_mark` must be between 1 and 100 — e.g. pass_mark: 75' })
    .max(100, { error: '`pass_mark` must be between 1 and 100 — e.g. pass_mark: 75' })
    .default(75),
  /**
   * The share of their group's sessions (held so far, not cancelled) a trainee must attend
   * (present or late) before the course's whole-course certificate. Optional: none by default.
   */
  minimum_attendance: z
    .number({ error: '`minimum_attendance` must be a percentage of the group’s sessions, e.g. 80 — write a number without %' })
    .int({ error: '`minimum_attendance` must be a whole percentage, e.g. 80 — remove the decimal part' })
    .min(1, { error: '`minimum_attendance` must be between 1 and 100 — e.g. minimum_attendance: 80, or leave the line out for no minimum' })
    .max(100, { error: '`minimum_attendance` must be between 1 and 100 — e.g. minimum_attendance: 80, or leave the line out for no minimum' })
    .optional(),
  /** Who may enrol: `open` (anyone signed in, with a button) or `invitation` (only with a group code). Default open. */
  enrolment: z
    .enum(ENROLMENT_MODES, {
      error: '`enrolment` must be open or invitation — open lets anyone signed in enrol; invitation needs a group code from a trainer',
    })
    .default('open'),
  accreditation: accreditationSchema.optional(),
  frameworks: z.array(frameworkSchema, { error: '`frameworks` must be a list — start each with "- id:"' }).default([]),
  /** Practice and off-the-job hours to log (./practice.ts). */
  practice_hours: practiceHoursSchema.optional(),
  /** Supervision sessions to aim for (./practice.ts). */
  supervision: supervisionSchema.optional(),
  /** What trainees, peers, supervisors and assessors rate (docs/AUTHORING.md, "Competencies"). */
  competencies: competencySetSchema.optional(),
  /** The optional impact questionnaire (./impact-questionnaire.ts, docs/IMPACT.md). */
  impact_questionnaire: impactQuestionnaireSchema.optional(),
  /** Guided reflection models offered in the reflection editor; absent: the shipped set. */
  reflection_templates: z
    .array(reflectionTemplateSchema, { error: '`reflection_templates` must be a list — e.g. reflection_templates: [gibbs, what-so-what-now-what]' })
    .max(8, { error: 'offer at most 8 reflection templates — keep the ones your trainees use' })
    .optional(),
  units: z
    .array(unitSchema, { error: '`units` must be a list — start each unit with "- id:"' })
    .min(1, { error: 'the course has no units — add at least one unit under `units:`' }),
});

export const optionSchema = strictObject({
  text: text('text', 'Mutual', 400),
  correct: z.boolean({ error: '`correct` must be true or false — or leave it out for a wrong option' }).default(false),
  feedback: text('feedback', 'Yes. Both people learn from each other.', 1000),
});

export const questionSchema = strictObject({
  id: id('id', 'q1').optional(),
  question: text('question', 'Which word best describes peer support?', 600),
  type: z.enum(['single', 'multiple'], {
    error: '`type` must be single or multiple — single has exactly one correct option, multiple has one or more',
  }),
  options: z
    .array(optionSchema, { error: '`options` must be a list — start each option with "- text:"' })
    .min(2, { error: 'a question needs at least two options — add another "- text:" under `options:`' })
    .max(8, { error: 'a question may have at most 8 options — remove some' }),
  /** false keeps the options in the order written (e.g. "all of the above" last). Default: the check's `shuffle`. */
  shuffle: z
    .boolean({ error: '`shuffle` must be true or false — write shuffle: false to keep this question\'s options in the order written' })
    .optional(),
});

/** Most questions one attempt may ask; a pool may hold more when `ask` draws from it. */
export const MAX_ASKED = 20;
/** Most questions a module's pool may hold. */
export const MAX_POOL = 60;

/** A wait such as 10m, 30s, 2h or 1d. */
export const WAIT_PATTERN = /^\s*\d{1,4}\s*[smhd]\s*$/;

/** A wait written like `10m`, `30s`, `2h` or `1d`, in milliseconds; undefined when malformed. */
export function parseWait(text: string): number | undefined {
  const match = /^\s*(\d{1,4})\s*(s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

export const moduleFrontmatterSchema = strictObject({
  id: z
    .string({ error: '`id` must be text — e.g. id: what-peer-support-is' })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
      error: '`id` may use only lower-case letters, digits and single dashes — e.g. id: what-peer-support-is',
    })
    .optional(),
  title: text('title', 'What peer support is', 200),
  duration: wholeNumber('duration', 'minutes', 45),
  criteria: z
    .array(z.string({ error: 'each criterion must look like U1/1.1 — unit id, a slash, then the criterion id' }), {
      error: '`criteria` must be a list — e.g. criteria: [U1/1.1, U1/1.2]',
    })
    .default([]),
  outcomes: z
    .array(z.string({ error: 'each outcome must look like U1/1 — unit id, a slash, then the outcome id' }), {
      error: '`outcomes` must be a list — e.g. outcomes: [U1/1]',
    })
    .default([]),
  maps_to: z
    .array(z.string({ error: 'each entry must look like hee/1 — framework id, a slash, then the domain id' }), {
      error: '`maps_to` must be a list — e.g. maps_to: [hee/1]',
    })
    .default([]),
  content_note: text('content_note', 'This module mentions self-harm in one example.', 1000).optional(),
  reflection_prompts: z
    .array(listItem('reflection prompt', 'What does mutuality mean to you?'), {
      error: '`reflection_prompts` must be a list — start each prompt with "- "',
    })
    .default([]),
  knowledge_check: strictObject({
    pass_mark: z
      .number({ error: '`pass_mark` must be a percentage, e.g. 75' })
      .min(1, { error: '`pass_mark` must be between 1 and 100' })
      .max(100, { error: '`pass_mark` must be between 1 and 100' })
      .optional(),
    /** How many questions each attempt asks, drawn from `questions` (default: all of them). */
    ask: z
      .number({ error: '`ask` must be a number of questions — e.g. ask: 5 draws 5 of the questions below for each attempt' })
      .int({ error: '`ask` must be a whole number of questions — e.g. ask: 5' })
      .optional(),
    /** false shows every question's options in the order written. Default true (shuffled per attempt). */
    shuffle: z
      .boolean({ error: '`shuffle` must be true or false — options are shuffled for each attempt unless you write shuffle: false' })
      .default(true),
    /** A wait between attempts, e.g. 10m. Default: none. */
    retry_after: z
      .string({ error: '`retry_after` must be a wait like 10m, 2h or 1d — put it after the colon, e.g. retry_after: 10m' })
      .regex(WAIT_PATTERN, { error: '`retry_after` must be a number and a unit: s (seconds), m (minutes), h (hours) or d (days) — e.g. retry_after: 10m' })
      .optional(),
    questions: z
      .array(questionSchema, { error: '`questions` must be a list — start each question with "- question:"' })
      .min(1, { error: 'the knowledge check has no questions — add at least one under `questions:`' })
      .max(MAX_POOL, { error: `a knowledge check may hold at most ${MAX_POOL} questions — split it across modules` }),
  }).optional(),
  sources: z
    .array(listItem('source', '"Mead, S. et al. (2001) Peer support: a theoretical perspective."'), {
      error: '`sources` must be a list — start each source with "- "',
    })
    .default([]),
});

export type CourseFrontmatter = z.infer<typeof courseFrontmatterSchema>;
export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>;
export type Question = z.infer<typeof questionSchema>;
