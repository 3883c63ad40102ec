/**
 * Atkinson Hyperlegible (Braille Institute of America), designed for readers with low vision:
 * letters that are easy to confuse (0/O, 1/l/I) look clearly different, which matters for
 * certificate codes. The one way the server loads it, for every PDF it makes (certificates,
 * the reflections journal): TTF files from the npm package
 * `@expo-google-fonts/atkinson-hyperlegible` (a pinned runtime dependency; SIL Open Font
 * License 1.1, in the package's LICENSE_FONT). TTF, not WOFF2: fontkit (inside pdfkit) cannot
 * read WOFF2. Node-only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const FONT_PACKAGE = '@expo-google-fonts/atkinson-hyperlegible';

const FONT_FILES = {
  regular: '400Regular/AtkinsonHyperlegible_400Regular.ttf',
  italic: '400Regular_Italic/AtkinsonHyperlegible_400Regular_Italic.ttf',
  bold: '700Bold/AtkinsonHyperlegible_700Bold.ttf',
  boldItalic: '700Bold_Italic/AtkinsonHyperlegible_700Bold_Italic.ttf',
} as const;

export type FontStyle = keyof typeof FONT_FILES;

const loaded = new Map<FontStyle, Buffer>();

/**
 * The TTF files of the styles asked for, each read once. Resolved from the project's
 * node_modules (the server runs from the project root), so it works the same from src/ and
 * from the built dist/.
 *
 * @throws {Error} naming the package to install when a font file is missing
 */
export function atkinsonHyperlegible<S extends FontStyle>(styles: readonly S[]): Record<S, Buffer> {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const out = {} as Record<S, Buffer>;
  for (const style of styles) {
    let data = loaded.get(style);
    if (!data) {
      try {
        data = readFileSync(require.resolve(`${FONT_PACKAGE}/${FONT_FILES[style]}`));
      } catch (error) {
        throw new Error(`The PDF font Atkinson Hyperlegible is missing: it comes from the package ${FONT_PACKAGE}; run \`npm ci\` in the project folder. (${(error as Error).message})`);
      }
      loaded.set(style, data);
    }
    out[style] = data;
  }
  return out;
}
