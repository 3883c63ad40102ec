import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { formatWarning } from '../../src/lib/courses/problems.ts';
import { checkSource } from '../../src/lib/courses/warnings.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/courses-warnings');

/** Warnings for one fixture, with the fixture folder prefix removed. */
function warnings(name: string) {
  const loaded = loadCourses(path.join(fixtures, name), root);
  return { ...loaded, lines: loaded.warnings.map((w) => formatWarning(w).replace(`tests/fixtures/courses-warnings/${name}/`, '')) };
}

const NO_YEAR = 'warning: this source has no year — add the year in brackets after the authors, e.g. Mead, S. (2001), or (n.d.) for a web page with no date';
const NO_TITLE = "warning: this source has no title — put an article's or chapter's title in quotes ('…'), or a book's, report's or web page's title in *italics*";
const NO_ARTICLE_TITLE = "warning: this looks like a journal article (it has a volume and issue) but has no article title — put the article's title in quotes before the journal's name, e.g. 'Peer support: a theoretical perspective', *Psychiatric Rehabilitation Journal*";
const badDoi = (doi: string) => `warning: the DOI "${doi}" is not a valid DOI — a DOI starts with 10., then digits, a slash and the rest, e.g. doi:10.1108/MHSI-05-2019-060 (copy it from the publisher's page)`;

describe('courses:check source warnings', () => {
  it('finds nothing to warn about in complete sources (quoted or curly titles, italics, links, n.d., doi: and doi.org)', () => {
    const { courses, problems, lines } = warnings('good-sources');
    expect(problems).toEqual([]);
    expect(courses).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  it('warns at the line of each source that lacks a year or a title, or has a malformed DOI, without hiding the course', () => {
    const { courses, problems, lines } = warnings('bad-sources');
    expect(problems).toEqual([]);
    expect(courses.map((c) => c.slug)).toEqual(['tiny-course']);
    expect(lines).toEqual([
      `tiny-course/01-first.md:19: ${NO_TITLE}`,
      `tiny-course/01-first.md:20: ${NO_ARTICLE_TITLE}`,
      `tiny-course/01-first.md:21: ${NO_TITLE}`,
      `tiny-course/01-first.md:21: ${NO_YEAR}`,
      `tiny-course/01-first.md:22: ${badDoi('10.1108')}`,
      `tiny-course/01-first.md:23: ${badDoi('https://example.org/leamy')}`,
    ]);
  });

  it('has no warnings for the shipped courses', () => {
    const { problems, warnings: found } = loadCourses(path.join(root, 'courses'), root);
    expect(problems).toEqual([]);
    expect(found.map(formatWarning)).toEqual([]);
  });
});

describe('checkSource', () => {
  it.each([
    ["Mead, S. (2001) 'Peer support', *Psychiatric Rehabilitation Journal*, 25(2), pp. 134–141.", []],
    ['Health Education England (2020) *The Competence Framework for Mental Health Peer Support Workers*.', []],
    ['Samaritans (n.d.) *Contact us*, samaritans.org.', []],
    ["Caldicott, F. (2013) 'Information: to share or not to share'. DOI 10.1000/182", []],
    ['Rose (2000) The User Movement in England', [NO_TITLE]],
    ["Someone 'A title'", [NO_YEAR]],
    ["A (2019) 'Title'. doi:11.1108/abc", [badDoi('11.1108/abc')]],
    ["A (2019) 'Title'. doi:10.12/abc", [badDoi('10.12/abc')]],
  ])('%s', (entry, expected) => {
    expect(checkSource(entry)).toEqual(expected.map((m) => m.replace(/^warning: /, '')));
  });
});
