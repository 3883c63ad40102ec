/**
 * The PDF journal: all of a person's reflections on A4, in Atkinson Hyperlegible (a font
 * designed for low-vision readers, loaded by src/lib/fonts.ts).
 * A title page, then one section per course and module: the prompt, then the text. Markdown
 * is parsed by the one pipeline for people's text (src/lib/markdown/markdown.ts) and set
 * simply: paragraphs, headings, lists, quotes, bold and italic. Node-only (pdfkit).
 */
import type { Token } from 'markdown-it';
import { formatDay, reflectionsText } from '../i18n/reflections.ts';
import type { CourseGroup, ReflectionEntry } from './reflections.ts';
import { parsePbDate, reflectionLabel } from './reflections.ts';
import { parseUserMarkdown } from '../markdown/markdown.ts';
import { a4Document, numberPages } from '../pdf-document.ts';

const text = reflectionsText('en-GB');

const FONT_STYLES = ['regular', 'italic', 'bold', 'boldItalic'] as const;
type FontName = (typeof FONT_STYLES)[number];

const COLOURS = { ink: '#1b1f23', muted: '#4a5560', brand: '#1d4e5f', rule: '#cfc8bb' };
const SIZES = { body: 11.5, small: 9.5, h1: 22, h2: 16, h3: 13 };

interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

export interface JournalOptions {
  /** The person's name for the title page. */
  name: string;
  now?: Date;
  lang?: string;
}

/**
 * Makes the journal PDF.
 *
 * @throws {Error} when the font files are missing (see src/lib/fonts.ts)
 */
export async function journalPdf(groups: CourseGroup[], options: JournalOptions): Promise<Buffer> {
  const now = options.now ?? new Date();
  const a4 = a4Document({
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    lang: options.lang ?? 'en-GB',
    tagged: false,
    fonts: FONT_STYLES,
    info: {
      Title: `${text.export.journalTitle}: ${options.name}`,
      Author: options.name,
      Subject: text.export.journalTitle,
      Creator: 'Lived Learning',
      CreationDate: now,
    },
  });
  const { doc, done, left, width } = a4;

  // Title page.
  doc.moveDown(6);
  doc.font('bold').fontSize(30).fillColor(COLOURS.brand).text(text.export.journalTitle, { width: width() });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(15).fillColor(COLOURS.ink).text(text.export.by(options.name));
  doc.fontSize(12).fillColor(COLOURS.muted).text(text.export.exportedOn(formatDay(now)));
  doc.moveDown(2);
  doc.fontSize(12).fillColor(COLOURS.ink).text(text.export.privateNote, { width: width() });
  doc.moveDown(1.5);
  if (groups.length === 0) {
    doc.text(text.export.nothing);
  } else {
    for (const group of groups) doc.font('regular').fontSize(12).fillColor(COLOURS.ink).text(`•  ${group.title}`, { indent: 0 });
  }

  for (const group of groups) {
    doc.addPage();
    const courseItem = doc.outline.addItem(group.title);
    heading(doc, group.title, SIZES.h1, COLOURS.brand);
    for (const m of group.modules) {
      courseItem.addItem(m.title);
      gapBefore(doc, 80);
      heading(doc, m.number !== undefined ? `${m.number}. ${m.title}` : m.title, SIZES.h2, COLOURS.brand);
      for (const entry of m.entries) writeEntry(doc, entry, left, width());
    }
    if (group.free.length > 0) {
      courseItem.addItem(text.export.free);
      gapBefore(doc, 80);
      heading(doc, text.export.free, SIZES.h2, COLOURS.brand);
      for (const entry of group.free) writeEntry(doc, entry, left, width());
    }
  }

  // Page numbers, in the bottom margin of every page.
  numberPages(a4, (page) => text.export.page(page), { size: SIZES.small, colour: COLOURS.muted, fromBottom: 40 }, false);

  doc.end();
  return done;
}

/** Starts a new page when less than `space` points are left, so a heading is not left alone at the bottom. */
function gapBefore(doc: PDFKit.PDFDocument, space: number) {
  if (doc.y + space > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function heading(doc: PDFKit.PDFDocument, value: string, size: number, colour: string) {
  doc.moveDown(0.6);
  doc.font('bold').fontSize(size).fillColor(colour).text(value, doc.page.margins.left, undefined, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right });
  doc.moveDown(0.3);
  doc.fillColor(COLOURS.ink);
}

function writeEntry(doc: PDFKit.PDFDocument, entry: ReflectionEntry, left: number, width: number) {
  const { record } = entry;
  gapBefore(doc, 90);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(SIZES.h3).fillColor(COLOURS.ink).text(reflectionLabel(record), left, undefined, { width });
  if (entry.promptText) {
    doc.moveDown(0.2);
    doc.font('italic').fontSize(SIZES.body).fillColor(COLOURS.ink).text(entry.promptText, left, undefined, { width });
  }
  const created = parsePbDate(record.created);
  const updated = parsePbDate(record.updated);
  const sharedAt = parsePbDate(record.shared_at);
  const facts = [
    created && updated ? text.export.written(formatDay(created), formatDay(updated)) : '',
    record.shared && sharedAt ? text.export.shared(formatDay(sharedAt)) : text.export.private,
  ].filter(Boolean);
  doc.moveDown(0.2);
  doc.font('regular').fontSize(SIZES.small).fillColor(COLOURS.muted).text(facts.join(' · '), left, undefined, { width });
  doc.moveDown(0.5);
  doc.fillColor(COLOURS.ink);
  if (record.body.trim() === '') {
    doc.font('italic').fontSize(SIZES.body).text(text.export.empty, left, undefined, { width });
  } else {
    writeMarkdown(doc, record.body, left, width);
  }
  doc.moveDown(0.4);
  const y = doc.y;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
}

function fontFor(run: Pick<Run, 'bold' | 'italic'>): FontName {
  return run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular';
}

/** Inline tokens as runs of text with bold/italic; links keep their address in brackets. */
function inlineRuns(tokens: Token[], base: Pick<Run, 'bold' | 'italic'> = { bold: false, italic: false }): Run[] {
  const runs: Run[] = [];
  let bold = base.bold;
  let italic = base.italic;
  let href: string | null = null;
  const push = (value: string) => {
    if (!value) return;
    const last = runs[runs.length - 1];
    if (last && last.bold === bold && last.italic === italic) last.text += value;
    else runs.push({ text: value, bold, italic });
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'code_inline':
        push(t.content);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        push('\n');
        break;
      case 'strong_open':
        bold = true;
        break;
      case 'strong_close':
        bold = base.bold;
        break;
      case 'em_open':
        italic = true;
        break;
      case 'em_close':
        italic = base.italic;
        break;
      case 'link_open':
        href = t.attrGet('href') as string | null;
        break;
      case 'link_close': {
        const linkText = runs.map((r) => r.text).join('');
        if (href && !linkText.endsWith(href.replace(/^mailto:/, ''))) push(` (${href})`);
        href = null;
        break;
      }
      case 'image':
        push(t.content ? `[${t.content}]` : '');
        break;
      default:
        break;
    }
  }
  return runs;
}

function writeRuns(doc: PDFKit.PDFDocument, runs: Run[], x: number, width: number, size = SIZES.body) {
  const parts = runs.filter((r) => r.text !== '');
  if (parts.length === 0) return;
  parts.forEach((run, i) => {
    doc.font(fontFor(run)).fontSize(size).fillColor(COLOURS.ink);
    const continued = i < parts.length - 1;
    if (i === 0) doc.text(run.text, x, undefined, { width, continued, lineGap: 2 });
    else doc.text(run.text, { continued, lineGap: 2 });
  });
}

/** Sets the person's Markdown as simple blocks (also used by the portfolio export). Never throws for odd input: unknown tokens are skipped. */
export function writeMarkdown(doc: PDFKit.PDFDocument, source: string, left: number, width: number) {
  const tokens = parseUserMarkdown(source);
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let pendingMarker: string | undefined;
  const indent = () => lists.length * 18 + quote * 14;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) doc.moveDown(0.3);
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1];
        if (list) {
          list.n += 1;
          pendingMarker = list.ordered ? `${list.n}.` : '•';
        }
        break;
      }
      case 'blockquote_open':
        quote += 1;
        break;
      case 'blockquote_close':
        quote -= 1;
        break;
      case 'heading_open': {
        const inline = tokens[i + 1];
        const level = Number(t.tag.slice(1));
        writeRuns(doc, inlineRuns(inline?.children ?? [], { bold: true, italic: false }), left + indent(), width - indent(), level <= 2 ? SIZES.h3 : SIZES.body);
        doc.moveDown(0.3);
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const x = left + indent();
        const runs = inlineRuns(inline?.children ?? [], { bold: false, italic: quote > 0 });
        if (pendingMarker) {
          const y = doc.y;
          doc.font('regular').fontSize(SIZES.body).fillColor(COLOURS.ink).text(pendingMarker, x - 14, y, { width: 14, lineBreak: false });
          doc.x = x;
          doc.y = y;
          pendingMarker = undefined;
        }
        if (quote > 0) {
          const top = doc.y;
          writeRuns(doc, runs, x, width - indent());
          doc.moveTo(x - 8, top).lineTo(x - 8, doc.y).lineWidth(2).strokeColor(COLOURS.rule).stroke();
        } else {
          writeRuns(doc, runs, x, width - indent());
        }
        // Tight list items sit close together; paragraphs get a gap.
        doc.moveDown(t.hidden ? 0.15 : 0.5);
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block':
        writeRuns(doc, [{ text: t.content.replace(/\n$/, ''), bold: false, italic: false }], left + indent() + 10, width - indent() - 10);
        doc.moveDown(0.5);
        break;
      case 'hr': {
        const y = doc.y + 4;
        doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
        doc.moveDown(0.8);
        break;
      }
      default:
        break;
    }
  }
}
