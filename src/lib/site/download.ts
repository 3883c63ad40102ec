/**
 * The one way a page hands someone a file: the type, a safe file name (an ASCII fallback plus
 * the exact name as RFC 6266's filename*), nosniff, and never cached, since every download
 * here is someone's own or staff data. CSV gets a byte-order mark so Excel reads it as UTF-8.
 */

export interface DownloadOptions {
  type: string;
  filename: string;
  /** Shown in the browser (a PDF, an image) rather than saved. */
  inline?: boolean;
  status?: number;
  headers?: Record<string, string>;
}

/** `Content-Disposition` for `filename`: quotes, slashes and non-ASCII never reach the header raw. */
export function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Headers for a download, for callers that build their own Response (streams, extra headers). */
export function downloadHeaders(options: DownloadOptions): Record<string, string> {
  return {
    'Content-Type': options.type,
    'Content-Disposition': contentDisposition(options.filename, options.inline),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    ...options.headers,
  };
}

/** A file download. Bytes are copied into a plain Uint8Array (Response refuses Node's pooled Buffers' views on some runtimes). */
export function downloadResponse(body: Uint8Array | string | ReadableStream<Uint8Array>, options: DownloadOptions): Response {
  const payload = typeof body === 'string' || body instanceof ReadableStream ? body : new Uint8Array(body);
  return new Response(payload, { status: options.status ?? 200, headers: downloadHeaders(options) });
}

/** A CSV download, UTF-8 with a byte-order mark. */
export function csvDownload(body: string, filename: string): Response {
  return downloadResponse(`\uFEFF${body}`, { type: 'text/csv; charset=utf-8', filename });
}
