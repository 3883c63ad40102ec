/**
 * POST /author/<course>/modules — change the module list: add (title, after), move up/down,
 * retire, bring back. A plain form post; answers 303 back to the course overview with what
 * happened (a new module opens in the editor), or with the problem and the title kept.
 */
import type { APIRoute } from 'astro';
import { moduleOpSchema } from '../../../lib/authoring/editor-schema.ts';
import { changeModules } from '../../../lib/authoring/modules-store.ts';
import { authorAccess } from '../../../lib/authoring/page.ts';
import { DomainError, isUnavailable } from '../../../lib/errors.ts';
import { readForm } from '../../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const slug = context.params.course ?? '';
  const access = await authorAccess(context, slug);
  if (!access.ok && 'response' in access) return access.response;
  if (!access.ok) return new Response('You cannot edit this course.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const form = await readForm(context.request);
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const overview = `/author/${slug}`;
  const parsed = moduleOpSchema.safeParse(fields);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Please check the form and try again.';
    return context.redirect(`${overview}?${new URLSearchParams({ problem: message, title: fields.title ?? '' })}#add-module`, 303);
  }
  try {
    const result = await changeModules(access.service, { slug, action: parsed.data, actor: access.user });
    if (result.file) return context.redirect(`/author/${slug}/edit/${result.file}?done=added`, 303);
    return context.redirect(`${overview}?done=${result.done}#modules`, 303);
  } catch (error) {
    // PocketBase away: the middleware shows the 503 page.
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError) {
      return context.redirect(`${overview}?${new URLSearchParams({ problem: error.message, title: fields.title ?? '' })}#${parsed.data.action === 'add' ? 'add-module' : 'modules'}`, 303);
    }
    throw error;
  }
};
