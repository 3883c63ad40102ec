/**
 * The certificate as a PDF a holder can print and frame: A4 landscape, Atkinson Hyperlegible
 * embedded, tagged for screen readers (PDF 1.7, en-GB, structure tags), with a QR code to the
 * verify page and the signed Open Badges credential attached as `credential.json`, so the
 * file alone can be checked offline (`npm run verify-credential -- certificate.pdf`).
 *
 * Node-only: reads the font files (src/lib/fonts.ts).
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatCode } from './code.ts';
import { certificateTitle, formatDate, rqfLevelName, verifyUrl } from './credential.ts';
import { CREDENTIAL_ATTACHMENT } from './pdf-attachment.ts';
import { PDF_WORDS, printedAchievement } from './pdf-match.ts';
import { creditsEarned, type CertificateSnapshot } from './snapshot.ts';
import { atkinsonHyperlegible } from '../fonts.ts';
import { certificatesEn } from '../i18n/certificates.ts';

export { CREDENTIAL_ATTACHMENT, extractCredentialFromPdf } from './pdf-attachment.ts';

export interface CertificateFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** Atkinson Hyperlegible, regular and bold (src/lib/fonts.ts). */
export function loadCertificateFonts(): CertificateFonts {
  return atkinsonHyperlegible(['regular', 'bold']);
}

export interface CertificatePdfOptions {
  siteUrl: string;
  /** The signed credential (from signCredential), attached as credential.json. */
  credential: Record<string, unknown>;
  fonts?: CertificateFonts;
}

// Calm colours: deep teal, warm sand, soft ink.
const TEAL = '#1d5c57';
const SAND = '#c4a46b';
const INK = '#1f2a29';
const MUTED = '#52615f';
const PAPER_TINT = '#f7f3ea';

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

/** The issuer's logo as bytes pdfkit can draw (PNG or JPEG; WebP is left out), or undefined. */
function pdfLogo(image: string | undefined): Buffer | undefined {
  const match = image?.match(/^data:image\/(png|jpeg);base64,(.+)$/);
  return match ? Buffer.from(match[2]!, 'base64') : undefined;
}

function headline(snapshot: CertificateSnapshot): { title: string; lead: string } {
  const { headings, leads } = PDF_WORDS;
  switch (snapshot.kind) {
    case 'full':
      return snapshot.accreditation ? { title: headings.full, lead: leads.awarded } : { title: headings.completion, lead: leads.completed };
    case 'unit':
      return { title: headings.unit, lead: snapshot.units.length === 1 ? leads.unit : leads.units };
    case 'attendance':
      return { title: headings.attendance, lead: leads.attended };
  }
}

/** What the PDF says under the main line: which course, which awarding body. */
function subline(snapshot: CertificateSnapshot): string | undefined {
  const acc = snapshot.accreditation;
  if (snapshot.kind === 'full' && acc) return `for the course ${snapshot.course.title}, awarded by ${acc.awarding_body}`;
  if (snapshot.kind === 'unit') {
    if (snapshot.units.length > 1) return acc ? `awarded by ${acc.awarding_body}` : undefined;
    return acc ? `towards ${acc.qualification}, awarded by ${acc.awarding_body}` : `of the course ${snapshot.course.title}`;
  }
  return undefined;
}

/** The achievement under the name: the credential's achievement name, less what the heading says. */
function mainLine(snapshot: CertificateSnapshot): string {
  return printedAchievement(snapshot.kind, certificateTitle(snapshot));
}

function facts(snapshot: CertificateSnapshot): [label: string, value: string][] {
  const acc = snapshot.accreditation;
  const rows: [string, string][] = [];
  if (acc) {
    rows.push(['Level', rqfLevelName(acc.level)]);
    rows.push(['Credits', snapshot.kind === 'full' ? String(acc.credits) : `${creditsEarned(snapshot)} of ${acc.credits}`]);
    const hours = snapshot.kind === 'full' ? acc.guided_learning_hours : snapshot.units.reduce((s, u) => s + u.guided_learning_hours, 0);
    rows.push(['Guided learning hours', String(hours)]);
  }
  rows.push(['Issued', formatDate(snapshot.issued_at)]);
  if (snapshot.expires_at) rows.push(['Valid until', formatDate(snapshot.expires_at)]);
  return rows;
}

/**
 * Renders the certificate PDF.
 *
 * @throws {Error} if the fonts are missing or the QR code cannot be made
 */
export async function renderCertificatePdf(snapshot: CertificateSnapshot, options: CertificatePdfOptions): Promise<Buffer> {
  const fonts = options.fonts ?? loadCertificateFonts();
  const url = verifyUrl(options.siteUrl, snapshot.code);
  const qr = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 0, scale: 8, color: { dark: INK, light: '#ffffff' } });
  const { title, lead } = headline(snapshot);
  const issued = new Date(snapshot.issued_at);

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${title}: ${snapshot.holder.name}, ${certificateTitle(snapshot)}`,
      Author: snapshot.issuer.name,
      Subject: `${title} for ${snapshot.holder.name}: ${certificateTitle(snapshot)}. Certificate code ${formatCode(snapshot.code)}; check it at ${url}`,
      Keywords: `certificate, ${snapshot.course.slug}, ${formatCode(snapshot.code)}`,
      Creator: 'Lived Learning',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('Regular', Buffer.from(fonts.regular));
  doc.registerFont('Bold', Buffer.from(fonts.bold));

  const { width: W, height: H } = A4_LANDSCAPE;
  const root = doc.struct('Document');
  doc.addStructure(root);
  /** Adds a tagged block of content to the document's structure. */
  const tag = (type: string, draw: () => void, extra: { alt?: string } = {}) => root.add(doc.struct(type, extra, draw));

  // Frame: a tinted sheet inside two rules. Decoration only, so an artifact for screen readers.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(22, 22, W - 44, H - 44).fill(PAPER_TINT);
  doc.lineWidth(2).strokeColor(TEAL).rect(22, 22, W - 44, H - 44).stroke();
  doc.lineWidth(0.75).strokeColor(SAND).rect(30, 30, W - 60, H - 60).stroke();
  doc.endMarkedContent();

  const left = 74;
  const contentWidth = W - 2 * left;
  const centred = { width: contentWidth, align: 'center' as const };
  const narrow = { width: contentWidth - 80, align: 'center' as const };

  const logo = pdfLogo(snapshot.issuer.image);
  if (logo) {
    tag('Figure', () => {
      doc.image(logo, 44, 40, { fit: [120, 54] });
    }, { alt: `${snapshot.issuer.name} logo` });
  }
  tag('P', () => {
    doc.font('Bold').fontSize(10).fillColor(TEAL).text(snapshot.issuer.name.toUpperCase(), left, 58, { ...centred, characterSpacing: 2.2 });
  });
  tag('H1', () => {
    doc.font('Bold').fontSize(30).fillColor(TEAL).text(title, left, 78, centred);
  });
  doc.markContent('Artifact', { type: 'Layout' });
  doc.lineWidth(1.25).strokeColor(SAND).moveTo(W / 2 - 36, 124).lineTo(W / 2 + 36, 124).stroke();
  doc.endMarkedContent();

  // The middle: measured first, then centred between the title and the signatures.
  const blocks: { height: number; gapAfter: number; draw: (y: number) => void }[] = [];
  const textBlock = (type: string, font: 'Regular' | 'Bold', size: number, colour: string, text: string, gapAfter: number, options = centred) => {
    doc.font(font).fontSize(size);
    const x = left + (contentWidth - options.width) / 2;
    blocks.push({
      height: doc.heightOfString(text, options),
      gapAfter,
      draw: (y) => tag(type, () => doc.font(font).fontSize(size).fillColor(colour).text(text, x, y, options)),
    });
  };
  textBlock('P', 'Regular', 12, MUTED, PDF_WORDS.certify, 8);
  textBlock('P', 'Bold', snapshot.holder.name.length > 38 ? 26 : 32, INK, snapshot.holder.name, 10);
  textBlock('P', 'Regular', 12, MUTED, lead, 6);
  const main = mainLine(snapshot);
  const sub = subline(snapshot);
  textBlock('H2', 'Bold', main.length > 60 ? 16 : 19, TEAL, main, sub ? 4 : 12, narrow);
  if (sub) textBlock('P', 'Regular', 11, MUTED, sub, 12, narrow);

  // Facts: small capital labels over values, in one row under a thin rule.
  const rows = facts(snapshot);
  const factWidth = Math.min(150, contentWidth / rows.length);
  const factsLeft = left + (contentWidth - factWidth * rows.length) / 2;
  blocks.push({
    height: 40,
    gapAfter: 22,
    draw: (top) => {
      doc.markContent('Artifact', { type: 'Layout' });
      doc.lineWidth(0.5).strokeColor(SAND).moveTo(factsLeft, top).lineTo(factsLeft + factWidth * rows.length, top).stroke();
      doc.endMarkedContent();
      const y = top + 10;
      const factList = doc.struct('L');
      root.add(factList);
      rows.forEach(([label, value], i) => {
        const x = factsLeft + i * factWidth;
        factList.add(
          doc.struct('LI', {}, [
            doc.struct('Lbl', {}, () => {
              doc.font('Bold').fontSize(7.5).fillColor(MUTED).text(label.toUpperCase(), x, y, { width: factWidth, align: 'center', characterSpacing: 0.5 });
            }),
            doc.struct('LBody', {}, () => {
              doc.font('Bold').fontSize(12).fillColor(INK).text(value, x, y + 13, { width: factWidth, align: 'center' });
            }),
          ]),
        );
      });
      factList.end();
    },
  });

  // Units achieved: one column for up to three, else two.
  if (snapshot.units.length > 0) {
    const columns = snapshot.units.length > 8 ? 3 : snapshot.units.length > 3 ? 2 : 1;
    const perColumn = Math.ceil(snapshot.units.length / columns);
    const unitSize = columns === 3 ? 8.5 : 9.5;
    const lineHeight = unitSize + 5.5;
    const labelWidth = 26;
    const unitText = (unit: CertificateSnapshot['units'][number]) =>
      `${unit.title}${snapshot.accreditation ? ` · ${unit.credits} ${unit.credits === 1 ? 'credit' : 'credits'}` : ''}`;
    doc.font('Regular').fontSize(unitSize);
    const widest = Math.max(...snapshot.units.map((u) => doc.widthOfString(unitText(u)))) + labelWidth;
    const gap = 28;
    const columnWidth = Math.min(widest + 4, (contentWidth - gap * (columns - 1)) / columns);
    const unitsLeft = left + (contentWidth - (columnWidth * columns + gap * (columns - 1))) / 2;
    blocks.push({
      height: 14 + perColumn * lineHeight,
      gapAfter: 0,
      draw: (y) => {
        tag('H3', () => {
          doc.font('Bold').fontSize(7.5).fillColor(MUTED).text('UNITS ACHIEVED', left, y, { ...centred, characterSpacing: 0.5 });
        });
        const unitList = doc.struct('L');
        root.add(unitList);
        snapshot.units.forEach((unit, i) => {
          const x = unitsLeft + Math.floor(i / perColumn) * (columnWidth + gap);
          const rowY = y + 14 + (i % perColumn) * lineHeight;
          unitList.add(
            doc.struct('LI', {}, [
              doc.struct('Lbl', {}, () => {
                doc.font('Bold').fontSize(unitSize).fillColor(TEAL).text(unit.id, x, rowY, { width: labelWidth, height: lineHeight, ellipsis: true });
              }),
              doc.struct('LBody', {}, () => {
                doc.font('Regular').fontSize(unitSize).fillColor(INK).text(unitText(unit), x + labelWidth, rowY, { width: columnWidth - labelWidth, height: lineHeight, ellipsis: true });
              }),
            ]),
          );
        });
        unitList.end();
      },
    });
  }
  const middleTop = 136;
  const middleBottom = 390;
  const heights = blocks.reduce((sum, b) => sum + b.height, 0);
  const gaps = blocks.slice(0, -1).reduce((sum, b) => sum + b.gapAfter, 0);
  // Tighten the gaps (never below a third) when a long title or many units need the room.
  const squeeze = Math.max(1 / 3, Math.min(1, (middleBottom - middleTop - heights) / gaps));
  let y = middleTop + Math.max(0, (middleBottom - middleTop - heights - gaps * squeeze) / 2);
  for (const block of blocks) {
    block.draw(y);
    y += block.height + block.gapAfter * squeeze;
  }

  // Bottom right: the code, the QR code and the URL under it. Bottom left: signature lines.
  const qrSize = 72;
  const qrRight = W - left;
  const qrX = qrRight - qrSize;
  const qrY = 398;
  const codeWidth = 200;
  const codeX = qrX - 14 - codeWidth;
  const urlWidth = 250;
  tag('P', () => {
    // The same words as the holder's page and the check pages, which say the code is here.
    doc.font('Bold').fontSize(7.5).fillColor(MUTED).text(certificatesEn.codeLabel.toUpperCase(), codeX, qrY + 18, { width: codeWidth, align: 'right', characterSpacing: 0.5 });
  });
  tag('P', () => {
    doc.font('Bold').fontSize(13).fillColor(INK).text(formatCode(snapshot.code), codeX, qrY + 30, { width: codeWidth, align: 'right', characterSpacing: 0.8, lineBreak: false });
  });
  tag(
    'Figure',
    () => {
      doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
    },
    { alt: `QR code: opens ${url} to check this certificate` },
  );
  tag('P', () => {
    doc.font('Regular').fontSize(7.5).fillColor(MUTED).text('Check this certificate at', qrRight - urlWidth, qrY + qrSize + 6, { width: urlWidth, align: 'right' });
  });
  root.add(
    doc.struct('P', {}, [
      doc.struct('Link', {}, () => {
        doc.font('Regular').fontSize(7.5).fillColor(TEAL).text(url, qrRight - urlWidth, qrY + qrSize + 16, { width: urlWidth, align: 'right', link: url });
      }),
    ]),
  );

  // Up to three lines: the assessors, then the issuer if there is room (it is named at the top too).
  const signY = 478;
  const assessors = snapshot.assessors.slice(0, 3).map((name) => ({ name, role: 'Assessor' }));
  const signatories = assessors.length < 3 ? [...assessors, { name: snapshot.issuer.name, role: 'Issued by' }] : assessors;
  const signGap = 20;
  const signArea = qrRight - urlWidth - 24 - left;
  const signWidth = Math.min(150, (signArea - signGap * (signatories.length - 1)) / signatories.length);
  signatories.forEach((person, i) => {
    const x = left + i * (signWidth + signGap);
    doc.markContent('Artifact', { type: 'Layout' });
    doc.lineWidth(0.6).strokeColor(MUTED).moveTo(x, signY).lineTo(x + signWidth, signY).stroke();
    doc.endMarkedContent();
    // Shrink a long name a little, then let it take a second line rather than cut it.
    let size = 9.5;
    doc.font('Bold');
    while (size > 8 && doc.fontSize(size).widthOfString(person.name) > signWidth) size -= 0.5;
    const nameHeight = doc.fontSize(size).heightOfString(person.name, { width: signWidth });
    tag('P', () => {
      doc.font('Bold').fontSize(size).fillColor(INK).text(person.name, x, signY + 5, { width: signWidth });
    });
    tag('P', () => {
      doc.font('Regular').fontSize(8).fillColor(MUTED).text(person.role, x, signY + 6 + nameHeight, { width: signWidth });
    });
  });

  // Footer: the honest small print.
  const acc = snapshot.accreditation;
  const smallPrint = [
    snapshot.kind === 'attendance' ? 'This certificate records attendance; it does not award credits or a qualification.' : undefined,
    acc?.note ?? (acc?.regulated === false ? 'Not an Ofqual-regulated qualification.' : undefined),
    `Course version ${snapshot.course.version}. The signed digital credential is attached to this PDF (credential.json).`,
  ]
    .filter(Boolean)
    .join(' ');
  tag('P', () => {
    doc.font('Regular').fontSize(7).fillColor(MUTED).text(smallPrint, left, H - 70, { ...centred, lineGap: 1 });
  });
  root.end();

  // `relationship` (the PDF 2.0 / PDF/A-3 AFRelationship) is supported by pdfkit but missing from its types.
  const attachment: NonNullable<Parameters<typeof doc.file>[1]> & { relationship: string } = {
    name: CREDENTIAL_ATTACHMENT,
    type: 'application/json',
    description: 'Signed Open Badges 3.0 credential for this certificate',
    relationship: 'Data',
    creationDate: issued,
    modifiedDate: issued,
  };
  doc.file(Buffer.from(`${JSON.stringify(options.credential, null, 2)}\n`, 'utf8'), attachment);
  doc.end();
  return finished;
}
