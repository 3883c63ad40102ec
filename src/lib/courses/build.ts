/**
 * Builds a validated course from its files. Pure: no file system, so the checker, the site and
 * the browser editor all share it and it is unit-tested without disk. Never throws for bad
 * content: problems (./checks.ts and the structure checks here) and warnings (./warnings.ts)
 * come back with it.
 */
import { countWords } from '../markdown/markdown.ts';
import { checkQuestionnaire, questionnaireModel } from './impact-questionnaire.ts';
import { checkPracticeTargets } from './practice.ts';
import { checkAccreditation, checkBody, checkCompetencies, checkTemplates, checkPool, checkQuestions, checkReferences, type Known } from './checks.ts';
import { COURSE_SLUG, MODULE_FILE, courseVersion, type Course, type CourseFile, type Criterion, type Module, type Unit } from './course.ts';
import { parseFrontmatter, splitFrontmatter, type LineOf } from './frontmatter.ts';
import { problem, sortProblems, type CourseProblem } from './problems.ts';
import { courseTemplates } from './reflection-templates.ts';
import { courseFrontmatterSchema, moduleFrontmatterSchema, parseWait, type CourseFrontmatter } from './schema.ts';
import { checkBoxes, checkPlaceholders } from './unfinished.ts';
import { feedbackWarnings, positionWarnings, sourceWarnings, type Placement } from './warnings.ts';

/** Reading speed used for "about N minutes to read". */
const WORDS_PER_MINUTE = 200;

export interface CourseInput {
  slug: string;
  /** The folder as it should appear in messages, e.g. `courses/peer-support-foundations`. */
  dir: string;
  files: CourseFile[];
}

export interface BuildResult {
  course: Course | undefined;
  problems: CourseProblem[];
  /** Things worth a look that do not stop the course being used (printed, never failing). */
  warnings: CourseProblem[];
}

const asText = (content: string | Uint8Array) => (typeof content === 'string' ? content : new TextDecoder().decode(content));

/** True when a body has words for trainees beyond headings and box lines (`::: activity …`, `:::`). */
export function hasText(body: string): boolean {
  const text = body
    .split('\n')
    .filter((line) => !/^\s*#{1,6}\s/.test(line) && !/^\s*:{3,}/.test(line))
    .join('\n');
  return countWords(text) > 0;
}


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

  const courseSource = asText(courseFile.content);
  const courseSplit = splitFrontmatter(courseSource);
  const courseParsed = parseFrontmatter(at('course.md'), courseSplit, courseFrontmatterSchema);
  problems.push(...courseParsed.problems);
  if (courseSplit.hasFrontmatter && !hasText(courseSplit.body)) {
    problems.push(problem(at('course.md'), courseSplit.bodyStartLine, 'the course has no introduction — write a few sentences after the closing --- line'));
  }
  checkBody(courseSplit.body, courseSplit.bodyStartLine, at('course.md'), fileSet, problems);
  checkBoxes(courseSplit.body, courseSplit.bodyStartLine, at('course.md'), problems);
  checkPlaceholders(courseSource, at('course.md'), problems);

  const criteria = new Map<string, Criterion>();
  const outcomes = new Set<string>();
  const domains = new Set<string>();
  let units: Unit[] = [];
  const meta = courseParsed.data;
  if (meta) {
    units = buildUnits(meta, courseParsed.lineOf, at('course.md'), problems, criteria, outcomes);
    for (const fw of meta.frameworks) for (const d of fw.domains) domains.add(`${fw.id}/${d.id}`);
    checkAccreditation(meta, courseParsed.lineOf, at('course.md'), problems);
    checkPracticeTargets(meta, courseParsed.lineOf, at('course.md'), problems);
    checkCompetencies(meta, domains, courseParsed.lineOf, at('course.md'), problems);
    checkTemplates(meta, courseParsed.lineOf, at('course.md'), problems);
    checkQuestionnaire(meta.impact_questionnaire, courseParsed.lineOf, at('course.md'), problems);
  }

  // Modules
  const modules: Module[] = [];
  const warnings: CourseProblem[] = [];
  const placements: Placement[] = [];
  const numbers = new Map<number, string>();
  const ids = new Map<string, string>();
  const coveredBy = new Map<string, string[]>();
  // Modules whose settings could be read, even if they have other problems, so that the
  // course-wide checks below still run and every problem is reported in one run.
  const read: ReadModule[] = [];
  let moduleFiles = 0;
  let unreadable = 0;
  for (const file of input.files) {
    if (!file.path.endsWith('.md') || file.path === 'course.md' || file.path.includes('/')) continue;
    const match = MODULE_FILE.exec(file.path);
    if (!match) {
      problems.push(problem(at(file.path), 1, `"${file.path}" is not a module file name — name it with two digits, a dash and lower-case words, e.g. 03-boundaries.md`));
      continue;
    }
    moduleFiles++;
    const number = Number(match[1]);
    const earlier = numbers.get(number);
    if (earlier) {
      problems.push(problem(at(file.path), 1, `module number ${match[1]} is also used by ${earlier} — give each module its own number, e.g. rename this file to ${String(maxNumber(numbers) + 1).padStart(2, '0')}-${match[2]}.md`));
    } else {
      numbers.set(number, file.path);
    }
    const found = { warnings, placements, read: undefined as ReadModule | undefined };
    const module = buildModule(file, match[2]!, number, at(file.path), meta, { criteria, outcomes, domains, fileSet }, problems, found);
    if (!found.read) {
      unreadable++;
      continue;
    }
    const { id } = found.read;
    const sameId = ids.get(id);
    if (sameId) {
      problems.push(problem(at(file.path), 1, `module id "${id}" is also used by ${sameId} — give this module a different \`id\` or file name`));
    }
    ids.set(id, file.path);
    for (const ref of found.read.criteria) coveredBy.set(ref, [...(coveredBy.get(ref) ?? []), id]);
    read.push(found.read);
    if (module) modules.push(module);
  }
  if (meta && moduleFiles === 0) {
    problems.push(problem(at('course.md'), 1, 'the course has no modules — add a file such as 01-introduction.md beside course.md'));
  }

  // Criteria that no module serves cannot be taught or assessed. Checked whenever every
  // module's settings could be read (a module that cannot be read might cover them).
  if (meta && unreadable === 0 && moduleFiles > 0) {
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
      credits: meta.credits ?? [],
      ordered: meta.ordered,
      enrolment: meta.enrolment,
      passMark: meta.pass_mark,
      minimumAttendance: meta.minimum_attendance,
      accreditation: meta.accreditation,
      frameworks: meta.frameworks,
      practiceHours: meta.practice_hours,
      supervision: meta.supervision,
      competencies: meta.competencies
        ? {
            title: meta.competencies.title ?? 'Competencies',
            source: meta.competencies.source ?? '',
            scale: meta.competencies.scale,
            items: meta.competencies.items.map((c) => ({ id: c.id, title: c.title, description: c.description, mapsTo: c.maps_to })),
          }
        : undefined,
      reflectionTemplates: courseTemplates(meta.reflection_templates),
      impactQuestionnaire: questionnaireModel(meta.impact_questionnaire),
      units,
      intro: courseSplit.body,
      modules,
      version: courseVersion(input.files),
      totalMinutes: modules.reduce((sum, m) => sum + m.duration, 0),
      criteria,
    },
  };
}

/** What the course-wide checks need from a module whose settings could be read. */
interface ReadModule {
  id: string;
  criteria: string[];
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

function buildModule(
  file: CourseFile,
  slug: string,
  number: number,
  path: string,
  course: CourseFrontmatter | undefined,
  known: Known,
  problems: CourseProblem[],
  found: { warnings: CourseProblem[]; placements: Placement[]; read?: ReadModule } = { warnings: [], placements: [] },
): Module | undefined {
  const source = asText(file.content);
  const split = splitFrontmatter(source);
  const parsed = parseFrontmatter(path, split, moduleFrontmatterSchema);
  problems.push(...parsed.problems);
  const before = problems.length;
  const data = parsed.data;

  if (split.hasFrontmatter && !hasText(split.body)) {
    problems.push(problem(path, split.bodyStartLine, 'the module has no text — write the module after the closing --- line'));
  }
  checkBody(split.body, split.bodyStartLine, path, known.fileSet, problems);
  checkBoxes(split.body, split.bodyStartLine, path, problems);
  checkPlaceholders(source, path, problems);
  if (!data) return undefined;
  found.read = { id: data.id ?? slug, criteria: data.criteria };

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

