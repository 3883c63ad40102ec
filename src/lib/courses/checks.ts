/**
 * Problems in a course's files beyond what the schemas (./schema.ts) catch: accreditation sums,
 * references to units, outcomes and framework domains, knowledge-check questions and pools,
 * and the Markdown body's boxes, headings and links. Each pushes "what — how to fix" problems
 * at the right line; ./build.ts runs them.
 */
import { collectLinks, findUnknownContainers } from '../markdown/markdown.ts';
import { COURSE_FILE_TYPES, qualificationSize, type Criterion, type Question } from './course.ts';
import type { LineOf } from './frontmatter.ts';
import { problem, type CourseProblem } from './problems.ts';
import { MAX_ASKED, type CourseFrontmatter, type ModuleFrontmatter } from './schema.ts';

/** What course.md declares, for checking a module's references against. */
export interface Known {
  criteria: Map<string, Criterion>;
  outcomes: Set<string>;
  domains: Set<string>;
  fileSet: Set<string>;
}

export function checkAccreditation(meta: CourseFrontmatter, lineOf: LineOf, file: string, problems: CourseProblem[]) {
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

/** The competency set: a scale numbered 1, 2, 3… in order, unique ids, known framework domains. */
export function checkCompetencies(meta: CourseFrontmatter, domains: Set<string>, lineOf: LineOf, file: string, problems: CourseProblem[]) {
  const set = meta.competencies;
  if (!set) return;
  set.scale.forEach((level, i) => {
    if (level.score !== i + 1) {
      problems.push(problem(file, lineOf(['competencies', 'scale', i, 'score']), `level ${i + 1} of the rating scale has score ${level.score} — number the levels 1, 2, 3… from the lowest, in order (this one should be score: ${i + 1})`));
    }
  });
  const labels = new Map<string, number>();
  set.scale.forEach((level, i) => {
    const key = level.label.toLowerCase();
    if (labels.has(key)) {
      problems.push(problem(file, lineOf(['competencies', 'scale', i, 'label']), `two levels of the rating scale are both called "${level.label}" — give each level its own label`));
    }
    labels.set(key, i);
  });
  const ids = new Set<string>();
  set.items.forEach((item, i) => {
    if (ids.has(item.id)) {
      problems.push(problem(file, lineOf(['competencies', 'items', i, 'id']), `two competencies have the id "${item.id}" — give each its own id (ratings are kept by id, so do not change one once trainees are rated)`));
    }
    ids.add(item.id);
    item.maps_to.forEach((ref, j) => {
      if (!domains.has(ref)) {
        const hint = domains.size > 0 ? `one of ${[...domains].join(', ')}` : 'declare a framework under `frameworks:` first';
        problems.push(problem(file, lineOf(['competencies', 'items', i, 'maps_to', j]), `framework domain \`${ref}\` is not declared in course.md — use ${hint}`));
      }
    });
  });
}

/** Reflection templates: each offered once. */
export function checkTemplates(meta: CourseFrontmatter, lineOf: LineOf, file: string, problems: CourseProblem[]) {
  const seen = new Set<string>();
  (meta.reflection_templates ?? []).forEach((entry, i) => {
    const id = typeof entry === 'string' ? entry : entry.id;
    if (seen.has(id)) {
      problems.push(problem(file, lineOf(['reflection_templates', i]), `the reflection template "${id}" is listed twice — keep one, or give your own template another id`));
    }
    seen.add(id);
  });
}

export function checkReferences(data: ModuleFrontmatter, lineOf: LineOf, path: string, known: Known, problems: CourseProblem[]) {
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

export function checkQuestions(data: ModuleFrontmatter, lineOf: LineOf, path: string, problems: CourseProblem[]): Question[] {
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
export function checkPool(data: ModuleFrontmatter, lineOf: LineOf, path: string, problems: CourseProblem[]) {
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

export function checkBody(body: string, startLine: number, path: string, fileSet: Set<string>, problems: CourseProblem[]) {
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
    if (link.kind === 'image' && !link.alt?.trim()) {
      problems.push(problem(path, startLine + link.line, `the picture "${link.href}" has no description — write what it shows between the square brackets, e.g. ![Two peer workers talking on a bench](${link.href}), so people who cannot see it know`));
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

