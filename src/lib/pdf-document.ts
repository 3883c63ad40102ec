/**
 * The one way the server starts an A4 PDF of words (journal, portfolio, impact report):
 * pdfkit with Atkinson Hyperlegible registered under its style names, PDF 1.7, the title shown
 * as the window title, and the finished file collected in memory. Node-only.
 */
import PDFDocument from 'pdfkit';
import { atkinsonHyperlegible, type FontStyle } from './fonts.ts';

export interface A4DocumentOptions {
  margins: { top: number; bottom: number; left: number; right: number };
  lang: string;
  /** A tagged PDF (structure for screen readers, PDF/UA-style); the journal is not tagged yet. */
  tagged: boolean;
  info: PDFKit.DocumentInfo;
  fonts: readonly FontStyle[];
}

export interface A4Document {
  doc: PDFKit.PDFDocument;
  /** The whole file, once `doc.end()` has been called. */
  done: Promise<Buffer>;
  left: number;
  /** The width between the margins. */
  width: () => number;
}

/** @throws {Error} when the font files are missing (see src/lib/fonts.ts) */
export function a4Document(options: A4DocumentOptions): A4Document {
  const files = atkinsonHyperlegible(options.fonts);
  const doc = new PDFDocument({
    size: 'A4',
    margins: options.margins,
    bufferPages: true,
    pdfVersion: '1.7',
    ...(options.tagged ? { tagged: true } : {}),
    lang: options.lang,
    displayTitle: true,
    info: options.info,
  });
  for (const [name, data] of Object.entries(files)) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done, left: doc.page.margins.left, width: () => doc.page.width - doc.page.margins.left - doc.page.margins.right };
}

export interface PageNumberStyle {
  size: number;
  colour: string;
  /** From the bottom edge of the page to the line, in points. */
  fromBottom: number;
}

/**
 * Writes "page N" at the foot of every page (call before `doc.end()`). In a tagged PDF the
 * numbers are artefacts, outside the structure, so screen readers skip them.
 */
export function numberPages(a4: A4Document, label: (page: number, count: number) => string, style: PageNumberStyle, tagged: boolean): void {
  const { doc } = a4;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (tagged) doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('regular')
      .fontSize(style.size)
      .fillColor(style.colour)
      .text(label(i + 1, range.count), a4.left, doc.page.height - style.fromBottom, { width: a4.width(), align: 'center', lineBreak: false });
    if (tagged) doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
