/**
 * Knowledge checks end to end, for the route and the module page: read the posted answers,
 * check them against the module, grade them on the server, store the attempt with the
 * service client, and load what the person sees (their result and their history).
 *
 * Answer keys stay here, on the server: the form carries only option numbers, and a result
 * carries only the feedback of the options the person chose.
 */
import type { Course, KnowledgeCheck, Module } from '../courses/course.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import { formatMoment, quizText } from '../i18n/quiz.ts';
import { renderCourseInline } from '../markdown/markdown.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { signInPath } from '../auth/session.ts';
import { moduleHref } from '../site/links.ts';
import { renderedModule } from '../site/rendered.ts';
import { checkAnswers, encodeDraft, decodeDraft } from './answers.ts';
import { attemptsSoFar, createAttempt, getOwnAttempt, listAttempts, listOwnAttempts, type StoredAttempt } from './attempts-store.ts';
import { forgetOwnRecords } from '../trainee/own-records-store.ts';
import {
  isRepeatSubmission,
  pocketBaseDate,
  presentResult,
  summaryOf,
  type AttemptSummary,
  type ResultView,
} from './attempts.ts';
import { gradeCheck, questionsNeeded, type Answers, type Grade } from './grading.ts';
import { drawSitting, nextAttemptAt, readerSitting, roundOf, shownOrder, sittingCheck, type Sitting } from './sitting.ts';
import { parseCheckForm } from './schema.ts';
import { machineLock } from '../server/peers.ts';

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
      /** The sitting the form showed, to show it again the same way. */
      sitting: Sitting;
    }
  | { kind: 'signed-out'; returnTo: string }
  | { kind: 'refused'; error: DomainError; course?: Course; module?: Module; answers?: Answers; sitting?: Sitting; retryAt?: Date };

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

type Stored =
  | { kind: 'stored'; record: AttemptSummary; repeated: boolean; grade: Grade; asked: KnowledgeCheck }
  | { kind: 'unanswered'; unanswered: string[]; answers: Answers; sitting: Sitting; asked: KnowledgeCheck };

/** Identical submissions being stored right now, so a double click stores one attempt. */
const inFlight = new Map<string, Promise<Stored>>();

/** The questions an attempt asked, in the order shown: its record, or the whole check for older rows. */
export function askedCheck(check: KnowledgeCheck, attempt: Pick<StoredAttempt, 'asked'>): KnowledgeCheck | undefined {
  return Array.isArray(attempt.asked) && attempt.asked.length > 0 ? sittingCheck(check, attempt.asked.map(String)) : check;
}

/** The options' HTML of the asked questions, in model (identity) order, by the asked order. */
function optionsHtmlOf(course: Course, module: Module, asked: KnowledgeCheck): string[][] {
  const rendered = renderedModule(course, module).questions;
  const all = module.knowledgeCheck?.questions ?? [];
  return asked.questions.map((q) => rendered[all.findIndex((p) => p.id === q.id)]?.options ?? []);
}

/** The sitting a posted form showed, for showing it again only (never for grading). */
function postedSitting(check: KnowledgeCheck, user: string, course: string, module: string, key: string | undefined): Sitting | undefined {
  const round = roundOf(key);
  return round === undefined ? undefined : drawSitting(check, { user, course, module, round });
}

/**
 * Handles POST /checks.
 *
 * Never throws for anything the person sent: bad input comes back as `refused` with a
 * DomainError (`invalid` 400, `not-found` 404) or as `unanswered`. `unavailable` (503) when
 * PocketBase is down; then the answers are returned so the form can show them again.
 * `conflict` (409) when the form showed an older sitting (the person checked their answers
 * elsewhere since), `too-many` (429) while the author's wait between attempts runs.
 *
 * Which questions were asked and in what order is worked out here again from the person's
 * latest attempt (see ./sitting.ts), never taken from the form; answers are option
 * identities, so grading does not depend on the order at all.
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

  // First against the whole pool: every question id known, every value one of its options.
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

  const user = deps.user;
  const given = checked.answers;
  const shownBefore = () => postedSitting(check, user.id, course.slug, module.id, form.sitting);
  try {
    const key = [user.id, course.slug, module.id, encodeDraft(given)].join('|');
    let storing = inFlight.get(key);
    if (storing) {
      storing = storing.then((done) => (done.kind === 'stored' ? { ...done, repeated: true } : done));
    } else {
      // Across the web processes of this machine too: a copy of the double click that reached
      // another process waits here, then finds this attempt as a repeat (src/lib/server/peers.ts).
      storing = machineLock(`quiz:${[user.id, course.slug, module.id].join('|')}`, async (): Promise<Stored> => {
        const { latest, count } = await attemptsSoFar(deps.pb, user.id, course.slug, module.id);
        // The time once the lock is held: an attempt stored meanwhile is then in the past.
        const at = deps.now?.() ?? new Date();
        if (latest && isRepeatSubmission(latest, given, at)) {
          const asked = askedCheck(check, latest) ?? check;
          return { kind: 'stored', record: summaryOf(latest), repeated: true, grade: gradeCheck(asked, latest.answers ?? {}), asked };
        }
        const sitting = drawSitting(check, { user: user.id, course: course.slug, module: module.id, round: count });
        const asked = sittingCheck(check, sitting.questions)!;
        const keep = keepAsked(given, sitting);
        if (form.sitting !== undefined && form.sitting !== sitting.key) {
          throw new Refusal(new DomainError('conflict', text.errors.reshuffled), keep, sitting);
        }
        const retryAt = nextAttemptAt(check.retryAfterMs ?? 0, latest ? pocketBaseDate(latest.created) : undefined, at);
        if (retryAt) throw new Refusal(new DomainError('too-many', text.errors.wait(formatMoment(retryAt))), keep, sitting, retryAt);
        // Then against this sitting: only the questions it asks.
        const mine = checkAnswers(asked, form.answers, text);
        if (!mine.complete) return { kind: 'unanswered', unanswered: mine.unanswered, answers: mine.answers, sitting, asked };
        const grade = gradeCheck(asked, mine.answers);
        const service = await deps.service().catch((error: unknown) => {
          // PocketBase down: the person is told to try again; nothing is lost. The service
          // account refused (its credentials changed) is a bug for the middleware (500, logged).
          if (isUnavailable(error)) throw new DomainError('unavailable', text.errors.unavailableSave);
          throw error;
        });
        const record = await createAttempt(service, { user: user.id, course: course.slug, module: module.id, answers: mine.answers, grade, sitting });
        forgetOwnRecords(deps.pb);
        return { kind: 'stored', record: summaryOf(record), repeated: false, grade, asked };
      });
      inFlight.set(key, storing);
      void storing.finally(() => inFlight.delete(key)).catch(() => {});
    }
    const done = await storing;
    if (done.kind === 'unanswered') {
      const numbers = done.unanswered.map((id) => done.sitting.questions.indexOf(id) + 1);
      const fields = Object.fromEntries(
        done.unanswered.map((id) => {
          const question = check.questions.find((q) => q.id === id);
          return [`answer:${id}`, question?.type === 'multiple' ? text.errors.chooseAny : text.errors.chooseOne];
        }),
      );
      return { kind: 'unanswered', course, module, answers: done.answers, unanswered: done.unanswered, message: text.errors.unanswered(numbers), fields, sitting: done.sitting };
    }
    const history = (await listAttempts(deps.pb, user.id, course.slug, module.id)).map(summaryOf);
    const result = presentResult(done.record, done.grade, done.asked, optionsHtmlOf(course, module, done.asked), renderCourseInline);
    return { kind: 'graded', course, module, result, history, repeated: done.repeated };
  } catch (error) {
    if (error instanceof Refusal) {
      return { kind: 'refused', error: error.error, course, module, answers: error.answers, sitting: error.sitting, ...(error.retryAt ? { retryAt: error.retryAt } : {}) };
    }
    if (!(error instanceof DomainError)) throw error;
    const shown = error.kind === 'unavailable' ? new DomainError('unavailable', text.errors.unavailableSave) : error;
    const sitting = shownBefore();
    return { kind: 'refused', error: shown, course, module, answers: given, ...(sitting ? { sitting } : {}) };
  }
}

/** A refusal decided while storing, with what the form needs to be shown again. */
class Refusal extends Error {
  readonly error: DomainError;
  readonly answers: Answers;
  readonly sitting: Sitting;
  readonly retryAt: Date | undefined;
  constructor(error: DomainError, answers: Answers, sitting: Sitting, retryAt?: Date) {
    super(error.message);
    this.error = error;
    this.answers = answers;
    this.sitting = sitting;
    this.retryAt = retryAt;
  }
}

/** The answers to the questions a sitting asks (the others are dropped). */
function keepAsked(answers: Answers, sitting: Sitting): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([id]) => sitting.questions.includes(id)));
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
  /**
   * The questions to show and each one's options in the order shown: this attempt's, or for
   * a result, the order that attempt used. Undefined shows every question in file order.
   */
  sitting?: Sitting;
  /** Showing an earlier attempt as it was: the form is read-only, with "Try again". */
  reviewing?: boolean;
  /** The author's wait between attempts is running: no new attempt until then. */
  retryAt?: Date;
}

const emptyState = (mode: CheckState['mode']): CheckState => ({ mode, answers: {}, unanswered: [], draftRestored: false, resultChanged: false, history: [] });

/** A stored attempt's sitting as it was shown: its questions and orders (file order for older rows). */
export function attemptSitting(check: KnowledgeCheck, attempt: Pick<StoredAttempt, 'id' | 'asked' | 'option_order'>): Sitting {
  const asked = askedCheck(check, attempt) ?? check;
  const recorded = attempt.option_order && typeof attempt.option_order === 'object' ? attempt.option_order : {};
  return {
    key: attempt.id,
    questions: asked.questions.map((q) => q.id),
    order: Object.fromEntries(asked.questions.map((q) => [q.id, shownOrder(q, (recorded as Record<string, unknown>)[q.id])])),
  };
}

/**
 * Loads the section's state for the module page: the form for a signed-in person (in this
 * attempt's order, drawn from their latest attempt), their history, and the result of
 * `?attempt=<id>` in the order that attempt used (read with their own client, and only when
 * the attempt is theirs). Never throws: when PocketBase is down, the section says so.
 */
export async function loadCheck(deps: Pick<CheckDeps, 'pb' | 'user' | 'serviceUnavailable' | 'now'>, course: Course, module: Module, url: URL): Promise<CheckState> {
  const check = module.knowledgeCheck;
  if (!check) return emptyState('form');
  const reader = { ...emptyState(deps.serviceUnavailable ? 'unavailable' : 'signed-out'), sitting: readerSitting(check, course.slug, module.id) } satisfies CheckState;
  if (!deps.user) return reader;

  const state = emptyState('form');
  const draft = decodeDraft(url.searchParams.get('answers'), check);
  try {
    const attemptId = url.searchParams.get('attempt');
    const [history, attempt, { latest, count }] = await Promise.all([
      listOwnAttempts(deps.pb, deps.user.id, course.slug, module.id),
      attemptId ? getOwnAttempt(deps.pb, attemptId, deps.user.id, course.slug, module.id) : Promise.resolve(undefined),
      attemptsSoFar(deps.pb, deps.user.id, course.slug, module.id),
    ]);
    state.history = history.map(summaryOf);
    state.sitting = drawSitting(check, { user: deps.user.id, course: course.slug, module: module.id, round: count });
    const retryAt = nextAttemptAt(check.retryAfterMs ?? 0, latest ? pocketBaseDate(latest.created) : undefined, deps.now?.() ?? new Date());
    if (retryAt) state.retryAt = retryAt;
    const kept = keepAsked(draft, state.sitting);
    if (Object.keys(kept).length > 0) {
      state.answers = kept;
      state.draftRestored = true;
    }
    // While the author's wait runs, the latest attempt is shown as it was, not the next one.
    const shownAttempt = attempt ?? (retryAt ? latest : undefined);
    if (shownAttempt) {
      const attempt = shownAttempt;
      state.sitting = attemptSitting(check, attempt);
      state.reviewing = true;
      state.answers = attempt.answers ?? {};
      state.draftRestored = false;
      state.result = regrade(course, module, attempt);
      state.resultChanged = state.result.questions.length === 0;
    }
  } catch (error) {
    if (error instanceof DomainError) return { ...reader, mode: 'unavailable', answers: draft };
    throw error;
  }
  return state;
}

/** A stored attempt's result against today's check; only the score if the check has changed. */
function regrade(course: Course, module: Module, attempt: StoredAttempt): ResultView {
  const check = module.knowledgeCheck!;
  const stored = attempt.answers ?? {};
  const summary = summaryOf(attempt);
  const scoreOnly: ResultView = { attempt: summary, needed: questionsNeeded(summary.total, check.passMark), passMark: check.passMark, questions: [] };
  try {
    const asked = askedCheck(check, attempt);
    if (!asked) return scoreOnly;
    const raw = Object.fromEntries(Object.entries(stored).map(([id, indexes]) => [id, (Array.isArray(indexes) ? indexes : []).map(String)]));
    const checked = checkAnswers(asked, raw, text);
    if (!checked.complete) return scoreOnly;
    const grade = gradeCheck(asked, checked.answers);
    if (grade.score !== summary.score || grade.total !== summary.total) return scoreOnly;
    return presentResult(summary, grade, asked, optionsHtmlOf(course, module, asked), renderCourseInline);
  } catch {
    return scoreOnly;
  }
}
