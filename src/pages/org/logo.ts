/**
 * /org/logo — the organisation's logo (from its settings), for the header and footer. The bytes
 * were checked by their magic number when uploaded and are checked again here; served with the
 * type they are, `nosniff`, and cached for a day when the address names the current file.
 */
import type { APIRoute } from 'astro';
import { LOGO_MIME } from '../../lib/org/logo.ts';
import { organisationLogo } from '../../lib/org/settings-store.ts';

export const GET: APIRoute = async ({ url }) => {
  const logo = await organisationLogo().catch(() => undefined);
  if (!logo) return new Response('No logo has been set.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  const current = url.searchParams.get('v') === logo.file;
  return new Response(logo.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': LOGO_MIME[logo.type],
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': current ? 'public, max-age=86400' : 'no-cache',
    },
  });
};
