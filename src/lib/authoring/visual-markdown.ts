/**
 * The visual mode's document model: a module body (Markdown) read into a ProseMirror document
 * and written back. Pure (no DOM), so the unit tests run every shipped module through it and
 * the browser editor uses the same code.
 *
 * It reads with markdown-it, like the reading pages, but with the typographer and linkify off
 * so the text is kept exactly as typed (quotes stay straight, a web address stays text). What
 * the visual mode can show and edit: paragraphs (their line breaks kept), `##`–`######`
 * headings, bullet and numbered lists, bold, italic, code, links, pictures and the course
 * boxes (`::: activity Title` … `:::`). Anything else (a table, a quote, a code block, a rule)
 * is kept as a "Markdown block": shown and edited as its own text, written back byte for byte.
 *
 * `checkRoundTrip` is the promise that switching modes loses nothing: the visual mode opens a
 * text only when writing it back renders exactly the same page; the documented normalisations
 * are in docs/AUTHORING.md ("The visual mode").
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance, type StateCore, type Token } from 'markdown-it';
import container from 'markdown-it-container';
import { MarkdownParser, MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown';
import { Schema, type Node as PMNode, type Mark } from 'prosemirror-model';
import { CONTAINERS, renderCourseMarkdown, type ContainerName } from '../markdown/markdown.ts';

/** The boxes the visual toolbar offers, in the order shown (`support` is kept but not offered). */
export const VISUAL_BOXES = ['content-note', 'key-point', 'activity', 'example', 'easy-read', 'reflection'] as const satisfies readonly ContainerName[];

export const visualSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { content: 'inline*', group: 'block', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] },
    heading: {
      attrs: { level: { default: 2 } },
      content: 'inline*',
      group: 'block',
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node) => [`h${node.attrs['level']}`, 0],
    },
    bullet_list: {
      attrs: { tight: { default: true }, bullet: { default: '-' } },
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    ordered_list: {
      attrs: { tight: { default: true }, order: { default: 1 } },
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start') ?? 1) }) }],
      toDOM: (node) => ['ol', node.attrs['order'] === 1 ? {} : { start: node.attrs['order'] }, 0],
    },
    list_item: { content: 'block+', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    box: {
      attrs: { kind: { default: 'key-point' }, title: { default: '' }, markup: { default: ':::' } },
      content: 'block+',
      group: 'block',
      defining: true,
      parseDOM: [{ tag: 'section[data-box]', getAttrs: (dom) => ({ kind: (dom as HTMLElement).dataset['box'] ?? 'key-point', title: (dom as HTMLElement).dataset['title'] ?? '' }) }],
      toDOM: (node) => ['section', { 'data-box': node.attrs['kind'], 'data-title': node.attrs['title'], class: `visual-box callout callout--${node.attrs['kind']}` }, 0],
    },
    raw_block: {
      content: 'text*',
      marks: '',
      group: 'block',
      code: true,
      defining: true,
      parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
      toDOM: () => ['pre', { class: 'visual-raw' }, ['code', 0]],
    },
    text: { group: 'inline' },
    image: {
      inline: true,
      group: 'inline',
      draggable: true,
      attrs: { src: {}, alt: { default: '' }, title: { default: null } },
      parseDOM: [{ tag: 'img[src]', getAttrs: (dom) => ({ src: (dom as HTMLElement).getAttribute('src'), alt: (dom as HTMLElement).getAttribute('alt') ?? '', title: (dom as HTMLElement).getAttribute('title') }) }],
      toDOM: (node) => ['img', { src: node.attrs['src'], alt: node.attrs['alt'], title: node.attrs['title'] }],
    },
    hard_break: { inline: true, group: 'inline', selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
  },
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href'), title: (dom as HTMLElement).getAttribute('title') }) }],
      toDOM: (mark) => ['a', { href: mark.attrs['href'], title: mark.attrs['title'] }, 0],
    },
    em: { attrs: { markup: { default: '*' } }, parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    strong: { attrs: { markup: { default: '**' } }, parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
    strike: { parseDOM: [{ tag: 's' }, { tag: 'del' }], toDOM: () => ['s', 0] },
  },
});

/** Block tokens the visual mode does not edit as such: kept as their own Markdown text. */
const RAW_OPEN = new Set(['table_open', 'blockquote_open', 'dl_open']);
const RAW_SINGLE = new Set(['fence', 'code_block', 'hr', 'html_block']);

/** Replaces each block the visual mode cannot show with one `raw_block` token holding its source lines. */
function rawBlocks(state: StateCore) {
  const lines = state.src.split('\n');
  const out: Token[] = [];
  let listDepth = 0;
  for (let i = 0; i < state.tokens.length; i++) {
    const token = state.tokens[i]!;
    if (token.type === 'list_item_open') listDepth++;
    if (token.type === 'list_item_close') listDepth--;
    const single = RAW_SINGLE.has(token.type);
    if (!single && !RAW_OPEN.has(token.type)) {
      out.push(token);
      continue;
    }
    let end = i;
    if (!single) {
      let depth = 0;
      for (; end < state.tokens.length; end++) {
        depth += state.tokens[end]!.nesting;
        if (depth === 0) break;
      }
    }
    const [from, to] = token.map ?? [0, 0];
    let text = lines.slice(from, to);
    while (text.length && text[text.length - 1]!.trim() === '') text.pop();
    if (listDepth > 0) {
      const indent = Math.min(...text.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
      text = text.map((l) => l.slice(indent));
    }
    const raw = new state.Token('raw_block', '', 0);
    raw.block = true;
    raw.content = text.join('\n');
    raw.map = token.map;
    out.push(raw);
    i = end;
  }
  state.tokens = out;
}

/** The tokenizer: the course pipeline's block rules and boxes, without the typographer or linkify. */
function tokenizer(): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  for (const name of CONTAINERS) md.use(container, name, { validate: (params: string) => params.trim().split(/\s+/, 1)[0] === name });
  md.core.ruler.push('visual_raw_blocks', rawBlocks);
  return md;
}

function plainText(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'image' ? plainText(t.children ?? []) : t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : '')).join('');
}

function listIsTight(tokens: Token[], i: number): boolean {
  while (++i < tokens.length) if (tokens[i]!.type !== 'list_item_open') return tokens[i]!.hidden;
  return false;
}

const boxSpecs = Object.fromEntries(
  CONTAINERS.map((name) => [
    `container_${name}`,
    { block: 'box', getAttrs: (tok: Token) => ({ kind: name, title: tok.info.trim().slice(name.length).trim(), markup: tok.markup || ':::' }) },
  ]),
);

const parser = new MarkdownParser(visualSchema, tokenizer() as unknown as ConstructorParameters<typeof MarkdownParser>[1], {
  paragraph: { block: 'paragraph' },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) }) },
  bullet_list: { block: 'bullet_list', getAttrs: (tok, tokens, i) => ({ tight: listIsTight(tokens as Token[], i), bullet: tok.markup || '-' }) },
  ordered_list: { block: 'ordered_list', getAttrs: (tok, tokens, i) => ({ order: Number(tok.attrGet('start') ?? 1), tight: listIsTight(tokens as Token[], i) }) },
  list_item: { block: 'list_item' },
  raw_block: { block: 'raw_block', noCloseToken: true },
  // The description as plain text, as the reading page puts it in alt="" (emphasis marks dropped).
  image: { node: 'image', getAttrs: (tok) => ({ src: tok.attrGet('src'), title: tok.attrGet('title') || null, alt: plainText((tok as Token).children ?? []) }) },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em', getAttrs: (tok) => ({ markup: tok.markup || '*' }) },
  strong: { mark: 'strong', getAttrs: (tok) => ({ markup: tok.markup || '**' }) },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') || null }) },
  code_inline: { mark: 'code', noCloseToken: true },
  s: { mark: 'strike' },
  ...boxSpecs,
});
// A line break inside a paragraph stays a line break in the text, so wrapped lines are written back as they were.
(parser as unknown as { tokenHandlers: Record<string, (state: { addText(t: string): void }) => void> }).tokenHandlers['softbreak'] = (state) => state.addText('\n');

const serializer = new MarkdownSerializer(
  {
    paragraph(state, node) {
      state.renderInline(node);
      state.closeBlock(node);
    },
    heading(state, node) {
      state.write(`${'#'.repeat(node.attrs['level'] as number)} `);
      state.renderInline(node, false);
      state.closeBlock(node);
    },
    bullet_list(state, node) {
      state.renderList(node, '  ', () => `${node.attrs['bullet'] as string} `);
    },
    ordered_list(state, node) {
      const start = node.attrs['order'] as number;
      const width = String(start + node.childCount - 1).length;
      const space = ' '.repeat(width + 2);
      state.renderList(node, space, (i) => {
        const n = String(start + i);
        return `${' '.repeat(width - n.length)}${n}. `;
      });
    },
    list_item(state, node) {
      state.renderContent(node);
    },
    box(state, node) {
      const { kind, title } = node.attrs as { kind: string; title: string; markup: string };
      // A box inside a box needs a longer fence outside (`::::`), or the first `:::` would close both.
      const markup = ':'.repeat(Math.max((node.attrs['markup'] as string).length, 3 + boxDepth(node)));
      state.write(`${markup} ${kind}${title ? ` ${title}` : ''}\n`);
      state.renderContent(node);
      // One line break (not a blank line) before the closing fence, as authors write it.
      // flushClose is marked internal in prosemirror-markdown (pinned); the round-trip test guards it.
      (state as unknown as { flushClose(size: number): void }).flushClose(1);
      state.write(markup);
      state.closeBlock(node);
    },
    raw_block(state, node) {
      state.text(node.textContent, false);
      state.closeBlock(node);
    },
    image(state, node) {
      const { src, alt, title } = node.attrs as { src: string; alt: string; title: string | null };
      state.write(`![${state.esc(alt)}](${src.replace(/[()]/g, '\\$&')}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`);
    },
    hard_break(state, node, parent, index) {
      for (let i = index + 1; i < parent.childCount; i++) {
        if (parent.child(i).type !== node.type) {
          state.write('\\\n');
          return;
        }
      }
    },
    text(state, node) {
      textWithBreaks(state, node.text ?? '');
    },
  },
  {
    em: { open: (_s: MarkdownSerializerState, mark: Mark) => mark.attrs['markup'] as string, close: (_s: MarkdownSerializerState, mark: Mark) => mark.attrs['markup'] as string, mixable: true, expelEnclosingWhitespace: true },
    strong: { open: (_s: MarkdownSerializerState, mark: Mark) => mark.attrs['markup'] as string, close: (_s: MarkdownSerializerState, mark: Mark) => mark.attrs['markup'] as string, mixable: true, expelEnclosingWhitespace: true },
    link: {
      open: () => '[',
      close: (_s: MarkdownSerializerState, mark: Mark) => `](${(mark.attrs['href'] as string).replace(/[()"]/g, '\\$&')}${mark.attrs['title'] ? ` "${(mark.attrs['title'] as string).replace(/"/g, '\\"')}"` : ''})`,
      mixable: true,
    },
    strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
    code: {
      open: (_s: MarkdownSerializerState, _m: Mark, parent: PMNode, index: number) => backticksFor(parent.child(index), -1),
      close: (_s: MarkdownSerializerState, _m: Mark, parent: PMNode, index: number) => backticksFor(parent.child(index - 1), 1),
      escape: false,
    },
  },
);

/**
 * Text with kept line breaks. Every line after a break starts a new line of the file, so the
 * characters that would start a list, heading or box there are escaped too.
 */
function textWithBreaks(state: MarkdownSerializerState, text: string) {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const internal = state as unknown as { atBlockStart: boolean; out: string };
    const atStart = i === 0 ? internal.atBlockStart : true;
    state.write();
    let escaped = state.esc(line, atStart);
    if (i > 0) escaped = escaped.replace(/^(\s*)(:{3,})/, '$1\\$2');
    internal.out += escaped;
    if (i !== lines.length - 1) internal.out += '\n';
  });
}

/** How many boxes deep the boxes inside this node go (0 when there are none). */
function boxDepth(node: PMNode): number {
  let depth = 0;
  node.forEach((child) => {
    depth = Math.max(depth, (child.type.name === 'box' ? 1 : 0) + boxDepth(child));
  });
  return depth;
}

function backticksFor(node: PMNode, side: number): string {
  let len = 0;
  if (node.isText) for (const m of (node.text ?? '').matchAll(/`+/g)) len = Math.max(len, m[0].length);
  let result = len > 0 && side > 0 ? ' `' : '`';
  result += '`'.repeat(len);
  if (len > 0 && side < 0) result += ' ';
  return result;
}

/** Reads a module body into the visual document. */
export function markdownToDoc(markdown: string): PMNode {
  const doc = parser.parse(markdown.replace(/\r\n?/g, '\n'));
  return doc.childCount ? doc : visualSchema.node('doc', null, [visualSchema.node('paragraph')]);
}

/** Writes the visual document back to Markdown, ending with one line break. */
export function docToMarkdown(doc: PMNode): string {
  const out = serializer.serialize(doc).replace(/\s+$/, '');
  return out ? `${out}\n` : '';
}

export interface RoundTrip {
  /** The text as the visual mode will write it back. */
  markdown: string;
  /** True when the written-back text renders exactly the same page as the original. */
  safe: boolean;
  /** True when it is the same text, byte for byte (apart from the trailing line breaks). */
  identical: boolean;
}

/** Whether a text can be opened in the visual mode without changing what trainees see. */
export function checkRoundTrip(markdown: string): RoundTrip {
  let written: string;
  try {
    written = docToMarkdown(markdownToDoc(markdown));
  } catch {
    // Something the visual model has no place for: stay in Markdown.
    return { markdown, safe: false, identical: false };
  }
  const trim = (s: string) => s.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  const identical = trim(written) === trim(markdown);
  const safe = identical || renderCourseMarkdown(written).html === renderCourseMarkdown(markdown).html;
  return { markdown: written, safe, identical };
}

/** Pictures without a description (alt text): the visual mode asks for one before it writes. */
export function picturesWithoutAlt(doc: PMNode): { pos: number; src: string }[] {
  const found: { pos: number; src: string }[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'image' && !String(node.attrs['alt'] ?? '').trim()) found.push({ pos, src: String(node.attrs['src']) });
  });
  return found;
}
