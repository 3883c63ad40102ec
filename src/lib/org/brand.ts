/**
 * The brand colour as a tiny inline stylesheet for <head>, with its CSP hash (pure). The colour
 * has been checked (a `#rrggbb` that passes contrast with white) before it gets here; anything
 * else falls back to the default, so nothing typed can reach the stylesheet.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_BRAND_COLOUR } from './settings.ts';

export function brandStyle(colour: string): { css: string; hash: `sha256-${string}` } {
  const safe = /^#[0-9a-f]{6}$/.test(colour) ? colour : DEFAULT_BRAND_COLOUR;
  // `html:root` outranks the stylesheet's `:root`, whichever comes first in <head>.
  const css = `html:root{--brand:${safe}}`;
  return { css, hash: `sha256-${createHash('sha256').update(css).digest('base64')}` };
}
