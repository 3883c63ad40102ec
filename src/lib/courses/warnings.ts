/**
 * Warnings: things in a course that a careful author should fix, but that do not stop the
 * course being shown. `courses:check` prints them as `path:line: warning: what — how to fix`
 * and still exits 0 when there are no problems.
 *
 * buildCourse (build.ts) collects every kind: the source checks, and the knowledge-check
 * answer-position and feedback checks.
 */
import type { LineOf } from './frontmatter.ts';
import { problem, type CourseProblem } from './problems.ts';
import type { ModuleFrontmatter } from './schema.ts';

/** Same shape as a problem (file, line, message); only its weight differs. */
export type CourseWarning = CourseProblem;

/** Warnings for a module's `sources`, each at the line of its entry. */
export function sourceWarnings(file: string, sources: readonly string[], lineOf: (index: number) => number): CourseWarning[] {
  return sources.flatMap((entry, i) => checkSource(entry).map((message) => problem(file, lineOf(i), message)));
}

/** A year such as 2001 or 2012b, or "n.d." for an undated page. */
const YEAR = /(?:^|[^\d])(?:1[6-9]\d\d|20\d\d)[a-z]?(?!\d)|\bn\.d\./;
/** A title: 'in quotes', "in quotes", ‘curly quotes’, “curly quotes”, *italics*, _italics_ or a [linked title](url). */
const TITLE = /'[^']{3,}'|"[^"]{3,}"|‘[^’]{3,}’|“[^”]{3,}”|\*[^*\s][^*]{2,}\*|\b_[^_\s][^_]{2,}_\b|\[[^\]]{3,}\]\([^)]+\)/;
/** Only quoted titles: an article's or chapter's. */
const QUOTED_TITLE = /'[^']{3,}'|"[^"]{3,}"|‘[^’]{3,}’|“[^”]{3,}”/;
/** A volume and issue, such as 25(2): the mark of a journal article. */
const VOLUME_ISSUE = /\b\d+\s?\(\d+(?:[–-]\d+)?\)/;
/** `doi:…`, `doi.org/…` or `DOI 10.…`, capturing what follows. */
const DOI_MENTION = /\bdoi(?::\s*|\.org\/|\s+(?=10))(\S*)/gi;
/** A DOI: 10., a registrant code of 4 to 9 digits (with optional .sub-parts), a slash, then the item's own part. */
const DOI = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;

/** What is missing or wrong in one source entry, as "what — how to fix" messages (none when it is fine). */
export function checkSource(entry: string): string[] {
  const messages: string[] = [];
  if (!YEAR.test(entry)) {
    messages.push('this source has no year — add the year in brackets after the authors, e.g. Mead, S. (2001), or (n.d.) for a web page with no date');
  }
  if (!TITLE.test(entry)) {
    messages.push("this source has no title — put an article's or chapter's title in quotes ('…'), or a book's, report's or web page's title in *italics*");
  } else if (VOLUME_ISSUE.test(entry) && !QUOTED_TITLE.test(entry)) {
    messages.push("this looks like a journal article (it has a volume and issue) but has no article title — put the article's title in quotes before the journal's name, e.g. 'Peer support: a theoretical perspective', *Psychiatric Rehabilitation Journal*");
  }
  for (const match of entry.matchAll(DOI_MENTION)) {
    const doi = (match[1] ?? '').replace(/[.,;:)\]]+$/, '');
    if (!DOI.test(doi)) {
      messages.push(`the DOI "${doi}" is not a valid DOI — a DOI starts with 10., then digits, a slash and the rest, e.g. doi:10.1108/MHSI-05-2019-060 (copy it from the publisher's page)`);
    }
  }
  return messages;
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
