import { render, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** One change to a text box: replace `from`–`to` with `insert`, then select `select`. */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
  select: [number, number];
}

/** Wraps the selection (or a placeholder when nothing is selected) in `before` and `after`; selects the wrapped text. */
export function wrapEdit(value: string, start: number, end: number, before: string, after: string, placeholder: string): TextEdit {
  const chosen = value.slice(start, end) || placeholder;
  return { from: start, to: end, insert: `${before}${chosen}${after}`, select: [start + before.length, start + before.length + chosen.length] };
}

/**
 * Starts every line the selection touches with `prefix` (`- ` for a list, `> ` for a quote),
 * or takes it away when every one of them already has it; the cursor goes after the lines.
 */
export function linePrefixEdit(value: string, start: number, end: number, prefix: string): TextEdit {
  const from = value.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = value.indexOf('\n', end);
  const to = lineEnd === -1 ? value.length : lineEnd;
  const lines = value.slice(from, to).split('\n');
  const all = lines.every((l) => l.startsWith(prefix));
  const insert = lines.map((l) => (all ? l.slice(prefix.length) : l.startsWith(prefix) ? l : prefix + l)).join('\n');
  return { from, to, insert, select: [from + insert.length, from + insert.length] };
}

/**
 * Puts a block on its own lines at the cursor, around the selection (or a placeholder): a blank
 * line before it unless one is there, a line break after; selects the text inside the block.
 */
export function blockEdit(value: string, start: number, end: number, before: string, after: string, placeholder: string): TextEdit {
  const chosen = value.slice(start, end) || placeholder;
  const lead = start > 0 && value[start - 1] !== '\n' ? '\n\n' : start > 1 && value[start - 2] !== '\n' ? '\n' : '';
  const at = start + lead.length + before.length;
  return { from: start, to: end, insert: `${lead}${before}${chosen}${after}\n`, select: [at, at + chosen.length] };
}

/** Ctrl+B / Ctrl+I (⌘ on a Mac), nothing else held: the formatting it asks for. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): 'bold' | 'italic' | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return undefined;
  const key = event.key.toLowerCase();
  return key === 'b' ? 'bold' : key === 'i' ? 'italic' : undefined;
}

/** Roving focus in a toolbar: which button an arrow, Home or End key moves to (undefined for other keys). */
export function rovingIndex(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (key === 'ArrowRight') return (index + 1 + count) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  return undefined;
}

export interface ToolbarOptions {
  container: () => HTMLElement | null | undefined;
  textarea: () => HTMLTextAreaElement | null;
  template: () => TemplateResult;
  keepUndo?: boolean;
}

/**
 * A Markdown toolbar for an editor element: renders its buttons into the element's light-DOM
 * `[data-toolbar]` after each update (so they read in order and take the site's styles) and
 * applies the buttons' edits to the text box as if typed (an `input` event follows).
 */
export class MarkdownToolbarController implements ReactiveController {
  private readonly options: ToolbarOptions;

  /**
   * @param options.container where the toolbar goes (`[data-toolbar]`), looked up after each update
   * @param options.textarea the box the buttons edit
   * @param options.template the toolbar's buttons
   * @param options.keepUndo insert through the browser's editing commands, so Ctrl+Z undoes a
   *   button like typing (falls back to a plain replace)
   */
  constructor(host: ReactiveControllerHost, options: ToolbarOptions) {
    this.options = options;
    host.addController(this);
  }

  hostUpdated(): void {
    const container = this.options.container();
    if (container) render(this.options.template(), container);
  }

  /** Applies an edit made from the box's current value and selection. */
  edit(make: (value: string, start: number, end: number) => TextEdit): void {
    const box = this.options.textarea();
    if (!box) return;
    const edit = make(box.value, box.selectionStart, box.selectionEnd);
    if (this.options.keepUndo) applyUndoable(box, edit);
    else applyPlain(box, edit);
  }

  wrap(before: string, after: string, placeholder: string): void {
    this.edit((value, start, end) => wrapEdit(value, start, end, before, after, placeholder));
  }

  prefixLines(prefix: string): void {
    this.edit((value, start, end) => linePrefixEdit(value, start, end, prefix));
  }

  insertBlock(before: string, after: string, placeholder: string): void {
    this.edit((value, start, end) => blockEdit(value, start, end, before, after, placeholder));
  }

  /** Keydown on the toolbar: arrow keys, Home and End move the one Tab stop between its buttons. */
  readonly rovingKeydown = (event: KeyboardEvent): void => {
    const buttons = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button')];
    const next = rovingIndex(event.key, buttons.indexOf(document.activeElement as HTMLButtonElement), buttons.length);
    if (next === undefined) return;
    event.preventDefault();
    buttons.forEach((b, i) => (b.tabIndex = i === next ? 0 : -1));
    buttons[next]?.focus();
  };
}

/** Replaces the text, selects, then tells the page the box changed. */
function applyPlain(box: HTMLTextAreaElement, edit: TextEdit): void {
  box.setRangeText(edit.insert, edit.from, edit.to, 'end');
  box.setSelectionRange(edit.select[0], edit.select[1]);
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

/** execCommand keeps the browser's undo history (and fires `input` itself); setRangeText is the fallback. */
function applyUndoable(box: HTMLTextAreaElement, edit: TextEdit): void {
  box.focus();
  box.setSelectionRange(edit.from, edit.to);
  let done = false;
  try {
    done = document.execCommand('insertText', false, edit.insert);
  } catch {
    done = false;
  }
  if (!done || box.value.slice(edit.from, edit.from + edit.insert.length) !== edit.insert) {
    box.setRangeText(edit.insert, edit.from, edit.to, 'end');
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }
  box.setSelectionRange(edit.select[0], edit.select[1]);
}
