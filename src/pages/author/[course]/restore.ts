/**
 * POST /author/<course>/restore — brings an old version of a file back as a new `restore`
 * revision (through saveCourseFile, with the hash the author saw as the base: a change made
 * meanwhile is a conflict, never overwritten). Redirects (303) back to the file's history
 * with a status; JSON when asked (Accept: application/json).
 */
import type { APIRoute } from 'astro';
import { restoreRevision } from '../../../lib/authoring/history-page.ts';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { fieldMessages, formFields, restoreFormSchema } from '../../../lib/authoring/schema.ts';
import { jsonResponse, wantsJson } from '../../../lib/auth/guards.ts';
import { DomainError, isUnavailable, statusOf } from '../../../lib/errors.ts';
import { authoringStoreEn } from '../../../lib/i18n/authoring-store.ts';
import { formsEn } from '../../../lib/i18n/forms.ts';
import { rewriteTo } from '../../../lib/site/rewrite.ts';
import { readForm } from '../../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const { params, request, redirect } = context;
  const json = wantsJson(request);
  const access = await authorAccess(context, params.course);
  if (!access.ok) {
    if ('response' in access) return access.response;
    // The history page explains, kindly, who may see it.
    return json ? jsonResponse(403, { error: formsEn.forbidden.author.text }) : redirect(`/author/${params.course}/history`, 303);
  }
  const form = await readForm(request);
  const parsed = restoreFormSchema.safeParse(formFields(form, ['file', 'revision', 'base']));
  const history = (file: string, done: string) => `/author/${access.slug}/history?${new URLSearchParams({ file, done })}`;
  if (!parsed.success) {
    const fields = fieldMessages(parsed.error);
    if (!json) return redirect(history(String(form.get('file') ?? ''), 'invalid'), 303);
    return jsonResponse(400, { error: Object.values(fields)[0], fields });
  }
  try {
    const outcome = await restoreRevision(access.service, { slug: access.slug, ...parsed.data, actor: access.user, dirs: access.dirs });
    if (json) return jsonResponse(outcome.kind === 'conflict' ? 409 : 200, outcome);
    return redirect(history(parsed.data.file, outcome.kind === 'saved' ? 'restored' : outcome.kind), 303);
  } catch (error) {
    if (isUnavailable(error)) return json ? jsonResponse(503, { error: authoringStoreEn.common.unavailable }) : rewriteTo(context, '/503');
    if (error instanceof DomainError) return json ? jsonResponse(statusOf(error), { error: error.message, fields: error.fields }) : redirect(history(parsed.data.file, 'invalid'), 303);
    throw error;
  }
};
