/**
 * Warnings: things in a course that a careful author should fix, but that do not stop the
 * course being shown. `courses:check` prints them as `path:line: warning: what — how to fix`
 * and still exits 0 when there are no problems.
 *
 * buildCourse (course.ts) collects every kind: these source checks, and the knowledge-check
 * answer-position and feedback checks beside the questions.
 */
import { problem, type CourseProblem } from './problems.ts';

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
