/**
 * /calendar/<secret>.ics — a person's private calendar feed (RFC 5545) for calendar apps,
 * which fetch it with no session: the secret names the person (only its SHA-256 is stored;
 * src/lib/cohorts/calendar-store.ts). It holds only their own groups' sessions, and of those
 * only times, titles, places or links, group and module names and cancellations.
 * A secret URL: never cached, never indexed, never sent on as a referrer. An unknown or
 * stopped secret is a plain 404; PocketBase down is a 503 the app retries.
 */
import type { APIRoute } from 'astro';
import { feedFor } from '../../lib/cohorts/calendar-store.ts';
import { isUnavailable } from '../../lib/errors.ts';
import { sessionsEn } from '../../lib/i18n/sessions.ts';
import { organisationSettings } from '../../lib/org/settings-store.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';

const SECRET_HEADERS = {
  'Cache-Control': 'private, no-store',
  'X-Robots-Tag': 'noindex, nofollow, noarchive',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const plain = (status: number, body: string) => new Response(body, { status, headers: { ...SECRET_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

export const GET: APIRoute = async (context) => {
  const catalogue = getCatalogue();
  const site = process.env.SITE_URL?.trim() || context.url.origin;
  try {
    const org = await organisationSettings(context.locals.service);
    const body = await feedFor(await context.locals.service(), context.params.secret ?? '', {
      name: sessionsEn.feed.calendarName(org.name),
      host: new URL(site).hostname,
      moduleTitle: (course, module) => catalogue.course(course)?.modules.find((m) => m.id === module)?.title ?? '',
    });
    if (body === undefined) return plain(404, 'Not found');
    return new Response(body, { status: 200, headers: { ...SECRET_HEADERS, 'Content-Type': 'text/calendar; charset=utf-8' } });
  } catch (error) {
    if (isUnavailable(error)) return plain(503, 'Unavailable for a moment: please try again later.');
    throw error;
  }
};
