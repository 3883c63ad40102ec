/**
 * The portfolio as one accessible PDF: tagged (PDF/UA-style logical structure: Document,
 * Sect, H1/H2/H3, P, L/LI/Lbl/LBody, in reading order), with the document language and
 * title, page numbers marked as artefacts, in Atkinson Hyperlegible (src/lib/fonts.ts).
 * It sets the blocks ./portfolio.ts decided on; nothing here chooses what is included.
 * Node-only (pdfkit).
 */
import { portfolioEn } from '../i18n/portfolio.ts';
import { writeMarkdown } from '../reflections/journal-pdf.ts';
import { a4Document, numberPages } from '../pdf-document.ts';
import type { Block, PortfolioDocument } from './portfolio.ts';

const FONT_STYLES = ['regular', 'italic', 'bold', 'boldItalic'] as const;
const COLOURS = { ink: '#1b1f23', muted: '#4a5560', brand: '#1d4e5f' };
const SIZES = { body: 11.5, small: 9.5, h1: 26, h2: 17, h3: 13 };

/**
 * Makes the PDF.
 *
 * @throws {Error} when the font files are missing (see src/lib/fonts.ts)
 */
export async function portfolioPdf(model: PortfolioDocument, now: Date = new Date()): Promise<Buffer> {
  const a4 = a4Document({
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    lang: model.lang,
    tagged: true,
    fonts: FONT_STYLES,
    info: { Title: model.title, Author: model.name, Subject: portfolioEn.pdf.subject, Creator: 'Lived Learning', CreationDate: now },
  });
  const { doc, done, left, width } = a4;
  const root = doc.struct('Document');
  doc.addStructure(root);

  const para = (parent: PDFKit.PDFStructureElement, value: string, options: { font?: string; size?: number; colour?: string; gap?: number } = {}) => {
    parent.add(
      doc.struct('P', {}, () => {
        doc.font(options.font ?? 'regular').fontSize(options.size ?? SIZES.body).fillColor(options.colour ?? COLOURS.ink).text(value, left, undefined, { width: width(), lineGap: 2 });
      }),
    );
    doc.moveDown(options.gap ?? 0.4);
  };
  const heading = (parent: PDFKit.PDFStructureElement, tag: 'H1' | 'H2' | 'H3', value: string) => {
    const size = tag === 'H1' ? SIZES.h1 : tag === 'H2' ? SIZES.h2 : SIZES.h3;
    if (doc.y + size * 6 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(tag === 'H3' ? 0.4 : 0.8);
    parent.add(
      doc.struct(tag, {}, () => {
        doc.font('bold').fontSize(size).fillColor(tag === 'H3' ? COLOURS.ink : COLOURS.brand).text(value, left, undefined, { width: width() });
      }),
    );
    doc.moveDown(0.3);
  };
  const list = (parent: PDFKit.PDFStructureElement, items: string[]) => {
    const l = doc.struct('L');
    parent.add(l);
    doc.font('regular').fontSize(SIZES.body).fillColor(COLOURS.ink);
    doc.x = left;
    doc.list(items, left + 4, undefined, { width: width() - 4, structParent: l, bulletRadius: 2.2, textIndent: 14, bulletIndent: 0, paragraphGap: 3, lineGap: 2 } as PDFKit.Mixins.TextOptions);
    l.end();
    doc.moveDown(0.4);
  };

  // Title page.
  const front = doc.struct('Sect');
  root.add(front);
  doc.moveDown(5);
  heading(front, 'H1', portfolioEn.pdf.heading);
  para(front, model.name, { font: 'bold', size: 16, gap: 0.6 });
  for (const line of model.front) para(front, line, { size: 12 });
  if (model.contents.length > 0) {
    heading(front, 'H2', portfolioEn.pdf.contents);
    list(front, model.contents);
  }
  front.end();

  let sect: PDFKit.PDFStructureElement | undefined;
  let first = true;
  for (const block of model.blocks) writeBlock(block);
  sect?.end();

  function writeBlock(block: Block) {
    switch (block.type) {
      case 'h2':
        sect?.end();
        sect = doc.struct('Sect');
        root.add(sect);
        // The title page stands alone; later sections follow on, a heading never alone at a page's foot.
        if (first) doc.addPage();
        else doc.moveDown(0.8);
        first = false;
        doc.outline.addItem(block.text);
        heading(sect, 'H2', block.text);
        return;
      case 'h3':
        heading(sect ?? root, 'H3', block.text);
        return;
      case 'p':
        para(sect ?? root, block.text, block.muted ? { colour: COLOURS.muted, size: SIZES.small + 1 } : {});
        return;
      case 'list':
        list(sect ?? root, block.items);
        return;
      case 'markdown':
        (sect ?? root).add(doc.struct('Div', {}, () => writeMarkdown(doc, block.text, left, width())));
        doc.moveDown(0.4);
        return;
    }
  }
  root.end();

  numberPages(a4, (page) => portfolioEn.pdf.page(page), { size: SIZES.small, colour: COLOURS.muted, fromBottom: 40 }, true);
  doc.end();
  return done;
}
