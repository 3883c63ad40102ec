/**
 * LinkedIn's "Add licence or certification" link, filled in from a certificate, so the holder
 * only checks the details and saves. Pure.
 *
 * The form is documented at https://addtoprofile.linkedin.com/ (the `startTask=CERTIFICATION_NAME`
 * URL). Every value is percent-encoded (spaces as %20).
 */
import { formatPartsForPeople } from '../dates.ts';

export const LINKEDIN_ADD_URL = 'https://www.linkedin.com/profile/add';

export interface LinkedInCertification {
  /** What the certificate is called, e.g. "Level 3 Award in Peer Support Work Foundations". */
  name: string;
  /** The issuing organisation, e.g. "Lived Learning". */
  organizationName: string;
  /** ISO 8601 issue date. */
  issuedAt: string;
  /** ISO 8601 expiry date, if the certificate expires. */
  expiresAt?: string | null;
  /** The public page that checks the certificate. */
  certUrl: string;
  /** The certificate code as printed, e.g. "7K3M-Q9TX-ZB2R-4WH1". */
  certId: string;
}

/** Year and month (1–12) of a date in the organisation's time zone, as LinkedIn asks for them. */
export function yearAndMonth(iso: string): { year: number; month: number } {
  const parts = formatPartsForPeople(new Date(iso), { year: 'numeric', month: 'numeric' });
  return {
    year: Number(parts.find((p) => p.type === 'year')?.value),
    month: Number(parts.find((p) => p.type === 'month')?.value),
  };
}

/** The "add to profile" link for one certificate. */
export function linkedInAddUrl(cert: LinkedInCertification): string {
  const issued = yearAndMonth(cert.issuedAt);
  const params: [string, string][] = [
    ['startTask', 'CERTIFICATION_NAME'],
    ['name', cert.name],
    ['organizationName', cert.organizationName],
    ['issueYear', String(issued.year)],
    ['issueMonth', String(issued.month)],
  ];
  if (cert.expiresAt) {
    const expires = yearAndMonth(cert.expiresAt);
    params.push(['expirationYear', String(expires.year)], ['expirationMonth', String(expires.month)]);
  }
  params.push(['certUrl', cert.certUrl], ['certId', cert.certId]);
  return `${LINKEDIN_ADD_URL}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
