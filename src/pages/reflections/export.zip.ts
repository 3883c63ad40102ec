/**
 * GET /reflections/export.zip — all my reflections as Markdown files, one per reflection,
 * each with a front-matter header (course, module, prompt, dates, shared). Read with my own
 * token, filtered to my own reflections.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { formatDay, reflectionsText } from '../../lib/i18n/reflections.ts';
import { exportDownloadName, exportEntries, reflectionsZip } from '../../lib/reflections/export.ts';
import { groupReflections } from '../../lib/reflections/reflections.ts';
import { listMyReflections } from '../../lib/reflections/reflections-store.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { downloadResponse } from '../../lib/site/download.ts';

const t = reflectionsText('en-GB');

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const now = new Date();
  const records = await listMyReflections(context.locals.pb, guard.user.id);
  const catalogue = getCatalogue();
  const entries = exportEntries(groupReflections(records, (slug) => catalogue.course(slug)));
  const readme = [
    t.export.journalTitle,
    t.export.by(guard.user.display_name || guard.user.email),
    t.export.exportedOn(formatDay(now)),
    '',
    t.export.privateNote,
    '',
    entries.length === 0 ? t.export.nothing : t.export.count(entries.length),
    '',
  ].join('\n');
  const zip = reflectionsZip(entries, readme, now);
  return downloadResponse(zip, { type: 'application/zip', filename: exportDownloadName('zip', now) });
};
