/**
 * The organisation's settings (src/lib/org): brand colour contrast and the suggested darker
 * colour, logo checks by magic number, the settings form and stored schema, support contacts
 * per nation and their tap-to-call links, the brand stylesheet and the content-note skip link.
 */
import { describe, expect, it } from 'vitest';
import { checkBrandColour, contrastWithWhite, formatRatio, nearestPassingDarker, parseHexColour, toHex } from '../../src/lib/org/contrast.ts';
import { checkLogo, MAX_LOGO_BYTES, sniffImage } from '../../src/lib/org/logo.ts';
import { defaultSettings, readSettingsForm, settingsFromRecord, storedSettingsSchema, recordFromSettings } from '../../src/lib/org/settings.ts';
import { defaultSupportContacts, smsHref, telHref } from '../../src/lib/org/support-contacts.ts';
import { brandStyle } from '../../src/lib/org/brand.ts';
import { renderCourseMarkdown } from '../../src/lib/markdown/markdown.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 1, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);
const SVG = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('brand colour contrast', () => {
  it('computes WCAG contrast with white (black 21:1, white 1:1, #767676 just passes 4.5:1)', () => {
    expect(contrastWithWhite({ r: 0, g: 0, b: 0 })).toBeCloseTo(21, 5);
    expect(contrastWithWhite({ r: 255, g: 255, b: 255 })).toBeCloseTo(1, 5);
    expect(contrastWithWhite(parseHexColour('#767676')!)).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite(parseHexColour('#777777')!)).toBeLessThan(4.5);
  });

  it('accepts a dark colour and normalises it (#ABC → #aabbcc)', () => {
    expect(checkBrandColour('#1D4E5F')).toMatchObject({ ok: true, colour: '#1d4e5f' });
    expect(toHex(parseHexColour('abc')!)).toBe('#aabbcc');
  });

  it('refuses anything that is not a hex colour', () => {
    for (const bad of ['red', '#12345', '#gggggg', 'rgb(0,0,0)', '', '#1d4e5f; } body { display:none']) {
      expect(checkBrandColour(bad)).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('refuses a light colour and suggests the nearest darker shade that passes', () => {
    for (const light of ['#ffcc00', '#4fa3d1', '#ff0000', '#888888', '#e6f0f3']) {
      const result = checkBrandColour(light);
      expect(result.ok).toBe(false);
      if (result.ok || result.problem !== 'contrast') throw new Error('expected a contrast refusal');
      expect(result.ratio).toBeLessThan(4.5);
      const suggestion = parseHexColour(result.suggestion)!;
      expect(contrastWithWhite(suggestion)).toBeGreaterThanOrEqual(4.5);
      // The nearest: a shade a little lighter would fail again.
      const lighter = { r: Math.min(255, suggestion.r + 3), g: Math.min(255, suggestion.g + 3), b: Math.min(255, suggestion.b + 3) };
      expect(contrastWithWhite(lighter)).toBeLessThan(4.7);
      // Darker, never lighter.
      expect(contrastWithWhite(suggestion)).toBeGreaterThan(result.ratio);
      expect(checkBrandColour(result.suggestion).ok).toBe(true);
    }
  });

  it('keeps the hue of the colour it suggests (a red stays red)', () => {
    const red = nearestPassingDarker(parseHexColour('#ff0000')!);
    expect(red.r).toBeGreaterThan(150);
    expect(red.g).toBeLessThan(10);
    expect(red.b).toBeLessThan(10);
  });

  it('shows a ratio rounded down, so 4.4999 never reads as 4.50', () => {
    expect(formatRatio(4.4999)).toBe('4.49');
    expect(formatRatio(4.5)).toBe('4.50');
  });
});

describe('logo checks (magic numbers, not names)', () => {
  it('recognises PNG, JPEG and WebP by their first bytes', () => {
    expect(sniffImage(PNG)).toBe('png');
    expect(sniffImage(JPEG)).toBe('jpeg');
    expect(sniffImage(WEBP)).toBe('webp');
    expect(checkLogo(PNG)).toEqual({ ok: true, type: 'png', mime: 'image/png' });
    expect(checkLogo(WEBP)).toMatchObject({ ok: true, type: 'webp' });
  });

  it('refuses SVG (with or without an XML declaration, BOM or leading space) with its own reason', () => {
    expect(checkLogo(SVG)).toEqual({ ok: false, problem: 'svg' });
    expect(checkLogo(new TextEncoder().encode('\uFEFF  <svg viewBox="0 0 1 1"></svg>'))).toEqual({ ok: false, problem: 'svg' });
    expect(checkLogo(new TextEncoder().encode('<!-- hi --><svg></svg>'))).toEqual({ ok: false, problem: 'svg' });
  });

  it('refuses other bytes whatever the file is called (GIF, HTML, a PDF), empty files and large files', () => {
    expect(checkLogo(new TextEncoder().encode('GIF89a....'))).toEqual({ ok: false, problem: 'type' });
    expect(checkLogo(new TextEncoder().encode('<html><script>alert(1)</script>'))).toEqual({ ok: false, problem: 'type' });
    expect(checkLogo(new TextEncoder().encode('%PDF-1.7'))).toEqual({ ok: false, problem: 'type' });
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, problem: 'empty' });
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(PNG);
    expect(checkLogo(big)).toEqual({ ok: false, problem: 'too-large' });
    const fits = new Uint8Array(MAX_LOGO_BYTES);
    fits.set(PNG);
    expect(checkLogo(fits).ok).toBe(true);
  });
});

function settingsForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  const base: Record<string, string> = { name: 'Cwm Peer Network', brand_colour: '#1d4e5f', quick_exit_url: 'https://www.bbc.co.uk/weather', nation: 'wales', contact_rows: '0' };
  for (const [k, v] of Object.entries({ ...base, ...fields })) form.set(k, v);
  return form;
}

describe('settings: defaults, form and stored schema', () => {
  it('first-start defaults come from the environment (ORG_NAME, else ISSUER_NAME; ORG_NATION)', () => {
    expect(defaultSettings({ ORG_NAME: 'Org A', ISSUER_NAME: 'Org B' }).name).toBe('Org A');
    expect(defaultSettings({ ISSUER_NAME: 'Org B' }).name).toBe('Org B');
    expect(defaultSettings({}).name).toBe('Lived Learning');
    const scots = defaultSettings({ ORG_NATION: 'scotland' });
    expect(scots.nation).toBe('scotland');
    expect(scots.supportContacts.map((c) => c.name)).toContain('Breathing Space');
    expect(defaultSettings({ ORG_NATION: 'atlantis' }).nation).toBe('england');
  });

  it('reads a valid form, dropping empty and removed contact rows', () => {
    const result = readSettingsForm(
      settingsForm({
        contact_rows: '3',
        contact_name_0: 'NHS 111 Wales',
        contact_phone_0: '111',
        contact_name_1: 'Old line',
        contact_phone_1: '0800 000 000',
        contact_remove_1: 'yes',
      }),
      defaultSettings({}),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.name).toBe('Cwm Peer Network');
    expect(result.settings.nation).toBe('wales');
    expect(result.settings.supportContacts).toEqual([{ name: 'NHS 111 Wales', hours: '', phone: '111', sms: '', how: '', web: '' }]);
  });

  it('names each wrong field with a plain message, and keeps what was typed', () => {
    const result = readSettingsForm(
      settingsForm({
        name: '',
        brand_colour: '#ffcc00',
        quick_exit_url: 'javascript:alert(1)',
        contact_rows: '2',
        contact_name_0: '',
        contact_phone_0: '111',
        contact_name_1: 'Helpline',
        contact_phone_1: 'call me',
        contact_web_1: 'http://insecure.example',
      }),
      defaultSettings({}),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.name).toMatch(/Enter the organisation/);
    expect(result.fields.brand_colour).toMatch(/below the 4\.5 to 1.*Try #[0-9a-f]{6}/);
    expect(result.colourSuggestion).toMatch(/^#[0-9a-f]{6}$/);
    expect(result.fields.quick_exit_url).toMatch(/https:\/\//);
    expect(result.fields.contact_name_0).toMatch(/name/);
    expect(result.fields.contact_phone_1).toMatch(/digits and spaces/);
    expect(result.fields.contact_web_1).toMatch(/https:\/\//);
    expect(result.values.brandColour).toBe('#ffcc00');
  });

  it('a stored record must match the schema; anything unreadable falls back to the defaults', () => {
    const defaults = defaultSettings({});
    const stored = { ...recordFromSettings({ ...defaults, name: 'Cwm' }), logo: 'logo_abc.png' };
    expect(storedSettingsSchema.safeParse(stored).success).toBe(true);
    const read = settingsFromRecord(stored, defaults);
    expect(read.name).toBe('Cwm');
    expect(read.logoUrl).toBe('/org/logo?v=logo_abc.png');
    expect(settingsFromRecord({ ...stored, brand_colour: 'red' }, defaults)).toEqual(defaults);
    expect(settingsFromRecord({ ...stored, nation: 'atlantis' }, defaults)).toEqual(defaults);
    expect(settingsFromRecord(undefined, defaults)).toEqual(defaults);
  });

  it('the brand stylesheet carries only a checked colour, with the CSP hash of exactly that text', async () => {
    const { createHash } = await import('node:crypto');
    const ok = brandStyle('#8a1c1c');
    expect(ok.css).toBe('html:root{--brand:#8a1c1c}');
    expect(ok.hash).toBe(`sha256-${createHash('sha256').update(ok.css).digest('base64')}`);
    expect(brandStyle('red}body{display:none').css).toBe('html:root{--brand:#1d4e5f}');
  });
});

describe('support contacts', () => {
  it('each nation has its own NHS route, and Samaritans everywhere', () => {
    const names = (n: Parameters<typeof defaultSupportContacts>[0]) => defaultSupportContacts(n).map((c) => c.name);
    expect(names('england')).toContain('NHS 111, mental health option');
    expect(names('wales')).toContain('NHS 111 Wales, press 2');
    expect(names('scotland')).toEqual(expect.arrayContaining(['NHS 24, 111', 'Breathing Space']));
    expect(names('northern-ireland')).toContain('Lifeline');
    // NHS 111 option 2 is England's: no other nation's list offers it.
    for (const n of ['wales', 'scotland', 'northern-ireland'] as const) expect(names(n)).not.toContain('NHS 111, mental health option');
    for (const n of ['england', 'wales', 'scotland', 'northern-ireland'] as const) {
      expect(defaultSupportContacts(n).find((c) => c.name === 'Samaritans')?.phone).toBe('116 123');
    }
    expect(defaultSupportContacts('northern-ireland')[0]?.phone).toBe('0808 808 8000');
  });

  it('makes tap-to-call and text links from numbers with spaces', () => {
    expect(telHref('0808 808 8000')).toBe('tel:08088088000');
    expect(telHref('+44 116 123')).toBe('tel:+44116123');
    expect(smsHref('85258')).toBe('sms:85258');
  });
});

describe('content notes in module text', () => {
  it('offer a "Skip this section" link to the next heading at the same or a higher level', () => {
    const { html } = renderCourseMarkdown(['## Hard part', '', '::: content-note', 'This talks about self-harm.', ':::', '', 'Text.', '', '### Inside the hard part', '', 'More.', '', '## Safe again', '', 'Fine.'].join('\n'));
    expect(html).toMatch(/<a class="skip-section" href="#safe-again">Skip this section<\/a>/);
    expect(html).toContain('id="safe-again"');
  });

  it('goes to the end of the module text when no later heading is safe', () => {
    const { html } = renderCourseMarkdown(['## Last part', '', '::: content-note', 'Hard.', ':::', '', 'Text.'].join('\n'));
    expect(html).toContain('href="#after-module-text"');
  });

  it('other boxes get no skip link', () => {
    const { html } = renderCourseMarkdown(['::: activity', 'Do this.', ':::', '', '## Next'].join('\n'));
    expect(html).not.toContain('skip-section');
  });
});
