/**
 * POST /evidence/<course>, from the plain multipart form or from <trainee-evidence-form>
 * (`Accept: application/json`). Reads the form, sends the evidence as the signed-in person,
 * and says what the page should answer: JSON, a 303 back to the criterion with "Submitted",
 * or the page again with the person's text and a message next to the field. Never throws for
 * bad input or PocketBase being down; the person's id always comes from the session.
 */
import { mustVerifyEmail } from '../auth/email-tokens.ts';
import { emailAccountEn } from '../i18n/email-account.ts';
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase, statusOf } from '../errors.ts';
import { assessmentTraineeText } from '../i18n/assessment-trainee.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { submittedLocation } from './evidence.ts';
import { EVIDENCE_FIELDS, parseEvidenceForm, rawEvidenceForm, type EvidenceField, type RawEvidenceForm } from './evidence-schema.ts';
import { EvidenceRefused, submitEvidence } from './evidence-store.ts';
import { machineLock, onPeerMessage, publishToPeers } from '../server/peers.ts';
import { readForm } from '../site/forms.ts';

const t = assessmentTraineeText('en-GB');

export interface SubmitRequest {
  request: Request;
  pb: TypedPocketBase;
  user: UserRecord | null;
  serviceUnavailable: boolean;
  course: Course;
}

/** Why the page is shown again; `where` picks how the text is kept. */
export interface SubmitProblem {
  form: RawEvidenceForm;
  message: string;
  /** The form field the message belongs next to, if any. */
  field: EvidenceField | undefined;
  /**
   * `form`: the criterion's own form is shown again with the text in it; `kept`: no form can
   * take it (unknown criterion, nothing to send for it, not enrolled, signed out, service
   * down), so the text is shown read-only to copy.
   */
  where: 'form' | 'kept';
  /** Signed out: the page offers to sign in again. */
  signIn: boolean;
}

export type SubmitAnswer =
  | { kind: 'json'; status: number; body: { location: string; message: string } | { error: string; fields: Record<string, string> } }
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: number; problem: SubmitProblem };

/**
 * Submissions already made, by person and form token: a double-click or a resend answers like
 * the first. Copied to every web process of this machine (src/lib/server/peers.ts), and the
 * submission runs under a machine-wide lock, so the copy that reached another process waits,
 * then finds the first one here.
 */
const done = new Map<string, { location: string; at: number }>();
const REMEMBER_MS = 30 * 60 * 1000;
const CHANNEL = 'evidence-submitted';

function forget(now: number) {
  for (const [key, value] of done) if (now - value.at > REMEMBER_MS) done.delete(key);
}

onPeerMessage(CHANNEL, (data) => {
  const { key, location, at } = data as { key: string; location: string; at: number };
  forget(Date.now());
  done.set(key, { location, at });
});

/** Handles one evidence post. */
export async function handleEvidenceSubmit({ request, pb, user, serviceUnavailable, course }: SubmitRequest): Promise<SubmitAnswer> {
  const json = (request.headers.get('accept') ?? '').includes('application/json');
  const form = await readForm(request);
  const raw = rawEvidenceForm(form);

  const fail = (status: number, message: string, field: EvidenceField | undefined, where: 'form' | 'kept', signIn = false): SubmitAnswer => {
    if (json) return { kind: 'json', status, body: { error: message, fields: field ? { [field]: message } : {} } };
    return { kind: 'page', status, problem: { form: raw, message, field, where, signIn } };
  };

  if (!user) return serviceUnavailable ? fail(503, t.errors.unavailable, undefined, 'kept') : fail(401, t.errors.signedOut, undefined, 'kept', true);
  // Not yet confirmed their email while the organisation asks for it: nothing is sent, the text is kept to copy.
  if (mustVerifyEmail(user)) return fail(403, emailAccountEn.verify.blocked, undefined, 'kept');

  let key = '';
  try {
    const input = await parseEvidenceForm(form);
    key = input.submission ? `${user.id}\u0000${input.submission}` : '';
    const run = async () => {
      const seen = key ? done.get(key) : undefined;
      if (seen) return seen.location;
      await submitEvidence(pb, user.id, course, input);
      const location = submittedLocation(course, input.criterion);
      if (key) {
        const at = Date.now();
        forget(at);
        done.set(key, { location, at });
        publishToPeers(CHANNEL, { key, location, at });
      }
      return location;
    };
    const location = key ? await machineLock(`evidence:${key}`, run) : await run();
    if (json) return { kind: 'json', status: 200, body: { location, message: t.criterion.submitted } };
    return { kind: 'redirect', location };
  } catch (caught) {
    // Anything that is not PocketBase's answer is a bug: fromPocketBase throws it on, to the
    // middleware (a 500 with a logged id), never a fake "service unavailable".
    const error = caught instanceof DomainError ? caught : fromPocketBase(caught, 'evidence');
    if (error instanceof EvidenceRefused) {
      const onForm = error.reason.startsWith('reflection-');
      return fail(statusOf(error), error.message, onForm ? 'reflection' : undefined, onForm ? 'form' : 'kept');
    }
    if (error.kind === 'unavailable') return fail(503, t.errors.unavailable, undefined, 'kept');
    if (error.kind === 'unauthenticated') return fail(401, t.errors.signedOut, undefined, 'kept', true);
    const field = EVIDENCE_FIELDS.find((f) => error.fields[f]);
    if (field) return fail(statusOf(error), error.fields[field]!, field, 'form');
    return fail(statusOf(error), t.errors.unexpected, undefined, raw.criterion && course.criteria.has(raw.criterion) ? 'form' : 'kept');
  }
}

