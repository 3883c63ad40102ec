import { describe, expect, it } from 'vitest';
import { loadCertificateFonts } from '../../src/lib/certificates/pdf.ts';
import { atkinsonHyperlegible } from '../../src/lib/fonts.ts';
import { parseUserMarkdown, renderUserMarkdown } from '../../src/lib/markdown/markdown.ts';

describe('Atkinson Hyperlegible', () => {
  it('loads all four styles as TrueType files, and the certificate gets the same bytes', () => {
    const fonts = atkinsonHyperlegible(['regular', 'italic', 'bold', 'boldItalic']);
    for (const data of Object.values(fonts)) expect(data.readUInt32BE(0)).toBe(0x00010000); // TrueType magic
    expect(fonts.regular.equals(fonts.bold)).toBe(false);
    const certificate = loadCertificateFonts();
    expect(Buffer.from(certificate.regular).equals(fonts.regular)).toBe(true);
    expect(Buffer.from(certificate.bold).equals(fonts.bold)).toBe(true);
  });
});

describe('parseUserMarkdown (the PDF journal reads people’s text through it)', () => {
  it('gives the same tokens the HTML renderer uses, with raw HTML left as text', () => {
    const source = '**Bold** and <script>alert(1)</script>\n\n- one\n- two';
    const types = parseUserMarkdown(source).map((t) => t.type);
    expect(types).toContain('bullet_list_open');
    expect(types).not.toContain('html_block');
    expect(parseUserMarkdown(source)[1]!.children!.some((t) => t.type === 'html_inline')).toBe(false);
    expect(renderUserMarkdown(source)).toContain('&lt;script&gt;');
  });
});
