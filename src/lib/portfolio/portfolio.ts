/**
 * The portfolio export (issue 19), decided without PocketBase or pdfkit: what the trainee
 * chose (sections and single reflections), and the document that follows from it, as plain
 * blocks (headings, paragraphs, lists) in reading order. ./portfolio-pdf.ts sets the blocks
 * as a tagged PDF; ./portfolio-zip.ts packs the PDF with the chosen evidence files.
 *
 * Reflections are private: none is included unless its own box was ticked, whatever else
 * the form says. Practice hours and supervision sessions count only once confirmed.
 */
import type { CompetencySet } from '../courses/course.ts';
import { kindTargets, PRACTICE_KINDS, type PracticeHoursTarget, type PracticeKind, type SupervisionTarget } from '../courses/practice.ts';
import { practiceEn } from '../i18n/practice.ts';
import { portfolioEn } from '../i18n/portfolio.ts';
import type { CourseAssessment } from '../assessment/status.ts';
import { RATING_ROLES, type CompetencyView } from '../ratings/ratings.ts';

export const SECTIONS = ['modules', 'units', 'hours', 'supervision', 'observations', 'ratings', 'evidence'] as const;
export type Section = (typeof SECTIONS)[number];

export interface PortfolioChoices {
  sections: ReadonlySet<Section>;
  /** Ids of the reflections the trainee ticked (only ones offered count). */
  reflections: ReadonlySet<string>;
}

/** What the page offers before the trainee chooses: every section, no reflection. */
export function defaultChoices(): PortfolioChoices {
  return { sections: new Set(SECTIONS), reflections: new Set() };
}

/**
 * The choices a submitted form makes: `section` and `reflection` checkboxes. Unknown
 * sections and reflections that are not the trainee's own (not in `offered`) are ignored.
 */
export function readChoices(form: FormData, offered: Iterable<string>): PortfolioChoices {
  const known = new Set<string>(SECTIONS);
  const own = new Set(offered);
  const sections = new Set(form.getAll('section').filter((v): v is Section => typeof v === 'string' && known.has(v)));
  const reflections = new Set(form.getAll('reflection').filter((v): v is string => typeof v === 'string' && own.has(v)));
  return { sections, reflections };
}

export interface HoursEntry {
  done_on: string;
  minutes: number;
  kind: PracticeKind;
  note: string;
  status: 'logged' | 'confirmed' | 'queried';
}

export interface SessionEntry {
  held_on: string;
  minutes: number;
  format: 'one_to_one' | 'group' | 'peer';
  actions: string;
  supervisor: string;
  confirmed_by: string;
}

export interface ObservationEntry {
  observed_on: string;
  observer: string;
  seen: string;
  criteria: string[];
  feedback: string;
}

export interface ReflectionEntry {
  id: string;
  label: string;
  prompt: string;
  body: string;
  created: string;
  updated: string;
}

export interface EvidenceEntry {
  id: string;
  criterion: string;
  files: string[];
}

/** Everything the export may draw on, as read for the trainee (./portfolio-store.ts). */
export interface PortfolioSource {
  /** The person's name as on their certificates. */
  name: string;
  course: { slug: string; title: string; language: string };
  enrolledOn: string;
  modulesDone: { number: number; title: string; completedAt: string | undefined }[];
  assessment: CourseAssessment;
  hours: HoursEntry[];
  hoursTarget: PracticeHoursTarget | undefined;
  sessions: SessionEntry[];
  supervisionTarget: SupervisionTarget | undefined;
  observations: ObservationEntry[];
  competencies: CompetencySet | undefined;
  ratings: CompetencyView[];
  reflections: ReflectionEntry[];
  evidence: EvidenceEntry[];
  /** Names of supervisors, observers and assessors by id. */
  names: ReadonlyMap<string, string>;
}

export type Block =
  | { type: 'h2'; text: string }
  | { type: 'h3'; text: string }
  | { type: 'p'; text: string; muted?: boolean }
  | { type: 'list'; items: string[] }
  /** A reflection's own words (Markdown), set as the journal sets them. */
  | { type: 'markdown'; text: string };

export interface PortfolioDocument {
  title: string;
  lang: string;
  name: string;
  /** Lines of the title page. */
  front: string[];
  /** Section headings in order, for the contents list and the PDF outline. */
  contents: string[];
  blocks: Block[];
}

const p = portfolioEn.pdf;
const hoursText = practiceEn.hoursText;

/** The reflections the trainee ticked, in the order offered: never one that was not ticked. */
export function chosenReflections(source: Pick<PortfolioSource, 'reflections'>, choices: PortfolioChoices): ReflectionEntry[] {
  return source.reflections.filter((r) => choices.reflections.has(r.id));
}

/** The evidence files to pack in the zip: only when the evidence section was chosen. */
export function chosenEvidence(source: Pick<PortfolioSource, 'evidence'>, choices: PortfolioChoices): EvidenceEntry[] {
  return choices.sections.has('evidence') ? source.evidence.filter((e) => e.files.length > 0) : [];
}

/**
 * The document for the trainee's choices, in reading order.
 *
 * @param formatDay how a PocketBase date is shown ("7 December 2026")
 */
export function portfolioDocument(source: PortfolioSource, choices: PortfolioChoices, formatDay: (value: string) => string, now: Date): PortfolioDocument {
  const blocks: Block[] = [];
  const contents: string[] = [];
  const section = (heading: string) => {
    contents.push(heading);
    blocks.push({ type: 'h2', text: heading });
  };
  const list = (items: string[]) => blocks.push(items.length > 0 ? { type: 'list', items } : { type: 'p', text: p.none, muted: true });
  const name = (id: string) => source.names.get(id) ?? '';
  const has = (s: Section) => choices.sections.has(s);

  if (has('modules')) {
    section(portfolioEn.sections.modules);
    list(source.modulesDone.map((m) => p.moduleDone(m.number, m.title, m.completedAt ? formatDay(m.completedAt) : undefined)));
  }

  if (has('units')) {
    section(portfolioEn.sections.units);
    if (source.assessment.units.length === 0) blocks.push({ type: 'p', text: p.none, muted: true });
    for (const unit of source.assessment.units) {
      blocks.push({ type: 'h3', text: p.unitHeading(unit.unit.title, unit.met, unit.criteria.length, unit.signedOff) });
      list(
        unit.criteria.map((c) => {
          const state = c.automatic && c.state === 'met' ? p.automatic : (p.states[c.state] ?? c.state);
          const d = c.decision;
          const decision = d ? ` ${p.decision(d.assessor_name, formatDay(d.created), p.outcomes[d.outcome] ?? d.outcome, d.feedback)}` : '';
          return `${p.criterion(c.criterion.ref, c.criterion.text, state)}.${decision}`;
        }),
      );
    }
  }

  if (has('hours')) {
    section(portfolioEn.sections.hours);
    const confirmed = source.hours.filter((h) => h.status === 'confirmed');
    const total = confirmed.reduce((sum, h) => sum + h.minutes, 0);
    const target = source.hoursTarget;
    blocks.push({ type: 'p', text: p.hoursTotal(hoursText(total), target ? hoursText(target.total * 60) : undefined) });
    const byKind = target ? kindTargets(target) : undefined;
    const kinds = PRACTICE_KINDS.map((kind) => ({ kind, done: confirmed.filter((h) => h.kind === kind).reduce((s, h) => s + h.minutes, 0), target: byKind?.[kind] ?? 0 })).filter(
      (k) => k.done > 0 || k.target > 0,
    );
    if (kinds.length > 0) blocks.push({ type: 'list', items: kinds.map((k) => p.kindTotal(practiceEn.kindNames[k.kind], hoursText(k.done), k.target > 0 ? hoursText(k.target * 60) : undefined)) });
    list(confirmed.map((h) => p.hoursRow(formatDay(h.done_on), hoursText(h.minutes), practiceEn.kindWords[h.kind], h.note.trim())));
  }

  if (has('supervision')) {
    section(portfolioEn.sections.supervision);
    const confirmed = source.sessions.filter((s) => s.confirmed_by !== '');
    blocks.push({ type: 'p', text: p.sessionsTotal(confirmed.length, source.supervisionTarget?.sessions) });
    list(
      confirmed.map((s) => {
        const line = p.sessionRow(formatDay(s.held_on), hoursText(s.minutes), practiceEn.formatNames[s.format], name(s.supervisor));
        return s.actions.trim() ? `${line}. ${p.agreed(s.actions.trim())}` : line;
      }),
    );
  }

  if (has('observations')) {
    section(portfolioEn.sections.observations);
    if (source.observations.length === 0) blocks.push({ type: 'p', text: p.none, muted: true });
    for (const o of source.observations) {
      blocks.push({ type: 'h3', text: p.observation(formatDay(o.observed_on), name(o.observer)) });
      blocks.push({ type: 'p', text: p.seen(o.seen.trim()) });
      if (o.criteria.length > 0) blocks.push({ type: 'p', text: p.shows(o.criteria.join(', ')) });
      if (o.feedback.trim()) blocks.push({ type: 'p', text: p.feedback(o.feedback.trim()) });
    }
  }

  if (has('ratings') && source.competencies) {
    section(`${portfolioEn.sections.ratings}: ${source.competencies.title}`);
    blocks.push({ type: 'p', text: p.scale(source.competencies.scale.map((l) => `${l.score} ${l.label}`).join(', ')), muted: true });
    for (const view of source.ratings) {
      blocks.push({ type: 'h3', text: view.competency.title });
      blocks.push({
        type: 'list',
        items: RATING_ROLES.map((role) => {
          const row = view.latest[role];
          const level = source.competencies?.scale.find((l) => l.score === row?.score)?.label;
          const label = row ? `${row.score}${level ? ` ${level}` : ''} (${formatDay(row.created)})` : p.notRated;
          return p.rating(p.roles[role] ?? role, label);
        }),
      });
    }
  }

  const reflections = chosenReflections(source, choices);
  if (reflections.length > 0) {
    section(p.reflections);
    for (const r of reflections) {
      blocks.push({ type: 'h3', text: r.label });
      if (r.prompt) blocks.push({ type: 'p', text: r.prompt, muted: true });
      blocks.push({ type: 'p', text: p.reflectionDates(formatDay(r.updated || r.created)), muted: true });
      blocks.push(r.body.trim() ? { type: 'markdown', text: r.body } : { type: 'p', text: p.emptyReflection, muted: true });
    }
  }

  const front = [p.course(source.course.title), ...(source.enrolledOn ? [p.enrolled(formatDay(source.enrolledOn))] : []), p.exported(formatDay(now.toISOString()))];
  return { title: p.title(source.name, source.course.title), lang: source.course.language || 'en-GB', name: source.name, front, contents, blocks };
}

/** A safe file-name part: lower-case letters, digits and hyphens, never empty. */
export function safePart(value: string, fallback: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return slug || fallback;
}

/** The download's name: `portfolio-<course>-<yyyy-mm-dd>.pdf` (or `.zip`). */
export function portfolioFileName(course: string, kind: 'pdf' | 'zip', now: Date): string {
  return `portfolio-${safePart(course, 'course')}-${now.toISOString().slice(0, 10)}.${kind}`;
}
