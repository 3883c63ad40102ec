/**
 * Words of the emails the site sends, and of the staff page that lists them, en-GB. Emails are
 * read by people who may be having a hard time: short, plain, kind, and never any detail of
 * what someone wrote, submitted or shared (see src/lib/email/templates.ts).
 */
export const emailEn = {
  common: {
    greeting: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    signOff: (org: string) => `From ${org}`,
    automatic: (org: string) => `This email was sent by the ${org} learning site. Please do not reply to it: nobody reads replies.`,
  },
  passwordReset: {
    subject: (org: string) => `Choose a new password for ${org}`,
    intro: 'Someone asked to reset the password for your account. If it was you, open this link to choose a new password:',
    expiry: (hours: number) => `The link works once, for ${hours} hours.`,
    notYou: 'If you did not ask for this, you can ignore this email: your password stays as it is.',
    button: 'Choose a new password',
  },
  smtpTest: {
    subject: (org: string) => `Test email from ${org}`,
    intro: 'This is a test email from the learning site. If you can read it, the site can send email.',
    link: 'Open the site',
  },
  staff: {
    title: 'Emails sent by the site',
    intro: 'Every email the site sends is queued here first and then sent. This page shows where each one is, never what it says.',
    offTitle: 'This site cannot send emails yet',
    offText: 'No mail server is set up (SMTP_HOST is empty), so nothing is sent. People who forget their password need a one-time link from a trainer or administrator. See docs/OPERATIONS.md, “Email”, to set one up.',
    invalidTitle: 'The email settings have a problem',
    invalidText: 'Nothing is sent until these are fixed:',
    onText: (host: string, port: number, tls: string) =>
      `Sending through ${host}, port ${port}, ${tls === 'none' ? 'without encryption' : tls === 'tls' ? 'encrypted with TLS' : 'encrypted with STARTTLS'}.`,
    counts: (queued: number, sending: number, sent: number, failed: number) =>
      `${queued} waiting, ${sending} being sent, ${sent} sent, ${failed} failed.`,
    filterLabel: 'Status',
    filterAll: 'All',
    filterButton: 'Show',
    status: { queued: 'Waiting', sending: 'Being sent', sent: 'Sent', failed: 'Failed' } as Record<string, string>,
    tableCaption: 'Newest first',
    columns: { created: 'Queued', to: 'To', kind: 'Kind', status: 'Status', attempts: 'Tries', detail: 'Sent or reason' },
    kinds: { password_reset: 'Password reset link', smtp_test: 'Test email' } as Record<string, string>,
    none: 'No emails yet.',
    nextTry: (when: string) => `Next try ${when}`,
    more: (n: number) => `Showing the newest ${n}.`,
  },
} as const;
