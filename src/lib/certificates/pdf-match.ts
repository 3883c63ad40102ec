/**
 * Does a certificate PDF show what its attached credential says? Pure: the words the PDF
 * carries (its document information and its page text, read by pdf-text.ts) and the
 * credential's holder and achievement go in; every difference comes out, naming the field,
 * what the PDF says and what the credential says.
 *
 * Why: the credential inside the PDF is signed, the page around it is not. Someone could make
 * a PDF with another name printed on it and the genuine credential attached; the signature
 * check alone would still pass. `npm run verify-credential` uses this to say so plainly.
 *
 * The PDF's words are defined here ({@link PDF_WORDS}, {@link printedAchievement}) and
 * pdf.ts draws them from here, so the maker and the checker cannot drift apart.
 */

/** Fixed words of the certificate PDF (pdf.ts) that the checker reads the page by. */
export const PDF_WORDS = {
  /** The large title at the top of the page, by kind. */
  headings: {
    full: 'Certificate of Achievement',
    completion: 'Certificate of Completion',
    unit: 'Unit Certificate',
    attendance: 'Certificate of Attendance',
  },
  /** The line before the holder's name. */
  certify: 'This is to certify that',
  /** The line after the holder's name, before the achievement. */
  leads: {
    awarded: 'has been awarded',
    completed: 'has completed the course',
    unit: 'has achieved the unit',
    units: 'has achieved the units',
    attended: 'took part in the course',
  },
  /** How the line under the achievement starts, when there is one. */
  sublineStarts: ['for the course ', 'towards ', 'awarded by ', 'of the course '],
} as const;

/**
 * The achievement as the PDF prints it under the name. The credential's achievement name is
 * `certificateTitle(snapshot)`; the page leaves out what its heading already says: "Unit " before
 * a single unit ("U1: Values …" under "Unit Certificate"), and "Certificate of attendance: "
 * before the course.
 */
export function printedAchievement(kind: 'full' | 'unit' | 'attendance', achievement: string): string {
  if (kind === 'unit') return achievement.replace(/^Unit (?=\S+: )/, '');
  if (kind === 'attendance') return achievement.replace(/^Certificate of attendance: /, '');
  return achievement;
}

/** What was read from the PDF. Anything missing is undefined. */
export interface PdfWords {
  /** The document information's Title. */
  title?: string;
  /** The document information's Subject. */
  subject?: string;
  /** The text of the page, in reading order (as pdftotext gives it). */
  text?: string;
}

/** What the signed credential says. */
export interface CredentialClaims {
  holder: string;
  achievement: string;
}

export type PdfField = 'title-name' | 'title-achievement' | 'subject-name' | 'subject-achievement' | 'printed-name' | 'printed-achievement';

export interface PdfMismatch {
  field: PdfField;
  /** What the PDF says ("" when it says nothing there). */
  pdf: string;
  /** What the credential says. */
  credential: string;
}

/** Where each field is, in words for the message. */
export const FIELD_NAMES: Record<PdfField, string> = {
  'title-name': 'The name in the PDF’s title (document information)',
  'title-achievement': 'The achievement in the PDF’s title (document information)',
  'subject-name': 'The name in the PDF’s subject (document information)',
  'subject-achievement': 'The achievement in the PDF’s subject (document information)',
  'printed-name': 'The name printed on the certificate',
  'printed-achievement': 'The achievement printed on the certificate',
};

/** One line saying what differs: which field, what the PDF says, what the credential says. */
export function describeMismatch(m: PdfMismatch): string {
  const pdf = m.pdf ? `“${m.pdf}”` : 'nothing';
  return `${FIELD_NAMES[m.field]} differs: the PDF says ${pdf}; the credential says “${m.credential}”.`;
}

/**
 * Text made comparable: compatibility forms folded (a PDF may give "ﬁ" for "fi"), spaces and
 * line breaks collapsed, ends trimmed. Case and accents still count.
 */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const HEADINGS = Object.values(PDF_WORDS.headings);
const LEADS = new Set<string>(Object.values(PDF_WORDS.leads));

/**
 * Splits "name<sep>achievement" as the metadata writes it. The name or the achievement may
 * themselves hold the separator, so the credential's values are tried first as the ends.
 */
function splitPair(rest: string, sep: string, claims: CredentialClaims): { name: string; achievement: string } {
  const holder = comparable(claims.holder);
  const achievement = comparable(claims.achievement);
  if (rest.endsWith(`${sep}${achievement}`)) return { name: rest.slice(0, rest.length - sep.length - achievement.length), achievement };
  if (rest.startsWith(`${holder}${sep}`)) return { name: holder, achievement: rest.slice(holder.length + sep.length) };
  const at = rest.indexOf(sep);
  return at < 0 ? { name: rest, achievement: '' } : { name: rest.slice(0, at), achievement: rest.slice(at + sep.length) };
}

/** The name and achievement in the Title: "<heading>: <name>, <achievement>". */
export function fromTitle(title: string | undefined, claims: CredentialClaims): { name: string; achievement: string } {
  const clean = comparable(title ?? '');
  if (!clean) return { name: '', achievement: '' };
  const heading = HEADINGS.find((h) => clean.startsWith(`${h}: `));
  // A title in another shape is compared whole, after its first colon if it has one.
  const rest = heading ? clean.slice(heading.length + 2) : clean.slice(clean.indexOf(': ') + 1).trim();
  return splitPair(rest, ', ', claims);
}

/** The name and achievement in the Subject: "<heading> for <name>: <achievement>. Certificate code …". */
export function fromSubject(subject: string | undefined, claims: CredentialClaims): { name: string; achievement: string } {
  const clean = comparable(subject ?? '');
  if (!clean) return { name: '', achievement: '' };
  const heading = HEADINGS.find((h) => clean.startsWith(`${h} for `));
  const body = heading ? clean.slice(heading.length + 5) : clean.replace(/^.*? for /, '');
  const end = body.lastIndexOf('. Certificate code ');
  return splitPair(end < 0 ? body : body.slice(0, end), ': ', claims);
}

/**
 * The name and achievement printed on the page: the lines between "This is to certify that"
 * and the lead ("has been awarded", …) are the name; the lines after the lead, up to a blank
 * line, the line under it ("for the course …") or a small-capitals label, the achievement.
 */
export function fromText(text: string | undefined): { name: string; achievement: string } {
  const lines = (text ?? '').split(/\r?\n/).map((l) => comparable(l));
  const start = lines.indexOf(PDF_WORDS.certify);
  if (start < 0) return { name: '', achievement: '' };
  const name: string[] = [];
  let i = start + 1;
  for (; i < lines.length && !LEADS.has(lines[i]!); i++) if (lines[i]) name.push(lines[i]!);
  if (i >= lines.length) return { name: name.join(' '), achievement: '' };
  const achievement: string[] = [];
  for (i += 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) {
      if (achievement.length > 0) break;
      continue;
    }
    if (PDF_WORDS.sublineStarts.some((s) => line.startsWith(s)) || /^[A-Z][A-Z ]+$/.test(line)) break;
    achievement.push(line);
  }
  return { name: name.join(' '), achievement: achievement.join(' ') };
}

/** The forms of the achievement the page may print for this credential (see printedAchievement). */
function printedForms(achievement: string): string[] {
  return [...new Set([achievement, printedAchievement('unit', achievement), printedAchievement('attendance', achievement)])];
}

/**
 * Every place where the PDF's words differ from its credential: the holder's name and the
 * achievement, in the Title, the Subject and on the page. An empty list means they agree.
 */
export function comparePdfWithCredential(words: PdfWords, claims: CredentialClaims): PdfMismatch[] {
  const holder = comparable(claims.holder);
  const achievement = comparable(claims.achievement);
  const found: PdfMismatch[] = [];
  const check = (field: PdfField, pdf: string, accepted: string[], credential: string) => {
    if (!accepted.includes(comparable(pdf))) found.push({ field, pdf: comparable(pdf), credential });
  };
  const title = fromTitle(words.title, claims);
  check('title-name', title.name, [holder], holder);
  check('title-achievement', title.achievement, [achievement], achievement);
  const subject = fromSubject(words.subject, claims);
  check('subject-name', subject.name, [holder], holder);
  check('subject-achievement', subject.achievement, [achievement], achievement);
  const printed = fromText(words.text);
  check('printed-name', printed.name, [holder], holder);
  check('printed-achievement', printed.achievement, printedForms(achievement), achievement);
  return found;
}
