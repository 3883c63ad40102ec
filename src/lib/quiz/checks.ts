/**
 * Knowledge checks end to end, for the route and the module page: read the posted answers,
 * check them against the module, grade them on the server, store the attempt with the
 * service client, and load what the person sees (their result and their history).
 *
 * Answer keys stay here, on the server: the form carries only option numbers, and a result
 * carries only the feedback of the options the person chose.
 */
import type { Course, Module } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { quizText } from '../i18n/quiz.ts';
import { renderCourseInline } from '../markdown/markdown.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { signInPath } from '../auth/session.ts';
import { moduleHref } from '../site/links.ts';
import { renderedModule } from '../site/rendered.ts';
import { checkAnswers, encodeDraft, decodeDraft } from './answers.ts';
import { createAttempt, getOwnAttempt, listAttempts, listOwnAttempts } from './attempts-store.ts';
import { forgetOwnRecords } from '../trainee/own-records-store.ts';
import {
  isRepeatSubmission,
  presentResult,
  summaryOf,
  type AttemptSummary,
  type ResultView,
} from './attempts.ts';
import { gradeCheck, questionsNeeded, type Answers } from './grading.ts';
import { parseCheckForm } from './schema.ts';

const text = quizText('en-GB');

export interface CheckDeps {
  /** The site's courses by slug (`getCatalogue().course`). */
  findCourse(slug: string): Course | undefined;
  /** The person's own client (`locals.pb`). */
  pb: TypedPocketBase;
  /** The signed-in person (`locals.user`). */
  user: UserRecord | null;
  /** `locals.serviceUnavailable`. */
  serviceUnavailable?: boolean;
  /** The service client, used only to store the graded attempt. */
  service(): Promise<TypedPocketBase>;
  now?(): Date;
}

export type SubmitOutcome =
  | { kind: 'graded'; course: Course; module: Module; result: ResultView; history: AttemptSummary[]; repeated: boolean }
  | {
      kind: 'unanswered';
      course: Course;
      module: Module;
      answers: Answers;
      unanswered: string[];
      message: string;
      /** `answer:<question id>` → message, for the JSON answer. */
      fields: Record<string, string>;
    }
  | { kind: 'signed-out'; returnTo: string }
  | { kind: 'refused'; error: DomainError; course?: Course; module?: Module; answers?: Answers };

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Identical submissions being stored right now, so a double click stores one attempt. */
const inFlight = new Map<string, Promise<{ record: AttemptSummary; repeated: boolean }>>();

/**
 * Handles POST /checks.
 *
 * Never throws for anything the person sent: bad input comes back as `refused` with a
 * DomainError (`invalid` 400, `not-found` 404) or as `unanswered`. `unavailable` (503) when
 * PocketBase is down; then the answers are returned so the form can show them again.
 */
export async function submitCheck(deps: CheckDeps, request: Request): Promise<SubmitOutcome> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return { kind: 'refused', error: new DomainError('invalid', text.errors.wrongType) };

  let form;
  try {
    form = parseCheckForm(await request.formData());
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'refused', error };
    return { kind: 'refused', error: new DomainError('invalid', text.errors.wrongType) };
  }

  const course = deps.findCourse(form.course);
  const module = course?.modules.find((m) => m.id === form.module);
  if (!course || !module) return { kind: 'refused', error: new DomainError('not-found', text.errors.notFound) };
  const check = module.knowledgeCheck;
  if (!check) return { kind: 'refused', error: new DomainError('invalid', text.errors.noCheck), course, module };

  let checked;
  try {
    checked = checkAnswers(check, form.answers, text);
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'refused', error, course, module };
    throw error;
  }

  if (!deps.user) {
    if (deps.serviceUnavailable) {
      return { kind: 'refused', error: new DomainError('unavailable', text.errors.unavailableSave), course, module, answers: checked.answers };
    }
    // Nothing is lost: the answers travel with the return path and fill the form again.
    const draft = encodeDraft(checked.answers);
    const returnTo = `${moduleHref(course, module)}${draft ? `?${new URLSearchParams({ answers: draft })}` : ''}#knowledge-check`;
    return { kind: 'signed-out', returnTo: signInPath(returnTo, 'required') };
  }

  if (!checked.complete) {
    const numbers = checked.unanswered.map((id) => check.questions.findIndex((q) => q.id === id) + 1);
    const fields = Object.fromEntries(
      checked.unanswered.map((id) => {
        const question = check.questions.find((q) => q.id === id);
        return [`answer:${id}`, question?.type === 'multiple' ? text.errors.chooseAny : text.errors.chooseOne];
      }),
    );
    return { kind: 'unanswered', course, module, answers: checked.answers, unanswered: checked.unanswered, message: text.errors.unanswered(numbers), fields };
  }

  const user = deps.user;
  const answers = checked.answers;
  const grade = gradeCheck(check, answers);
  try {
    const key = [user.id, course.slug, module.id, encodeDraft(answers)].join('|');
    let storing = inFlight.get(key);
    if (storing) {
      storing = storing.then(({ record }) => ({ record, repeated: true }));
    } else {
      storing = (async () => {
        const [latest] = await listAttempts(deps.pb, user.id, course.slug, module.id, 1);
        if (latest && isRepeatSubmission(latest, answers, deps.now?.() ?? new Date())) return { record: summaryOf(latest), repeated: true };
        const service = await deps.service().catch((error: unknown) => {
          // For the operator: the service account could not sign in (PocketBase down, or
          // its credentials changed). The person is told to try again; nothing is lost.
          console.error(`[checks] the service client is unavailable: ${error instanceof Error ? error.message : String(error)}`);
          throw new DomainError('unavailable', text.errors.unavailableSave);
        });
        const record = await createAttempt(service, { user: user.id, course: course.slug, module: module.id, answers, grade });
        forgetOwnRecords(deps.pb);
        return { record: summaryOf(record), repeated: false };
      })();
      inFlight.set(key, storing);
      void storing.finally(() => inFlight.delete(key)).catch(() => {});
    }
    const { record, repeated } = await storing;
    const history = (await listAttempts(deps.pb, user.id, course.slug, module.id)).map(summaryOf);
    const result = presentResult(record, grade, check, renderedModule(course, module).questions.map((q) => q.options), renderCourseInline);
    return { kind: 'graded', course, module, result, history, repeated };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const shown = error.kind === 'unavailable' ? new DomainError('unavailable', text.errors.unavailableSave) : error;
    return { kind: 'refused', error: shown, course, module, answers };
  }
}

/** What the knowledge-check section shows on a module page. */
export interface CheckState {
  mode: 'form' | 'signed-out' | 'unavailable';
  /** Answers to show as chosen (a result's, or a draft brought back after signing in). */
  answers: Answers;
  /** Questions to mark as needing an answer. */
  unanswered: string[];
  /** A message above the form (unanswered questions, or why it could not be saved). */
  message?: string;
  /** True when the answers came back from before signing in. */
  draftRestored: boolean;
  /** The result to show, when the page was opened with `?attempt=<id>` after a check. */
  result?: ResultView;
  /** The result's check has changed since, so only its score is shown. */
  resultChanged: boolean;
  history: AttemptSummary[];
}

const emptyState = (mode: CheckState['mode']): CheckState => ({ mode, answers: {}, unanswered: [], draftRestored: false, resultChanged: false, history: [] });

/**
 * Loads the section's state for the module page: the form for a signed-in person, their
 * history, and the result of `?attempt=<id>` (read with their own client, and only when the
 * attempt is theirs). Never throws: when PocketBase is down, the section says so.
 */
export async function loadCheck(deps: Pick<CheckDeps, 'pb' | 'user' | 'serviceUnavailable'>, course: Course, module: Module, url: URL): Promise<CheckState> {
  const check = module.knowledgeCheck;
  if (!check) return emptyState('form');
  if (!deps.user) return emptyState(deps.serviceUnavailable ? 'unavailable' : 'signed-out');

  const state = emptyState('form');
  const draft = decodeDraft(url.searchParams.get('answers'), check);
  if (Object.keys(draft).length > 0) {
    state.answers = draft;
    state.draftRestored = true;
  }
  try {
    const attemptId = url.searchParams.get('attempt');
    const [history, attempt] = await Promise.all([
      listOwnAttempts(deps.pb, deps.user.id, course.slug, module.id),
      attemptId ? getOwnAttempt(deps.pb, attemptId, deps.user.id, course.slug, module.id) : Promise.resolve(undefined),
    ]);
    state.history = history.map(summaryOf);
    if (attempt) {
      state.answers = attempt.answers ?? {};
      state.draftRestored = false;
      state.result = regrade(course, module, attempt.answers ?? {}, summaryOf(attempt));
      state.resultChanged = state.result.questions.length === 0;
    }
  } catch (error) {
    if (error instanceof DomainError) return { ...emptyState('unavailable'), answers: state.answers };
    throw error;
  }
  return state;
}

/** A stored attempt's result against today's check; only the score if the check has changed. */
function regrade(course: Course, module: Module, stored: Answers, attempt: AttemptSummary): ResultView {
  const check = module.knowledgeCheck!;
  const scoreOnly: ResultView = { attempt, needed: questionsNeeded(attempt.total, check.passMark), passMark: check.passMark, questions: [] };
  try {
    const raw = Object.fromEntries(Object.entries(stored).map(([id, indexes]) => [id, (Array.isArray(indexes) ? indexes : []).map(String)]));
    const checked = checkAnswers(check, raw, text);
    if (!checked.complete) return scoreOnly;
    const grade = gradeCheck(check, checked.answers);
    if (grade.score !== attempt.score || grade.total !== attempt.total) return scoreOnly;
    return presentResult(attempt, grade, check, renderedModule(course, module).questions.map((q) => q.options), renderCourseInline);
  } catch {
    return scoreOnly;
  }
}
