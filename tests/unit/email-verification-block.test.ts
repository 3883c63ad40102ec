/**
 * While the organisation asks for email verification, a person who has not confirmed their
 * address cannot send evidence: nothing reaches PocketBase, and what they typed comes back to
 * copy. Once verified (or with verification off) the same request goes on to PocketBase.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handleEvidenceSubmit } from '../../src/lib/assessment/evidence-request.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

const ON = { SMTP_HOST: '127.0.0.1', SMTP_TLS: 'none', EMAIL_FROM: 'learning@example.org', SITE_URL: 'https://learning.example.org', REQUIRE_EMAIL_VERIFICATION: 'true' };

function request(): Request {
  const form = new FormData();
  form.set('criterion', '1.1');
  form.set('text', 'What I did on placement this week');
  return new Request('http://127.0.0.1/evidence/c', { method: 'POST', body: form });
}

/** A PocketBase that records whether anyone used it. */
function watchedPocketBase() {
  const used = { count: 0 };
  const pb = new Proxy({}, { get: () => { used.count += 1; throw new Error('PocketBase was used'); } }) as unknown as TypedPocketBase;
  return { pb, used };
}

const person = (verified: boolean) => ({ id: 'u1', email: 'sam@example.org', verified, role: ['trainee'] }) as unknown as UserRecord;

describe('evidence while the email is not confirmed', () => {
  it('is refused with a kind message and the text kept, without touching PocketBase', async () => {
    Object.assign(process.env, ON);
    const { pb, used } = watchedPocketBase();
    const answer = await handleEvidenceSubmit({ request: request(), pb, user: person(false), serviceUnavailable: false, course: {} as Course });
    expect(answer).toMatchObject({ kind: 'page', status: 403, problem: { where: 'kept', form: { text: 'What I did on placement this week' } } });
    expect(answer.kind === 'page' && answer.problem.message).toMatch(/confirm your email address first/);
    expect(used.count).toBe(0);
  });

  it('goes on as before once verified, or when verification is off', async () => {
    for (const [env, user] of [[ON, person(true)], [{ ...ON, REQUIRE_EMAIL_VERIFICATION: 'false' }, person(false)]] as const) {
      process.env = { ...saved, ...env };
      const { pb } = watchedPocketBase();
      const answer = await handleEvidenceSubmit({ request: request(), pb, user, serviceUnavailable: false, course: {} as Course }).catch((error: unknown) => error);
      // Past the check it reaches for the course or PocketBase: not the verification refusal.
      expect(answer instanceof Error || (answer as { status?: number }).status !== 403).toBe(true);
    }
  });
});
