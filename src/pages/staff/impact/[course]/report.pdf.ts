/** /staff/impact/<course>/report.pdf: the impact report as a tagged PDF (docs/IMPACT.md). */
import { impactDownloadRoute } from '../../../../lib/impact/report-route.ts';

export const GET = impactDownloadRoute('pdf');
