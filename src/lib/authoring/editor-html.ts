/**
 * The editor's preview and problem list as HTML strings: the page renders them with set:html
 * and the preview endpoint sends the same strings to the editor element, so the page with and
 * without JavaScript shows exactly the same thing. Author text in the preview comes from the
 * course Markdown pipeline (raw HTML is never allowed there); everything else is escaped here.
 */
import { authoringEn } from '../i18n/authoring.ts';
import type { EditorProblem, EditorView } from './editor.ts';

const t = authoringEn.editor;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The preview pane's content: title, body, and the prompts, questions and sources trainees will see (answer keys never shown). */
export function previewFragment(view: EditorView): string {
  const p = view.preview;
  const parts = [`<h2 class="editor-preview__title">${escapeHtml(p.title || view.path)}</h2>`, p.html];
  if (p.prompts.length) parts.push(`<section class="editor-preview__extra"><h3>Reflection</h3><ol>${p.prompts.map((x) => `<li>${x}</li>`).join('')}</ol></section>`);
  if (p.questions.length) {
    parts.push(`<section class="editor-preview__extra"><h3>Knowledge check</h3><ol>${p.questions.map((q) => `<li><p>${q.question}</p><ul>${q.options.map((o) => `<li>${o}</li>`).join('')}</ul></li>`).join('')}</ol></section>`);
  }
  if (p.sources.length) parts.push(`<section class="editor-preview__extra"><h3>Sources</h3><ul>${p.sources.map((x) => `<li>${x}</li>`).join('')}</ul></section>`);
  return parts.join('\n');
}

/** Where a problem's link goes: its field, the line in the text, or nowhere (another file). */
export function problemTarget(p: EditorProblem): { href: string; label: string; line?: number } | undefined {
  if (p.place.kind === 'body') return { href: '#body', label: t.goToLine(p.place.line), line: p.place.line };
  if (p.place.kind === 'field') return { href: `#${p.fieldId ?? 'frontmatter'}`, label: t.goToField };
  return undefined;
}

/** A problem's file as the author knows it: the path inside the course folder (`06-x.md`). */
function inCourse(file: string, slug: string): string {
  const at = file.lastIndexOf(`${slug}/`);
  return at >= 0 && (at === 0 || file[at - 1] === '/') ? file.slice(at + slug.length + 1) : file;
}

/** The problems list (or the all-clear), each with the exact courses:check message and a link to its field or line. */
export function problemsFragment(view: EditorView): string {
  if (view.problems.length === 0) return `<p class="editor-problems__none">${escapeHtml(t.noProblems)}</p>`;
  const items = view.problems.map((p) => {
    const target = problemTarget(p);
    const link = target
      ? `<a href="${target.href}"${target.line ? ` data-line="${target.line}"` : ''}>${escapeHtml(target.label)}</a>`
      : `<span class="muted">${escapeHtml(t.otherFile)}</span>`;
    // In the form: the form's words, and a link to the field. Elsewhere (the raw settings box,
    // the Markdown text, other files): file:line and the checker's words, as courses:check says them.
    if (p.formText !== undefined) return `<li>${escapeHtml(p.formText)} ${link}</li>`;
    return `<li><code class="editor-problems__where">${escapeHtml(`${inCourse(p.file, view.slug)}:${p.line}`)}</code> ${escapeHtml(p.message)} ${link}</li>`;
  });
  return `<p>${escapeHtml(t.problemsIntro(view.problems.length))}</p><ul class="editor-problems__list">${items.join('')}</ul>`;
}

/** Inline messages by form control id, shown under the field: the form's words for a form field, `Line 3: …` for the raw settings box and the text. */
export function fieldMessages(view: EditorView): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of view.problems) {
    const id = p.place.kind === 'body' ? 'body' : p.place.kind === 'field' ? (p.fieldId ?? 'frontmatter') : undefined;
    if (!id) continue;
    if (p.formText !== undefined) {
      (out[id] ??= []).push(p.formText);
      continue;
    }
    const where = p.place.kind === 'body' ? `Line ${p.place.line} of the text` : `Line ${p.line}`;
    (out[id] ??= []).push(`${where}: ${p.message}`);
  }
  return out;
}

/** The JSON the preview endpoint sends to the editor element. */
export function previewJson(view: EditorView) {
  return {
    preview: previewFragment(view),
    problems: problemsFragment(view),
    count: view.problems.length,
    fields: fieldMessages(view),
    credits: view.credits,
  };
}
