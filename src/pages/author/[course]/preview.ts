/**
 * POST /author/<course>/preview?file=<path> — the editor form in, the preview and the course
 * check's problems out (JSON for the editor element when Accept: application/json, else a
 * small HTML page). Nothing is saved. Authors of the course and administrators only.
 */
import type { APIRoute } from 'astro';
import { jsonResponse, wantsJson } from '../../../lib/auth/guards.ts';
import { editablePath, editorFromForm, viewFor } from '../../../lib/authoring/editor.ts';
import { previewFragment, previewJson, problemsFragment } from '../../../lib/authoring/editor-html.ts';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { readWorkingFile } from '../../../lib/authoring/workspace.ts';
import { DomainError, statusOf } from '../../../lib/errors.ts';
import { authoringEn } from '../../../lib/i18n/authoring.ts';
import { formsEn } from '../../../lib/i18n/forms.ts';
import { readForm } from '../../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const slug = context.params.course ?? '';
  const json = wantsJson(context.request);
  const access = await authorAccess(context, slug);
  if (!access.ok && 'response' in access) {
    if (!json) return access.response;
    if (!context.locals.user) return jsonResponse(context.locals.serviceUnavailable ? 503 : 401, { error: authoringEn.editor.status.sessionEnded });
    return jsonResponse(404, { error: authoringEn.editor.notFound });
  }
  if (!access.ok) return jsonResponse(403, { error: formsEn.forbidden.author.text });
  try {
    const path = editablePath(context.url.searchParams.get('file') ?? '');
    if (!readWorkingFile(slug, path)) return jsonResponse(404, { error: authoringEn.editor.notFound });
    const form = await readForm(context.request);
    const posted = editorFromForm(path, form);
    const view = viewFor({ slug, path, editor: posted.editor, baseHash: posted.baseHash, message: posted.message });
    if (json) return jsonResponse(200, previewJson(view));
    return new Response(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${authoringEn.editor.previewTitle}</title></head><body><main><section>${problemsFragment(view)}</section><article>${previewFragment(view)}</article></main></body></html>`, {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    if (error instanceof DomainError) return jsonResponse(statusOf(error), { error: error.message });
    throw error;
  }
};
