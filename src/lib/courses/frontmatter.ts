/**
 * Splits a course file into YAML front matter and Markdown body, parses the YAML keeping
 * source positions, and validates it with a zod schema. Every problem carries the file line
 * of the key or value it concerns.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { problem, type CourseProblem } from './problems.ts';

export interface SplitFile {
  /** The YAML text between the `---` fences ('' when there is none). */
  yaml: string;
  /** 1-based file line of the first YAML line. */
  yamlStartLine: number;
  /** The Markdown body after the closing fence. */
  body: string;
  /** 1-based file line where the body starts. */
  bodyStartLine: number;
  hasFrontmatter: boolean;
}

const FENCE = /^---[ \t]*$/;

export function splitFrontmatter(source: string): SplitFile {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) {
    return { yaml: '', yamlStartLine: 1, body: text, bodyStartLine: 1, hasFrontmatter: false };
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close === -1) {
    return { yaml: lines.slice(1).join('\n'), yamlStartLine: 2, body: '', bodyStartLine: lines.length + 1, hasFrontmatter: true };
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlStartLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyStartLine: close + 2,
    hasFrontmatter: true,
  };
}

/** Finds the file line for a path into the front matter (falls back to the nearest parent). */
export type LineOf = (path: readonly PropertyKey[]) => number;

export interface ParsedFrontmatter<T> {
  data: T | undefined;
  problems: CourseProblem[];
  lineOf: LineOf;
}

/**
 * Parses and validates front matter.
 * Never throws: YAML syntax errors and schema errors come back as problems.
 */
export function parseFrontmatter<S extends z.ZodType>(file: string, split: SplitFile, schema: S): ParsedFrontmatter<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + split.yamlStartLine - 1;
  const lineOf = (path: readonly PropertyKey[]) => locate(doc, path, toFileLine) ?? split.yamlStartLine;

  if (!split.hasFrontmatter) {
    return {
      data: undefined,
      lineOf,
      problems: [problem(file, 1, 'the file does not start with front matter — put a line with three dashes (---) first, then the settings, then another --- line')],
    };
  }
  if (doc.errors.length > 0) {
    const seen = new Set<number>();
    const problems = doc.errors.flatMap((err) => {
      const { line, message } = describeYamlError(err.code, err.message, split.yaml, lineCounter.linePos(err.pos[0]).line);
      const fileLine = line + split.yamlStartLine - 1;
      if (seen.has(fileLine)) return [];
      seen.add(fileLine);
      return [problem(file, fileLine, message)];
    });
    return { data: undefined, lineOf, problems };
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return { data: result.data, problems: [], lineOf };
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      const where = lineOf([...issue.path, key]);
      const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
      return problem(file, where, `unknown setting ${keys}${describePath(issue.path)} — check the spelling against docs/AUTHORING.md, or remove it`);
    }
    const key = issue.path[issue.path.length - 1];
    if (issue.code === 'invalid_type' && typeof key === 'string' && !doc.hasIn(issue.path)) {
      const fix = issue.message.split(' — ')[1] ?? 'see docs/AUTHORING.md';
      return problem(file, lineOf(issue.path), prefixPath(issue.path, `\`${key}\` is missing — ${fix}`));
    }
    return problem(file, lineOf(issue.path), prefixPath(issue.path, issue.message));
  });
  return { data: undefined, problems, lineOf };
}

/** Turns a YAML parser error into words a trainer can act on, on the line where the mistake is. */
function describeYamlError(code: string, message: string, yaml: string, line: number): { line: number; message: string } {
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (quote) {
    // The parser notices at the end of the text; the mistake is where the quote was opened.
    const opened = yaml.split('\n').findIndex((text) => (text.split(quote).length - 1) % 2 === 1);
    return {
      line: opened >= 0 ? opened + 1 : line,
      message: `a ${quote === '"' ? 'double' : 'single'} quote mark is opened on this line but never closed — add the closing ${quote} at the end of the text`,
    };
  }
  switch (code) {
    case 'DUPLICATE_KEY':
      return { line, message: 'the same setting appears twice — keep only one of them' };
    case 'TAB_AS_INDENT':
      return { line, message: 'a tab is used to indent this line — indent with spaces instead' };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BAD_INDENT':
      return { line, message: 'the front matter is not valid YAML here — line this setting up with the ones around it, and put text that contains ": " in "quotes"' };
    default:
      return { line, message: `the front matter is not valid YAML (${message.split('\n')[0]}) — check the indentation and punctuation on this line; put text containing a colon in "quotes"` };
  }
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : ` in ${pathText(path)}`;
}

const ITEM_NAMES: Record<string, string> = {
  units: 'unit',
  outcomes: 'outcome',
  criteria: 'criterion',
  questions: 'question',
  options: 'option',
  authors: 'author',
  frameworks: 'framework',
  domains: 'domain',
  reflection_prompts: 'reflection prompt',
  sources: 'source',
  maps_to: 'entry',
  items: 'competency',
  scale: 'level',
  steps: 'step',
  reflection_templates: 'template',
  later_questions: 'later question',
  follow_up_months: 'follow-up',
};

/** A path as a trainer would say it: `question 2, option 1`, `accreditation`. */
export function pathText(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  path.forEach((part, i) => {
    if (typeof part === 'number') {
      const list = String(path[i - 1] ?? '');
      parts[parts.length - 1] = `${ITEM_NAMES[list] ?? list} ${part + 1}`;
    } else if (part !== 'knowledge_check') {
      parts.push(String(part));
    } else if (i === path.length - 1) {
      parts.push('knowledge check');
    }
  });
  return parts.join(', ');
}

function prefixPath(path: readonly PropertyKey[], message: string): string {
  // The field names itself in the message; the prefix says which item of which list.
  const context = pathText(typeof path[path.length - 1] === 'number' ? path : path.slice(0, -1));
  return context ? `${context}: ${message}` : message;
}

function locate(doc: Document, path: readonly PropertyKey[], toLine: (offset: number) => number): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeLine(node, toLine);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return best;
      best = rangeLine(pair.key, toLine) ?? best;
      node = pair.value;
      // A missing value (`title:` with nothing) still points at the key's line.
      if (node == null) return best;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) return best;
      node = item;
      best = rangeLine(node, toLine) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function rangeLine(node: unknown, toLine: (offset: number) => number): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? toLine(range[0]) : undefined;
}
