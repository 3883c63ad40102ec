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
  invitation: {
    subject: (org: string) => `You are invited to join a learning group at ${org}`,
    intro: (group: string) => (group ? `You have been invited to join the learning group “${group}”.` : 'You have been invited to join a learning group.'),
    how: 'Open this link to choose your name and a password. Then you will be in the group straight away:',
    button: 'Accept the invitation',
    expiry: (days: number) => `The link works once, for ${days} days. If it has run out, ask your trainer for a new one.`,
    notYou: 'If you were not expecting this, you can ignore this email: nothing happens unless you open the link.',
  },
  notifications: {
    subject: {
      immediate: (org: string) => `Something new is waiting for you at ${org} — sign in to see it`,
      daily: (org: string) => `Your daily summary from ${org} — sign in to see it`,
      weekly: (org: string) => `Your weekly summary from ${org} — sign in to see it`,
    },
    intro: 'Something new is waiting for you on the learning site:',
    line: {
      feedback: (n: number) => (n === 1 ? 'new feedback or a decision on your evidence' : `${n} new pieces of feedback or decisions on your evidence`),
      replies: (n: number) => (n === 1 ? 'a reply to a reflection you shared' : `${n} replies to reflections you shared`),
      certificates: (n: number) => (n === 1 ? 'a certificate ready for you' : `${n} certificates ready for you`),
      to_decide: (n: number) => (n === 1 ? 'new evidence to decide' : `${n} pieces of new evidence to decide`),
      iqa_returns: (n: number) => (n === 1 ? 'a decision sent back by quality assurance' : `${n} decisions sent back by quality assurance`),
      samples: (n: number) => (n === 1 ? 'sampled decisions to review' : `${n} sets of sampled decisions to review`),
      discussion: (n: number) => (n === 1 ? 'a new reply in a discussion you are part of' : `${n} new replies in discussions you are part of`),
      reviews: (n: number) => (n === 1 ? 'a course you have been asked to review' : `${n} courses you have been asked to review`),
      questionnaires: (n: number) => (n === 1 ? 'a short follow-up questionnaire is ready' : `${n} short follow-up questionnaires are ready`),
    },
    signIn: 'Sign in to see them:',
    button: 'Sign in',
    choices: (url: string) => `To choose how often we email you, or to stop, sign in and go to Your account: ${url}`,
    stop: (url: string) => `To stop emails like this one without signing in, open: ${url}`,
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
