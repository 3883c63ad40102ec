/**
 * The impact report as an accessible PDF: tagged (Document, Sect, H1/H2/H3, P, Table with
 * TR/TH/TD, Figure with alternative text for each bar chart, L/LI for quotes), with the
 * document language and title, in Atkinson Hyperlegible (src/lib/fonts.ts), page numbers as
 * artefacts. It sets what ./report-view.ts says; nothing here decides what is shown.
 * Node-only (pdfkit).
 */
import { impactEn } from '../i18n/impact.ts';
import { a4Document, numberPages } from '../pdf-document.ts';
import type { ChartBar, ReportView } from './report-view.ts';

const COLOURS = { ink: '#1b1f23', muted: '#4a5560', brand: '#1d4e5f', before: '#9aa5b1', after: '#1d4e5f', line: '#c9d1d9' };
const SIZES = { body: 11, small: 9.5, h1: 22, h2: 15, h3: 12 };
const t = impactEn.report;

export interface ReportPdfInput {
  title: string;
  lang: string;
  view: ReportView;
  generated: string;
}

export async function impactReportPdf(input: ReportPdfInput, now: Date = new Date()): Promise<Buffer> {
  const a4 = a4Document({
    margins: { top: 56, bottom: 60, left: 56, right: 56 },
    lang: input.lang,
    tagged: true,
    fonts: ['regular', 'bold'] as const,
    info: { Title: input.title, Subject: t.indexIntro, Creator: 'Lived Learning', CreationDate: now },
  });
  const { doc, done, left, width } = a4;
  const room = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const root = doc.struct('Document');
  doc.addStructure(root);

  const para = (parent: PDFKit.PDFStructureElement, value: string, options: { size?: number; colour?: string; font?: string } = {}) => {
    room(30);
    parent.add(doc.struct('P', {}, () => doc.font(options.font ?? 'regular').fontSize(options.size ?? SIZES.body).fillColor(options.colour ?? COLOURS.ink).text(value, left, undefined, { width: width(), lineGap: 2 })));
    doc.moveDown(0.4);
  };
  const heading = (parent: PDFKit.PDFStructureElement, tag: 'H1' | 'H2' | 'H3', value: string) => {
    const size = tag === 'H1' ? SIZES.h1 : tag === 'H2' ? SIZES.h2 : SIZES.h3;
    room(size * 6);
    doc.moveDown(tag === 'H1' ? 0 : 0.6);
    parent.add(doc.struct(tag, {}, () => doc.font('bold').fontSize(size).fillColor(tag === 'H3' ? COLOURS.ink : COLOURS.brand).text(value, left, undefined, { width: width() })));
    doc.moveDown(0.3);
  };
  /** A simple table: a header row (TH) then rows (TD), columns of equal width after the first. */
  const table = (parent: PDFKit.PDFStructureElement, header: string[], rows: string[][]) => {
    const first = width() * (header.length > 3 ? 0.3 : 0.5);
    const rest = (width() - first) / Math.max(1, header.length - 1);
    const colX = (i: number) => left + (i === 0 ? 0 : first + rest * (i - 1));
    const colW = (i: number) => (i === 0 ? first : rest);
    const tableEl = doc.struct('Table');
    parent.add(tableEl);
    const line = (cells: string[], tag: 'TH' | 'TD', font: string) => {
      room(24);
      const y = doc.y;
      const tr = doc.struct('TR');
      tableEl.add(tr);
      let bottom = y;
      cells.forEach((cell, i) => {
        tr.add(
          doc.struct(tag, {}, () => {
            doc.font(font).fontSize(SIZES.small + 0.5).fillColor(COLOURS.ink).text(cell, colX(i) + 2, y + 3, { width: colW(i) - 6 });
          }),
        );
        bottom = Math.max(bottom, doc.y);
      });
      tr.end();
      doc.markContent('Artifact', { type: 'Layout' });
      doc.moveTo(left, bottom + 3).lineTo(left + width(), bottom + 3).lineWidth(0.5).strokeColor(COLOURS.line).stroke();
      doc.endMarkedContent();
      doc.x = left;
      doc.y = bottom + 5;
    };
    line(header, 'TH', 'bold');
    for (const r of rows) line(r, 'TD', 'regular');
    tableEl.end();
    doc.moveDown(0.6);
  };
  /** Bars for the average at the start and later, on the scale's range, as one Figure with alt text. */
  const chart = (parent: PDFKit.PDFStructureElement, question: string, bars: ChartBar[], top: number) => {
    if (bars.length === 0) return;
    const barH = 10;
    const h = bars.length * (barH * 2 + 16) + 24;
    room(h);
    const x0 = left + 110;
    const full = width() - 160;
    const y0 = doc.y;
    const alt = `${t.chartAlt(question)}. ${bars.map((b) => `${b.label}: ${t.before.toLowerCase()} ${b.before.toFixed(1)}, ${t.after.toLowerCase()} ${b.after.toFixed(1)} (of ${top})`).join('; ')}.`;
    parent.add(
      doc.struct('Figure', { alt }, () => {
        bars.forEach((b, i) => {
          const y = y0 + i * (barH * 2 + 16);
          doc.font('regular').fontSize(SIZES.small).fillColor(COLOURS.ink).text(b.label, left, y + 4, { width: 104 });
          doc.rect(x0, y, (full * b.before) / top, barH).fill(COLOURS.before);
          doc.font('regular').fontSize(SIZES.small).fillColor(COLOURS.ink).text(`${t.before} ${b.before.toFixed(1)}`, x0 + (full * b.before) / top + 4, y + 1, { lineBreak: false });
          doc.rect(x0, y + barH + 2, (full * b.after) / top, barH).fill(COLOURS.after);
          doc.font('bold').fontSize(SIZES.small).fillColor(COLOURS.ink).text(`${t.after} ${b.after.toFixed(1)}`, x0 + (full * b.after) / top + 4, y + barH + 3, { lineBreak: false });
        });
        doc.lineWidth(0.5).strokeColor(COLOURS.muted).moveTo(x0, y0 - 2).lineTo(x0, y0 + bars.length * (barH * 2 + 16) - 12).stroke();
      }),
    );
    doc.x = left;
    doc.y = y0 + h;
  };

  const head = doc.struct('Sect');
  root.add(head);
  heading(head, 'H1', input.title);
  para(head, t.privacy, { colour: COLOURS.muted, size: SIZES.small + 0.5 });
  para(head, t.hiddenNote, { colour: COLOURS.muted, size: SIZES.small + 0.5 });
  para(head, input.generated, { colour: COLOURS.muted, size: SIZES.small + 0.5 });
  head.end();

  const v = input.view;
  const summary = doc.struct('Sect');
  root.add(summary);
  heading(summary, 'H2', t.summaryTitle);
  table(summary, [t.measure, t.number], v.summary.map(([a, b]) => [a, b]));
  heading(summary, 'H2', t.answeredTitle);
  table(summary, [t.round, t.answered], v.answered.map(([a, b]) => [a, b]));
  summary.end();

  const change = doc.struct('Sect');
  root.add(change);
  heading(change, 'H2', t.changeTitle);
  para(change, v.scaleNote);
  const top = v.scaleTop;
  for (const item of v.change) {
    heading(change, 'H3', item.question);
    chart(change, item.question, item.bars, top);
    table(change, [t.compared, t.n, t.before, t.after, t.change], item.rows.map((r) => [...r]));
  }
  change.end();

  if (v.later.length > 0) {
    const later = doc.struct('Sect');
    root.add(later);
    heading(later, 'H2', t.laterTitle);
    for (const item of v.later) {
      heading(later, 'H3', item.question);
      table(later, [t.round, t.said, t.ofAnswered], item.rows.map((r) => [...r]));
    }
    later.end();
  }

  const quotes = doc.struct('Sect');
  root.add(quotes);
  heading(quotes, 'H2', t.quotesTitle);
  if (v.quotesNote) para(quotes, v.quotesNote);
  else {
    para(quotes, t.quotesIntro, { colour: COLOURS.muted });
    for (const q of v.quotes) para(quotes, `“${q}”`);
  }
  quotes.end();
  root.end();

  numberPages(a4, (page, count) => `Page ${page} of ${count}`, { size: SIZES.small, colour: COLOURS.muted, fromBottom: 36 }, true);
  doc.end();
  return done;
}
