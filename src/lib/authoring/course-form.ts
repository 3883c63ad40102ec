/**
 * The course settings form (course.md): title, summary, audience, language, order, pass mark,
 * enrolment, accreditation, authors, and units → learning outcomes → assessment criteria.
 * Frameworks are edited as a small YAML box. Pure, like module-form.ts: anything the form
 * cannot represent exactly falls back to the raw YAML box, so no text is lost.
 */
import { parseDocument } from 'yaml';
import { splitFrontmatter } from '../courses/frontmatter.ts';
import { joinFile, RAW_REASONS, toYaml } from './module-form.ts';

export interface CriterionForm { id: string; text: string; evidence: string }
export interface OutcomeForm { id: string; text: string; criteria: CriterionForm[] }
export interface UnitForm { id: string; title: string; credits: string; hours: string; outcomes: OutcomeForm[] }
export interface AccreditationForm {
  enabled: boolean;
  awardingBody: string;
  qualification: string;
  level: string;
  credits: string;
  hours: string;
  totalTime: string;
  regulated: boolean;
  note: string;
}
export interface CourseForm {
  title: string;
  summary: string;
  language: string;
  audience: string;
  ordered: boolean;
  passMark: string;
  enrolment: string;
  accreditation: AccreditationForm;
  authors: { name: string; role: string }[];
  units: UnitForm[];
  /** Competence frameworks, each with its domains (modules refer to them as `hee/1`). */
  frameworks: FrameworkForm[];
  /** Practice hours and supervision targets (course.md `practice_hours`, `supervision`), as typed. */
  practice: PracticeForm;
  /**
   * Every other setting of course.md (e.g. `competencies`, `reflection_templates`), as YAML text
   * in one box: kept exactly, and checked like the rest of the file.
   */
  extra: string;
}

/** Hours and sessions as typed; '' where not set. */
export interface PracticeForm { total: string; placement: string; shadowing: string; training: string; study: string; sessions: string }
const PRACTICE_KIND_KEYS = ['placement', 'shadowing', 'training', 'study'] as const;

export interface DomainForm { id: string; title: string }
export interface FrameworkForm { id: string; title: string; domains: DomainForm[] }

export type CourseEditorModel =
  | { mode: 'form'; form: CourseForm; body: string }
  | { mode: 'raw'; frontmatter: string; body: string; reason: string };

const COURSE_KEYS = ['title', 'summary', 'language', 'audience', 'authors', 'ordered', 'pass_mark', 'enrolment', 'practice_hours', 'supervision', 'accreditation', 'frameworks', 'units'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : {})) : []);
const numberOrText = (text: string): number | string => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text.trim());

export const emptyCriterion = (): CriterionForm => ({ id: '', text: '', evidence: 'reflection' });
export const emptyOutcome = (): OutcomeForm => ({ id: '', text: '', criteria: [emptyCriterion()] });
export const emptyDomain = (): DomainForm => ({ id: '', title: '' });
export const emptyFramework = (): FrameworkForm => ({ id: '', title: '', domains: [emptyDomain()] });
export const emptyUnit = (): UnitForm => ({ id: '', title: '', credits: '', hours: '', outcomes: [emptyOutcome()] });

/** Reads course.md into the editor model. Never throws and never drops text. */
export function parseCourseFile(source: string): CourseEditorModel {
  const split = splitFrontmatter(source);
  if (!split.hasFrontmatter) return { mode: 'raw', frontmatter: '', body: split.body, reason: RAW_REASONS.noFrontmatter };
  const raw = (reason: string): CourseEditorModel => ({ mode: 'raw', frontmatter: split.yaml, body: split.body.replace(/^\n+/, ''), reason });
  const doc = parseDocument(split.yaml, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return raw(RAW_REASONS.yaml);
  if (/^\s*#/m.test(split.yaml) || / #/.test(split.yaml.replace(/"[^"\n]*"|'[^'\n]*'/g, ''))) return raw(RAW_REASONS.comments);
  const data: unknown = doc.toJS() ?? {};
  if (!isRecord(data)) return raw(RAW_REASONS.shape);
  const form = courseFormFromData(data);
  const written = parseDocument(courseFrontmatterText(form)).toJS() as unknown;
  if (!same(written, normalise(data))) return raw(RAW_REASONS.shape);
  return { mode: 'form', form, body: split.body.replace(/^\n+/, '') };
}

function courseFormFromData(data: Record<string, unknown>): CourseForm {
  const acc = isRecord(data.accreditation) ? data.accreditation : undefined;
  const hours = isRecord(data.practice_hours) ? data.practice_hours : undefined;
  const byKind = isRecord(hours?.by_kind) ? hours.by_kind : undefined;
  const supervision = isRecord(data.supervision) ? data.supervision : undefined;
  return {
    title: s(data.title),
    summary: s(data.summary),
    language: s(data.language ?? 'en-GB'),
    audience: s(data.audience),
    ordered: data.ordered === true,
    passMark: s(data.pass_mark ?? 75),
    enrolment: s(data.enrolment ?? 'open'),
    accreditation: {
      enabled: !!acc,
      awardingBody: s(acc?.awarding_body),
      qualification: s(acc?.qualification),
      level: s(acc?.level),
      credits: s(acc?.credits),
      hours: s(acc?.guided_learning_hours),
      totalTime: s(acc?.total_qualification_time),
      regulated: acc?.regulated === true,
      note: s(acc?.note),
    },
    authors: list(data.authors).map((a) => ({ name: s(a.name), role: s(a.role) })),
    units: list(data.units).map((u) => ({
      id: s(u.id),
      title: s(u.title),
      credits: s(u.credits),
      hours: s(u.guided_learning_hours),
      outcomes: list(u.outcomes).map((o) => ({
        id: s(o.id),
        text: s(o.text),
        criteria: list(o.criteria).map((c) => ({ id: s(c.id), text: s(c.text), evidence: s(c.evidence) })),
      })),
    })),
    frameworks: list(data.frameworks).map((f) => ({ id: s(f.id), title: s(f.title), domains: list(f.domains).map((d) => ({ id: s(d.id), title: s(d.title) })) })),
    practice: {
      total: s(hours?.total),
      placement: s(byKind?.placement),
      shadowing: s(byKind?.shadowing),
      training: s(byKind?.training),
      study: s(byKind?.study),
      sessions: s(supervision?.sessions),
    },
    extra: extraYaml(data),
  };
}

/** The settings the form has no fields for, as YAML text ('' when there are none). */
function extraYaml(data: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !(COURSE_KEYS as readonly string[]).includes(key)));
  return Object.keys(rest).length > 0 ? toYaml(rest, []) : '';
}

/** Defaults filled in and `false` flags dropped, as courseFrontmatterText writes them. */
function normalise(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { language: 'en-GB', pass_mark: 75, enrolment: 'open', ...data };
  if (out.ordered === false) delete out.ordered;
  if (isRecord(out.accreditation) && out.accreditation.regulated === false) {
    out.accreditation = Object.fromEntries(Object.entries(out.accreditation).filter(([k]) => k !== 'regulated'));
  }
  if (Array.isArray(out.frameworks) && out.frameworks.length === 0) delete out.frameworks;
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isRecord(a) || isRecord(b)) {
    if (!isRecord(a) || !isRecord(b)) return false;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => same(a[k], b[k]));
  }
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

const blankCriterion = (c: CriterionForm) => !c.id.trim() && !c.text.trim();
const blankOutcome = (o: OutcomeForm) => !o.id.trim() && !o.text.trim() && o.criteria.every(blankCriterion);
const blankDomain = (d: DomainForm) => !d.id.trim() && !d.title.trim();
const blankFramework = (f: FrameworkForm) => !f.id.trim() && !f.title.trim() && f.domains.every(blankDomain);
const blankUnit = (u: UnitForm) => !u.id.trim() && !u.title.trim() && !u.credits.trim() && !u.hours.trim() && u.outcomes.every(blankOutcome);

/** The course front matter as YAML text, keys in a stable order; blank rows left out. */
export function courseFrontmatterText(form: CourseForm): string {
  const data: Record<string, unknown> = {
    title: form.title.trim(),
    summary: form.summary.trim(),
    language: form.language.trim(),
    audience: form.audience.trim(),
    authors: form.authors.filter((a) => a.name.trim() || a.role.trim()).map((a) => ({ name: a.name.trim(), role: a.role.trim() })),
  };
  if (form.ordered) data.ordered = true;
  if (form.passMark.trim()) data.pass_mark = numberOrText(form.passMark);
  if (form.enrolment.trim()) data.enrolment = form.enrolment.trim();
  const practice = form.practice;
  const byKind = Object.fromEntries(PRACTICE_KIND_KEYS.filter((k) => practice[k].trim()).map((k) => [k, numberOrText(practice[k])]));
  if (practice.total.trim() || Object.keys(byKind).length > 0) {
    data.practice_hours = {
      ...(practice.total.trim() ? { total: numberOrText(practice.total) } : {}),
      ...(Object.keys(byKind).length > 0 ? { by_kind: byKind } : {}),
    };
  }
  if (practice.sessions.trim()) data.supervision = { sessions: numberOrText(practice.sessions) };
  const acc = form.accreditation;
  if (acc.enabled) {
    const a: Record<string, unknown> = {
      awarding_body: acc.awardingBody.trim(),
      qualification: acc.qualification.trim(),
      level: acc.level.trim(),
      credits: numberOrText(acc.credits),
      guided_learning_hours: numberOrText(acc.hours),
      total_qualification_time: numberOrText(acc.totalTime),
    };
    if (acc.regulated) a.regulated = true;
    if (acc.note.trim()) a.note = acc.note.trim();
    data.accreditation = a;
  }
  const head = toYaml(data, []);
  const frameworks = form.frameworks.filter((f) => !blankFramework(f)).map((f) => ({
    id: f.id.trim(),
    title: f.title.trim(),
    domains: f.domains.filter((d) => !blankDomain(d)).map((d) => ({ id: d.id.trim(), title: d.title.trim() })),
  }));
  const frameworksText = frameworks.length > 0 ? toYaml({ frameworks }, []) : '';
  const units = form.units.filter((u) => !blankUnit(u)).map((u) => ({
    id: u.id.trim(),
    title: u.title.trim(),
    credits: numberOrText(u.credits),
    guided_learning_hours: numberOrText(u.hours),
    outcomes: u.outcomes.filter((o) => !blankOutcome(o)).map((o) => ({
      id: o.id.trim(),
      text: o.text.trim(),
      criteria: o.criteria.filter((c) => !blankCriterion(c)).map((c) => ({ id: c.id.trim(), text: c.text.trim(), evidence: c.evidence.trim() })),
    })),
  }));
  const extraText = form.extra.trim() ? `${form.extra.replace(/\s+$/, '')}\n` : '';
  return `${head}${frameworksText}${extraText}${toYaml({ units }, [])}`;
}

export function serialiseCourse(model: CourseEditorModel): string {
  return model.mode === 'raw' ? joinFile(model.frontmatter, model.body) : joinFile(courseFrontmatterText(model.form), model.body);
}

/** Credits and hours of the units, beside what the accreditation says: shown live in the form. */
export function creditSums(form: CourseForm): { credits: number; hours: number; declaredCredits: number | undefined; declaredHours: number | undefined } {
  const n = (t: string) => (/^\d+$/.test(t.trim()) ? Number(t.trim()) : 0);
  return {
    credits: form.units.reduce((sum, u) => sum + n(u.credits), 0),
    hours: form.units.reduce((sum, u) => sum + n(u.hours), 0),
    declaredCredits: form.accreditation.enabled && /^\d+$/.test(form.accreditation.credits.trim()) ? Number(form.accreditation.credits) : undefined,
    declaredHours: form.accreditation.enabled && /^\d+$/.test(form.accreditation.hours.trim()) ? Number(form.accreditation.hours) : undefined,
  };
}

type FormLike = { get(name: string): unknown };
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');

/** Reads the posted course form, keeping every character typed. */
export function courseModelFromForm(data: FormLike): CourseEditorModel {
  const body = str(data.get('body'));
  if (str(data.get('mode')) === 'raw') return { mode: 'raw', frontmatter: str(data.get('frontmatter')), body, reason: str(data.get('reason')) || RAW_REASONS.shape };
  const count = (name: string, max: number) => Math.min(max, Math.max(0, Number.parseInt(str(data.get(name)), 10) || 0));
  const g = (name: string) => str(data.get(name));
  const authors = Array.from({ length: count('author_count', 50) }, (_, i) => ({ name: g(`a${i}_name`), role: g(`a${i}_role`) }));
  const units = Array.from({ length: count('unit_count', 50) }, (_, i) => ({
    id: g(`u${i}_id`),
    title: g(`u${i}_title`),
    credits: g(`u${i}_credits`),
    hours: g(`u${i}_hours`),
    outcomes: Array.from({ length: count(`u${i}_outcome_count`, 50) }, (_, j) => ({
      id: g(`u${i}_o${j}_id`),
      text: g(`u${i}_o${j}_text`),
      criteria: Array.from({ length: count(`u${i}_o${j}_count`, 50) }, (_, k) => ({
        id: g(`u${i}_o${j}_c${k}_id`),
        text: g(`u${i}_o${j}_c${k}_text`),
        evidence: g(`u${i}_o${j}_c${k}_evidence`),
      })),
    })),
  }));
  return {
    mode: 'form',
    body,
    form: {
      title: g('c_title'),
      summary: g('c_summary'),
      language: g('c_language'),
      audience: g('c_audience'),
      ordered: data.get('c_ordered') != null,
      passMark: g('c_pass_mark'),
      enrolment: g('c_enrolment'),
      accreditation: {
        enabled: data.get('acc_enabled') != null,
        awardingBody: g('acc_awarding_body'),
        qualification: g('acc_qualification'),
        level: g('acc_level'),
        credits: g('acc_credits'),
        hours: g('acc_hours'),
        totalTime: g('acc_total'),
        regulated: data.get('acc_regulated') != null,
        note: g('acc_note'),
      },
      authors,
      units,
      frameworks: Array.from({ length: count('framework_count', 20) }, (_, i) => ({
        id: g(`fw${i}_id`),
        title: g(`fw${i}_title`),
        domains: Array.from({ length: count(`fw${i}_domain_count`, 50) }, (_, j) => ({ id: g(`fw${i}_d${j}_id`), title: g(`fw${i}_d${j}_title`) })),
      })),
      practice: {
        total: g('c_practice_total'),
        placement: g('c_practice_placement'),
        shadowing: g('c_practice_shadowing'),
        training: g('c_practice_training'),
        study: g('c_practice_study'),
        sessions: g('c_supervision_sessions'),
      },
      extra: g('c_extra'),
    },
  };
}

/** Add or remove a row (no JavaScript needed): `add-unit`, `add-outcome:0`, `add-criterion:0:1`, `remove-criterion:0:1:2`… */
export function applyCourseOp(form: CourseForm, op: string): CourseForm {
  const next: CourseForm = structuredClone(form);
  const [name, a, b, c] = op.split(':');
  const [i, j, k] = [Number(a), Number(b), Number(c)];
  const unit = next.units[i];
  const outcome = unit?.outcomes[j];
  if (name === 'add-author') next.authors.push({ name: '', role: '' });
  else if (name === 'remove-author' && next.authors[i]) next.authors.splice(i, 1);
  else if (name === 'add-framework') next.frameworks.push(emptyFramework());
  else if (name === 'remove-framework' && next.frameworks[i]) next.frameworks.splice(i, 1);
  else if (name === 'add-domain' && next.frameworks[i]) next.frameworks[i].domains.push(emptyDomain());
  else if (name === 'remove-domain' && next.frameworks[i]?.domains[j]) next.frameworks[i].domains.splice(j, 1);
  else if (name === 'add-unit') next.units.push(emptyUnit());
  else if (name === 'remove-unit' && unit) next.units.splice(i, 1);
  else if (name === 'add-outcome' && unit) unit.outcomes.push(emptyOutcome());
  else if (name === 'remove-outcome' && outcome) unit.outcomes.splice(j, 1);
  else if (name === 'add-criterion' && outcome) outcome.criteria.push(emptyCriterion());
  else if (name === 'remove-criterion' && outcome?.criteria[k]) outcome.criteria.splice(k, 1);
  return next;
}

/** The form control a course.md problem belongs to, by YAML key path. */
export function courseFieldId(key: (string | number)[]): string | undefined {
  const [first, second, third, fourth, fifth, sixth, seventh] = key;
  switch (first) {
    case 'title':
    case 'summary':
    case 'language':
    case 'audience':
    case 'ordered':
    case 'enrolment':
      return `c_${first}`;
    case 'pass_mark':
      return 'c_pass_mark';
    case 'practice_hours':
      return second === 'by_kind' && typeof third === 'string' && (PRACTICE_KIND_KEYS as readonly string[]).includes(third) ? `c_practice_${third}` : 'c_practice_total';
    case 'supervision':
      return 'c_supervision_sessions';
    case 'competencies':
    case 'reflection_templates':
    case 'impact_questionnaire':
      return 'c_extra';
    case 'frameworks': {
      if (typeof second !== 'number') return 'fw0_id';
      if (third === 'domains' && typeof fourth === 'number') return `fw${second}_d${fourth}_${fifth === 'title' ? 'title' : 'id'}`;
      return `fw${second}_${third === 'title' ? 'title' : 'id'}`;
    }
    case 'authors':
      return typeof second === 'number' ? `a${second}_${third === 'role' ? 'role' : 'name'}` : 'a0_name';
    case 'accreditation': {
      const names: Record<string, string> = { awarding_body: 'acc_awarding_body', qualification: 'acc_qualification', level: 'acc_level', credits: 'acc_credits', guided_learning_hours: 'acc_hours', total_qualification_time: 'acc_total', regulated: 'acc_regulated', note: 'acc_note' };
      return names[String(second)] ?? 'acc_enabled';
    }
    case 'units': {
      if (typeof second !== 'number') return 'u0_id';
      const u = `u${second}`;
      if (third === 'outcomes' && typeof fourth === 'number') {
        const o = `${u}_o${fourth}`;
        if (fifth === 'criteria' && typeof sixth === 'number') return `${o}_c${sixth}_${seventh === 'text' || seventh === 'evidence' ? seventh : 'id'}`;
        return `${o}_${fifth === 'text' ? 'text' : 'id'}`;
      }
      if (third === 'guided_learning_hours') return `${u}_hours`;
      return `${u}_${third === 'title' || third === 'credits' ? third : 'id'}`;
    }
    default:
      return undefined;
  }
}

export { COURSE_KEYS };
