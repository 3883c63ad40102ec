/**
 * Any other address under /api/: a JSON 404 (programs read these answers, so never the HTML
 * 404 page), whatever the method.
 */
import type { APIRoute } from 'astro';
import { publicJsonError } from '../../lib/certificates/http.ts';
import { certificatesEn } from '../../lib/i18n/certificates.ts';

export const ALL: APIRoute = () => publicJsonError(404, certificatesEn.api.noSuchPath);
