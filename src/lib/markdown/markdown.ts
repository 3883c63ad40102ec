/**
 * The one Markdown pipeline: course modules, course introductions and (later) trainee text
 * all go through markdown-it with `html: false`, so raw HTML is always shown as text and
 * stored XSS is impossible by construction.
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance, type StateCore, type Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import container from 'markdown-it-container';
import { en } from '../i18n/messages.ts';

/** The containers authors can use: `::: activity Optional title` … `:::`. */
export const CONTAINERS = ['activity', 'reflection', 'content-note', 'key-point', 'easy-read', 'example', 'support'] as const;
export type ContainerName = (typeof CONTAINERS)[number];

export interface Heading {
  level: number;
  id: string;
  text: string;
}

export interface RenderEnv {
  [key: string | symbol]: unknown;
  /** Rewrites a relative link or image path (e.g. `02-next.md`, `images/a.png`); return undefined to keep it. */
  resolveLink?: (href: string, kind: 'link' | 'image') => string | undefined;
}

export interface Rendered {
  html: string;
  headings: Heading[];
  words: number;
}

export interface LinkReference {
  href: string;
  kind: 'link' | 'image';
  /** 0-based line within the Markdown source. */
  line: number;
  /** For a picture: its description (alt text), as trainees' screen readers will read it. */
  alt?: string;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, '')
      .trim()
      .replace(/[\s-]+/g, '-') || 'section'
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function containerPlugin(md: MarkdownItInstance, name: ContainerName) {
  md.use(container, name, {
    validate: (params: string) => params.trim().split(/\s+/, 1)[0] === name,
    render(tokens: Token[], idx: number) {
      const token = tokens[idx]!;
      if (token.nesting !== 1) return '</div>\n';
      const title = token.info.trim().slice(name.length).trim();
      const label = en.containers[name] ?? name;
      // The title is author text: render it inline (so *emphasis* works) but never as raw HTML.
      const heading = title ? `${escapeHtml(label)}: ${md.renderInline(title)}` : escapeHtml(label);
      // A content note offers a real link past the hard section (see contentNoteSkipPlugin).
      const skipTo = name === 'content-note' ? (token.meta as { skipTo?: string } | null)?.skipTo : undefined;
      const skip = skipTo ? `<p class="no-print"><a class="skip-section" href="#${escapeHtml(skipTo)}">${escapeHtml(en.skipSection)}</a></p>\n` : '';
      return `<div class="callout callout--${name}"><p class="callout__title">${heading}</p>\n${skip}`;
    },
  });
}

/** Rewrites relative links and images through `env.resolveLink` (module files → module pages). */
function linkRewritePlugin(md: MarkdownItInstance) {
  md.core.ruler.push('rewrite_links', (state: StateCore) => {
    const resolve = (state.env as RenderEnv | undefined)?.resolveLink;
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        const attr = token.type === 'link_open' ? 'href' : token.type === 'image' ? 'src' : undefined;
        if (!attr) continue;
        const value = token.attrGet(attr)?.toString();
        if (!value) continue;
        if (token.type === 'link_open' && /^https?:\/\//i.test(value)) {
          token.attrSet('rel', 'noopener noreferrer');
          continue;
        }
        const rewritten = resolve?.(value, token.type === 'image' ? 'image' : 'link');
        if (rewritten !== undefined) token.attrSet(attr, rewritten);
      }
    }
  });
}

/** Where "Skip this section" goes when no later heading is safe: the module page puts this id after the text. */
export const AFTER_TEXT_ID = 'after-module-text';

/**
 * For each `::: content-note`, the id of the next safe heading: the first heading after the note
 * at the same or a higher level than the heading the note sits under (so the hard section's own
 * subheadings are skipped too), else the end of the module text. Runs after the anchor plugin.
 */
function contentNoteSkipPlugin(md: MarkdownItInstance) {
  md.core.ruler.push('content_note_skip', (state: StateCore) => {
    const tokens = state.tokens;
    let sectionLevel = 0;
    tokens.forEach((token, i) => {
      if (token.type === 'heading_open') sectionLevel = Number(token.tag.slice(1));
      if (token.type !== 'container_content-note_open') return;
      let depth = 0;
      let j = i;
      for (; j < tokens.length; j++) {
        if (tokens[j]!.nesting === 1 && tokens[j]!.type.startsWith('container_')) depth++;
        if (tokens[j]!.nesting === -1 && tokens[j]!.type.startsWith('container_')) depth--;
        if (depth === 0) break;
      }
      const next = tokens.slice(j + 1).find((t) => t.type === 'heading_open' && (sectionLevel === 0 || Number(t.tag.slice(1)) <= sectionLevel) && t.attrGet('id'));
      token.meta = { ...(token.meta ?? {}), skipTo: String(next?.attrGet('id') ?? AFTER_TEXT_ID) };
    });
  });
}

function createCourseMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  md.use(anchor, { slugify, tabIndex: false });
  for (const name of CONTAINERS) containerPlugin(md, name);
  md.use(linkRewritePlugin);
  md.use(contentNoteSkipPlugin);
  return md;
}

function createUserMarkdown(): MarkdownItInstance {
  // Trainee text: same safety settings, no containers or anchors, links marked as user content.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  md.core.ruler.push('user_links', (state: StateCore) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type === 'link_open') token.attrSet('rel', 'nofollow noopener noreferrer ugc');
      }
    }
  });
  return md;
}

const courseMd = createCourseMarkdown();
const userMd = createUserMarkdown();

/** Renders course Markdown and collects the `##`/`###` headings for a table of contents. */
export function renderCourseMarkdown(source: string, env: RenderEnv = {}): Rendered {
  const tokens = courseMd.parse(source, env);
  const headings: Heading[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const level = Number(token.tag.slice(1));
    const inline = tokens[i + 1];
    if (level < 2 || level > 3 || !inline) return;
    headings.push({ level, id: String(token.attrGet('id') ?? ''), text: inline.children?.map((c) => c.content).join('') ?? inline.content });
  });
  return { html: courseMd.renderer.render(tokens, courseMd.options, env), headings, words: countWords(source) };
}

export interface TocEntry extends Heading {
  children: Heading[];
}

/** Nests each ### heading under the ## before it, for a table of contents. */
export function tableOfContents(headings: Heading[]): TocEntry[] {
  const toc: TocEntry[] = [];
  for (const heading of headings) {
    const parent = toc[toc.length - 1];
    if (heading.level === 3 && parent) parent.children.push(heading);
    else toc.push({ ...heading, children: [] });
  }
  return toc;
}

/** Renders one line of author text (a title, an option) without a wrapping paragraph. */
export function renderCourseInline(source: string): string {
  return courseMd.renderInline(source);
}

/** Renders text written by a trainee or trainer (reflections, feedback). */
export function renderUserMarkdown(source: string): string {
  return userMd.render(source);
}

/** The same text as markdown-it tokens, for output that is not HTML (the PDF journal). */
export function parseUserMarkdown(source: string): Token[] {
  return userMd.parse(source, {});
}

/** Every link and image in the source, with its line, for the course checker. */
export function collectLinks(source: string): LinkReference[] {
  const found: LinkReference[] = [];
  for (const block of courseMd.parse(source, {})) {
    const line = block.map?.[0] ?? 0;
    for (const token of block.children ?? []) {
      if (token.type === 'link_open' && token.markup !== 'linkify') {
        found.push({ href: String(token.attrGet('href') ?? ''), kind: 'link', line });
      } else if (token.type === 'image') {
        found.push({ href: String(token.attrGet('src') ?? ''), kind: 'image', line, alt: token.content });
      }
    }
  }
  return found;
}

/** Unknown `::: name` containers render as plain paragraphs; the checker reports them. */
export function findUnknownContainers(source: string): { name: string; line: number }[] {
  const known = new Set<string>(CONTAINERS);
  const found: { name: string; line: number }[] = [];
  let inFence = false;
  source.split('\n').forEach((text, line) => {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    if (inFence) return;
    const match = /^\s*:::\s*([A-Za-z][\w-]*)/.exec(text);
    if (match && !known.has(match[1]!)) found.push({ name: match[1]!, line });
  });
  return found;
}

/** A course box (`::: activity` … `:::`) as the checker sees it. */
export interface BoxFound {
  name: string;
  /** 0-based line of the opening `:::` within the source. */
  line: number;
  /** False when no closing `:::` line was found: the box runs to the end of the text. */
  closed: boolean;
  /** Set when the box was still open when another box of the same kind of fence started (its 0-based line). */
  openAtNextBox?: number;
  /** True when nothing but blank lines is between the opening and closing lines. */
  empty: boolean;
}

const CLOSING_FENCE = /^[\s>]*:{3,}\s*$/;

/**
 * Every known box in the source, with whether it is closed and whether it has any text.
 * markdown-it-container closes a box at the first bare `:::` line; a box never closed runs to
 * the end of the text, and a box still open when the next `::: name` starts swallows it.
 */
export function findBoxes(source: string): BoxFound[] {
  const lines = source.split('\n');
  const found: BoxFound[] = [];
  const stack: { token: Token; box: BoxFound }[] = [];
  for (const token of courseMd.parse(source, {})) {
    if (!token.type.startsWith('container_')) continue;
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    if (token.nesting !== 1 || !token.map) continue;
    const [start, end] = token.map;
    const inner = lines.slice(start + 1, end);
    const box: BoxFound = {
      name: token.type.slice('container_'.length, -'_open'.length),
      line: start,
      closed: CLOSING_FENCE.test(lines[end] ?? ''),
      empty: inner.every((l) => l.replace(/^[\s>]*/, '') === ''),
    };
    const parent = stack[stack.length - 1];
    if (parent && parent.token.markup === token.markup && parent.box.openAtNextBox === undefined) {
      // Same fence inside the same fence: the author meant two boxes and forgot to close the first.
      parent.box.openAtNextBox = start;
      box.closed = true;
    }
    found.push(box);
    stack.push({ token, box });
  }
  return found;
}

export function countWords(source: string): number {
  return source
    .replace(/^\s*:::.*$/gm, ' ')
    .replace(/[#*_>`[\]()!-]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
