/**
 * The course model: builds a validated course from its files. Pure: no file system, so the
 * checker, the site and the browser editor all share it and it is unit-tested without disk.
 */
import { createHash } from 'node:crypto';
import { collectLinks, countWords, findUnknownContainers } from '../markdown/markdown.ts';
import { parseFrontmatter, splitFrontmatter } from './frontmatter.ts';
import { problem, sortProblems, type CourseProblem } from './problems.ts';
import { sourceWarnings } from './warnings.ts';
import {
  MAX_ASKED,
  courseFrontmatterSchema,
  moduleFrontmatterSchema,
  parseWait,
  type CourseFrontmatter,
  type EnrolmentMode,
  type EvidenceType,
  type ModuleFrontmatter,
} from './schema.ts';

/** Files a course may link to or show, beside its modules: served by the site with these types. */
export const COURSE_FILE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf',
};

export const MODULE_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
export const COURSE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Reading speed used for "about N minutes to read". */
const WORDS_PER_MINUTE = 200;

export interface CourseFile {
  /** Path inside the course folder, forward slashes: `course.md`, `01-intro.md`, `images/a.png`. */
  path: string;
  content: string | Uint8Array;
}

export interface CourseInput {
  slug: string;
  /** The folder as it should appear in messages, e.g. `courses/peer-support-foundations`. */
  dir: string;
  files: CourseFile[];
}

export interface Criterion {
  /** Unique in the course: `U1/1.1`. */
  ref: string;
  id: string;
  text: string;
  evidence: EvidenceType;
  unitId: string;
  outcomeId: string;
}

export interface Outcome {
  ref: string;
  id: string;
  text: string;
  criteria: Criterion[];
}

export interface Unit {
  id: string;
  title: string;
  credits: number;
  guidedLearningHours: number;
  outcomes: Outcome[];
}

export interface QuestionOption {
  text: string;
  correct: boolean;
  feedback: string;
}

export interface Question {
  id: string;
  question: string;
  type: 'single' | 'multiple';
  options: QuestionOption[];
  /** Options are shown in an order shuffled per attempt (false: in the order written). */
  shuffle: boolean;
}

export interface KnowledgeCheck {
  passMark: number;
  /** The pool: every question the module holds, in file order. */
  questions: Question[];
  /** How many questions one attempt asks, drawn from the pool; undefined asks them all. */
  ask?: number | undefined;
  /** The wait between attempts in milliseconds (0: none). */
  retryAfterMs?: number;
}

export interface Module {
  /** Stable id used in URLs and records; from front matter `id` or the file name. */
  id: string;
  number: number;
  file: string;
  title: string;
  duration: number;
  criteria: string[];
  outcomes: string[];
  mapsTo: string[];
  contentNote: string | undefined;
  reflectionPrompts: string[];
  knowledgeCheck: KnowledgeCheck | undefined;
  sources: string[];
  body: string;
  readingMinutes: number;
}

export interface Course {
  slug: string;
  dir: string;
  title: string;
  summary: string;
  language: string;
  audience: string;
  authors: CourseFrontmatter['authors'];
  ordered: boolean;
  /** `open`: anyone signed in may enrol; `invitation`: only with a group code. */
  enrolment: EnrolmentMode;
  passMark: number;
  accreditation: CourseFrontmatter['accreditation'];
  frameworks: CourseFrontmatter['frameworks'];
  units: Unit[];
  intro: string;
  modules: Module[];
  /** Content hash of every file in the course folder (12 hex characters). */
  version: string;
  totalMinutes: number;
  criteria: Map<string, Criterion>;
}

export interface BuildResult {
  course: Course | undefined;
  problems: CourseProblem[];
  /** Things worth a look that do not stop the course being used (printed, never failing). */
  warnings: CourseProblem[];
}

/** Content hash over every file's path and bytes, in path order. */
export function courseVersion(files: CourseFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path);
    hash.update('\0');
    hash.update(file.content);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

const asText = (content: string | Uint8Array) => (typeof content === 'string' ? content : new TextDecoder().decode(content));

/**
 * Builds and validates a course. Never throws for bad content: every problem is returned,
 * and `course` is undefined when any problem was found.
 */
export function buildCourse(input: CourseInput): BuildResult {
  const problems: CourseProblem[] = [];
  const at = (path: string) => `${input.dir}/${path}`;
  const fileSet = new Set(input.files.map((f) => f.path));

  if (!COURSE_SLUG.test(input.slug)) {
    problems.push(problem(input.dir, 1, `the folder name "${input.slug}" is not a valid course address — use lower-case letters, digits and dashes, e.g. peer-support-foundations`));
  }
  const courseFile = input.files.find((f) => f.path === 'course.md');
  if (!courseFile) {
    problems.push(problem(at('course.md'), 1, 'this course folder has no course.md — add one (copy the example in docs/AUTHORING.md)'));
    return { course: undefined, problems, warnings: [] };
  }

  const courseSplit = splitFrontmatter(asText(courseFile.content));
  const courseParsed = parseFrontmatter(at('course.md'), courseSplit, courseFrontmatterSchema);
  problems.push(...courseParsed.problems);
  if (courseSplit.hasFrontmatter && courseSplit.body.trim() === '') {
    problems.push(problem(at('course.md'), courseSplit.bodyStartLine, 'the course has no introduction — write a few sentences after the closing --- line'));
  }
  checkBody(courseSplit.body, courseSplit.bodyStartLine, at('course.md'), fileSet, problems);

  const criteria = new Map<string, Criterion>();
  const outcomes = new Set<string>();
  const domains = new Set<string>();
  let units: Unit[] = [];
  const meta = courseParsed.data;
  if (meta) {
    units = buildUnits(meta, courseParsed.lineOf, at('course.md'), problems, criteria, outcomes);
    for (const fw of meta.frameworks) for (const d of fw.domains) domains.add(`${fw.id}/${d.id}`);
    checkAccreditation(meta, courseParsed.lineOf, at('course.md'), problems);
  }

  // Modules
  const modules: Module[] = [];
  const warnings: CourseProblem[] = [];
  const placements: Placement[] = [];
  const numbers = new Map<number, string>();
  const ids = new Map<string, string>();
  const coveredBy = new Map<string, string[]>();
  for (const file of input.files) {
    if (!file.path.endsWith('.md') || file.path === 'course.md' || file.path.includes('/')) continue;
    const match = MODULE_FILE.exec(file.path);
    if (!match) {
      problems.push(problem(at(file.path), 1, `"${file.path}" is not a module file name — name it with two digits, a dash and lower-case words, e.g. 03-boundaries.md`));
      continue;
    }
    const number = Number(match[1]);
    const earlier = numbers.get(number);
    if (earlier) {
      problems.push(problem(at(file.path), 1, `module number ${match[1]} is also used by ${earlier} — give each module its own number, e.g. rename this file to ${String(maxNumber(numbers) + 1).padStart(2, '0')}-${match[2]}.md`));
    } else {
      numbers.set(number, file.path);
    }
    const module = buildModule(file, match[2]!, number, at(file.path), meta, { criteria, outcomes, domains, fileSet }, problems, { warnings, placements });
    if (!module) continue;
    const sameId = ids.get(module.id);
    if (sameId) {
      problems.push(problem(at(file.path), 1, `module id "${module.id}" is also used by ${sameId} — give this module a different \`id\` or file name`));
    }
    ids.set(module.id, file.path);
    for (const ref of module.criteria) coveredBy.set(ref, [...(coveredBy.get(ref) ?? []), module.id]);
    modules.push(module);
  }
  if (courseFile && meta && modules.length === 0 && problems.length === 0) {
    problems.push(problem(at('course.md'), 1, 'the course has no modules — add a file such as 01-introduction.md beside course.md'));
  }

  // Criteria that no module serves cannot be taught or assessed.
  if (meta && problems.length === 0) {
    for (const [ref] of criteria) {
      if (!coveredBy.has(ref)) {
        const [unitIndex, outcomeIndex, criterionIndex] = indexOfCriterion(meta, ref);
        const line = courseParsed.lineOf(['units', unitIndex, 'outcomes', outcomeIndex, 'criteria', criterionIndex]);
        problems.push(problem(at('course.md'), line, `assessment criterion ${ref} is not covered by any module — add "${ref}" to the \`criteria\` of the module that teaches it`));
      }
    }
  }

  warnings.push(...positionWarnings(placements));
  warnings.splice(0, warnings.length, ...sortProblems(warnings));
  if (problems.length > 0 || !meta) return { course: undefined, problems, warnings };
  modules.sort((a, b) => a.number - b.number);
  return {
    problems,
    warnings,
    course: {
      slug: input.slug,
      dir: input.dir,
      title: meta.title,
      summary: meta.summary,
      language: meta.language,
      audience: meta.audience,
      authors: meta.authors,
      ordered: meta.ordered,
      enrolment: meta.enrolment,
      passMark: meta.pass_mark,
      accreditation: meta.accreditation,
      frameworks: meta.frameworks,
      units,
      intro: courseSplit.body,
      modules,
      version: courseVersion(input.files),
      totalMinutes: modules.reduce((sum, m) => sum + m.duration, 0),
      criteria,
    },
  };
}

function maxNumber(numbers: Map<number, string>): number {
  return Math.max(0, ...numbers.keys());
}

function indexOfCriterion(meta: CourseFrontmatter, ref: string): [number, number, number] {
  for (const [u, unit] of meta.units.entries()) {
    for (const [o, outcome] of unit.outcomes.entries()) {
      const c = outcome.criteria.findIndex((cr) => `${unit.id}/${cr.id}` === ref);
      if (c >= 0) return [u, o, c];
    }
  }
  return [0, 0, 0];
}

type LineOf = (path: readonly PropertyKey[]) => number;

function buildUnits(
  meta: CourseFrontmatter,
  lineOf: LineOf,
  file: string,
  problems: CourseProblem[],
  criteria: Map<string, Criterion>,
  outcomes: Set<string>,
): Unit[] {
  const unitIds = new Set<string>();
  return meta.units.map((unit, u) => {
    if (unitIds.has(unit.id)) {
      problems.push(problem(file, lineOf(['units', u, 'id']), `unit id "${unit.id}" is used twice — give each unit its own id, e.g. U${meta.units.length}`));
    }
    unitIds.add(unit.id);
    const outcomeIds = new Set<string>();
    return {
      id: unit.id,
      title: unit.title,
      credits: unit.credits,
      guidedLearningHours: unit.guided_learning_hours,
      outcomes: unit.outcomes.map((outcome, o) => {
        const outcomeRef = `${unit.id}/${outcome.id}`;
        if (outcomeIds.has(outcome.id)) {
          problems.push(problem(file, lineOf(['units', u, 'outcomes', o, 'id']), `learning outcome "${outcome.id}" appears twice in unit ${unit.id} — number the outcomes 1, 2, 3…`));
        }
        outcomeIds.add(outcome.id);
        outcomes.add(outcomeRef);
        return {
          ref: outcomeRef,
          id: outcome.id,
          text: outcome.text,
          criteria: outcome.criteria.map((criterion, c) => {
            const ref = `${unit.id}/${criterion.id}`;
            const where = lineOf(['units', u, 'outcomes', o, 'criteria', c, 'id']);
            if (!criterion.id.startsWith(`${outcome.id}.`)) {
              problems.push(problem(file, where, `criterion "${criterion.id}" is under learning outcome ${outcome.id}, so its number must start with "${outcome.id}." — e.g. id: "${outcome.id}.${c + 1}"`));
            }
            if (criteria.has(ref)) {
              problems.push(problem(file, where, `criterion "${criterion.id}" appears twice in unit ${unit.id} — give each criterion its own number`));
            }
            const model: Criterion = { ref, id: criterion.id, text: criterion.text, evidence: criterion.evidence, unitId: unit.id, outcomeId: outcome.id };
            criteria.set(ref, model);
            return model;
          }),
        };
      }),
    };
  });
}

/** RQF sizes: Award up to 12 credits, Certificate 13–36, Diploma 37 or more. */
export function qualificationSize(credits: number): 'Award' | 'Certificate' | 'Diploma' {
  if (credits <= 12) return 'Award';
  if (credits <= 36) return 'Certificate';
  return 'Diploma';
}

function checkAccreditation(meta: CourseFrontmatter, lineOf: LineOf, file: string, problems: CourseProblem[]) {
  const acc = meta.accreditation;
  if (!acc) return;
  const unitCredits = meta.units.reduce((sum, u) => sum + u.credits, 0);
  const unitHours = meta.units.reduce((sum, u) => sum + u.guided_learning_hours, 0);
  if (unitCredits !== acc.credits) {
    problems.push(problem(file, lineOf(['accreditation', 'credits']), `the units add up to ${unitCredits} credits but \`credits\` says ${acc.credits} — make them match (change a unit's credits or this number)`));
  }
  if (unitHours !== acc.guided_learning_hours) {
    problems.push(problem(file, lineOf(['accreditation', 'guided_learning_hours']), `the units add up to ${unitHours} guided learning hours but \`guided_learning_hours\` says ${acc.guided_learning_hours} — make them match`));
  }
  if (acc.total_qualification_time !== acc.credits * 10) {
    problems.push(problem(file, lineOf(['accreditation', 'total_qualification_time']), `${acc.credits} credits means ${acc.credits * 10} hours of total qualification time (1 credit = 10 hours), not ${acc.total_qualification_time} — set total_qualification_time: ${acc.credits * 10}`));
  }
  if (acc.guided_learning_hours > acc.total_qualification_time) {
    problems.push(problem(file, lineOf(['accreditation', 'guided_learning_hours']), 'guided learning hours cannot be more than the total qualification time — guided learning is part of it'));
  }
  const size = qualificationSize(acc.credits);
  const named = (['Award', 'Certificate', 'Diploma'] as const).find((word) => new RegExp(`\\b${word}\\b`, 'i').test(acc.qualification));
  if (named && named !== size) {
    problems.push(problem(file, lineOf(['accreditation', 'qualification']), `a qualification of ${acc.credits} credits is ${size === 'Award' ? 'an' : 'a'} ${size}, not ${named === 'Award' ? 'an' : 'a'} ${named} (Award 1–12, Certificate 13–36, Diploma 37+) — change the title or the credits`));
  }
}

interface Known {
  criteria: Map<string, Criterion>;
  outcomes: Set<string>;
  domains: Set<string>;
  fileSet: Set<string>;
}

function buildModule(
  file: CourseFile,
  slug: string,
  number: number,
  path: string,
  course: CourseFrontmatter | undefined,
  known: Known,
  problems: CourseProblem[],
  found: { warnings: CourseProblem[]; placements: Placement[] } = { warnings: [], placements: [] },
): Module | undefined {
  const split = splitFrontmatter(asText(file.content));
  const parsed = parseFrontmatter(path, split, moduleFrontmatterSchema);
  problems.push(...parsed.problems);
  const before = problems.length;
  const data = parsed.data;

  if (split.hasFrontmatter && split.body.trim() === '') {
    problems.push(problem(path, split.bodyStartLine, 'the module has no text — write the module after the closing --- line'));
  }
  checkBody(split.body, split.bodyStartLine, path, known.fileSet, problems);
  if (!data) return undefined;

  if (course) checkReferences(data, parsed.lineOf, path, known, problems);
  const questions = checkQuestions(data, parsed.lineOf, path, problems);
  checkPool(data, parsed.lineOf, path, problems);
  found.warnings.push(...feedbackWarnings(data, parsed.lineOf, path));
  found.warnings.push(...sourceWarnings(path, data.sources, (i) => parsed.lineOf(['sources', i])));
  (data.knowledge_check?.questions ?? []).forEach((q, i) => {
    found.placements.push({ file: path, line: parsed.lineOf(['knowledge_check', 'questions', i]), type: q.type, correct: q.options.flatMap((o, j) => (o.correct ? [j] : [])), options: q.options.length });
  });
  if (problems.length > before) return undefined;

  return {
    id: data.id ?? slug,
    number,
    file: file.path,
    title: data.title,
    duration: data.duration,
    criteria: data.criteria,
    outcomes: data.outcomes,
    mapsTo: data.maps_to,
    contentNote: data.content_note,
    reflectionPrompts: data.reflection_prompts,
    knowledgeCheck: data.knowledge_check
      ? {
          passMark: data.knowledge_check.pass_mark ?? course?.pass_mark ?? 75,
          questions,
          ask: data.knowledge_check.ask,
          retryAfterMs: data.knowledge_check.retry_after ? (parseWait(data.knowledge_check.retry_after) ?? 0) : 0,
        }
      : undefined,
    sources: data.sources,
    body: split.body,
    readingMinutes: Math.max(1, Math.round(countWords(split.body) / WORDS_PER_MINUTE)),
  };
}

function checkReferences(data: ModuleFrontmatter, lineOf: LineOf, path: string, known: Known, problems: CourseProblem[]) {
  data.criteria.forEach((ref, i) => {
    if (!known.criteria.has(ref)) {
      problems.push(problem(path, lineOf(['criteria', i]), `criterion \`${ref}\` is not in course.md — add it there or fix the id (criteria look like U1/1.1: unit id, slash, criterion id)`));
    }
  });
  data.outcomes.forEach((ref, i) => {
    if (!known.outcomes.has(ref)) {
      problems.push(problem(path, lineOf(['outcomes', i]), `learning outcome \`${ref}\` is not in course.md — add it there or fix the id (outcomes look like U1/1)`));
    }
  });
  data.maps_to.forEach((ref, i) => {
    if (!known.domains.has(ref)) {
      const hint = known.domains.size > 0 ? `one of ${[...known.domains].join(', ')}` : 'declare a framework under `frameworks:` in course.md first';
      problems.push(problem(path, lineOf(['maps_to', i]), `framework domain \`${ref}\` is not declared in course.md — use ${hint}`));
    }
  });
}

function checkQuestions(data: ModuleFrontmatter, lineOf: LineOf, path: string, problems: CourseProblem[]): Question[] {
  const seen = new Set<string>();
  return (data.knowledge_check?.questions ?? []).map((q, i) => {
    const where = lineOf(['knowledge_check', 'questions', i]);
    const id = q.id ?? `q${i + 1}`;
    if (seen.has(id)) problems.push(problem(path, where, `question id "${id}" is used twice — give each question its own id`));
    seen.add(id);
    const correct = q.options.filter((o) => o.correct).length;
    if (q.type === 'single' && correct !== 1) {
      problems.push(problem(path, where, `question ${i + 1} is \`single\` but has ${correct} correct options — mark exactly one option with correct: true, or make it type: multiple`));
    }
    if (q.type === 'multiple' && correct === 0) {
      problems.push(problem(path, where, `question ${i + 1} has no correct option — mark at least one option with correct: true`));
    }
    return { id, question: q.question, type: q.type, options: q.options, shuffle: q.shuffle ?? data.knowledge_check?.shuffle ?? true };
  });
}

/** A pool's size against how many questions each attempt asks. */
function checkPool(data: ModuleFrontmatter, lineOf: LineOf, path: string, problems: CourseProblem[]) {
  const check = data.knowledge_check;
  if (!check) return;
  const pool = check.questions.length;
  if (check.ask === undefined) {
    if (pool > MAX_ASKED) {
      problems.push(problem(path, lineOf(['knowledge_check', 'questions']), `this knowledge check has ${pool} questions, but one attempt may ask at most ${MAX_ASKED} — add \`ask: ${MAX_ASKED}\` (or fewer) under \`knowledge_check:\` to draw that many at random for each attempt, or split the questions across modules`));
    }
    return;
  }
  const where = lineOf(['knowledge_check', 'ask']);
  if (check.ask < 1) {
    problems.push(problem(path, where, `\`ask\` is ${check.ask}, but each attempt must ask at least 1 question — write a number from 1 to ${Math.min(pool, MAX_ASKED)}, or remove \`ask\` to ask every question`));
  } else if (check.ask > pool) {
    problems.push(problem(path, where, `\`ask\` is ${check.ask}, but this knowledge check has only ${pool} ${pool === 1 ? 'question' : 'questions'} to draw from — ask at most ${Math.min(pool, MAX_ASKED)}, or add more questions under \`questions:\``));
  } else if (check.ask > MAX_ASKED) {
    problems.push(problem(path, where, `\`ask\` is ${check.ask}, but one attempt may ask at most ${MAX_ASKED} questions — write ask: ${MAX_ASKED} or fewer`));
  }
}

/** Where one question's correct options sit, for the course-wide position warning. */
export interface Placement {
  file: string;
  line: number;
  type: 'single' | 'multiple';
  /** File indexes of the correct options. */
  correct: number[];
  options: number;
}

/** Share of questions at or above which a pattern in the correct answers' positions is flagged. */
export const POSITION_WARNING_SHARE = 0.7;
/** Fewer questions than this say too little about a pattern. */
const POSITION_WARNING_MIN = 4;

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/**
 * Warns when a course's right answers sit in the same place in most questions: the same
 * option of most "choose one" questions, or on top in most "choose all that apply" ones.
 * Shuffling hides the order from trainees, but a pattern still shows in questions written
 * with a fixed order and in the files themselves.
 */
export function positionWarnings(placements: readonly Placement[]): CourseProblem[] {
  const warnings: CourseProblem[] = [];
  const single = placements.filter((p) => p.type === 'single' && p.correct.length === 1);
  if (single.length >= POSITION_WARNING_MIN) {
    const counts = new Map<number, Placement[]>();
    for (const p of single) counts.set(p.correct[0]!, [...(counts.get(p.correct[0]!) ?? []), p]);
    for (const [position, same] of counts) {
      if (same.length / single.length >= POSITION_WARNING_SHARE) {
        const first = same[0]!;
        warnings.push(problem(first.file, first.line, `in ${same.length} of the course's ${single.length} "choose one" questions the right answer is the ${ORDINAL[position] ?? `number ${position + 1}`} option (this is the first of them) — move the right answer to different places so its position gives nothing away`));
      }
    }
  }
  const multiple = placements.filter((p) => p.type === 'multiple' && p.correct.length > 0 && p.correct.length < p.options);
  if (multiple.length >= POSITION_WARNING_MIN) {
    const onTop = multiple.filter((p) => p.correct.every((index, i) => index === i));
    if (onTop.length / multiple.length >= POSITION_WARNING_SHARE) {
      const first = onTop[0]!;
      warnings.push(problem(first.file, first.line, `in ${onTop.length} of the course's ${multiple.length} "choose all that apply" questions the right answers are all at the top (this is the first of them) — mix the right answers in among the others`));
    }
  }
  return warnings;
}

/** Text compared loosely: lower case, Markdown and punctuation gone, spaces single. */
function loose(text: string): string {
  return ` ${text.toLowerCase().replace(/[*_`~[\]()"“”‘’'.,;:!?…—–-]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
}

/** An option text long enough that finding it in feedback is no accident. */
const quotable = (text: string) => text.trim().length >= 8 || text.trim().split(/\s+/).length >= 2;

/** Warns when a wrong option's feedback quotes a right option's text (it gives the answer away). */
export function feedbackWarnings(data: ModuleFrontmatter, lineOf: LineOf, path: string): CourseProblem[] {
  const warnings: CourseProblem[] = [];
  (data.knowledge_check?.questions ?? []).forEach((q, i) => {
    const right = q.options.filter((o) => o.correct && quotable(o.text)).map((o) => ({ text: o.text.trim(), loose: loose(o.text) }));
    q.options.forEach((option, j) => {
      if (option.correct) return;
      const feedback = loose(option.feedback);
      const quoted = right.find((r) => r.loose.trim() !== '' && feedback.includes(r.loose));
      if (quoted) {
        warnings.push(problem(path, lineOf(['knowledge_check', 'questions', i, 'options', j, 'feedback']), `question ${i + 1}, option ${j + 1}: the feedback for this wrong option quotes the right answer ("${quoted.text.slice(0, 60)}") — say why this option does not fit, without naming the right one, so trying again still means thinking it through`));
      }
    });
  });
  return warnings;
}

function checkBody(body: string, startLine: number, path: string, fileSet: Set<string>, problems: CourseProblem[]) {
  for (const { name, line } of findUnknownContainers(body)) {
    problems.push(problem(path, startLine + line, `\`::: ${name}\` is not a known box — use one of activity, reflection, content-note, key-point, easy-read, example, support`));
  }
  body.split('\n').forEach((text, i) => {
    if (/^#\s/.test(text)) {
      problems.push(problem(path, startLine + i, 'a top-level heading (# …) repeats the module title — use ## for sections; the title comes from `title:`'));
    }
  });
  for (const link of collectLinks(body)) {
    const target = link.href.split('#')[0]!.split('?')[0]!;
    if (link.kind === 'link') {
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
      if (target.endsWith('.md')) {
        if (!fileSet.has(target)) {
          problems.push(problem(path, startLine + link.line, `the link to "${link.href}" goes to a file that is not in this course — check the file name (module files look like 02-next-module.md)`));
        }
        continue;
      }
    }
    if (link.kind === 'image' && /^[a-z][a-z0-9+.-]*:/i.test(target)) {
      problems.push(problem(path, startLine + link.line, `the image "${link.href}" is loaded from another site — put the picture in this course's images folder and link to images/<name>`));
      continue;
    }
    if (target.startsWith('/') || target.split('/').includes('..')) {
      problems.push(problem(path, startLine + link.line, `"${link.href}" points outside this course folder — keep files inside the course folder, e.g. images/picture.png`));
      continue;
    }
    const extension = /\.[a-z0-9]+$/i.exec(target)?.[0]?.toLowerCase() ?? '';
    if (!COURSE_FILE_TYPES[extension]) {
      problems.push(problem(path, startLine + link.line, `"${link.href}" is not a file type the site can show — link to pictures (png, jpg, gif, webp, avif) or PDF handouts only`));
      continue;
    }
    if (!fileSet.has(target.replace(/^\.\//, ''))) {
      const what = link.kind === 'image' ? 'image' : 'file';
      problems.push(problem(path, startLine + link.line, `the ${what} "${link.href}" does not exist in this course folder — check the spelling or add the file`));
    }
  }
}

/** Looks a module up by its id. */
export function findModule(course: Course, moduleId: string): Module | undefined {
  return course.modules.find((m) => m.id === moduleId);
}

/** Which modules serve each criterion ref. */
export function modulesByCriterion(course: Course): Map<string, Module[]> {
  const map = new Map<string, Module[]>();
  for (const module of course.modules) {
    for (const ref of module.criteria) map.set(ref, [...(map.get(ref) ?? []), module]);
  }
  return map;
}

/** Total credits of a course (from its units). */
export function courseCredits(course: Course): number {
  return course.units.reduce((sum, u) => sum + u.credits, 0);
}
