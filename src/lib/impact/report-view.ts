/**
 * The impact report as text, the same for the page, the PDF and the CSV (pure): every hidden
 * number reads "fewer than 5", never a blank a reader could take for nothing.
 */
import { csvDocument, type CsvValue } from '../csv.ts';
import { RoundName, impactEn } from '../i18n/impact.ts';
import type { ImpactReport } from './report.ts';
import type { Shown } from './suppression.ts';

const t = impactEn.report;

export const shownText = (s: Shown) => (s.shown ? s.value.toLocaleString('en-GB') : t.hidden);
const signed = (n: number) => (n > 0 ? `+${n.toFixed(1)}` : n.toFixed(1));

export interface ChartBar {
  label: string;
  before: number;
  after: number;
}

export interface ReportView {
  summary: [label: string, value: string][];
  answered: [round: string, value: string][];
  change: { question: string; rows: [round: string, n: string, before: string, after: string, change: string][]; bars: ChartBar[] }[];
  later: { question: string; rows: [round: string, yes: string, answered: string][] }[];
  quotes: string[];
  quotesNote: string | undefined;
  scaleNote: string;
  /** The highest score on the scale (bars are drawn on 0…scaleTop). */
  scaleTop: number;
}

export function reportView(report: ImpactReport): ReportView {
  return {
    summary: [
      [t.people, shownText(report.people)],
      [t.completions, shownText(report.completions)],
      [t.certificates, shownText(report.certificates)],
      [t.takingPart, shownText(report.takingPart)],
    ],
    answered: report.answered.map((a) => [RoundName(a.round), shownText(a.n)]),
    change: report.items.map((item) => ({
      question: item.text,
      rows: item.comparisons.map((c) => [
        RoundName(c.round),
        shownText(c.n),
        c.before === undefined ? '—' : c.before.toFixed(1),
        c.after === undefined ? '—' : c.after.toFixed(1),
        c.change === undefined ? '—' : signed(c.change),
      ]),
      bars: item.comparisons.filter((c) => c.before !== undefined && c.after !== undefined).map((c) => ({ label: RoundName(c.round), before: c.before!, after: c.after! })),
    })),
    later: report.later.map((item) => ({ question: item.text, rows: item.rounds.map((r) => [RoundName(r.round), shownText(r.yes), shownText(r.n)]) })),
    quotes: report.quotes,
    quotesNote: report.quotesHidden ? t.quotesHidden : report.quotes.length === 0 ? t.quotesNone : undefined,
    scaleNote: t.changeIntro(report.scale),
    scaleTop: report.scale.length,
  };
}

/** The figures as a spreadsheet: one row per number, hidden ones as "fewer than 5"; no quotes. */
export function reportCsv(report: ImpactReport, scope: { course: string; group: string }): string {
  const view = reportView(report);
  const rows: CsvValue[][] = [];
  const row = (section: string, question: string, round: string, measure: string, value: string) => rows.push([scope.course, scope.group, section, question, round, measure, value]);
  for (const [label, value] of view.summary) row(t.summaryTitle, '', '', label, value);
  for (const [round, value] of view.answered) row(t.answeredTitle, '', round, t.answered, value);
  for (const item of view.change) {
    for (const [round, n, before, after, change] of item.rows) {
      row(t.changeTitle, item.question, round, t.n, n);
      row(t.changeTitle, item.question, round, t.before, before);
      row(t.changeTitle, item.question, round, t.after, after);
      row(t.changeTitle, item.question, round, t.change, change);
    }
  }
  for (const item of view.later) {
    for (const [round, yes, answered] of item.rows) {
      row(t.laterTitle, item.question, round, t.said, yes);
      row(t.laterTitle, item.question, round, t.ofAnswered, answered);
    }
  }
  return csvDocument(['course', 'group', 'section', 'question', 'round', 'measure', 'value'], rows);
}
