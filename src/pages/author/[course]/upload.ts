/**
 * POST /author/<course>/upload — a picture for the course (multipart: file, alt, return_to).
 * Checked by its bytes (png, jpg, gif, webp; ≤ 2 MB), alt text required, saved as
 * `images/<name>.<ext>` with a revision (kind `upload`). JSON for the editor element
 * ({ path, markdown }); without JavaScript a 303 back to the editor, which adds the picture's
 * Markdown to the text (or shows the problem next to the field).
 */
import type { APIRoute } from 'astro';
import { jsonResponse, wantsJson } from '../../../lib/auth/guards.ts';
import { editablePath, pictureMarkdown } from '../../../lib/authoring/editor.ts';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { checkPicture, pictureName } from '../../../lib/authoring/picture.ts';
import { saveCourseFile } from '../../../lib/authoring/save.ts';
import { readWorkingFile } from '../../../lib/authoring/workspace.ts';
import { DomainError, isUnavailable, statusOf } from '../../../lib/errors.ts';
import { authoringEn } from '../../../lib/i18n/authoring.ts';
import { formsEn } from '../../../lib/i18n/forms.ts';
import { rewriteTo } from '../../../lib/site/rewrite.ts';
import { readForm } from '../../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const slug = context.params.course ?? '';
  const json = wantsJson(context.request);
  const access = await authorAccess(context, slug);
  if (!access.ok && 'response' in access) return json && !context.locals.user ? jsonResponse(401, { error: authoringEn.editor.status.sessionEnded }) : access.response;
  if (!access.ok) return jsonResponse(403, { error: formsEn.forbidden.author.text });
  const form = await readForm(context.request);
  let back = 'course.md';
  try {
    back = editablePath(String(form.get('return_to') ?? 'course.md'));
  } catch {
    // keep course.md
  }
  const file = form.get('file');
  const alt = String(form.get('alt') ?? '');
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined;
  const check = checkPicture({ bytes, alt });
  const editor = `/author/${slug}/edit/${back}`;
  if (!check.ok) {
    if (json) return jsonResponse(400, { error: check.message, field: check.field });
    return context.redirect(`${editor}?${new URLSearchParams({ upload: check.code, alt })}#upload-title`, 303);
  }
  try {
    let path = pictureName(file instanceof File ? file.name : 'picture', check.type, (p) => !!readWorkingFile(slug, p));
    let outcome = await saveCourseFile(access.service, { slug, path, content: bytes!, baseHash: null, message: `Added the picture ${path}`, actor: access.user, kind: 'upload' });
    // Someone saved a picture with the same name at the same moment: take the next name.
    for (let n = 0; outcome.kind === 'conflict' && n < 5; n++) {
      path = pictureName(path.slice('images/'.length), check.type, (p) => !!readWorkingFile(slug, p));
      outcome = await saveCourseFile(access.service, { slug, path, content: bytes!, baseHash: null, message: `Added the picture ${path}`, actor: access.user, kind: 'upload' });
    }
    const markdown = pictureMarkdown(alt, path);
    if (json) return jsonResponse(200, { path, markdown });
    return context.redirect(`${editor}?${new URLSearchParams({ picture: path, alt })}`, 303);
  } catch (error) {
    if (isUnavailable(error)) return json ? jsonResponse(503, { error: authoringEn.errors.unavailable }) : rewriteTo(context, '/503');
    if (error instanceof DomainError) {
      if (json) return jsonResponse(statusOf(error), { error: error.message, field: 'file' });
      return context.redirect(`${editor}?${new URLSearchParams({ upload: 'type', alt })}#upload-title`, 303);
    }
    throw error;
  }
};
