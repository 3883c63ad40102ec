/**
 * POST /reflections/:id/share — share one of my reflections with my trainers (`shared=true`)
 * or stop (`shared=false`). Changes only `shared` and `shared_at`. Plain form: 303 back with a
 * status; JSON: 200 `{ shared, sharedAt }`. Not mine, or no such reflection: 404.
 */
import type { APIRoute } from 'astro';
import { jsonError, requireUser, wantsJson } from '../../../lib/auth/guards.ts';
import { DomainError, statusOf } from '../../../lib/errors.ts';
import { reflectionsText } from '../../../lib/i18n/reflections.ts';
import { setShared } from '../../../lib/reflections/reflections-store.ts';
import { flashLocation } from '../../../lib/reflections/routes.ts';
import { parseReflectionId, parseShareForm } from '../../../lib/reflections/schema.ts';
import { rewriteTo } from '../../../lib/site/rewrite.ts';
import { readForm } from '../../../lib/site/forms.ts';

const t = reflectionsText('en-GB');

export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const { locals } = context;
  if (!locals.user) {
    if (json) return locals.serviceUnavailable ? jsonError(503, t.errors.unavailable) : jsonError(401, t.status.signedOut);
    const guard = requireUser(context);
    return guard.response!;
  }
  try {
    const id = parseReflectionId(context.params.id);
    const form = parseShareForm(await readForm(context.request.clone()));
    const record = await setShared(locals.pb, locals.user.id, id, form.shared);
    if (json) {
      return new Response(JSON.stringify({ shared: record.shared, sharedAt: record.shared_at }), {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    return context.redirect(flashLocation(record, form.from, record.shared ? 'shared' : 'unshared'), 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The body was read from a clone, so the 404 and 503 pages can still be shown in place.
    const status = statusOf(error);
    if (json) return jsonError(status, error.message);
    if (status === 404) return rewriteTo(context, '/404');
    if (status === 503) return rewriteTo(context, '/503');
    return new Response(error.message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
};

export const GET: APIRoute = (context) => context.redirect(`/reflections/${encodeURIComponent(context.params.id ?? '')}`, 303);
