/** /staff/impact/<course>/report.csv: the impact report's figures as a spreadsheet (docs/IMPACT.md). */
import { impactDownloadRoute } from '../../../../lib/impact/report-route.ts';

export const GET = impactDownloadRoute('csv');
