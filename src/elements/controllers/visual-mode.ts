import { html, nothing, render, type TemplateResult } from 'lit';
import { baseKeymap, lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { Slice, type Mark, type Node as PMNode, type NodeType } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { EditorView, type NodeView } from 'prosemirror-view';
import { checkRoundTrip, docToMarkdown, markdownToDoc, picturesWithoutAlt, VISUAL_BOXES, visualSchema } from '../../lib/authoring/visual-markdown.ts';
import { authoringEn } from '../../lib/i18n/authoring.ts';
import { rovingIndex } from './markdown-toolbar.ts';

const t = authoringEn.editor.visual;
const STORE_KEY = 'll-editor-mode';
const nodes = visualSchema.nodes;
const marks = visualSchema.marks;

type Panel = { kind: 'link' | 'alt' | 'title'; value: string; error?: string } | undefined;

export interface VisualModeOptions {
  /** The Markdown text box: the one source of truth the form posts. */
  textarea: HTMLTextAreaElement;
  /** The field that holds the text box, its label, hint and toolbar. */
  field: HTMLElement;
  /** Where relative picture paths point (e.g. `/author/<course>/files`). */
  filesBase: string;
  /** Tells the author what happened (the editor's polite status region). */
  status: (message: string, kind?: string) => void;
  /** Asked when the author chooses "Picture": the page's upload form takes the file and its description. */
  onPicture: () => void;
}

/**
 * The visual mode of the module text: a ProseMirror editor over the same Markdown. The text
 * box stays in the form (hidden while the visual mode is on) and is rewritten from the visual
 * document after every change, so saving, previewing and the no-JavaScript path are unchanged.
 * It opens only when writing the text back renders the same page (`checkRoundTrip`).
 */
export class VisualMode {
  private view: EditorView | undefined;
  private switcher = document.createElement('div');
  private wrapper = document.createElement('div');
  private toolbar = document.createElement('div');
  private panelBox = document.createElement('div');
  private mount = document.createElement('div');
  private focusIndex = 0;
  private panel: Panel;
  private panelRange: { from: number; to: number } | undefined;

  private readonly options: VisualModeOptions;

  constructor(options: VisualModeOptions) {
    this.options = options;
  }

  get active(): boolean {
    return !!this.view;
  }

  /** Adds the mode switch (and, if the author chose it last time, opens the visual mode). */
  attach() {
    const { field, textarea } = this.options;
    this.switcher.className = 'editor-modes';
    this.switcher.setAttribute('role', 'group');
    this.switcher.setAttribute('aria-label', t.modes);
    this.wrapper.className = 'visual';
    this.wrapper.hidden = true;
    this.wrapper.dataset['visual'] = '';
    const label = Object.assign(document.createElement('p'), { id: 'visual-label', className: 'visual__label', textContent: t.label });
    const hint = Object.assign(document.createElement('p'), { id: 'visual-hint', className: 'field__hint', textContent: t.hint });
    this.toolbar.className = 'editor-toolbar visual__toolbar';
    this.toolbar.setAttribute('role', 'toolbar');
    this.toolbar.setAttribute('aria-label', t.toolbar);
    this.toolbar.setAttribute('aria-controls', 'visual-text');
    this.toolbar.addEventListener('keydown', this.roving);
    this.panelBox.className = 'visual__panel';
    this.mount.className = 'visual__mount';
    this.wrapper.append(label, hint, this.toolbar, this.panelBox, this.mount);
    field.prepend(this.switcher);
    textarea.after(this.wrapper);
    this.renderSwitcher();
    if (localStorage.getItem(STORE_KEY) === 'visual') this.open(false);
  }

  /** Opens the visual mode on the text box's current text; false (and a message) when it cannot. */
  open(focus = true): boolean {
    if (this.view) return true;
    const { textarea, field } = this.options;
    const trip = checkRoundTrip(textarea.value);
    if (!trip.safe) {
      this.options.status(t.cannotOpen, 'problem');
      return false;
    }
    const state = EditorState.create({ doc: markdownToDoc(textarea.value), plugins: [history(), keymap(this.keys()), keymap(baseKeymap)] });
    this.view = new EditorView(this.mount, {
      state,
      attributes: { id: 'visual-text', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'visual-label', 'aria-describedby': 'visual-hint body-error', class: 'visual__text prose', spellcheck: 'true' },
      nodeViews: {
        box: (node) => new BoxView(node),
        image: (node) => new PictureView(node, this.options.filesBase),
        raw_block: () => new RawView(),
      },
      dispatchTransaction: (tr) => this.dispatch(tr),
    });
    textarea.hidden = true;
    for (const el of field.querySelectorAll<HTMLElement>('label[for="body"], #body-hint, [data-toolbar]')) el.hidden = true;
    this.wrapper.hidden = false;
    localStorage.setItem(STORE_KEY, 'visual');
    this.renderSwitcher();
    this.renderToolbar();
    if (focus) {
      this.view.focus();
      // ProseMirror focuses without scrolling: bring the start of the text into view.
      this.view.dom.scrollIntoView({ block: 'start', behavior: 'instant' });
      window.scrollBy({ top: -16, behavior: 'instant' });
      const missing = picturesWithoutAlt(this.view.state.doc).length;
      this.options.status(missing ? `${t.switched} ${t.missingAlt(missing)}` : t.switched, missing ? 'problem' : 'info');
    }
    return true;
  }

  /** Back to the Markdown text box (which already holds every change). */
  close(focus = true) {
    if (!this.view) return;
    const { textarea, field } = this.options;
    // Every change was already written to the text box; a text opened and closed unchanged is left exactly as it was.
    this.view.destroy();
    this.view = undefined;
    this.panel = undefined;
    this.wrapper.hidden = true;
    textarea.hidden = false;
    for (const el of field.querySelectorAll<HTMLElement>('label[for="body"], #body-hint, [data-toolbar]')) el.hidden = false;
    localStorage.setItem(STORE_KEY, 'markdown');
    this.renderSwitcher();
    if (focus) {
      this.switcher.querySelector<HTMLButtonElement>('button')?.focus();
      this.options.status(t.switchedBack, 'info');
    }
  }

  /** Puts Markdown (e.g. an uploaded picture's `![…](…)`) at the cursor. */
  insertMarkdown(markdown: string) {
    const view = this.view;
    if (!view) return;
    const slice = markdownToDoc(markdown).content;
    const first = slice.firstChild;
    const inline = slice.childCount === 1 && first?.type === nodes.paragraph ? first.content : undefined;
    const tr = inline ? view.state.tr.replaceSelection(new Slice(inline, 0, 0)) : view.state.tr.replaceSelectionWith(first ?? nodes.paragraph.create());
    view.dispatch(tr.scrollIntoView());
    view.focus();
  }

  private dispatch(tr: Transaction) {
    const view = this.view;
    if (!view) return;
    view.updateState(view.state.apply(tr));
    if (tr.docChanged) this.sync(true);
    this.renderToolbar();
  }

  /** Writes the visual document into the text box (and lets the page preview it). */
  private sync(announce = false) {
    const view = this.view;
    if (!view) return;
    const { textarea } = this.options;
    const markdown = docToMarkdown(view.state.doc);
    if (markdown === textarea.value) return;
    textarea.value = markdown;
    if (announce) textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private keys(): Record<string, Command> {
    return {
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      'Mod-b': toggleMark(marks.strong),
      'Mod-i': toggleMark(marks.em),
      'Shift-Enter': (state, dispatch) => {
        dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
        return true;
      },
      Enter: splitListItem(nodes.list_item),
      'Mod-[': liftListItem(nodes.list_item),
      'Mod-]': sinkListItem(nodes.list_item),
    };
  }

  private renderSwitcher() {
    const on = this.active;
    render(
      html`<button type="button" class="editor-mode" aria-pressed=${on ? 'false' : 'true'} @click=${() => this.close()}>${t.markdown}</button>
        <button type="button" class="editor-mode" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.open()}>${t.visual}</button>`,
      this.switcher,
    );
  }

  // ---- the toolbar ----

  private run(command: Command) {
    const view = this.view;
    if (!view) return;
    command(view.state, view.dispatch);
    view.focus();
  }

  private markActive(type: (typeof marks)[keyof typeof marks]): boolean {
    const state = this.view!.state;
    const { from, $from, to, empty } = state.selection;
    if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
    return state.doc.rangeHasMark(from, to, type);
  }

  private blockIs(type: NodeType, attrs: Record<string, unknown> = {}): boolean {
    const { $from } = this.view!.state.selection;
    const parent = $from.parent;
    return parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
  }

  private ancestor(type: NodeType): { node: PMNode; pos: number } | undefined {
    const { $from } = this.view!.state.selection;
    for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return { node: $from.node(d), pos: $from.before(d) };
    return undefined;
  }

  private toggleList(type: NodeType): Command {
    return (state, dispatch) => {
      const list = this.ancestor(type);
      if (list) return liftListItem(nodes.list_item)(state, dispatch);
      return wrapInList(type)(state, dispatch);
    };
  }

  private box(kind: string): Command {
    return (state, dispatch) => {
      const current = this.ancestor(nodes.box);
      if (current && current.node.attrs['kind'] === kind) return lift(state, dispatch);
      if (current) {
        dispatch?.(state.tr.setNodeMarkup(current.pos, undefined, { ...current.node.attrs, kind }));
        return true;
      }
      if (wrapIn(nodes.box, { kind })(state, dispatch)) return true;
      // Nothing to wrap (e.g. inside a heading): add a new box with an empty line after the cursor.
      const box = nodes.box.create({ kind }, nodes.paragraph.create());
      const tr = state.tr.insert(state.selection.$to.after(1), box);
      dispatch?.(tr.setSelection(TextSelection.create(tr.doc, state.selection.$to.after(1) + 2)).scrollIntoView());
      return true;
    };
  }

  /** The picture that is selected, or (so keyboard users reach it) right after or before the cursor. */
  private imageAt(): { node: PMNode; pos: number } | undefined {
    const sel = this.view?.state.selection;
    if (!sel) return undefined;
    if (sel instanceof NodeSelection) return sel.node.type === nodes.image ? { node: sel.node, pos: sel.from } : undefined;
    if (!sel.empty) return undefined;
    const { $from } = sel;
    if ($from.nodeAfter?.type === nodes.image) return { node: $from.nodeAfter, pos: $from.pos };
    if ($from.nodeBefore?.type === nodes.image) return { node: $from.nodeBefore, pos: $from.pos - $from.nodeBefore.nodeSize };
    return undefined;
  }

  private renderToolbar() {
    if (!this.view) return;
    const button = (label: string, command: () => void, pressed?: boolean, extra = ''): TemplateResult =>
      html`<button type="button" class=${extra} aria-pressed=${pressed === undefined ? nothing : pressed ? 'true' : 'false'} @click=${command}>${label}</button>`;
    const box = this.ancestor(nodes.box);
    const image = this.imageAt();
    const items: TemplateResult[] = [
      button(t.paragraph, () => this.run(setBlockType(nodes.paragraph)), this.blockIs(nodes.paragraph)),
      button(t.heading, () => this.run(setBlockType(nodes.heading, { level: 2 })), this.blockIs(nodes.heading, { level: 2 })),
      button(t.subheading, () => this.run(setBlockType(nodes.heading, { level: 3 })), this.blockIs(nodes.heading, { level: 3 })),
      button(t.bold, () => this.run(toggleMark(marks.strong)), this.markActive(marks.strong)),
      button(t.italic, () => this.run(toggleMark(marks.em)), this.markActive(marks.em)),
      button(t.bulletList, () => this.run(this.toggleList(nodes.bullet_list)), !!this.ancestor(nodes.bullet_list)),
      button(t.numberedList, () => this.run(this.toggleList(nodes.ordered_list)), !!this.ancestor(nodes.ordered_list)),
      button(t.link, () => this.openPanel('link'), this.markActive(marks.link)),
      button(t.picture, () => this.options.onPicture()),
      ...(image ? [button(t.pictureText, () => this.openPanel('alt'))] : []),
      ...VISUAL_BOXES.map((kind) => button(t.boxes[kind]!, () => this.run(this.box(kind)), box?.node.attrs['kind'] === kind, 'visual__box-button')),
      ...(box ? [button(t.boxTitle, () => this.openPanel('title')), button(t.unbox, () => this.run(lift))] : []),
      button(t.undo, () => this.run(undo)),
      button(t.redo, () => this.run(redo)),
    ];
    render(html`${items}`, this.toolbar);
    const buttons = [...this.toolbar.querySelectorAll<HTMLButtonElement>('button')];
    this.focusIndex = Math.min(this.focusIndex, buttons.length - 1);
    buttons.forEach((b, i) => (b.tabIndex = i === this.focusIndex ? 0 : -1));
    this.renderPanel();
  }

  private roving = (event: KeyboardEvent) => {
    const buttons = [...this.toolbar.querySelectorAll<HTMLButtonElement>('button')];
    const next = rovingIndex(event.key, buttons.indexOf(document.activeElement as HTMLButtonElement), buttons.length);
    if (next === undefined) return;
    event.preventDefault();
    this.focusIndex = next;
    buttons.forEach((b, i) => (b.tabIndex = i === next ? 0 : -1));
    buttons[next]?.focus();
  };

  // ---- the small form for a link, a picture description or a box title ----

  private openPanel(kind: 'link' | 'alt' | 'title') {
    const view = this.view!;
    const state = view.state;
    let { from, to } = state.selection;
    let value = '';
    if (kind === 'link') {
      const $pos = state.doc.resolve(from);
      const link = marks.link.isInSet(state.selection.empty ? $pos.marks() : (state.doc.nodeAt(from)?.marks ?? []));
      if (link) {
        value = String(link.attrs['href']);
        if (state.selection.empty) ({ from, to } = markRange(state.doc, from, link));
      } else if (state.selection.empty) {
        this.options.status(t.panel.needSelection, 'problem');
        return;
      }
    } else if (kind === 'alt') {
      const image = this.imageAt();
      if (!image) return;
      value = String(image.node.attrs['alt'] ?? '');
      from = image.pos;
      to = image.pos + image.node.nodeSize;
    } else {
      value = String(this.ancestor(nodes.box)?.node.attrs['title'] ?? '');
    }
    this.panelRange = { from, to };
    this.panel = { kind, value };
    this.renderPanel();
    this.panelBox.querySelector<HTMLInputElement>('input')?.focus();
  }

  private closePanel() {
    this.panel = undefined;
    this.renderPanel();
    this.view?.focus();
  }

  private applyPanel() {
    const view = this.view;
    const panel = this.panel;
    const range = this.panelRange;
    if (!view || !panel || !range) return;
    const value = this.panelBox.querySelector<HTMLInputElement>('input')?.value.trim() ?? '';
    const tr = view.state.tr;
    if (panel.kind === 'link') {
      tr.removeMark(range.from, range.to, marks.link);
      if (value) tr.addMark(range.from, range.to, marks.link.create({ href: value }));
    } else if (panel.kind === 'alt') {
      if (!value) {
        this.panel = { ...panel, error: t.panel.needAlt };
        this.renderPanel();
        this.panelBox.querySelector<HTMLInputElement>('input')?.focus();
        return;
      }
      const node = view.state.doc.nodeAt(range.from);
      if (node?.type === nodes.image) tr.setNodeMarkup(range.from, undefined, { ...node.attrs, alt: value });
    } else {
      const box = this.ancestor(nodes.box);
      if (box) tr.setNodeMarkup(box.pos, undefined, { ...box.node.attrs, title: value.replace(/\s+/g, ' ') });
    }
    view.dispatch(tr);
    this.closePanel();
  }

  private renderPanel() {
    const panel = this.panel;
    if (!panel) {
      render(html``, this.panelBox);
      this.panelBox.hidden = true;
      return;
    }
    const words = panel.kind === 'link' ? [t.panel.link, t.panel.linkHint] : panel.kind === 'alt' ? [t.panel.pictureText, t.panel.pictureTextHint] : [t.panel.boxTitle, t.panel.boxTitleHint];
    const keydown = (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        event.preventDefault(); // never submit the editor form from here
        this.applyPanel();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.closePanel();
      }
    };
    this.panelBox.hidden = false;
    render(
      html`<div class=${`field editor-field${panel.error ? ' field--error' : ''}`}>
          <label for="visual-panel-input">${words[0]}</label>
          <p class="field__hint" id="visual-panel-hint">${words[1]}</p>
          ${panel.error ? html`<div class="field__error" id="visual-panel-error"><p>${panel.error}</p></div>` : ''}
          <input id="visual-panel-input" type="text" .value=${panel.value} aria-describedby=${panel.error ? 'visual-panel-hint visual-panel-error' : 'visual-panel-hint'} aria-invalid=${panel.error ? 'true' : 'false'} @keydown=${keydown} />
        </div>
        <p class="visual__panel-buttons">
          <button type="button" class="button" @click=${() => this.applyPanel()}>${t.panel.apply}</button>
          <button type="button" class="button button--quiet" @click=${() => this.closePanel()}>${t.panel.cancel}</button>
        </p>`,
      this.panelBox,
    );
  }
}

function markRange(doc: PMNode, pos: number, mark: Mark): { from: number; to: number } {
  const $pos = doc.resolve(pos);
  const parent = $pos.parent;
  const start = $pos.start();
  let from = pos;
  let to = pos;
  parent.forEach((child, offset) => {
    const a = start + offset;
    const b = a + child.nodeSize;
    if (mark.isInSet(child.marks) && b >= pos && a <= pos) {
      from = Math.min(from, a);
      to = Math.max(to, b);
    }
  });
  // Grow across neighbouring pieces with the same link.
  let grown = true;
  while (grown) {
    grown = false;
    parent.forEach((child, offset) => {
      const a = start + offset;
      const b = a + child.nodeSize;
      if (!mark.isInSet(child.marks)) return;
      if (b === from) {
        from = a;
        grown = true;
      }
      if (a === to) {
        to = b;
        grown = true;
      }
    });
  }
  return { from, to };
}

/** A course box: its name (and title) shown above the text, like on the reading page. */
class BoxView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private label: HTMLElement;

  constructor(node: PMNode) {
    this.dom = document.createElement('div');
    this.label = document.createElement('p');
    this.label.className = 'callout__title';
    this.label.contentEditable = 'false';
    this.contentDOM = document.createElement('div');
    this.dom.append(this.label, this.contentDOM);
    this.update(node);
  }

  update(node: PMNode): boolean {
    if (node.type !== nodes.box) return false;
    const kind = String(node.attrs['kind']);
    const title = String(node.attrs['title']);
    this.dom.className = `visual__box callout callout--${kind}`;
    this.dom.dataset['box'] = kind;
    this.label.textContent = t.boxLabel(t.boxes[kind] ?? kind, title);
    return true;
  }

  ignoreMutation(mutation: { target: Node }): boolean {
    return this.label.contains(mutation.target);
  }
}

/** A picture, shown from the course's working copy; one without a description says so. */
class PictureView implements NodeView {
  dom: HTMLElement;

  constructor(node: PMNode, filesBase: string) {
    this.dom = document.createElement('span');
    this.dom.className = 'visual__picture';
    const img = document.createElement('img');
    const src = String(node.attrs['src']);
    img.src = /^[a-z]+:|^\//i.test(src) ? src : `${filesBase}/${src.replace(/^\.\//, '')}`;
    const alt = String(node.attrs['alt'] ?? '').trim();
    img.alt = alt;
    this.dom.append(img);
    if (!alt) {
      this.dom.classList.add('visual__picture--no-alt');
      this.dom.append(Object.assign(document.createElement('span'), { className: 'visual__picture-warning', textContent: t.noAlt }));
    }
  }
}

/** Markdown the visual mode keeps as text (a table, a quote): edited as its own lines. */
class RawView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;

  constructor() {
    this.dom = document.createElement('div');
    this.dom.className = 'visual__raw';
    const label = Object.assign(document.createElement('p'), { className: 'visual__raw-label', textContent: t.kept });
    label.contentEditable = 'false';
    const pre = document.createElement('pre');
    this.contentDOM = document.createElement('code');
    pre.append(this.contentDOM);
    this.dom.append(label, pre);
  }

  ignoreMutation(mutation: { target: Node }): boolean {
    return !this.contentDOM.contains(mutation.target);
  }
}

