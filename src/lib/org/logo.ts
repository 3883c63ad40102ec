/**
 * Checking an uploaded logo (pure). The type is decided by the file's first bytes (its "magic
 * number"), never by its name or the browser's content type. PNG, WebP and JPEG are taken; SVG is
 * refused (it can carry scripts and links, and is shown on every page and in every certificate).
 */

/** Largest logo taken: it is embedded in every certificate issued after it is set. */
export const MAX_LOGO_BYTES = 64 * 1024;

export type LogoType = 'png' | 'jpeg' | 'webp';
export type SniffedType = LogoType | 'svg' | 'gif' | 'unknown';

export const LOGO_MIME: Record<LogoType, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** What the bytes are, from their magic number (SVG: XML or an `<svg` tag near the start). */
export function sniffImage(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype svg') || head.includes('<svg')) return 'svg';
  return 'unknown';
}

export type LogoCheck = { ok: true; type: LogoType; mime: string } | { ok: false; problem: 'empty' | 'too-large' | 'svg' | 'type' };

/** Checks an uploaded logo's bytes. */
export function checkLogo(bytes: Uint8Array, maxBytes = MAX_LOGO_BYTES): LogoCheck {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > maxBytes) return { ok: false, problem: 'too-large' };
  const type = sniffImage(bytes);
  if (type === 'svg') return { ok: false, problem: 'svg' };
  if (type === 'png' || type === 'jpeg' || type === 'webp') return { ok: true, type, mime: LOGO_MIME[type] };
  return { ok: false, problem: 'type' };
}

/** A data: URL for the bytes (used to embed the logo in a certificate's issuer profile). */
export function logoDataUrl(bytes: Uint8Array, type: LogoType): string {
  return `data:${LOGO_MIME[type]};base64,${Buffer.from(bytes).toString('base64')}`;
}
