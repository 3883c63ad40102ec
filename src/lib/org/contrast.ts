/**
 * Brand colour checks (pure). The brand colour is the background of the header, buttons and the
 * skip link, always with white text on it, so it must reach WCAG 2.2 AA contrast for normal text
 * (4.5:1) against white. A colour that does not is refused with the nearest darker colour of the
 * same hue and saturation that does.
 */

export const MIN_CONTRAST_WITH_WHITE = 4.5;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** `#1d4e5f` or `#abc` (any case, `#` optional) → RGB 0–255; undefined for anything else. */
export function parseHexColour(input: string): Rgb | undefined {
  const text = input.trim().replace(/^#/, '');
  const full = /^[0-9a-f]{3}$/i.test(text) ? [...text].map((c) => c + c).join('') : text;
  if (!/^[0-9a-f]{6}$/i.test(full)) return undefined;
  return { r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16) };
}

/** RGB → `#rrggbb` (lower case). */
export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast ratio of white text on this colour (1–21). */
export function contrastWithWhite(colour: Rgb): number {
  return 1.05 / (relativeLuminance(colour) + 0.05);
}

function toHsl({ r, g, b }: Rgb): { h: number; s: number; l: number } {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  if (max === min) return { h: 0, s: 0, l };
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === rr ? ((gg - bb) / d + (gg < bb ? 6 : 0)) / 6 : max === gg ? ((bb - rr) / d + 2) / 6 : ((rr - gg) / d + 4) / 6;
  return { h, s, l };
}

function fromHsl(h: number, s: number, l: number): Rgb {
  if (s === 0) return { r: l * 255, g: l * 255, b: l * 255 };
  const hue = (p: number, q: number, t: number) => {
    const tt = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (tt < 1 / 6) return p + (q - p) * 6 * tt;
    if (tt < 1 / 2) return q;
    if (tt < 2 / 3) return p + (q - p) * (2 / 3 - tt) * 6;
    return p;
  };
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  return { r: hue(p, q, h + 1 / 3) * 255, g: hue(p, q, h) * 255, b: hue(p, q, h - 1 / 3) * 255 };
}

function rounded(colour: Rgb): Rgb {
  return { r: Math.round(colour.r), g: Math.round(colour.g), b: Math.round(colour.b) };
}

/**
 * The lightest colour with the same hue and saturation that is no lighter than this one and
 * reaches 4.5:1 with white text (the colour itself when it already passes).
 */
export function nearestPassingDarker(colour: Rgb): Rgb {
  if (contrastWithWhite(colour) >= MIN_CONTRAST_WITH_WHITE) return colour;
  const { h, s, l } = toHsl(colour);
  let low = 0;
  let high = l;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (contrastWithWhite(rounded(fromHsl(h, s, mid))) >= MIN_CONTRAST_WITH_WHITE) low = mid;
    else high = mid;
  }
  let result = rounded(fromHsl(h, s, low));
  // Rounding to whole channels can land just short: step down until it passes.
  while (contrastWithWhite(result) < MIN_CONTRAST_WITH_WHITE) result = { r: Math.max(0, result.r - 1), g: Math.max(0, result.g - 1), b: Math.max(0, result.b - 1) };
  return result;
}

export type BrandColourCheck =
  | { ok: true; colour: string; ratio: number }
  | { ok: false; problem: 'format' }
  | { ok: false; problem: 'contrast'; ratio: number; suggestion: string; suggestionRatio: number };

/** Checks a colour typed by an administrator for use behind white text. */
export function checkBrandColour(input: string): BrandColourCheck {
  const rgb = parseHexColour(input);
  if (!rgb) return { ok: false, problem: 'format' };
  const ratio = contrastWithWhite(rgb);
  if (ratio >= MIN_CONTRAST_WITH_WHITE) return { ok: true, colour: toHex(rgb), ratio };
  const suggestion = nearestPassingDarker(rgb);
  return { ok: false, problem: 'contrast', ratio, suggestion: toHex(suggestion), suggestionRatio: contrastWithWhite(suggestion) };
}

/** 4.4871… → "4.48" (rounded down, so a ratio shown as 4.50 always passes). */
export function formatRatio(ratio: number): string {
  return (Math.floor(ratio * 100) / 100).toFixed(2);
}
