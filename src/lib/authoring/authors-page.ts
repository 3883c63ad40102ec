/**
 * The course authors page (admins): list, add by email, remove. Every change is audit-logged.
 */
import { hasRole } from '../auth/guards.ts';
import { fromPocketBase } from '../errors.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { addCourseAuthor, AUTHOR_ROLES, listCourseAuthors, removeCourseAuthor } from './access.ts';
import { writeAuthoringAudit } from './revisions-store.ts';
import { authorsFormSchema, fieldMessages, formFields } from './schema.ts';

const t = authoringStoreEn.authors;

export type AuthorsOutcome = { ok: true; done: 'added' | 'removed'; name: string } | { ok: false; fields: Record<string, string>; values: Record<string, string> };

/**
 * @throws {DomainError} `unavailable`
 */
export async function authorsForm(service: TypedPocketBase, input: { slug: string; actor: UserRecord; form: FormData }): Promise<AuthorsOutcome> {
  const values = formFields(input.form, ['action', 'email', 'user']);
  const parsed = authorsFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, fields: fieldMessages(parsed.error), values };
  if (parsed.data.action === 'add') {
    const email = parsed.data.email.trim();
    let person: UserRecord | undefined;
    try {
      const list = await service.collection('users').getList(1, 1, { skipTotal: true, filter: service.filter('email = {:email}', { email }) });
      person = list.items[0];
    } catch (error) {
      throw fromPocketBase(error, 'person');
    }
    if (!person) return { ok: false, fields: { email: t.noSuchPerson }, values };
    const name = person.display_name || person.email;
    if (!hasRole(person, ...AUTHOR_ROLES, 'admin')) return { ok: false, fields: { email: t.needsRole(name) }, values };
    await addCourseAuthor(service, input.slug, person.id);
    await writeAuthoringAudit(service, { actor: input.actor, action: 'course.author_add', target_collection: 'course_authors', target_id: person.id, details: { course: input.slug, user: person.id } });
    return { ok: true, done: 'added', name };
  }
  const userId = parsed.data.user;
  const listed = (await listCourseAuthors(service, input.slug)).find((a) => a.user === userId);
  await removeCourseAuthor(service, input.slug, userId);
  await writeAuthoringAudit(service, { actor: input.actor, action: 'course.author_remove', target_collection: 'course_authors', target_id: userId, details: { course: input.slug, user: userId } });
  return { ok: true, done: 'removed', name: listed?.name ?? '' };
}
