/**
 * Interface text of certificates (en-GB): what a trainee still needs for a certificate,
 * getting one, their certificates, the public verify page and API, revocation and re-issue
 * for administrators, and the bulk check for accrediting bodies.
 */
import type { CertificateKind } from '../certificates/snapshot.ts';

export type NameDisplay = 'full' | 'initials' | 'surname_check';
export type VerifyStatusName = 'valid' | 'revoked' | 'expired' | 'not_found' | 'invalid_code';

const n = (count: number) => count.toLocaleString('en-GB');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

/** "U4" → "4" (the way units are said aloud); other ids stay as they are. */
export const unitNumber = (id: string) => (/^U\d+$/i.test(id) ? id.slice(1) : id);

/** A criterion in words, with its place in the course after: ‘Explain …’ (unit 2, criterion 1.1). */
const criterionWords = (c: { id: string; text: string; unitId: string }) => `‘${c.text}’ (unit ${unitNumber(c.unitId)}, criterion ${c.id})`;

/**
 * The certificate code and where the PDF prints it (src/lib/certificates/pdf.ts draws the
 * label and the code there, beside the QR code). The holder's page, the check pages and the
 * PDF all use these words, so they agree on where to look.
 */
const CODE_LABEL = 'Certificate code';
const CODE_WHERE = 'Printed at the bottom right of the certificate, beside the QR code.';

export const certificatesEn = {
  /** The code's name on every page and on the PDF (in capitals there). */
  codeLabel: CODE_LABEL,
  /** Where the PDF prints the code. */
  codeWhere: CODE_WHERE,
  /** Put before a page title when the page shows an error. */
  errorPrefix: 'Error: ',
  kinds: {
    full: 'Certificate',
    unit: 'Unit certificate',
    attendance: 'Certificate of attendance',
  } as Record<CertificateKind, string>,
  /** The kind as the PDF's headline says it. */
  kindName: (kind: CertificateKind, accredited: boolean) =>
    kind === 'full' ? (accredited ? 'Certificate of achievement' : 'Certificate of completion') : kind === 'unit' ? 'Unit certificate' : 'Certificate of attendance',

  /** The exact list of what is still to do, in plain words (src/lib/certificates/eligibility.ts). */
  missing: {
    module: (title: string) => `Module ‘${title}’ is not done yet`,
    criterion: (c: { id: string; text: string; unitId: string }) => `${criterionWords(c)} is not yet met`,
    criterionWaiting: (c: { id: string; text: string; unitId: string }) => `${criterionWords(c)} is not yet met: it is waiting for an assessor’s decision`,
    signOff: (unit: { id: string; title: string }) => `Unit ${unitNumber(unit.id)}, ‘${unit.title}’, is not signed off yet`,
    signOffWithdrawn: (unit: { id: string; title: string }, reason: string) =>
      `The sign-off of unit ${unitNumber(unit.id)}, ‘${unit.title}’, was withdrawn, so it needs signing off again. Your trainer or assessor said: “${reason}”`,
  },

  eligibility: {
    kindNotOffered: (kind: CertificateKind, course: string) =>
      kind === 'attendance'
        ? `“${course}” is an accredited course, so it gives a certificate of achievement rather than a certificate of attendance.`
        : `“${course}” is not accredited, so it gives a certificate of attendance rather than a ${kind === 'unit' ? 'unit certificate' : 'certificate of achievement'}.`,
    unknownUnit: (unit: string, course: string) => `“${course}” has no unit ${unit}. Please go back to the course page and choose the certificate from there.`,
  },

  /** The small "Your certificate" part of the progress summary (components/certificates/CertificateStatus). */
  status: {
    title: 'Your certificate',
    readyAccredited: 'You have done everything this course needs. You can now get your certificate.',
    readyAttendance: 'You have finished every module. You can now get your certificate of attendance.',
    get: 'Get your certificate',
    getAttendance: 'Get your certificate of attendance',
    have: 'Your certificate is ready.',
    view: 'View your certificate',
    revoked: (date: string) => `Your certificate was withdrawn on ${date}. If you have questions about this, please talk to your trainer or an administrator.`,
    notYet: 'When you have finished, you can get a certificate here.',
    notYetAttendance: 'When you have finished every module, you can get a certificate of attendance here.',
    todoTitle: (count: number) => `What is still to do (${n(count)})`,
    units: 'Unit certificates',
    unitsIntro: 'You can get a certificate for each unit you have completed, even before you finish the whole course.',
    unitReady: (id: string, title: string) => `Unit ${unitNumber(id)}: ${title}`,
    getUnit: 'Get this unit certificate',
    viewUnit: 'View this unit certificate',
    unavailable: 'Certificates cannot be shown for a moment, because the service is unavailable.',
    allCertificates: 'All your certificates',
  },

  /** /certificates/new: confirming the name. */
  issue: {
    title: 'Get your certificate',
    titleUnit: (id: string, title: string) => `Get your certificate for unit ${unitNumber(id)}: ${title}`,
    intro: (course: string) => `Your certificate for “${course}” is ready to make. Please check how your name should appear on it.`,
    nameLabel: 'Your name as it should appear on the certificate',
    nameHint: 'This is printed on the certificate and shown to people who check it. It can be different from the name you use on this site. Once the certificate is made, only an administrator can correct it.',
    displayLegend: 'When someone checks your certificate online, show my name',
    submit: 'Make my certificate',
    notEligibleTitle: 'This certificate is not ready yet',
    notEligibleIntro: 'There is still a little to do first:',
    backToCourse: 'Back to the course',
    alreadyRevoked: 'Your certificate for this course was withdrawn, so a new one cannot be made here. Please talk to your trainer or an administrator.',
    unknownCourse: 'We could not find that course. The link may be old: please go back to the course page and choose the certificate from there.',
    issued: 'Your certificate is ready. Thank you for all the work you put in.',
  },

  /** The name form and the display choice. */
  validation: {
    nameMissing: 'Please type your name as it should appear on the certificate.',
    nameTooLong: (length: number) => `This name is ${n(length)} characters long. Please shorten it to 200 or fewer.`,
    displayInvalid: 'Please choose how your name is shown: in full, as initials, or only to someone who knows your surname.',
    kindInvalid: 'That is not a kind of certificate we give. Please go back to the course page and choose the certificate from there.',
    reasonMissing: 'Please give the reason. It is shown to anyone who checks the certificate, so keep it short and factual.',
    reasonTooLong: (length: number) => `The reason is ${n(length)} characters long. Please shorten it to 500 or fewer.`,
    surnameMissing: 'Please type the surname of the person named on the certificate.',
    codeMissing: `Please type or paste the certificate code. It is ${CODE_WHERE.charAt(0).toLowerCase()}${CODE_WHERE.slice(1)}`,
    searchTooShort: 'Please type at least 2 characters: a certificate code or part of a name.',
  },

  displays: {
    full: { label: 'In full', hint: 'Anyone with the code sees your full name.' },
    initials: { label: 'As initials only', hint: 'People see your initials, for example “J. E.”. Your full name stays on the PDF you give them.' },
    surname_check: {
      label: 'Only to someone who types my surname',
      hint: 'Your name is hidden until the person checking types your surname correctly. Good for employers who already know who you are.',
    },
  } as Record<NameDisplay, { label: string; hint: string }>,

  /** /certificates and /certificates/<code>. */
  list: {
    title: 'Your certificates',
    intro: 'Every certificate you have earned on Lived Learning. Each one has a code that anyone can check online.',
    empty: 'You do not have a certificate yet. When you finish a course, you can get one from the course page.',
    browse: 'Go to your courses',
    issued: (date: string) => `Issued ${date}`,
    revoked: 'Withdrawn',
  },
  certificate: {
    code: CODE_LABEL,
    holder: 'Name on the certificate',
    nameDisplay: 'Name shown to people checking',
    course: 'Course',
    units: 'Units achieved',
    issued: 'Issued',
    expires: 'Valid until',
    issuer: 'Issued by',
    assessors: 'Assessed by',
    qualification: 'Qualification',
    awardingBody: 'Awarding body',
    level: 'Level',
    credits: 'Credits',
    glh: 'Guided learning hours',
    creditsOf: (earned: number, total: number) => `${n(earned)} of ${n(total)}`,
    version: 'Course version',
    downloadsTitle: 'Download and share',
    pdf: 'Download the certificate (PDF)',
    pdfHint: 'A printable certificate with a QR code. The signed credential is inside the file, so it can be checked even offline.',
    json: 'Download the digital credential (JSON)',
    jsonHint: 'An Open Badges 3.0 credential, signed by Lived Learning, for digital wallets and badge platforms.',
    verifyLink: 'Public link to check this certificate',
    verifyHint: 'Give this link to an employer or anyone who wants to check your certificate. They do not need an account.',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyFailed: 'Could not copy. Please select the link and copy it.',
    linkedIn: 'Add to your LinkedIn profile',
    linkedInHint: 'Opens LinkedIn in a new tab, with the details filled in for you to check.',
    displayTitle: 'How your name is shown to people who check',
    displayIntro: 'You can change this at any time. It changes only the public check page, not the PDF.',
    displaySave: 'Save my choice',
    displaySaved: 'Your choice is saved.',
    revokedTitle: 'This certificate was withdrawn',
    revokedText: (date: string, reason: string) => `It was withdrawn on ${date}. The reason given: ${reason}`,
    replacedBy: 'View the corrected certificate that replaces it',
    back: 'All your certificates',
    notFound: 'We could not find that certificate among yours. Please check the link, or open it from your list of certificates.',
    opensNewTab: '(opens in a new tab)',
  },

  /** /verify and /verify/<code>: public. */
  verify: {
    title: 'Check a certificate',
    intro: 'Type or paste the code printed on a Lived Learning certificate to see whether it is genuine and still valid. You do not need an account.',
    codeLabel: CODE_LABEL,
    codeHint: `${CODE_WHERE} Sixteen letters and numbers, like 7K3M-Q9TX-ZB2R-4WH1. Dashes and spaces do not matter.`,
    submit: 'Check this certificate',
    resultTitle: (code: string) => `Certificate ${code}`,
    banner: {
      valid: 'Valid: this certificate is genuine and current.',
      revoked: 'Revoked: this certificate has been withdrawn and is no longer valid.',
      expired: 'Expired: this certificate was genuine but is no longer current.',
      not_found: 'Not found: we have no certificate with this code.',
      invalid_code: 'This code cannot be right.',
    } as Record<VerifyStatusName, string>,
    notFoundText: 'Please check the code against the certificate: a letter or number may have been misread. If it still cannot be found, the certificate was not issued by this site.',
    revokedOn: (date: string) => `Withdrawn on ${date}.`,
    reason: 'Reason',
    expiredOn: (date: string) => `It expired on ${date}.`,
    replacedBy: 'A corrected certificate replaces this one:',
    viewReplacement: 'Check the corrected certificate',
    holder: 'Awarded to',
    holderInitials: (initials: string) => `${initials} (initials only, as the holder chose)`,
    holderHidden: 'The holder has chosen to show their name only to someone who knows their surname.',
    surnameLabel: 'Surname of the person on the certificate',
    surnameSubmit: 'Show the name',
    surnameWrong: 'That surname does not match this certificate. Please check the spelling and try again.',
    surnameRight: 'That surname matches this certificate.',
    kind: 'Kind of certificate',
    course: 'Course',
    qualification: 'Qualification',
    awardingBody: 'Awarding body',
    level: 'Level',
    credits: 'Credits',
    glh: 'Guided learning hours',
    units: 'Units achieved',
    unitLine: (id: string, title: string) => `Unit ${unitNumber(id)}: ${title}`,
    unitCredits: (count: number) => ` (${plural(count, 'credit')})`,
    noUnits: 'None: a certificate of attendance does not award units or credits.',
    issued: 'Issued',
    expires: 'Valid until',
    issuer: 'Issued by',
    code: CODE_LABEL,
    credential: 'The signed digital credential',
    credentialHint: 'For technical checks: the Open Badges 3.0 credential and the issuer’s public key.',
    didDocument: 'Issuer’s public key (DID document)',
    statusList: 'Revocation list',
    another: 'Check another certificate',
    tooMany: (minutes: number) => `You have checked a lot of certificates in a short time. Please wait ${minutes === 1 ? 'a minute' : `${n(minutes)} minutes`} and try again. To check many at once, an accrediting body can use the bulk check.`,
    unavailable: 'Certificates cannot be checked for a moment, because the service is unavailable. Please try again in a minute.',
    damaged: 'This certificate’s record could not be read, so it cannot be confirmed just now. Please try again later or contact the issuer.',
    messages: {
      valid: 'This certificate is genuine and current.',
      revoked: 'This certificate has been withdrawn by the issuer and is no longer valid.',
      expired: 'This certificate was genuine but has expired.',
      not_found: 'No certificate has this code. Check it against the certificate: a character may have been misread.',
    } as Record<Exclude<VerifyStatusName, 'invalid_code'>, string>,
  },

  /** /staff/certificates: administrators. */
  staff: {
    title: 'Certificates',
    intro: 'Find a certificate by its code or by the holder’s name, then revoke it or issue a corrected one. Every change is written to the audit log.',
    searchLabel: 'Certificate code or name',
    searchHint: 'A full code (dashes do not matter), or part of the holder’s name.',
    search: 'Search',
    resultsTitle: 'Results',
    results: (count: number) => (count === 0 ? 'No certificates match.' : `${plural(count, 'certificate')} found${count >= 50 ? ' (the first 50)' : ''}.`),
    columns: { code: 'Code', holder: 'Holder', course: 'Course', kind: 'Kind', issued: 'Issued', status: 'Status' },
    statusValid: 'Valid',
    statusRevoked: 'Revoked',
    statusExpired: 'Expired',
    notAdminTitle: 'This page is for administrators',
    notAdminText: 'Revoking and re-issuing certificates is done by an administrator. If you think you should have access, please ask one.',
    detailTitle: (code: string) => `Certificate ${code}`,
    back: 'Back to certificates',
    publicPage: 'Open the public check page',
    revokeTitle: 'Revoke this certificate',
    revokeIntro: 'Revoking withdraws the certificate at once: the check page, the API, the bulk check and the revocation list all show it as revoked. It cannot be undone.',
    reasonLabel: 'Reason',
    reasonHint: 'Shown to anyone who checks the certificate. Keep it short and factual, e.g. “Issued in error: assessment not complete”.',
    revoke: 'Revoke the certificate',
    revoked: 'The certificate is revoked.',
    alreadyRevoked: 'This certificate is already revoked.',
    reissueTitle: 'Issue a corrected certificate',
    reissueIntro: 'Makes a new certificate with a new code from the trainee’s current record, and revokes this one. The old check page then links to the new one.',
    reissueName: 'Name on the corrected certificate',
    reissueReasonHint: 'Why it is being corrected, e.g. “Name misspelt”. Shown on the old certificate’s check page.',
    reissue: 'Issue the corrected certificate',
    reissued: 'The corrected certificate is issued, and the old one is revoked.',
    alreadyReplaced: 'This certificate has already been replaced by a corrected one.',
    notFound: 'We could not find that certificate. Please search again.',
  },

  /** /staff/bulk-verify: accrediting bodies. */
  bulk: {
    title: 'Check many certificates',
    intro: 'Upload a spreadsheet (CSV) with one certificate code per row to check them all at once. You get a CSV back with each certificate’s status, course, level, credits and issue date.',
    names: (organisation: string) => `Holders’ names are included for certificates awarded by ${organisation}.`,
    noNames: 'Holders’ names are included only for certificates awarded by the organisation on your account. Ask an administrator to set it if it is missing.',
    fileLabel: 'CSV file of certificate codes',
    fileHint: 'One code per row, in the first column. A header row is fine. Up to 10,000 codes. Rows with a mistake are listed in the results with their line number; the rest are still checked.',
    submit: 'Check the codes',
    notVerifierTitle: 'This page is for verifiers',
    notVerifierText: 'The bulk check is for external verifiers of accrediting bodies and for administrators. Anyone can check a single certificate on the public check page.',
    publicCheck: 'Check one certificate',
    noFile: 'Please choose a CSV file to upload.',
    tooBig: 'That file is larger than 2 MB. Please split it into smaller files of up to 10,000 codes each.',
    notText: 'That file does not look like a CSV or text file. Please save the spreadsheet as CSV and try again.',
    empty: 'That file has no certificate codes in it. Please put one code per row in the first column.',
    tooManyRows: (count: number, max: number) => `That file has ${n(count)} codes. The most we can check at once is ${n(max)}: please split it into smaller files.`,
    progressUploading: 'Sending your file…',
    /** For <bulk-verify-upload>, which puts in the numbers as they change. */
    progressChecking: 'Checked {done} of {total} codes…',
    progressDone: 'Done: {total} codes checked.',
    download: 'Download the results (CSV)',
    failed: 'The codes could not be checked just now. Please try again in a minute.',
    csvHeader: ['line', 'code', 'status', 'course', 'qualification', 'level', 'credits', 'issued', 'holder', 'note'],
    nothingGiven: 'Please choose a CSV file of certificate codes, or paste the codes, one per line.',
    tooManyChecks: (minutes: number) => `You have run many bulk checks in a short time. Please wait ${minutes === 1 ? 'a minute' : `${n(minutes)} minutes`} and try again.`,
    publicTitle: 'Check many certificates at once',
    publicIntro: 'For accrediting bodies, employers and anyone else who needs to check many certificates. You do not need an account. Each certificate gets the same answer as on the single check page, and holders’ names are shown only as each holder chose.',
    codesLabel: 'Or paste the codes',
    codesHint: 'One code per line. Up to 10,000 codes.',
    showResults: 'Check and show the results',
    downloadCsv: 'Check and download the results (CSV)',
    resultsTitle: 'Results',
    countsLabel: 'How many of each',
    counts: {
      total: 'Checked',
      valid: 'Genuine and current',
      revoked: 'Withdrawn',
      expired: 'Expired',
      not_found: 'Not found',
      invalid_code: 'Mistyped',
      error: 'Could not be read',
    },
    table: { line: 'Line', code: 'Code', status: 'Result', course: 'Course', holder: 'Holder', issued: 'Issued' },
    statusWords: {
      valid: 'Genuine and current',
      revoked: 'Withdrawn',
      expired: 'Expired',
      not_found: 'Not found',
      invalid_code: 'Mistyped',
      error: 'Could not be read',
    },
    shownFirst: (shown: number, total: number) => `Showing the first ${n(shown)} of ${n(total)} rows. Download the CSV to see every row.`,
    downloadThese: 'Download these results (CSV)',
    checkMore: 'Check more codes',
    nameHidden: 'Not shown',
    staffLink: 'Signed in as a verifier? Your organisation’s own bulk check also shows holders’ full names for certificates it awarded.',
    notes: {
      revoked: (date: string, reason: string) => `Revoked ${date}: ${reason}`,
      expired: (date: string) => `Expired ${date}`,
      replacedBy: (code: string) => `Replaced by ${code}`,
    },
  },

  api: {
    unavailable: 'Certificates cannot be checked for a moment. Please try again in a minute.',
    notFound: 'No certificate has this code.',
    notJson: 'The body is not JSON. Send {"codes": ["7K3M-Q9TX-ZB2R-4WH1", …]} with the header Content-Type: application/json.',
    bulkShape: 'Send {"codes": [...]}: a list of 1 to 10,000 certificate codes, each as text.',
    noCode: 'Put a certificate code at the end of the address, like /api/v1/verify/7K3M-Q9TX-ZB2R-4WH1, or POST {"codes": [...]} to /api/v1/verify to check many.',
    noSuchPath: 'There is nothing at this address. The certificate API is GET /api/v1/verify/<code> and POST /api/v1/verify (see docs/openapi/verify.yaml).',
    bug: (id: string) => `Something went wrong on our side. If it keeps happening, tell the site’s administrators this reference: ${id}.`,
    methodNotAllowed: (allowed: string) => `This address answers ${allowed} only.`,
  },

  problems: {
    unavailable: 'The service is unavailable for a moment, so nothing was changed. Please try again in a minute.',
    busy: 'Many certificates are being made right now. Please try again in a moment: nothing was lost.',
    noAssessor: 'This certificate needs the name of the assessor who signed off your work, and none is recorded. Please ask your assessor or an administrator to check the sign-off.',
  },
};

export type CertificatesText = typeof certificatesEn;
