import { describe, expect, it } from 'vitest';
import { collectLinks, countWords, renderCourseMarkdown, renderUserMarkdown, slugify, tableOfContents } from '../../src/lib/markdown/markdown.ts';

/** Payloads from common XSS cheat sheets, written the ways an author or trainee might paste them. */
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
  '![x" onerror="alert(1)](https://example.com/a.png)',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '::: activity <img src=x onerror=alert(1)>\ntext\n:::',
  '## <script>alert(1)</script> heading',
  '<!-- --><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '[x](<javascript:alert(1)>)',
  'https://example.com/"><script>alert(1)</script>',
];

/** True when rendered HTML contains nothing that could run script: only safe tags, attributes and URLs. */
function isInert(html: string): boolean {
  const allowedTags = new Set(['p', 'a', 'img', 'code', 'pre', 'h2', 'h3', 'div', 'strong', 'em', 'ul', 'ol', 'li', 'br', 'blockquote']);
  const allowedAttributes = new Set(['href', 'src', 'alt', 'title', 'rel', 'class', 'id']);
  for (const [, tag, attrs = ''] of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    if (!allowedTags.has(tag!.toLowerCase())) return false;
    // Attribute values are double-quoted with inner quotes escaped, so name="value" pairs parse exactly.
    const rest = attrs.replace(/\s([a-z-]+)="([^"]*)"/gi, (_, name: string, value: string) => {
      const decoded = value.replace(/&#(x?)([0-9a-f]+);/gi, (_m, hex: string, n: string) => String.fromCharCode(parseInt(n, hex ? 16 : 10)));
      if (!allowedAttributes.has(name.toLowerCase())) return ' BAD';
      if ((name === 'href' || name === 'src') && /^\s*(javascript|vbscript|data:text)/i.test(decoded)) return ' BAD';
      return '';
    });
    if (rest.trim() !== '') return false;
  }
  return true;
}

describe('markdown pipeline: raw HTML and script URLs come out inert', () => {
  it('has a corpus of at least 30 payloads', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(XSS_CORPUS)('course text: %s', (payload) => {
    const { html } = renderCourseMarkdown(payload);
    expect(isInert(html), html).toBe(true);
  });

  it.each(XSS_CORPUS)('trainee text: %s', (payload) => {
    const html = renderUserMarkdown(payload);
    expect(isInert(html), html).toBe(true);
  });

  it('shows raw HTML as text rather than dropping it', () => {
    expect(renderCourseMarkdown('<b>bold</b>').html).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
  });

  it('the inertness check itself catches live markup', () => {
    expect(isInert('<img src=x onerror=alert(1)>')).toBe(false);
    expect(isInert('<a href="javascript:alert(1)">x</a>')).toBe(false);
    expect(isInert('<script>')).toBe(false);
    expect(isInert('<p onclick="x">')).toBe(false);
    expect(isInert('<a href="x" title="a&quot; onmouseover=&quot;b">x</a>')).toBe(true);
  });
});

describe('markdown pipeline: what authors need', () => {
  it('renders every container with its label and optional title', () => {
    const { html } = renderCourseMarkdown('::: activity Mapping *your* support\nDo it.\n:::\n\n::: key-point\nRemember.\n:::');
    expect(html).toContain('<div class="callout callout--activity"><p class="callout__title">Activity: Mapping <em>your</em> support</p>');
    expect(html).toContain('<div class="callout callout--key-point"><p class="callout__title">Key point</p>');
  });

  it.each(['activity', 'reflection', 'content-note', 'key-point', 'easy-read', 'example', 'support'])('knows the %s container', (name) => {
    expect(renderCourseMarkdown(`::: ${name}\nx\n:::`).html).toContain(`callout--${name}`);
  });

  it('adds heading anchors and collects ## and ### headings for the table of contents', () => {
    const { html, headings } = renderCourseMarkdown('## What peer support is\n\ntext\n\n### Mutuality & respect\n\n#### Too deep');
    expect(html).toContain('<h2 id="what-peer-support-is">');
    expect(headings).toEqual([
      { level: 2, id: 'what-peer-support-is', text: 'What peer support is' },
      { level: 3, id: 'mutuality-respect', text: 'Mutuality & respect' },
    ]);
  });

  it('uses typographic quotes and dashes', () => {
    expect(renderCourseMarkdown('"Hello" -- it\'s fine').html).toBe('<p>“Hello” – it’s fine</p>\n');
  });

  it('rewrites module links and course images through the resolver', () => {
    const { html } = renderCourseMarkdown('[next](02-next.md#part) ![a](images/a.png) [web](https://example.org)', {
      resolveLink: (href, kind) => (kind === 'image' ? `/files/${href}` : href.startsWith('02-') ? '/courses/x/next#part' : undefined),
    });
    expect(html).toContain('href="/courses/x/next#part"');
    expect(html).toContain('src="/files/images/a.png"');
    expect(html).toContain('href="https://example.org" rel="noopener noreferrer"');
  });

  it('collects links and images with their source line for the checker', () => {
    expect(collectLinks('intro\n\n[a](01-a.md)\n\n![b](images/b.png)')).toEqual([
      { href: '01-a.md', kind: 'link', line: 2 },
      { href: 'images/b.png', kind: 'image', line: 4, alt: 'b' },
    ]);
  });

  it('marks links in trainee text as user content', () => {
    expect(renderUserMarkdown('[x](https://example.org)')).toContain('rel="nofollow noopener noreferrer ugc"');
  });

  it('slugifies accented and punctuated headings', () => {
    expect(slugify('Café: “what happened?”')).toBe('cafe-what-happened');
  });

  it('counts words, ignoring container markers and punctuation', () => {
    expect(countWords('::: activity\nOne two — three.\n:::')).toBe(3);
  });
});

describe('table of contents', () => {
  it('nests ### headings under the ## before them', () => {
    const { headings } = renderCourseMarkdown('### Before any section\n\n## One\n\n### One a\n\n### One b\n\n## Two');
    expect(tableOfContents(headings).map((h) => [h.text, h.children.map((c) => c.text)])).toEqual([
      ['Before any section', []],
      ['One', ['One a', 'One b']],
      ['Two', []],
    ]);
  });
});
