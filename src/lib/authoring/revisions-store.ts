/**
 * Revisions of course files in PocketBase (`course_revisions`), written only by the service
 * client, and the audit rows for every authoring change. Also notices files changed on disk
 * (by Git or a text editor): their hash differs from the latest revision's, so a `disk`
 * revision ("changed on disk") is recorded before anything else happens to them.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CourseRevisionKind, CourseRevisionRecord, UserRecord } from '../records.ts';
import { isTextPath, type WorkingFile } from './workspace.ts';
import { writeAudit } from '../audit-log.ts';

export interface NewRevision {
  slug: string;
  path: string;
  kind: CourseRevisionKind;
  message: string;
  actor: UserRecord | null;
  /** The bytes after the change; undefined when the file was removed. */
  content: string | Uint8Array | undefined;
  hash: string;
  previousHash: string;
}

const FIELDS_WITHOUT_CONTENT = 'id,course,path,kind,message,actor,actor_name,hash,previous_hash,size,seq,created';

function textOf(path: string, content: string | Uint8Array | undefined): string {
  if (content === undefined || !isTextPath(path)) return '';
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/**
 * The newest revision of a file, or undefined when it has none.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function latestRevision(service: TypedPocketBase, slug: string, path: string): Promise<CourseRevisionRecord | undefined> {
  try {
    const list = await service.collection('course_revisions').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('course = {:course} && path = {:path}', { course: slug, path }),
      sort: '-seq,-created',
      fields: FIELDS_WITHOUT_CONTENT,
    });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'file history');
  }
}

/**
 * Records one revision.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function recordRevision(service: TypedPocketBase, input: NewRevision): Promise<CourseRevisionRecord> {
  const latest = await latestRevision(service, input.slug, input.path);
  const size = input.content === undefined ? 0 : typeof input.content === 'string' ? Buffer.byteLength(input.content) : input.content.byteLength;
  try {
    return await service.collection('course_revisions').create({
      course: input.slug,
      path: input.path,
      kind: input.kind,
      message: input.message.slice(0, 500),
      actor: input.actor?.id ?? '',
      actor_name: input.actor ? input.actor.display_name || input.actor.email || input.actor.id : 'on disk',
      content: textOf(input.path, input.content),
      hash: input.hash,
      previous_hash: input.previousHash,
      size,
      seq: (latest?.seq ?? 0) + 1,
    });
  } catch (error) {
    throw fromPocketBase(error, 'file history');
  }
}

/**
 * Makes the history match the disk: when the file's hash differs from its latest revision's
 * (edited with Git or a text editor, or never seen before), records a `disk` revision.
 * Returns the latest revision afterwards.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function recordDiskChange(service: TypedPocketBase, slug: string, path: string, current: WorkingFile | undefined): Promise<CourseRevisionRecord | undefined> {
  const latest = await latestRevision(service, slug, path);
  const latestHash = latest?.hash ?? '';
  const currentHash = current?.hash ?? '';
  if (latestHash === currentHash) return latest;
  if (!latest && !current) return undefined;
  const message = !current ? 'Removed on disk' : latest ? 'Changed on disk' : 'First seen on disk';
  return recordRevision(service, { slug, path, kind: 'disk', message, actor: null, content: current?.content, hash: currentHash, previousHash: latestHash });
}

/**
 * A file's revisions, newest first, without their content.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listRevisions(service: TypedPocketBase, slug: string, path: string): Promise<CourseRevisionRecord[]> {
  try {
    return await service.collection('course_revisions').getFullList({
      filter: service.filter('course = {:course} && path = {:path}', { course: slug, path }),
      sort: '-seq,-created',
      fields: FIELDS_WITHOUT_CONTENT,
      batch: 500,
    });
  } catch (error) {
    throw fromPocketBase(error, 'file history');
  }
}

/**
 * One revision with its content, only if it belongs to this course and file.
 *
 * @throws {DomainError} `not-found`; `unavailable`
 */
export async function getRevision(service: TypedPocketBase, slug: string, path: string, id: string): Promise<CourseRevisionRecord> {
  try {
    return await service.collection('course_revisions').getFirstListItem(service.filter('id = {:id} && course = {:course} && path = {:path}', { id, course: slug, path }));
  } catch (error) {
    throw fromPocketBase(error, 'revision');
  }
}

export interface AuthoringAudit {
  actor: UserRecord | null;
  /** `course.save`, `course.publish`, … */
  action: string;
  target_collection: 'course_revisions' | 'course_publications' | 'course_authors';
  target_id: string;
  /** Small facts: course, path, kind. Never file content. */
  details: Record<string, unknown>;
}

/**
 * Appends an audit row for an authoring change.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function writeAuthoringAudit(service: TypedPocketBase, entry: AuthoringAudit): Promise<void> {
  await writeAudit(service, entry);
}
