/**
 * The Lit controllers the reflection editor and the course editor share (src/elements/controllers):
 * the autosave timer, the copy kept on the device, and the Markdown toolbar's edits. Their pure
 * logic runs here without a browser; tests/e2e/reflections.spec.ts and authoring-editor.spec.ts
 * drive them in the real elements.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AutosaveController, fitsKeepalive, KEEPALIVE_LIMIT } from '../../src/elements/controllers/autosave.ts';
import { DeviceCopyController, keyForCreated, parseCopy, restorePlan } from '../../src/elements/controllers/device-copy.ts';
import { blockEdit, linePrefixEdit, rovingIndex, shortcutFor, wrapEdit, type TextEdit } from '../../src/elements/controllers/markdown-toolbar.ts';

/** A host that records its controllers and can play connect/disconnect like a LitElement. */
function fakeHost() {
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost & { disconnect(): void; controllers: ReactiveController[] } = {
    controllers,
    addController: (c) => void controllers.push(c),
    removeController: (c) => void controllers.splice(controllers.indexOf(c), 1),
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return host;
}

/** What a text box would hold after the edit. */
const applied = (value: string, edit: TextEdit) => value.slice(0, edit.from) + edit.insert + value.slice(edit.to);

describe('AutosaveController', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs the task once, the set delay after the last change', () => {
    const host = fakeHost();
    const task = vi.fn();
    let delay = 1500;
    const autosave = new AutosaveController(host, task, () => delay);
    expect(host.controllers).toContain(autosave);
    autosave.schedule();
    vi.advanceTimersByTime(1000);
    autosave.schedule(); // typed again: the wait starts over
    vi.advanceTimersByTime(1499);
    expect(task).not.toHaveBeenCalled();
    expect(autosave.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
    expect(autosave.pending).toBe(false);
    delay = 400; // the delay is read at each schedule (it follows the element's attribute)
    autosave.schedule();
    vi.advanceTimersByTime(400);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('takes an explicit wait, and cancel drops a waiting run', () => {
    const task = vi.fn();
    const autosave = new AutosaveController(fakeHost(), task, () => 1500);
    autosave.schedule(0);
    vi.advanceTimersByTime(0);
    expect(task).toHaveBeenCalledTimes(1);
    autosave.schedule();
    autosave.cancel();
    vi.advanceTimersByTime(10_000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs after the element left the page', () => {
    const host = fakeHost();
    const task = vi.fn();
    new AutosaveController(host, task, () => 100).schedule();
    host.disconnect();
    vi.advanceTimersByTime(10_000);
    expect(task).not.toHaveBeenCalled();
  });

  it('sends with keepalive only under the browsers’ 64 kB limit', () => {
    expect(fitsKeepalive(new URLSearchParams({ body: 'a'.repeat(KEEPALIVE_LIMIT - 5) }))).toBe(true);
    expect(fitsKeepalive(new URLSearchParams({ body: 'a'.repeat(KEEPALIVE_LIMIT) }))).toBe(false);
    // Encoded size counts: an "é" is 6 bytes once URL-encoded (%C3%A9).
    expect(fitsKeepalive(new URLSearchParams({ body: 'é'.repeat(KEEPALIVE_LIMIT / 6) }))).toBe(false);
  });
});

describe('DeviceCopyController', () => {
  function memoryStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
  }

  it('keeps the words under the current key with the time, and reads them back', () => {
    const storage = memoryStorage();
    let key = 'u1:course:module:prompt:new';
    const device = new DeviceCopyController(fakeHost(), () => key, () => storage);
    device.keep({ body: 'My words', title: 'A title', id: '', version: '' }, new Date('2026-12-07T10:00:00Z'));
    expect(JSON.parse(storage.items.get(key)!)).toEqual({ body: 'My words', title: 'A title', id: '', version: '', at: '2026-12-07T10:00:00.000Z' });
    expect(device.read()).toEqual({ body: 'My words', title: 'A title', id: '', version: '' });
    key = 'u1:course:module:prompt:abc';
    expect(device.read()).toBeUndefined();
  });

  it('drops the copy when there are no words left, and keeps nothing without a key', () => {
    const storage = memoryStorage();
    let key = 'k';
    const device = new DeviceCopyController(fakeHost(), () => key, () => storage);
    device.keep({ body: 'words', title: '', id: 'r1', version: '2' });
    device.keep({ body: '  \n', title: ' ', id: 'r1', version: '2' });
    expect(storage.items.has('k')).toBe(false);
    key = '';
    device.keep({ body: 'words', title: '', id: '', version: '' });
    expect(storage.items.size).toBe(0);
  });

  it('forgets only the words the server confirmed (another tab may have written since)', () => {
    const storage = memoryStorage();
    const device = new DeviceCopyController(fakeHost(), () => 'k', () => storage);
    device.keep({ body: 'newer words from another tab', title: '', id: '', version: '' });
    device.forget('the words this tab saved');
    expect(device.read()?.body).toBe('newer words from another tab');
    device.forget('newer words from another tab');
    expect(device.read()).toBeUndefined();
    device.keep({ body: 'x', title: '', id: '', version: '' });
    device.forget();
    expect(device.read()).toBeUndefined();
  });

  it('never throws when storage is blocked or full', () => {
    const blocked = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    const device = new DeviceCopyController(fakeHost(), () => 'k', blocked);
    expect(device.read()).toBeUndefined();
    expect(() => device.keep({ body: 'words', title: '', id: '', version: '' })).not.toThrow();
    expect(() => device.forget()).not.toThrow();
    const full = { getItem: () => null, removeItem: () => undefined, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(() => new DeviceCopyController(fakeHost(), () => 'k', () => full).keep({ body: 'words', title: '', id: '', version: '' })).not.toThrow();
  });

  it('reads only copies it wrote: anything else counts as none', () => {
    expect(parseCopy(null)).toBeUndefined();
    expect(parseCopy('not json')).toBeUndefined();
    expect(parseCopy('null')).toBeUndefined();
    expect(parseCopy('5')).toBeUndefined();
    expect(parseCopy('{"title":"no body"}')).toBeUndefined();
    expect(parseCopy('{"body":"b","version":3}')).toEqual({ body: 'b', title: '', id: '', version: '3' });
  });

  it('on load: restores words the page does not show, drops copies that add nothing', () => {
    const shown = { body: 'saved text', title: 'T' };
    expect(restorePlan(undefined, shown)).toBe('none');
    expect(restorePlan({ body: 'saved text', title: 'T', id: 'r', version: '1' }, shown)).toBe('forget');
    expect(restorePlan({ body: '   ', title: 'Other', id: '', version: '' }, shown)).toBe('forget');
    expect(restorePlan({ body: 'saved text, and more', title: 'T', id: 'r', version: '1' }, shown)).toBe('restore');
    expect(restorePlan({ body: 'saved text', title: 'New title', id: 'r', version: '1' }, shown)).toBe('restore');
  });

  it('moves a new reflection’s key to its id once it is created, and only then', () => {
    expect(keyForCreated('u:c:m:p:new', 'abc123')).toBe('u:c:m:p:abc123');
    expect(keyForCreated('u:c:m:p:new', '')).toBeUndefined();
    expect(keyForCreated('u:c:m:p:abc123', 'abc123')).toBeUndefined();
  });
});

describe('Markdown toolbar edits', () => {
  it('wraps the selection, or a placeholder, and selects the text inside the marks', () => {
    const value = 'I felt heard today';
    const bold = wrapEdit(value, 7, 12, '**', '**', 'bold text');
    expect(applied(value, bold)).toBe('I felt **heard** today');
    expect(applied(value, bold).slice(...bold.select)).toBe('heard');
    const empty = wrapEdit(value, 0, 0, '_', '_', 'text in italics');
    expect(applied(value, empty)).toBe('_text in italics_I felt heard today');
    expect(applied(value, empty).slice(...empty.select)).toBe('text in italics');
    const link = wrapEdit('', 0, 0, '[', '](https://)', 'link text');
    expect(applied('', link)).toBe('[link text](https://)');
  });

  it('starts each selected line with a list or quote mark, and takes it away when all have it', () => {
    const value = 'before\none\ntwo\nafter';
    const list = linePrefixEdit(value, 9, 12, '- '); // from inside "one" to inside "two"
    expect(applied(value, list)).toBe('before\n- one\n- two\nafter');
    expect(list.select).toEqual([list.from + list.insert.length, list.from + list.insert.length]);
    const back = applied(value, list);
    expect(applied(back, linePrefixEdit(back, 8, 16, '- '))).toBe(value);
    const mixed = 'one\n> two';
    expect(applied(mixed, linePrefixEdit(mixed, 0, mixed.length, '> '))).toBe('> one\n> two');
    expect(applied('last line', linePrefixEdit('last line', 9, 9, '> '))).toBe('> last line');
  });

  it('puts a block on its own lines with a blank line before it', () => {
    const box = blockEdit('Some text', 9, 9, '::: activity\n', '\n:::', '');
    expect(applied('Some text', box)).toBe('Some text\n\n::: activity\n\n:::\n');
    const afterLine = blockEdit('Line\n', 5, 5, '## ', '', 'Heading');
    expect(applied('Line\n', afterLine)).toBe('Line\n\n## Heading\n');
    expect(applied('Line\n', afterLine).slice(...afterLine.select)).toBe('Heading');
    const afterBlank = blockEdit('Para\n\n', 6, 6, '- ', '', 'item');
    expect(applied('Para\n\n', afterBlank)).toBe('Para\n\n- item\n');
    expect(applied('', blockEdit('', 0, 0, '- ', '', 'item'))).toBe('- item\n');
  });

  it('knows Ctrl+B and Ctrl+I (⌘ too), nothing with Alt or Shift held', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect(shortcutFor(key('b', { ctrlKey: true }))).toBe('bold');
    expect(shortcutFor(key('I', { metaKey: true }))).toBe('italic');
    expect(shortcutFor(key('b'))).toBeUndefined();
    expect(shortcutFor(key('b', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(shortcutFor(key('i', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(shortcutFor(key('u', { ctrlKey: true }))).toBeUndefined();
  });

  it('moves the toolbar’s one Tab stop with arrows (wrapping), Home and End', () => {
    expect(rovingIndex('ArrowRight', 0, 9)).toBe(1);
    expect(rovingIndex('ArrowRight', 8, 9)).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 9)).toBe(8);
    expect(rovingIndex('Home', 5, 9)).toBe(0);
    expect(rovingIndex('End', 2, 9)).toBe(8);
    expect(rovingIndex('ArrowRight', -1, 9)).toBe(0); // focus was not on a button
    expect(rovingIndex('Tab', 3, 9)).toBeUndefined();
    expect(rovingIndex('Home', 0, 0)).toBeUndefined();
  });
});
