/**
 * The emails the site sends: each kind names the only data fields it may be given, and renders
 * a subject, plain text and simple HTML. Pure.
 *
 * What an email may never carry (subject included): the text of a reflection, of evidence, of
 * feedback or comments, or any diagnosis or other health detail. Two guards:
 * - each template takes only the fields it lists (everything else is refused when queued, so it
 *   never reaches the outbox), and
 * - no template may list a field named in {@link FORBIDDEN_DATA_FIELDS}
 *   (tests/unit/email-templates.test.ts checks every template against it).
 * An email says that something happened and links to the site, where the person signs in to
 * read it: "You have new feedback on your evidence — sign in to read it".
 *
 * Links are built from SITE_URL at sending time: data holds only paths (`/reset/…`).
 */
import { emailEn } from '../i18n/email.ts';
import { RESET_LINK_LIFETIME_MS } from '../auth/password-reset.ts';
import { emailAccountEn } from '../i18n/email-account.ts';
import { INVITATION_LIFETIME_MS } from '../cohorts/invitations.ts';
import { decodeCounts } from '../notifications/email-prefs.ts';

const t = emailEn;
const ea = emailAccountEn.emails;

/** Field names no email's data may have: they would carry private or health text. */
export const FORBIDDEN_DATA_FIELDS: readonly string[] = [
  'reflection',
  'reflection_text',
  'reflection_body',
  'body',
  'text',
  'content',
  'evidence',
  'evidence_text',
  'evidence_body',
  'description',
  'feedback',
  'feedback_text',
  'comment',
  'comments',
  'note',
  'notes',
  'answer',
  'answers',
  'diagnosis',
  'health',
  'condition',
  'medication',
  'wellbeing',
  'support_needs',
  'reason',
];

export interface TemplateContext {
  /** The organisation, e.g. "Lived Learning". */
  orgName: string;
  /** SITE_URL without a trailing slash. */
  siteUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. RFC 8058 List-Unsubscribe on notification emails. */
  headers?: Record<string, string>;
}

type Data = Record<string, string>;

interface Template {
  /** The only data fields this kind takes; all must be strings. `Path` fields are site paths. */
  fields: readonly string[];
  render(data: Data, context: TemplateContext): RenderedEmail;
}

/** A site path such as `/reset/abc`: starts with one slash, no scheme, no host. */
const SITE_PATH = /^\/(?!\/)[A-Za-z0-9/_\-.~%?=&]*$/;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function link(context: TemplateContext, path: string): string {
  return `${context.siteUrl}${path}`;
}

/** The shared shape: greeting, paragraphs, one button-like link, sign-off, footer. */
function compose(context: TemplateContext, subject: string, parts: { name?: string; paragraphs: string[]; action?: { label: string; url: string }; after?: string[] }): RenderedEmail {
  const greeting = t.common.greeting(parts.name ?? '');
  const after = parts.after ?? [];
  const text = [
    greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(parts.action ? [parts.action.url, ''] : []),
    ...after.flatMap((p) => [p, '']),
    t.common.signOff(context.orgName),
    '',
    '--',
    t.common.automatic(context.orgName),
    '',
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 1em">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:36em;margin:0 auto;padding:1em">',
    p(greeting),
    ...parts.paragraphs.map(p),
    parts.action
      ? `<p style="margin:1.5em 0"><a href="${escapeHtml(parts.action.url)}" style="background:#1d4f91;color:#ffffff;padding:0.6em 1em;text-decoration:underline;display:inline-block">${escapeHtml(parts.action.label)}</a></p>` +
        `<p style="margin:0 0 1em;font-size:14px;word-break:break-all">${escapeHtml(parts.action.url)}</p>`
      : '',
    ...after.map(p),
    p(t.common.signOff(context.orgName)),
    `<hr><p style="font-size:14px;color:#444">${escapeHtml(t.common.automatic(context.orgName))}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export const TEMPLATES = {
  password_reset: {
    fields: ['name', 'resetPath'],
    render(data, context) {
      const hours = Math.round(RESET_LINK_LIFETIME_MS / 3_600_000);
      return compose(context, t.passwordReset.subject(context.orgName), {
        name: data.name ?? '',
        paragraphs: [t.passwordReset.intro],
        action: { label: t.passwordReset.button, url: link(context, data.resetPath ?? '/forgot') },
        after: [t.passwordReset.expiry(hours), t.passwordReset.notYou],
      });
    },
  },
  invitation: {
    fields: ['name', 'groupName', 'invitePath'],
    render(data, context) {
      const days = Math.round(INVITATION_LIFETIME_MS / 86_400_000);
      return compose(context, t.invitation.subject(context.orgName), {
        name: data.name ?? '',
        paragraphs: [t.invitation.intro(data.groupName ?? ''), t.invitation.how],
        action: { label: t.invitation.button, url: link(context, data.invitePath ?? '/') },
        after: [t.invitation.expiry(days), t.invitation.notYou],
      });
    },
  },
  /** Immediate email or digest about notifications: kinds and counts only, never any text. */
  notifications: {
    fields: ['name', 'cadence', 'counts', 'unsubscribePath'],
    render(data, context) {
      const cadence = data.cadence === 'weekly' || data.cadence === 'daily' ? data.cadence : 'immediate';
      const counts = decodeCounts(data.counts ?? '');
      const home = counts.some(([c]) => c === 'to_decide' || c === 'iqa_returns' || c === 'samples') && !counts.some(([c]) => c === 'feedback' || c === 'replies' || c === 'certificates' || c === 'questionnaires') ? '/staff' : '/dashboard';
      const lines = counts.map(([category, n]) => `• ${t.notifications.line[category](n)}`);
      const unsubscribe = data.unsubscribePath ? link(context, data.unsubscribePath) : undefined;
      const rendered = compose(context, t.notifications.subject[cadence](context.orgName), {
        name: data.name ?? '',
        paragraphs: [t.notifications.intro, ...lines, t.notifications.signIn],
        action: { label: t.notifications.button, url: link(context, home) },
        after: [t.notifications.choices(link(context, '/account#email')), ...(unsubscribe ? [t.notifications.stop(unsubscribe)] : [])],
      });
      if (unsubscribe) rendered.headers = { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
      return rendered;
    },
  },
  smtp_test: {
    fields: ['name'],
    render(data, context) {
      return compose(context, t.smtpTest.subject(context.orgName), {
        name: data.name ?? '',
        paragraphs: [t.smtpTest.intro],
        action: { label: t.smtpTest.link, url: link(context, '/') },
      });
    },
  },
  // Confirming an address (src/lib/auth/email-tokens-store.ts). None names the other address.
  email_verify: {
    fields: ['name', 'verifyPath'],
    render(data, context) {
      return compose(context, ea.verify.subject(context.orgName), {
        name: data.name ?? '',
        paragraphs: [ea.verify.intro],
        action: { label: ea.verify.button, url: link(context, data.verifyPath ?? '/account') },
        after: [ea.verify.expiry, ea.verify.notYou],
      });
    },
  },
  email_change_confirm: {
    fields: ['name', 'confirmPath'],
    render(data, context) {
      return compose(context, ea.changeConfirm.subject(context.orgName), {
        name: data.name ?? '',
        paragraphs: [ea.changeConfirm.intro],
        action: { label: ea.changeConfirm.button, url: link(context, data.confirmPath ?? '/account') },
        after: [ea.changeConfirm.expiry, ea.changeConfirm.notYou],
      });
    },
  },
  email_change_taken: {
    fields: [],
    render(_data, context) {
      return compose(context, ea.changeTaken.subject(context.orgName), {
        paragraphs: [ea.changeTaken.intro, ea.changeTaken.forgot],
        action: { label: ea.changeTaken.button, url: link(context, '/forgot') },
        after: [ea.changeTaken.notYou],
      });
    },
  },
  email_change_notice: {
    fields: ['name'],
    render(data, context) {
      return compose(context, ea.changeNotice.subject(context.orgName), {
        name: data.name ?? '',
        // No link at all: the old address only hears that a change was asked for.
        paragraphs: [ea.changeNotice.intro, ea.changeNotice.notYou],
      });
    },
  },
} satisfies Record<string, Template>;

export type EmailKind = keyof typeof TEMPLATES;

export function isEmailKind(kind: string): kind is EmailKind {
  return Object.hasOwn(TEMPLATES, kind);
}

/** What is wrong with `data` for `kind`, in plain words (empty when it may be queued). */
export function templateDataProblems(kind: string, data: Record<string, unknown>): string[] {
  if (!isEmailKind(kind)) return [`There is no email of kind "${kind}" — use one of ${Object.keys(TEMPLATES).join(', ')}`];
  const allowed: readonly string[] = TEMPLATES[kind].fields;
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (FORBIDDEN_DATA_FIELDS.includes(key)) problems.push(`"${key}" may never go into an email: emails only say that something happened and link to the site`);
    else if (!allowed.includes(key)) problems.push(`"${key}" is not a field of the ${kind} email — it takes ${allowed.join(', ')}`);
    else if (typeof value !== 'string') problems.push(`"${key}" must be text`);
    else if (key.endsWith('Path') && !SITE_PATH.test(value)) problems.push(`"${key}" must be a path on this site starting with "/"`);
    else if (value.length > 500) problems.push(`"${key}" is too long for an email (500 characters at most)`);
  }
  return problems;
}

/**
 * Renders an email. Data fields the template does not list are ignored.
 *
 * @throws {Error} for an unknown kind (the outbox refuses those when queued)
 */
export function renderEmail(kind: string, data: Record<string, unknown>, context: TemplateContext): RenderedEmail {
  if (!isEmailKind(kind)) throw new Error(`There is no email of kind "${kind}"`);
  const template: Template = TEMPLATES[kind];
  const kept: Data = {};
  for (const field of template.fields) {
    const value = data[field];
    if (typeof value === 'string') kept[field] = value;
  }
  return template.render(kept, context);
}
