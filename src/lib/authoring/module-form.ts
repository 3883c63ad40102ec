/**
 * The module editor's form model: a module file (YAML front matter + Markdown body) as form
 * fields, and back. Pure (no disk). Serialising writes clean YAML with a stable key order, no
 * needless quotes, short id lists in brackets. Front matter the form cannot represent exactly
 * (YAML errors, comments, unknown settings, unusual shapes) falls back to a raw YAML box, so no
 * text is ever lost.
 */
import { Document, isSeq, parseDocument, visit } from 'yaml';
import { splitFrontmatter } from '../courses/frontmatter.ts';

export interface OptionForm {
  text: string;
  correct: boolean;
  feedback: string;
}

export interface QuestionForm {
  /** Optional stable id (`q1`); empty means the checker numbers it. */
  id: string;
  question: string;
  type: string;
  options: OptionForm[];
}

export interface ModuleForm {
  id: string;
  title: string;
  /** As typed: a whole number of minutes is written as a number, anything else as text (so the checker can say what is wrong). */
  duration: string;
  outcomes: string[];
  criteria: string[];
  mapsTo: string[];
  contentNote: string;
  reflectionPrompts: string[];
  /** Empty when the module has no knowledge check. */
  passMark: string;
  questions: QuestionForm[];
  sources: string[];
}

export type ModuleEditorModel =
  | { mode: 'form'; form: ModuleForm; body: string }
  /** `reason` says (for the author) why the form could not be used. */
  | { mode: 'raw'; frontmatter: string; body: string; reason: string };

/** Keys the form can show, in the order they are written. */
const MODULE_KEYS = ['id', 'title', 'duration', 'outcomes', 'criteria', 'maps_to', 'content_note', 'reflection_prompts', 'knowledge_check', 'sources'] as const;

export const RAW_REASONS = {
  noFrontmatter: 'This file has no front matter yet, so its settings are shown as text.',
  yaml: 'The settings at the top of this file are not valid YAML, so they are shown as text. Fix the problem shown, then choose "Preview and check" to get the form back.',
  comments: 'The settings at the top of this file contain comments (# …), which the form would drop, so they are shown as text.',
  shape: 'Some settings at the top of this file are not ones the form knows, so they are shown as text to keep them exactly as written.',
} as const;

export function emptyModuleForm(): ModuleForm {
  return { id: '', title: '', duration: '', outcomes: [], criteria: [], mapsTo: [], contentNote: '', reflectionPrompts: [], passMark: '', questions: [], sources: [] };
}

export function emptyQuestion(): QuestionForm {
  return { id: '', question: '', type: 'single', options: [emptyOption(), emptyOption()] };
}

export function emptyOption(): OptionForm {
  return { text: '', correct: false, feedback: '' };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalarText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const textList = (v: unknown): string[] => (Array.isArray(v) ? v.map(scalarText) : []);

/** Reads a module file into the editor model. Never throws and never drops text. */
export function parseModuleFile(source: string): ModuleEditorModel {
  const split = splitFrontmatter(source);
  if (!split.hasFrontmatter) return { mode: 'raw', frontmatter: '', body: split.body, reason: RAW_REASONS.noFrontmatter };
  const raw = (reason: string): ModuleEditorModel => ({ mode: 'raw', frontmatter: split.yaml, body: split.body.replace(/^\n+/, ''), reason });
  const doc = parseDocument(split.yaml, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return raw(RAW_REASONS.yaml);
  if (hasComments(doc)) return raw(RAW_REASONS.comments);
  const data: unknown = doc.toJS() ?? {};
  if (!isRecord(data)) return raw(RAW_REASONS.shape);
  const form = formFromData(data);
  // Only use the form when writing it back gives exactly the same settings.
  if (!sameData(moduleFrontmatterData(form), normaliseData(data))) return raw(RAW_REASONS.shape);
  return { mode: 'form', form, body: split.body.replace(/^\n+/, '') };
}

function hasComments(doc: Document): boolean {
  if (doc.commentBefore || doc.comment) return true;
  let found = false;
  visit(doc, (_key, node) => {
    const n = node as { comment?: string | null; commentBefore?: string | null };
    if (n.comment || n.commentBefore) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

function formFromData(data: Record<string, unknown>): ModuleForm {
  const kc = isRecord(data.knowledge_check) ? data.knowledge_check : undefined;
  return {
    id: scalarText(data.id),
    title: scalarText(data.title),
    duration: scalarText(data.duration),
    outcomes: textList(data.outcomes),
    criteria: textList(data.criteria),
    mapsTo: textList(data.maps_to),
    contentNote: scalarText(data.content_note),
    reflectionPrompts: textList(data.reflection_prompts),
    passMark: scalarText(kc?.pass_mark),
    questions: (Array.isArray(kc?.questions) ? kc.questions : []).map((q) => {
      const question = isRecord(q) ? q : {};
      return {
        id: scalarText(question.id),
        question: scalarText(question.question),
        type: scalarText(question.type),
        options: (Array.isArray(question.options) ? question.options : []).map((o) => {
          const option = isRecord(o) ? o : {};
          return { text: scalarText(option.text), correct: option.correct === true, feedback: scalarText(option.feedback) };
        }),
      };
    }),
    sources: textList(data.sources),
  };
}

/** A number when the text is one (`45`, `7.5`), else the text itself (so `45 minutes` reaches the checker as written). */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const blankOption = (o: OptionForm) => !o.text.trim() && !o.feedback.trim() && !o.correct;
const blankQuestion = (q: QuestionForm) => !q.question.trim() && !q.id.trim() && q.options.every(blankOption);
const present = (list: string[]) => list.map((s) => s.trim()).filter(Boolean);

/** Drops empty rows (a blank option, question, prompt or source), as they are not saved. */
export function tidyModuleForm(form: ModuleForm): ModuleForm {
  return {
    ...form,
    outcomes: present(form.outcomes),
    criteria: present(form.criteria),
    mapsTo: present(form.mapsTo),
    reflectionPrompts: form.reflectionPrompts.filter((p) => p.trim()),
    sources: form.sources.filter((s) => s.trim()),
    questions: form.questions.filter((q) => !blankQuestion(q)).map((q) => ({ ...q, options: q.options.filter((o) => !blankOption(o)) })),
  };
}

/** The front matter as plain data, keys in the order they are written; empty settings left out. */
export function moduleFrontmatterData(input: ModuleForm): Record<string, unknown> {
  const form = tidyModuleForm(input);
  const out: Record<string, unknown> = {};
  if (form.id.trim()) out.id = form.id.trim();
  out.title = form.title.trim();
  if (form.duration.trim()) out.duration = numberOrText(form.duration);
  if (form.outcomes.length) out.outcomes = form.outcomes;
  if (form.criteria.length) out.criteria = form.criteria;
  if (form.mapsTo.length) out.maps_to = form.mapsTo;
  if (form.contentNote.trim()) out.content_note = form.contentNote.trim();
  if (form.reflectionPrompts.length) out.reflection_prompts = form.reflectionPrompts.map((p) => p.trim());
  if (form.questions.length || form.passMark.trim()) {
    const kc: Record<string, unknown> = {};
    if (form.passMark.trim()) kc.pass_mark = numberOrText(form.passMark);
    kc.questions = form.questions.map((q) => {
      const question: Record<string, unknown> = {};
      if (q.id.trim()) question.id = q.id.trim();
      question.question = q.question.trim();
      question.type = q.type.trim();
      question.options = q.options.map((o) => {
        const option: Record<string, unknown> = { text: o.text.trim() };
        if (o.correct) option.correct = true;
        option.feedback = o.feedback.trim();
        return option;
      });
      return question;
    });
    out.knowledge_check = kc;
  }
  if (form.sources.length) out.sources = form.sources.map((s) => s.trim());
  return out;
}

/** Puts parsed YAML in the shape moduleFrontmatterData writes, to tell whether the form can represent it exactly. */
function normaliseData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of MODULE_KEYS) {
    if (!(key in data)) continue;
    const value = data[key];
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'knowledge_check' && isRecord(value)) {
      const kc: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) kc[k] = v;
      if (Array.isArray(kc.questions)) {
        kc.questions = kc.questions.map((q) => {
          if (!isRecord(q) || !Array.isArray(q.options)) return q;
          return { ...q, options: q.options.map((o) => (isRecord(o) && o.correct === false ? Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'correct')) : o)) };
        });
      }
      out[key] = kc;
      continue;
    }
    out[key] = value;
  }
  for (const key of Object.keys(data)) if (!(MODULE_KEYS as readonly string[]).includes(key)) out[key] = data[key];
  return out;
}

/** Deep equality that ignores key order (order is ours to choose) but not list order. */
function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  }
  if (isRecord(a) || isRecord(b)) {
    if (!isRecord(a) || !isRecord(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameData(a[k], b[k]));
  }
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

/** YAML for front-matter data: block style, short id lists in brackets, no folding of long lines. */
export function toYaml(data: Record<string, unknown>, flowKeys: readonly string[] = ['outcomes', 'criteria', 'maps_to']): string {
  const doc = new Document(data);
  for (const key of flowKeys) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The whole file: `---`, front matter, `---`, a blank line, the body. */
export function joinFile(frontmatter: string, body: string): string {
  const yaml = frontmatter.replace(/\s+$/, '');
  const text = body.replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\s+$/, '');
  return `---\n${yaml}${yaml ? '\n' : ''}---\n\n${text}\n`;
}

/** Writes the editor model back to the file's text. */
export function serialiseModule(model: ModuleEditorModel): string {
  if (model.mode === 'raw') return joinFile(model.frontmatter, model.body);
  return joinFile(toYaml(moduleFrontmatterData(model.form)), model.body);
}

/** Choices for the outcome, criterion and framework checkboxes, read leniently from course.md (works while course.md has problems). */
export interface CourseChoices {
  outcomes: { ref: string; label: string }[];
  criteria: { ref: string; label: string }[];
  domains: { ref: string; label: string }[];
}

/** The course's title, read leniently from course.md (works while it has problems); undefined when there is none. */
export function courseTitleOf(courseMd: string | undefined): string | undefined {
  if (!courseMd) return undefined;
  const doc = parseDocument(splitFrontmatter(courseMd).yaml, { prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  const data: unknown = doc.toJS();
  const title = isRecord(data) ? scalarText(data.title).trim() : '';
  return title || undefined;
}

export function courseChoices(courseMd: string | undefined): CourseChoices {
  const choices: CourseChoices = { outcomes: [], criteria: [], domains: [] };
  if (!courseMd) return choices;
  const doc = parseDocument(splitFrontmatter(courseMd).yaml, { prettyErrors: false });
  if (doc.errors.length > 0) return choices;
  const data: unknown = doc.toJS();
  if (!isRecord(data)) return choices;
  for (const unit of Array.isArray(data.units) ? data.units : []) {
    if (!isRecord(unit)) continue;
    const u = scalarText(unit.id);
    for (const outcome of Array.isArray(unit.outcomes) ? unit.outcomes : []) {
      if (!isRecord(outcome)) continue;
      choices.outcomes.push({ ref: `${u}/${scalarText(outcome.id)}`, label: scalarText(outcome.text) });
      for (const criterion of Array.isArray(outcome.criteria) ? outcome.criteria : []) {
        if (!isRecord(criterion)) continue;
        choices.criteria.push({ ref: `${u}/${scalarText(criterion.id)}`, label: scalarText(criterion.text) });
      }
    }
  }
  for (const fw of Array.isArray(data.frameworks) ? data.frameworks : []) {
    if (!isRecord(fw)) continue;
    for (const domain of Array.isArray(fw.domains) ? fw.domains : []) {
      if (!isRecord(domain)) continue;
      choices.domains.push({ ref: `${scalarText(fw.id)}/${scalarText(domain.id)}`, label: scalarText(domain.title) });
    }
  }
  return choices;
}

/** Form field names of the module editor (plain POST, no JavaScript needed). */
type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');

/** Reads the posted editor form back into the model, keeping every character typed. */
export function moduleModelFromForm(data: FormLike): ModuleEditorModel {
  const body = str(data.get('body'));
  if (str(data.get('mode')) === 'raw') {
    return { mode: 'raw', frontmatter: str(data.get('frontmatter')), body, reason: str(data.get('reason')) || RAW_REASONS.shape };
  }
  const count = (name: string, max: number) => Math.min(max, Math.max(0, Number.parseInt(str(data.get(name)), 10) || 0));
  const questions: QuestionForm[] = [];
  for (let i = 0; i < count('kc_count', 40); i++) {
    const options: OptionForm[] = [];
    for (let j = 0; j < count(`q${i}_count`, 16); j++) {
      options.push({
        text: str(data.get(`q${i}_o${j}_text`)),
        correct: data.get(`q${i}_o${j}_correct`) != null || str(data.get(`q${i}_correct`)) === String(j),
        feedback: str(data.get(`q${i}_o${j}_feedback`)),
      });
    }
    questions.push({ id: str(data.get(`q${i}_id`)), question: str(data.get(`q${i}_question`)), type: str(data.get(`q${i}_type`)) || 'single', options });
  }
  return {
    mode: 'form',
    body,
    form: {
      id: str(data.get('fm_id')),
      title: str(data.get('fm_title')),
      duration: str(data.get('fm_duration')),
      outcomes: data.getAll('fm_outcomes').map(str),
      criteria: data.getAll('fm_criteria').map(str),
      mapsTo: data.getAll('fm_maps_to').map(str),
      contentNote: str(data.get('fm_content_note')),
      reflectionPrompts: data.getAll('fm_prompt').map(str),
      passMark: str(data.get('kc_pass_mark')),
      questions,
      sources: data.getAll('fm_source').map(str),
    },
  };
}

/** A change asked for with a button (no JavaScript needed): add or remove a question or option. */
export function applyModuleOp(form: ModuleForm, op: string): ModuleForm {
  const questions = form.questions.map((q) => ({ ...q, options: [...q.options] }));
  const [name, a, b] = op.split(':');
  const i = Number(a);
  const j = Number(b);
  if (name === 'add-question') questions.push(emptyQuestion());
  else if (name === 'remove-question' && questions[i]) questions.splice(i, 1);
  else if (name === 'add-option' && questions[i] && questions[i].options.length < 8) questions[i].options.push(emptyOption());
  else if (name === 'remove-option' && questions[i]?.options[j]) questions[i].options.splice(j, 1);
  return { ...form, questions };
}

/**
 * The form control a front-matter problem belongs to, by the YAML key path the checker
 * pointed at; undefined when no single control fits.
 */
export function moduleFieldId(key: (string | number)[]): string | undefined {
  const [first, second, third, fourth, fifth, sixth] = key;
  switch (first) {
    case 'id':
    case 'title':
    case 'duration':
    case 'content_note':
      return `fm_${first}`;
    case 'outcomes':
    case 'criteria':
    case 'maps_to':
      return `fm_${first}`;
    case 'reflection_prompts':
      return typeof second === 'number' ? `fm_prompt_${second}` : 'fm_prompt_0';
    case 'sources':
      return typeof second === 'number' ? `fm_source_${second}` : 'fm_source_0';
    case 'knowledge_check':
      if (second === 'pass_mark') return 'kc_pass_mark';
      if (second !== 'questions' || typeof third !== 'number') return 'kc_pass_mark';
      if (fourth === 'options' && typeof fifth === 'number') return `q${third}_o${fifth}_${sixth === 'correct' || sixth === 'feedback' ? sixth : 'text'}`;
      if (fourth === 'id' || fourth === 'type') return `q${third}_${fourth}`;
      return `q${third}_question`;
    default:
      return undefined;
  }
}
