/**
 * Inline validation for the browser editor: the same buildCourse the `courses:check` command
 * runs, over the working copy with the file being edited replaced by the text in the editor.
 * Each problem is then placed where the author can act on it: a front-matter field (found from
 * the YAML line) or a line of the Markdown body.
 */
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { buildCourse } from '../courses/build.ts';
import type { Course, CourseFile } from '../courses/course.ts';
import { splitFrontmatter } from '../courses/frontmatter.ts';
import { sortProblems, type CourseProblem } from '../courses/problems.ts';
import { listWorkingFiles, workingCoursesDir } from './workspace.ts';

export interface ValidationResult {
  course: Course | undefined;
  problems: CourseProblem[];
}

/** How a course folder appears in messages: relative to the folder the server was started in, as `courses:check` prints it. */
export function courseDisplayDir(coursesDir: string, slug: string, root = process.cwd()): string {
  return path.relative(root, path.join(coursesDir, slug)).split(path.sep).join('/') || '.';
}

/**
 * Pure core: builds the course from `files` with one file's text replaced (or added).
 * Problems are sorted as `courses:check` prints them.
 */
export function validateCourseFiles(slug: string, dir: string, files: CourseFile[], override?: { path: string; content: string }): ValidationResult {
  const list = override ? [...files.filter((f) => f.path !== override.path), { path: override.path, content: override.content }] : files;
  const result = buildCourse({ slug, dir, files: list });
  return { course: result.course, problems: sortProblems(result.problems) };
}

/**
 * Validates a course's working copy (the files the editor writes), optionally with one file's
 * text replaced by what is in the editor now. The messages are exactly those of `courses:check`.
 */
export function validateWorkingCourse(slug: string, override?: { path: string; content: string }, coursesDir: string = workingCoursesDir()): ValidationResult {
  const files: CourseFile[] = listWorkingFiles(slug, coursesDir).map((f) => ({
    path: f.path,
    content: f.path.endsWith('.md') ? new TextDecoder().decode(f.content) : f.content,
  }));
  return validateCourseFiles(slug, courseDisplayDir(coursesDir, slug), files, override);
}

/** Where a problem belongs in the editor. */
export type ProblemPlace =
  /** A front-matter setting: `key` is its path (`['knowledge_check','questions',0,'options',1,'feedback']`). */
  | { kind: 'field'; key: (string | number)[]; fileLine: number }
  /** A line of the Markdown body (1-based within the body). */
  | { kind: 'body'; line: number; fileLine: number }
  /** The file as a whole, or another file of the course. */
  | { kind: 'file'; fileLine: number; file: string };

export interface PlacedProblem extends CourseProblem {
  place: ProblemPlace;
  /** `path:line: message`, exactly as `courses:check` prints it. */
  text: string;
}

/**
 * Places each problem of the file `filePath` (inside the course folder `dir`) at its field or
 * body line; problems in other files stay whole-file problems.
 */
export function placeProblems(problems: CourseProblem[], dir: string, filePath: string, source: string): PlacedProblem[] {
  const split = splitFrontmatter(source);
  const keyAt = yamlKeyFinder(split.yaml, split.yamlStartLine);
  const own = `${dir}/${filePath}`;
  return problems.map((p) => {
    const text = `${p.file}:${p.line}: ${p.message}`;
    if (p.file !== own) return { ...p, text, place: { kind: 'file', fileLine: p.line, file: p.file } };
    if (split.hasFrontmatter && p.line >= split.yamlStartLine && p.line < split.bodyStartLine - 1) {
      return { ...p, text, place: { kind: 'field', key: keyAt(p.line), fileLine: p.line } };
    }
    if (p.line >= split.bodyStartLine) {
      // The editor shows the body without the blank lines after the closing ---.
      const lead = /^\n*/.exec(split.body)?.[0].length ?? 0;
      return { ...p, text, place: { kind: 'body', line: Math.max(1, p.line - split.bodyStartLine + 1 - lead), fileLine: p.line } };
    }
    return { ...p, text, place: { kind: 'field', key: [], fileLine: p.line } };
  });
}

/**
 * Returns a function from a file line to the path of the deepest YAML key or list item that
 * starts on that line (or the nearest one above it). `[]` when the YAML cannot be read.
 */
export function yamlKeyFinder(yaml: string, startLine: number): (fileLine: number) => (string | number)[] {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const starts: { line: number; key: (string | number)[] }[] = [];
  const lineOf = (node: unknown) => {
    const range = (node as Node | null | undefined)?.range;
    return range ? counter.linePos(range[0]).line + startLine - 1 : undefined;
  };
  const walk = (node: unknown, key: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const child = [...key, String(pair.key.value)];
        const line = lineOf(pair.key);
        if (line !== undefined) starts.push({ line, key: child });
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = [...key, i];
        const line = lineOf(item);
        if (line !== undefined) starts.push({ line, key: child });
        walk(item, child);
      });
    }
  };
  if (doc.errors.length === 0) walk(doc.contents, []);
  return (fileLine) => {
    let best: { line: number; key: (string | number)[] } | undefined;
    for (const s of starts) {
      if (s.line > fileLine) continue;
      // Deepest key on the line itself; otherwise the last one above.
      if (!best || s.line > best.line || (s.line === best.line && s.key.length > best.key.length)) best = s;
    }
    return best?.key ?? [];
  };
}
