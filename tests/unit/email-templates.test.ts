/**
 * Every email template against the list of fields no email may carry (reflection, evidence,
 * feedback, health…): no template takes one, queueing refuses one, and whatever private text
 * is slipped into the data never reaches the subject, the text or the HTML.
 */
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_DATA_FIELDS, TEMPLATES, renderEmail, templateDataProblems } from '../../src/lib/email/templates.ts';
import { outboxCreateBody } from '../../src/lib/email/outbox-store.ts';

const context = { orgName: 'Riverside Peer Network', siteUrl: 'https://learning.example.org' };
const SECRET = 'SECRET-DIAGNOSIS-bipolar-and-my-reflection';

/** Plausible values for a template's own fields. */
function sampleData(fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, f.endsWith('Path') ? '/reset/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' : 'Sam']));
}

describe('email templates', () => {
  const kinds = Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[];

  it('has templates to check', () => {
    expect(kinds).toContain('password_reset');
  });

  for (const kind of kinds) {
    describe(kind, () => {
      const fields = TEMPLATES[kind].fields as readonly string[];

      it('takes no forbidden field', () => {
        for (const field of fields) expect(FORBIDDEN_DATA_FIELDS, `${kind}.${field}`).not.toContain(field.toLowerCase());
      });

      it('refuses every forbidden field when queued, naming it', () => {
        for (const field of FORBIDDEN_DATA_FIELDS) {
          const problems = templateDataProblems(kind, { ...sampleData(fields), [field]: SECRET });
          expect(problems.join(' '), field).toContain(`"${field}" may never go into an email`);
          expect(() => outboxCreateBody({ kind, to: 'sam@example.org', data: { ...sampleData(fields), [field]: SECRET } }, {})).toThrow(/may never go into an email/);
        }
      });

      it('never shows forbidden text even if it were in the data, subject included', () => {
        const data: Record<string, string> = { ...sampleData(fields) };
        for (const field of FORBIDDEN_DATA_FIELDS) data[field] = SECRET;
        const email = renderEmail(kind, data, context);
        for (const part of [email.subject, email.text, email.html]) expect(part).not.toContain(SECRET);
      });

      it('names the organisation and links only to SITE_URL, in text and HTML', () => {
        const email = renderEmail(kind, sampleData(fields), context);
        expect(email.subject).toContain(context.orgName);
        expect(email.text).toContain(context.orgName);
        expect(email.html).toContain(context.orgName);
        const links = [...email.text.matchAll(/https?:\/\/\S+/g), ...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? m[0]);
        // The notice to the old address carries no link at all (tests/unit/email-tokens.test.ts).
        if (kind !== 'email_change_notice') expect(links.length).toBeGreaterThan(0);
        for (const link of links) expect(link.startsWith(`${context.siteUrl}/`)).toBe(true);
        expect(email.html).toMatch(/^<!doctype html>/);
      });
    });
  }

  it('escapes what goes into the HTML', () => {
    const email = renderEmail('password_reset', { name: '<script>alert(1)</script>', resetPath: '/reset/x' }, context);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });

  it('refuses unknown kinds, unknown fields, non-text values and paths off the site', () => {
    expect(templateDataProblems('reflection_shared', {})[0]).toMatch(/no email of kind/);
    expect(templateDataProblems('password_reset', { cohort: 'x' })[0]).toMatch(/not a field of the password_reset email/);
    expect(templateDataProblems('password_reset', { name: 3 as unknown as string })[0]).toMatch(/must be text/);
    for (const bad of ['https://evil.example/reset', '//evil.example/x', 'reset/x', '/reset/<x>']) {
      expect(templateDataProblems('password_reset', { resetPath: bad })[0], bad).toMatch(/path on this site/);
    }
    expect(templateDataProblems('password_reset', { name: 'Sam', resetPath: '/reset/abc_-' })).toEqual([]);
  });
});
