/**
 * /staff/impact/<course>/report.pdf and report.csv (?cohort=<id> for one group): the same
 * report as the page, for the same people (./impact-store.ts openImpactReport decides).
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../auth/guards.ts';
import { formatMoment } from '../cohorts/dates.ts';
import { impactEn } from '../i18n/impact.ts';
import { getCatalogue } from '../site/catalogue.ts';
import { csvDownload, downloadResponse } from '../site/download.ts';
import { rewriteTo } from '../site/rewrite.ts';
import { openImpactReport } from './impact-store.ts';
import { impactReportPdf } from './report-pdf.ts';
import { reportCsv, reportView } from './report-view.ts';

/** A file name part: letters, digits and dashes. */
const slugPart = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'group';

export function impactDownloadRoute(kind: 'pdf' | 'csv'): APIRoute {
  return async (context) => {
    const guard = requireUser(context);
    if (guard.response) return guard.response;
    const catalogue = getCatalogue();
    const slug = context.params.course ?? '';
    const cohort = context.url.searchParams.get('cohort') || undefined;
    const opened = await openImpactReport({ pb: context.locals.pb, service: context.locals.service, user: guard.user, findCourse: (s) => catalogue.course(s) }, slug, cohort);
    if (opened.kind === 'forbidden') return rewriteTo(context, `/staff/impact/${slug}`);
    if (opened.kind === 'not-found') return rewriteTo(context, '/404');
    const groupName = opened.cohort?.name ?? '';
    const name = `impact-${opened.course.slug}${opened.cohort ? `-${slugPart(groupName)}` : ''}`;
    if (kind === 'csv') return csvDownload(reportCsv(opened.report, { course: opened.course.title, group: groupName || impactEn.report.wholeCourse }), `${name}.csv`);
    const pdf = await impactReportPdf({
      title: impactEn.report.title(opened.course.title, opened.cohort?.name),
      lang: opened.course.language,
      view: reportView(opened.report),
      generated: impactEn.report.generated(formatMoment(new Date().toISOString())),
    });
    return downloadResponse(pdf, { type: 'application/pdf', filename: `${name}.pdf` });
  };
}
