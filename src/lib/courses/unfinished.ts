/**
 * "Nothing unfinished reaches trainees": checks for text that was never finished. Each is a
 * problem (so it blocks publishing and fails `courses:check`), written for a peer trainer:
 *
 * - the starter text that a new course or module is made with (./template's sentences, listed
 *   here so the template and the check can never drift apart), and `lorem ipsum` or `TODO`;
 * - a box with nothing in it (`::: activity` straight followed by `:::`);
 * - a box that is never closed, or still open when the next box starts.
 *
 * A module or course with no text at all is checked in ./build.ts.
 */
import { findBoxes } from '../markdown/markdown.ts';
import { problem, type CourseProblem } from './problems.ts';

/**
 * Sentences the templates write for the author to replace. Kept short and exact: a sentence a
 * real course could contain on purpose must not be listed.
 */
export const TEMPLATE_TEXT = {
  summary: (title: string) => `What ${title} is about, in one or two sentences.`,
  audience: 'Who this course is for, in a sentence.',
  unitTitle: 'Name of the first unit',
  outcome: 'Understand the first idea of the course',
  criterion: 'Describe the first idea in their own words',
  courseIntro: 'Say who this course is for and what people will get from it. Remind readers that they can pause at any time.',
  moduleIntro: 'Write the module here. Use short paragraphs and plain words.',
  sectionHint: 'Start each new section with two hashes (##) and a short heading.',
  activity: 'Describe something the reader can do, on their own or with others.',
  reflection: 'What would you like to get from this course?',
} as const;

/** Patterns that find the template's sentences (and other unfinished text) on one line. */
const PLACEHOLDERS: { pattern: RegExp; quote: string; marker?: true }[] = [
  { pattern: /What .{1,200} is about, in one or two sentences\./, quote: 'What … is about, in one or two sentences.' },
  ...[TEMPLATE_TEXT.audience, TEMPLATE_TEXT.unitTitle, TEMPLATE_TEXT.outcome, TEMPLATE_TEXT.criterion, TEMPLATE_TEXT.moduleIntro, TEMPLATE_TEXT.sectionHint, TEMPLATE_TEXT.activity]
    .map((text) => ({ pattern: new RegExp(escapeRegExp(text).replace(/\\\.$/, '\\.?'), 'i'), quote: text })),
  { pattern: /Say who this course is for and what people will get from it/i, quote: 'Say who this course is for and what people will get from it.' },
  { pattern: /\blorem ipsum\b/i, quote: 'Lorem ipsum', marker: true },
  { pattern: /(^|[^\w-])(TODO|FIXME|TBC)(?![\w-])/, quote: 'TODO', marker: true },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first placeholder on a line, as the author would recognise it. */
export function placeholderIn(line: string): { quote: string; marker: boolean } | undefined {
  for (const { pattern, quote, marker } of PLACEHOLDERS) {
    const match = pattern.exec(line);
    if (!match) continue;
    return { quote: quote === 'TODO' ? match[2]! : quote, marker: marker === true };
  }
  return undefined;
}

/** Starter or unfinished text anywhere in a file (settings or text), one problem per line. */
export function checkPlaceholders(source: string, path: string, problems: CourseProblem[]) {
  let inFence = false;
  source.replace(/\r\n?/g, '\n').split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    if (inFence) return;
    const found = placeholderIn(text);
    if (!found) return;
    const what = found.marker ? `"${found.quote}" marks unfinished text` : `"${shorten(found.quote)}" is the template's example text`;
    problems.push(problem(path, i + 1, `${what} — replace it with your own words before publishing`));
  });
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
}

/** Empty boxes, and boxes never closed, in a Markdown body starting at file line `startLine`. */
export function checkBoxes(body: string, startLine: number, path: string, problems: CourseProblem[]) {
  for (const box of findBoxes(body)) {
    const line = startLine + box.line;
    if (box.openAtNextBox !== undefined) {
      problems.push(problem(path, line, `the ${box.name} box that starts here is still open when the next box starts (line ${startLine + box.openAtNextBox}) — put a line with just ::: after the end of its text`));
    } else if (!box.closed) {
      problems.push(problem(path, line, `the ${box.name} box that starts here is never closed — put a line with just ::: after the end of its text`));
    }
    if (box.empty) {
      problems.push(problem(path, line, `the ${box.name} box is empty — write what trainees should read inside it, between the ::: lines, or remove the box`));
    }
  }
}
