/**
 * GET /certificates/<code>/certificate.pdf — the certificate as a PDF, rendered on request
 * from the stored snapshot and signed credential (fonts from src/assets/fonts). For the
 * holder (and administrators); a withdrawn certificate has no PDF.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../../lib/auth/guards.ts';
import { findVisible } from '../../../lib/certificates/certificates-store.ts';
import { parseCode } from '../../../lib/certificates/code.ts';
import { renderCertificatePdf } from '../../../lib/certificates/pdf.ts';
import { trustedSnapshot } from '../../../lib/certificates/verify-service.ts';
import { downloadResponse } from '../../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const parsed = parseCode(context.params.code ?? '');
  if (!parsed.ok) return context.rewrite('/404');
  const record = await findVisible(context.locals.pb, parsed.code);
  if (!record) return context.rewrite('/404');
  if (record.revoked_at) return context.redirect(`/certificates/${record.code}`, 303);
  const snapshot = trustedSnapshot(record);
  const pdf = await renderCertificatePdf(snapshot, { siteUrl: snapshot.issuer.url, credential: record.credential });
  return downloadResponse(pdf, { type: 'application/pdf', filename: `certificate-${record.code}.pdf` });
};
