/**
 * The "How was this module?" form and the course team's summary, for the routes and the
 * module page: read the form, make one store call, say how it went. Never throws for
 * something a person sent; what they typed always comes back with the message.
 */
import type { Course, Module } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { signInPath } from '../auth/session.ts';
import { feedbackText } from '../i18n/feedback.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { moduleHref } from '../site/links.ts';
import { feedbackCsv, summariseFeedback, type ModuleFeedbackSummary } from './feedback.ts';
import { isCourseTeam, listCourseFeedback, ownFeedbackOn, saveFeedback } from './feedback-store.ts';
import { parseFeedbackForm, type FeedbackDraft } from './schema.ts';
import { tryReadForm } from '../site/forms.ts';

const text = feedbackText('en-GB');
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export interface FeedbackDeps {
  findCourse(slug: string): Course | undefined;
  /** The person's own client (`locals.pb`). */
  pb: TypedPocketBase;
  user: UserRecord | null;
  serviceUnavailable?: boolean;
}

export type FeedbackOutcome =
  | { kind: 'saved'; redirect: string }
  | { kind: 'signed-out'; redirect: string }
  | {
      kind: 'invalid';
      /** 400, 404 or 503. */
      status: number;
      message: string;
      course?: Course;
      module?: Module;
      draft: FeedbackDraft;
      fields: Record<string, string>;
    };

/** Handles POST /feedback. */
export async function submitFeedback(deps: FeedbackDeps, request: Request): Promise<FeedbackOutcome> {
  const emptyDraft: FeedbackDraft = { useful: '', hard_to_read: '', change: '', anonymous: true };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let form: FormData | undefined;
  if (FORM_TYPES.includes(type)) form = await tryReadForm(request);
  if (!form) return { kind: 'invalid', status: 400, message: text.errors.wrongType, draft: emptyDraft, fields: {} };

  const parsed = parseFeedbackForm(form);
  const slug = parsed.ok ? parsed.data.course : parsed.course;
  const moduleId = parsed.ok ? parsed.data.module : parsed.module;
  const course = deps.findCourse(slug);
  const module = course?.modules.find((m) => m.id === moduleId);
  if (!course || !module) {
    const draft = parsed.ok ? { ...parsed.data, useful: parsed.data.useful ?? '' } : parsed.draft;
    return { kind: 'invalid', status: 404, message: text.errors.notFound, draft, fields: {} };
  }
  const back = `${moduleHref(course, module)}#module-feedback`;
  if (!deps.user) {
    if (deps.serviceUnavailable) {
      const draft = parsed.ok ? { ...parsed.data, useful: parsed.data.useful ?? '' } : parsed.draft;
      return { kind: 'invalid', status: 503, message: text.errors.unavailable, course, module, draft, fields: {} };
    }
    return { kind: 'signed-out', redirect: signInPath(back, 'required') };
  }
  if (!parsed.ok) {
    const messages = Object.values(parsed.fields);
    return {
      kind: 'invalid',
      status: 400,
      message: messages.length === 1 ? messages[0]! : text.errors.summaryTitle,
      course,
      module,
      draft: parsed.draft,
      fields: parsed.fields,
    };
  }

  try {
    await saveFeedback(deps.pb, deps.user.id, parsed.data);
    return { kind: 'saved', redirect: `${moduleHref(course, module)}?feedback=saved#module-feedback` };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const unavailable = error.kind === 'unavailable';
    return {
      kind: 'invalid',
      status: unavailable ? 503 : 400,
      message: unavailable ? text.errors.unavailable : text.errors.generic,
      course,
      module,
      draft: { ...parsed.data, useful: parsed.data.useful ?? '' },
      fields: {},
    };
  }
}

/** What the feedback section shows on a module page. */
export interface FeedbackState {
  mode: 'form' | 'signed-out' | 'unavailable';
  draft: FeedbackDraft;
  /** True when the person has feedback on this module already. */
  existing: boolean;
  /** Just saved (the page was opened with `?feedback=saved`). */
  saved: boolean;
  message?: string;
  fields: Record<string, string>;
}

/**
 * The person's own feedback on the module, read with their own client. Anonymous is ticked
 * for new feedback: being named is the person's choice to make, not a default.
 * Never throws: when PocketBase is down, the section says so.
 */
export async function loadFeedback(deps: Pick<FeedbackDeps, 'pb' | 'user' | 'serviceUnavailable'>, course: Course, module: Module, url: URL): Promise<FeedbackState> {
  const state: FeedbackState = {
    mode: 'form',
    draft: { useful: '', hard_to_read: '', change: '', anonymous: true },
    existing: false,
    saved: url.searchParams.get('feedback') === 'saved',
    fields: {},
  };
  if (!deps.user) return { ...state, mode: deps.serviceUnavailable ? 'unavailable' : 'signed-out', saved: false };
  try {
    const own = await ownFeedbackOn(deps.pb, deps.user.id, course.slug, module.id);
    if (own) {
      state.existing = true;
      state.draft = { useful: own.useful ?? '', hard_to_read: own.hard_to_read ?? '', change: own.change ?? '', anonymous: own.anonymous };
    } else {
      state.saved = false;
    }
  } catch (error) {
    if (error instanceof DomainError) return { ...state, mode: 'unavailable', saved: false };
    throw error;
  }
  return state;
}

export type ReportOutcome =
  | { kind: 'report'; course: Course; modules: ModuleFeedbackSummary[] }
  | { kind: 'csv'; course: Course; filename: string; body: string }
  | { kind: 'sign-in'; redirect: string }
  | { kind: 'refused'; status: 403 | 404 | 503 };

/**
 * The course team's summary of a course's feedback: for the course's authors and the
 * trainers of its groups only (anyone else: 403, admins too unless they are one of those).
 * Read with the person's own client from the `module_feedback_team` view, whose API rules
 * enforce the same; names only where people chose to share them.
 */
export async function loadFeedbackReport(
  deps: Pick<FeedbackDeps, 'findCourse' | 'user' | 'serviceUnavailable' | 'pb'> & { returnTo: string },
  slug: string,
  format: 'html' | 'csv' = 'html',
): Promise<ReportOutcome> {
  if (!deps.user) return deps.serviceUnavailable ? { kind: 'refused', status: 503 } : { kind: 'sign-in', redirect: signInPath(deps.returnTo, 'required') };
  const course = deps.findCourse(slug);
  if (!course) return { kind: 'refused', status: 404 };
  try {
    if (!(await isCourseTeam(deps.pb, deps.user.id, course.slug))) return { kind: 'refused', status: 403 };
    const rows = await listCourseFeedback(deps.pb, course.slug);
    if (format === 'csv') return { kind: 'csv', course, filename: `feedback-${course.slug}.csv`, body: feedbackCsv(course, rows, text.report.csvHeader) };
    return { kind: 'report', course, modules: summariseFeedback(course, rows) };
  } catch (error) {
    // Only an outage is a 503; a refusal by the rules is a 403; anything else is a bug (the
    // middleware's 500 with a logged id), never a fake outage.
    if (error instanceof DomainError && error.kind === 'unavailable') return { kind: 'refused', status: 503 };
    if (error instanceof DomainError && (error.kind === 'forbidden' || error.kind === 'unauthenticated')) return { kind: 'refused', status: 403 };
    if (error instanceof DomainError && error.kind === 'not-found') return { kind: 'refused', status: 404 };
    throw error;
  }
}
