/**
 * The impact report for a course or one of its groups (docs/IMPACT.md). Pure: the rows come
 * from ./impact-store.ts (read with the service account), the page, PDF and CSV render this.
 *
 * - Only people whose choice is `yes` count towards anything from the questionnaire; people
 *   who withdrew have no answers left, and are left out even if a row were somehow still there.
 * - Change is paired: for each question, only people who answered both at the start and at
 *   the later round, so the "before" and "after" are the same people.
 * - Every count goes through ./suppression.ts across the course's groups, so a group's report
 *   and the course's report together never give away a number under 5 by subtraction.
 * - Quotes: only words their writer agreed to have quoted, without a name or date, in
 *   alphabetical order, and only when at least 5 people answered in the report's scope.
 */
import { isRound, rounds, type ImpactQuestionnaire, type Round } from '../courses/impact-questionnaire.ts';
import { HIDDEN, cell, isSmall, suppressColumn, type Shown } from './suppression.ts';

export type Consent = 'yes' | 'no' | 'withdrawn';

export interface Participant {
  user: string;
  /** The group (cohort) id, '' when in none. */
  cohort: string;
  completed: boolean;
  certificate: boolean;
  consent: Consent | undefined;
}

export interface AnswerRow {
  user: string;
  round: string;
  scores: unknown;
  later: unknown;
  comment: string;
  quote_ok: boolean;
}

export interface ReportInput {
  questionnaire: ImpactQuestionnaire;
  participants: readonly Participant[];
  answers: readonly AnswerRow[];
}

export interface Comparison {
  round: Round;
  /** People who answered this question at the start and at this round. */
  n: Shown;
  /** Average at the start and at this round (on the scale 1…scale.length), when shown. */
  before?: number;
  after?: number;
  change?: number;
}

export interface LaterRow {
  round: Round;
  /** People who answered this question at this round. */
  n: Shown;
  /** Of them, how many said yes. */
  yes: Shown;
}

export interface ImpactReport {
  scale: string[];
  people: Shown;
  completions: Shown;
  certificates: Shown;
  takingPart: Shown;
  answered: { round: Round; n: Shown }[];
  items: { id: string; text: string; comparisons: Comparison[] }[];
  later: { id: string; text: string; rounds: LaterRow[] }[];
  quotes: string[];
  /** True when there are agreed quotes but too few people answered to show them. */
  quotesHidden: boolean;
}

/** The score a person gave a question, when it is a whole number on the scale. */
export function scoreOf(scores: unknown, id: string, top: number): number | undefined {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) return undefined;
  const v = (scores as Record<string, unknown>)[id];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= top ? v : undefined;
}

/** A yes/no later answer, when it is one. */
export function laterOf(later: unknown, id: string): boolean | undefined {
  if (typeof later !== 'object' || later === null || Array.isArray(later)) return undefined;
  const v = (later as Record<string, unknown>)[id];
  return typeof v === 'boolean' ? v : undefined;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Raw numbers for one group of people (not yet suppressed). */
interface Raw {
  counts: Map<string, number>;
  sums: Map<string, number>;
  respondents: number;
  quotes: string[];
}

const add = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

function rawFor(input: ReportInput, people: readonly Participant[]): Raw {
  const q = input.questionnaire;
  const top = q.scale.length;
  const counts = new Map<string, number>();
  const sums = new Map<string, number>();
  const quotes: string[] = [];
  const inside = new Set(people.filter((p) => p.consent === 'yes').map((p) => p.user));
  add(counts, 'people', people.length);
  add(counts, 'completions', people.filter((p) => p.completed).length);
  add(counts, 'certificates', people.filter((p) => p.certificate).length);
  add(counts, 'takingPart', inside.size);
  const byUser = new Map<string, Map<Round, AnswerRow>>();
  for (const a of input.answers) {
    if (!inside.has(a.user) || !isRound(a.round)) continue;
    const mine = byUser.get(a.user) ?? new Map<Round, AnswerRow>();
    mine.set(a.round, a);
    byUser.set(a.user, mine);
  }
  const later = rounds(q).filter((r) => r !== 'start');
  for (const mine of byUser.values()) {
    for (const r of rounds(q)) if (mine.has(r)) add(counts, `answered:${r}`);
    const start = mine.get('start');
    for (const item of q.questions) {
      const before = start ? scoreOf(start.scores, item.id, top) : undefined;
      if (before === undefined) continue;
      for (const r of later) {
        const after = mine.has(r) ? scoreOf(mine.get(r)!.scores, item.id, top) : undefined;
        if (after === undefined) continue;
        add(counts, `pair:${item.id}:${r}`);
        add(sums, `before:${item.id}:${r}`, before);
        add(sums, `after:${item.id}:${r}`, after);
      }
    }
    for (const item of q.laterQuestions) {
      for (const r of later) {
        const said = mine.has(r) ? laterOf(mine.get(r)!.later, item.id) : undefined;
        if (said === undefined) continue;
        add(counts, `laterN:${item.id}:${r}`);
        if (said) add(counts, `laterYes:${item.id}:${r}`);
      }
    }
    for (const a of mine.values()) {
      const words = a.comment.trim();
      if (a.quote_ok && words) quotes.push(words);
    }
  }
  return { counts, sums, respondents: byUser.size, quotes };
}

/** The keys of every count in the report, for suppression. */
function countKeys(q: ImpactQuestionnaire): { plain: string[]; pairs: [n: string, yes: string][] } {
  const later = rounds(q).filter((r) => r !== 'start');
  const plain = ['people', 'completions', 'certificates', 'takingPart', ...rounds(q).map((r) => `answered:${r}`)];
  for (const item of q.questions) for (const r of later) plain.push(`pair:${item.id}:${r}`);
  const pairs: [string, string][] = [];
  for (const item of q.laterQuestions) for (const r of later) pairs.push([`laterN:${item.id}:${r}`, `laterYes:${item.id}:${r}`]);
  return { plain, pairs };
}

/**
 * The report for the whole course (`cohort` undefined) or one group. Suppression is worked
 * out across every group of the course either way, so the two can be read side by side.
 */
export function impactReport(input: ReportInput, cohort?: string): ImpactReport {
  const q = input.questionnaire;
  const groups = [...new Set(input.participants.map((p) => p.cohort))].sort();
  const raws = groups.map((g) => rawFor(input, input.participants.filter((p) => p.cohort === g)));
  const total = rawFor(input, input.participants);
  const index = cohort === undefined ? -1 : groups.indexOf(cohort);
  const get = (raw: Raw, key: string) => raw.counts.get(key) ?? 0;
  const hidden = new Map<string, boolean>();

  const decide = (key: string, extraPartHidden: boolean[] = [], extraTotalHidden = false) => {
    const column = suppressColumn(raws.map((r) => get(r, key)), get(total, key), extraPartHidden);
    const totalHidden = column.totalHidden || extraTotalHidden;
    hidden.set(key, index < 0 ? totalHidden : index < groups.length && column.hidden[index] === true);
    return column;
  };
  const { plain, pairs } = countKeys(q);
  for (const key of plain) decide(key);
  for (const [nKey, yesKey] of pairs) {
    const nCol = decide(nKey);
    // "Yes" hides with its "no" (n minus yes) and with its n.
    const rowHidden = raws.map((r, i) => nCol.hidden[i]! || isSmall(get(r, nKey) - get(r, yesKey)));
    const totalRow = nCol.totalHidden || isSmall(get(total, nKey) - get(total, yesKey));
    decide(yesKey, rowHidden, totalRow);
  }

  const scope = index < 0 ? total : (raws[index] ?? rawFor(input, []));
  const show = (key: string): Shown => (index >= 0 && index >= groups.length ? HIDDEN : cell(get(scope, key), hidden.get(key) ?? true));
  const later = rounds(q).filter((r) => r !== 'start');
  const respondentsShown = !isSmall(scope.respondents) && scope.respondents > 0 && show('takingPart').shown;
  return {
    scale: [...q.scale],
    people: show('people'),
    completions: show('completions'),
    certificates: show('certificates'),
    takingPart: show('takingPart'),
    answered: rounds(q).map((r) => ({ round: r, n: show(`answered:${r}`) })),
    items: q.questions.map((item) => ({
      id: item.id,
      text: item.text,
      comparisons: later.map((r) => {
        const n = show(`pair:${item.id}:${r}`);
        if (!n.shown || n.value === 0) return { round: r, n };
        const before = round1((scope.sums.get(`before:${item.id}:${r}`) ?? 0) / n.value);
        const after = round1((scope.sums.get(`after:${item.id}:${r}`) ?? 0) / n.value);
        return { round: r, n, before, after, change: round1(after - before) };
      }),
    })),
    later: q.laterQuestions.map((item) => ({
      id: item.id,
      text: item.text,
      rounds: later.filter((r) => r !== 'end').map((r) => ({ round: r, n: show(`laterN:${item.id}:${r}`), yes: show(`laterYes:${item.id}:${r}`) })),
    })),
    quotes: respondentsShown ? [...new Set(scope.quotes)].sort((a, b) => a.localeCompare(b, 'en-GB')) : [],
    quotesHidden: !respondentsShown && scope.quotes.length > 0,
  };
}
