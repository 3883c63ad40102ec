/** HTTP responses shared by the QA routes. */

/** A CSV download: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), never cached. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(`\uFEFF${body}`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
