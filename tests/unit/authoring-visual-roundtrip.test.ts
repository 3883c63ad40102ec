/**
 * The visual mode reads and writes the same Markdown as the text box: every shipped module's
 * body goes through the visual document and back. Each must come back byte for byte, or
 * changed only in the ways docs/AUTHORING.md ("The visual mode") lists, and in every case
 * render exactly the same page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRoundTrip, docToMarkdown, markdownToDoc, picturesWithoutAlt } from '../../src/lib/authoring/visual-markdown.ts';
import { parseModuleFile } from '../../src/lib/authoring/module-form.ts';
import { renderCourseMarkdown } from '../../src/lib/markdown/markdown.ts';

const root = join(import.meta.dirname, '../../courses');
const files = readdirSync(root).flatMap((course) =>
  readdirSync(join(root, course))
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ name: `${course}/${f}`, body: parseModuleFile(readFileSync(join(root, course, f), 'utf8')).body })),
);

/** The normalisations docs/AUTHORING.md documents; empty while every shipped module is byte-identical. */
const NORMALISED = new Set<string>();

describe('visual mode round trip over every shipped module', () => {
  it('finds the shipped courses', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  for (const file of files) {
    it(`${file.name} comes back the same`, () => {
      const written = docToMarkdown(markdownToDoc(file.body));
      const result = checkRoundTrip(file.body);
      expect(result.markdown).toBe(written);
      if (!NORMALISED.has(file.name)) expect(written).toBe(file.body.replace(/\s+$/, '') + '\n');
      // Whatever was normalised, trainees see exactly the same page.
      expect(renderCourseMarkdown(written).html).toBe(renderCourseMarkdown(file.body).html);
      expect(result.safe).toBe(true);
      // A second trip changes nothing at all.
      expect(docToMarkdown(markdownToDoc(written))).toBe(written);
    });
  }
});

describe('visual mode document', () => {
  it('reads the boxes as boxes (not as kept Markdown), with their titles', () => {
    const doc = markdownToDoc('Intro\n\n::: activity Try this\n1. One\n2. Two\n:::\n\n::: content-note\nHard bit.\n:::\n');
    const boxes: { kind: string; title: string }[] = [];
    doc.descendants((node) => {
      if (node.type.name === 'box') boxes.push({ kind: node.attrs['kind'], title: node.attrs['title'] });
    });
    expect(boxes).toEqual([{ kind: 'activity', title: 'Try this' }, { kind: 'content-note', title: '' }]);
  });

  it('keeps every shipped box, heading and list as an editable node', () => {
    let boxes = 0;
    let openers = 0;
    for (const file of files) {
      openers += file.body.split('\n').filter((l) => /^:::\s*[a-z]/.test(l)).length;
      markdownToDoc(file.body).descendants((node) => {
        if (node.type.name === 'box') boxes++;
      });
    }
    expect(boxes).toBe(openers);
    expect(boxes).toBeGreaterThan(50);
  });

  it('keeps a table as its own Markdown, byte for byte', () => {
    const source = 'Before\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\nAfter\n';
    const doc = markdownToDoc(source);
    expect(doc.child(1).type.name).toBe('raw_block');
    expect(docToMarkdown(doc)).toBe(source);
  });

  it('keeps the author’s list markers and emphasis marks', () => {
    const source = '* one\n* two\n\n_soft_ and __strong__\n';
    expect(docToMarkdown(markdownToDoc(source))).toBe(source);
  });

  it('normalises only in the documented ways, and the page stays the same', () => {
    const cases: [string, string][] = [
      ['One\n\n\n\nTwo\n', 'One\n\nTwo\n'], // extra blank lines
      ['Line one  \nline two\n', 'Line one\\\nline two\n'], // a two-space line break
      ['Setext\n======\n', '# Setext\n'], // underlined heading
      ['[a][r]\n\n[r]: https://example.org\n', '[a](https://example.org)\n'], // reference link
      ['a \\* b\n', 'a \\* b\n'], // an escape stays an escape
      ['Snake 1\\. x\n', 'Snake 1. x\n'], // a backslash that was not needed
      ['- a\n\n  b\n- c\n', '- a\n\n  b\n\n- c\n'], // a loose list gets a blank line between every item
      ['1) one\n2) two\n', '1. one\n2. two\n'], // numbered lists use dots
      ['![a *b*](images/i.png)\n', '![a b](images/i.png)\n'], // a picture description is plain text
      ['1. a\n1. b\n', '1. a\n2. b\n'], // numbers counted up
      ['::: activity\n\nx\n\n:::\n', '::: activity\nx\n:::\n'], // blank lines just inside a box
      ['::: activity\nx\n', '::: activity\nx\n:::\n'], // a box never closed is closed at the end
      ['x <https://a.b>\n', 'x [https://a.b](https://a.b)\n'], // <address> links
      ['text\n  indented\n', 'text\nindented\n'], // spaces at the start of a wrapped line
      ['a ~~b~~ *c*\n', 'a ~~b~~ *c*\n'], // struck-through words are kept
    ];
    for (const [source, expected] of cases) {
      const result = checkRoundTrip(source);
      expect(result.markdown).toBe(expected);
      expect(result.safe).toBe(true);
      expect(renderCourseMarkdown(result.markdown).html).toBe(renderCourseMarkdown(source).html);
    }
  });

  it('refuses to open a text whose page it would change (the author stays in Markdown, nothing lost)', () => {
    // A box written inside a list item with no blank line before it.
    const source = '- a\n  ::: key-point\n  b\n  :::\n';
    const result = checkRoundTrip(source);
    expect(result.safe).toBe(false);
    expect(renderCourseMarkdown(result.markdown).html).not.toBe(renderCourseMarkdown(source).html);
  });

  it('never throws on Markdown it has no place for', () => {
    for (const source of ['a ~~b~~\n', '<!-- c -->\n', '| a |\n|---|\n| b |\n', '> quote\n', '```\ncode\n```\n', '***\n']) {
      expect(() => checkRoundTrip(source)).not.toThrow();
      expect(checkRoundTrip(source).safe).toBe(true);
    }
  });

  it('writes text typed in the visual mode so it cannot turn into a list, heading or box', () => {
    const { visualSchema } = { visualSchema: markdownToDoc('x').type.schema };
    const doc = visualSchema.node('doc', null, [visualSchema.node('paragraph', null, [visualSchema.text('- not a list\n## not a heading\n::: not a box *or bold*')])]);
    const written = docToMarkdown(doc);
    expect(renderCourseMarkdown(written).html).toBe('<p>- not a list\n## not a heading\n::: not a box *or bold*</p>\n');
  });

  it('writes a box inside a box (pasted, or in a list) so it reads back the same', () => {
    const s = markdownToDoc('x').type.schema;
    const inner = s.node('box', { kind: 'key-point' }, [s.node('paragraph', null, [s.text('Inside')])]);
    const nested = s.node('doc', null, [s.node('box', { kind: 'activity', title: 'Try' }, [s.node('paragraph', null, [s.text('Outer')]), inner])]);
    const written = docToMarkdown(nested);
    expect(written).toBe(':::: activity Try\nOuter\n\n::: key-point\nInside\n:::\n::::\n');
    expect(markdownToDoc(written).eq(nested)).toBe(false); // the fence length is kept as an attribute…
    expect(docToMarkdown(markdownToDoc(written))).toBe(written); // …and the text reads back the same
    const inList = s.node('doc', null, [s.node('bullet_list', null, [s.node('list_item', null, [inner])])]);
    expect(docToMarkdown(markdownToDoc(docToMarkdown(inList)))).toBe(docToMarkdown(inList));
    expect(renderCourseMarkdown(written).html).toContain('callout--key-point');
  });

  it('finds pictures that have no description', () => {
    const doc = markdownToDoc('![](images/a.png) and ![Two people on a bench](images/b.png)\n');
    expect(picturesWithoutAlt(doc).map((p) => p.src)).toEqual(['images/a.png']);
  });
});
