/**
 * What the publish page shows and does, in one call each: state, problems (with a link to the
 * editor for each file), changes since the last publication, past publications; and publishing
 * itself, after which this process's reading catalogue looks at the disk again at once.
 */
import { formatProblem } from '../courses/problems.ts';
import { displayDateTime } from '../qa/dates.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { getCatalogue } from '../site/catalogue.ts';
import { changesSincePublished, readPublishedState, type ChangeSummary, type PublishedState } from './publish.ts';
import { checkWorkingCopy, listPublications, publishCourse, type PublishOutcome } from './publish-store.ts';
import { courseDisplayDir } from './validate.ts';
import { DomainError } from '../errors.ts';

interface Access {
  user: UserRecord;
  service: TypedPocketBase;
  slug: string;
  dirs: { courses: string; published: string | undefined };
}

export interface PublishPage {
  title: string;
  state: PublishedState;
  problems: { text: string; editHref: string | undefined }[];
  changes: ChangeSummary;
  publications: { version: string; who: string; when: string }[];
}

/**
 * @throws {DomainError} `unavailable`
 */
export async function loadPublishPage(access: Access): Promise<PublishPage> {
  const { slug, dirs } = access;
  const checked = checkWorkingCopy(slug, dirs.courses);
  const prefix = `${courseDisplayDir(dirs.courses, slug)}/`;
  const title = checked.course?.title ?? getCatalogue().course(slug)?.title ?? slug;
  const publications = await listPublications(access.service, slug);
  return {
    title,
    state: readPublishedState(dirs.published, slug),
    problems: checked.problems.map((p) => ({
      text: formatProblem(p),
      editHref: p.file.startsWith(prefix) && p.file.endsWith('.md') ? `/author/${slug}/edit/${p.file.slice(prefix.length)}` : undefined,
    })),
    changes: changesSincePublished(slug, { courses: dirs.courses, published: dirs.published }),
    publications: publications.map((p) => ({ version: p.version, who: p.actor_name, when: displayDateTime(p.created) })),
  };
}

/**
 * @throws {DomainError} `invalid` when the site keeps no published snapshots; `unavailable`
 */
export async function publishFromPage(access: Access): Promise<PublishOutcome> {
  if (!access.dirs.published) throw new DomainError('invalid', 'Publishing needs PUBLISHED_DIR or PB_DATA_DIR to be set on the server.');
  const outcome = await publishCourse(access.service, { slug: access.slug, actor: access.user, coursesDir: access.dirs.courses, publishedDir: access.dirs.published });
  if (outcome.kind === 'published') getCatalogue().invalidate();
  return outcome;
}
