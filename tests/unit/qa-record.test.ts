import { describe, expect, it } from 'vitest';
import { qaEn } from '../../src/lib/i18n/qa.ts';
import { actionLabel, auditCsv, describeAudit, peopleIn, type AuditEntry } from '../../src/lib/qa/audit.ts';
import { csvCell, csvDate, csvDocument } from '../../src/lib/qa/csv.ts';
import { buildQaRecord, qaRecordCsv, qaSummary, type QaDecision, type QaFacts } from '../../src/lib/qa/qa-record.ts';
import { parseAuditQuery, parseQaForm } from '../../src/lib/qa/schema.ts';

const t = qaEn;

describe('csvCell', () => {
  it('quotes every cell and doubles inner quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('She said "not yet"')).toBe('"She said ""not yet"""');
    expect(csvCell('two\nlines, and a comma')).toBe('"two\nlines, and a comma"');
    expect(csvCell(3)).toBe('"3"');
    expect(csvCell(undefined)).toBe('""');
  });

  it('defuses anything a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvCell('+1+1')).toBe('"\'+1+1"');
    expect(csvCell('-2+3')).toBe('"\'-2+3"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('\t=1')).toBe('"\'\t=1"');
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('a = b')).toBe('"a = b"');
  });

  it('makes a document with CRLF line ends', () => {
    expect(csvDocument(['A', 'B'], [['1', '=2']])).toBe('"A","B"\r\n"1","\'=2"\r\n');
  });

  it('writes PocketBase dates as ISO 8601 UTC', () => {
    expect(csvDate('2026-11-23 16:40:05.123Z')).toBe('2026-11-23T16:40:05Z');
    expect(csvDate('')).toBe('');
    expect(csvDate(undefined)).toBe('');
  });
});

const decision = (id: string, extra: Partial<QaDecision> = {}): QaDecision => ({
  id,
  user: 'tam',
  course: 'peer-support-foundations',
  criterion: 'U1/1.2',
  evidence: `e-${id}`,
  observation: '',
  outcome: 'met',
  feedback: 'Clear and kind.',
  assessor: 'ash',
  assessor_name: 'Ash Assessor',
  supersedes: '',
  created: `2026-11-0${id.length} 10:00:00.000Z`,
  ...extra,
});

function facts(): QaFacts {
  return {
    decisions: [
      decision('d1'),
      decision('d22', { criterion: 'U2/1.2', outcome: 'not_yet', assessor: 'nia', assessor_name: 'Nia New', user: 'bea' }),
      decision('d333', { criterion: 'U2/1.2', supersedes: 'd22', assessor: 'nia', assessor_name: 'Nia New', user: 'bea', evidence: 'e-d22' }),
      decision('d4444', { criterion: 'U4/1.2', feedback: '=cmd|" /C calc"!A0' }),
    ],
    evidence: [{ id: 'e-d1', criterion: 'U1/1.2', text: 'What I did', files: [], reflection: '', created: '2026-11-01 09:00:00.000Z' }],
    observations: [],
    plans: [
      { id: 'p2', created_by: 'ida', method: 'unit', parameter: 'U2', decisions: ['d22'], created: '2026-11-06 10:00:00.000Z' },
      { id: 'p1', created_by: 'ida', method: 'random', parameter: '50', decisions: ['d1', 'd22', 'gone'], created: '2026-11-05 10:00:00.000Z' },
    ],
    samples: [
      { id: 's2', decision: 'd22', iqa: 'ida', verdict: 'disagree', rationale: 'The evidence meets 1.2.', created: '2026-11-07 10:00:00.000Z' },
      { id: 's1', decision: 'd1', iqa: 'ida', verdict: 'agree', rationale: '@agreed', created: '2026-11-06 11:00:00.000Z' },
    ],
    people: new Map([
      ['tam', { name: 'Tam Trainee', newAssessor: false }],
      ['bea', { name: 'Bea Trainee', newAssessor: false }],
      ['ida', { name: 'Ida IQA', newAssessor: false }],
    ]),
  };
}

describe('buildQaRecord', () => {
  it('lists each sampled decision once, with the plans that drew it and its verdict history', () => {
    const record = buildQaRecord(facts(), undefined);
    expect(record.plans.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(record.plans[1]!.parameterLabel).toBe('U2');
    expect(record.sampled.map((s) => s.decision.id)).toEqual(['d1', 'd22']);
    const d22 = record.sampled[1]!;
    expect(d22.plans.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(d22.traineeName).toBe('Bea Trainee');
    expect(d22.unit).toBe('U2');
    expect(d22.latest?.iqaName).toBe('Ida IQA');
    expect(record.sampled[0]!.evidence?.text).toBe('What I did');
  });

  it('marks a disagreement as returned, until a later decision corrects it', () => {
    const open = facts();
    open.decisions = open.decisions.filter((d) => d.id !== 'd333');
    const returned = buildQaRecord(open, undefined).sampled.find((s) => s.decision.id === 'd22')!;
    expect(returned.returned).toBe(true);
    expect(returned.corrected).toBe(false);

    const corrected = buildQaRecord(facts(), undefined).sampled.find((s) => s.decision.id === 'd22')!;
    expect(corrected.returned).toBe(false);
    expect(corrected.corrected).toBe(true);
    expect(qaSummary(buildQaRecord(open, undefined))).toEqual({ sampled: 2, withVerdict: 2, agreed: 1, returned: 1 });
  });

  it('exports one CSV row per sampled decision, formulas defused', () => {
    const record = buildQaRecord(facts(), undefined);
    record.sampled.push({ ...record.sampled[0]!, decision: decision('d4444', { feedback: 'x', assessor_name: '=evil()' }), samples: [], latest: undefined });
    const csv = qaRecordCsv(record, { header: t.csv.header, outcome: t.common.outcome, verdict: t.csv.verdict, noVerdict: t.csv.noVerdict });
    expect(csv.split('\r\n')).toEqual([
      '"Trainee","Unit","Criterion","Assessor","Decision","Decision date (UTC)","IQA verdict","IQA rationale","Verdict date (UTC)","IQA"',
      '"Tam Trainee","U1","U1/1.2","Ash Assessor","Met","2026-11-02T10:00:00Z","Agree","\'@agreed","2026-11-06T11:00:00Z","Ida IQA"',
      '"Bea Trainee","U2","U2/1.2","Nia New","Not yet met","2026-11-03T10:00:00Z","Disagree","The evidence meets 1.2.","2026-11-07T10:00:00Z","Ida IQA"',
      '"Tam Trainee","U1","U1/1.2","\'=evil()","Met","2026-11-05T10:00:00Z","No verdict yet","","",""',
      '',
    ]);
  });
});

describe('audit entries in words', () => {
  const entry = (action: string, details: Record<string, unknown>): AuditEntry => ({
    id: 'a1',
    actor: 'ash',
    actor_name: 'Ash Assessor',
    action,
    target_collection: 'decisions',
    target_id: 'x1',
    cohort: 'c1',
    details,
    created: '2026-11-23 16:40:05.000Z',
  });
  const names = (id: string) => ({ tam: 'Tam Trainee', bo: 'Bo' })[id] ?? 'Unknown person';

  it('describes each kind of entry', () => {
    expect(describeAudit(entry('decision.create', { criterion: 'U1/1.2', outcome: 'not_yet', trainee: 'tam', supersedes: 'd0' }), t, names)).toBe(
      'criterion U1/1.2 · not yet met · trainee Tam Trainee · corrects an earlier decision',
    );
    expect(describeAudit(entry('qa_sample.create', { verdict: 'disagree', criterion: 'U2/1.2' }), t, names)).toBe('verdict: disagree · criterion U2/1.2');
    expect(describeAudit(entry('qa_plan.create', { method: 'random', parameter: '20', decisions: 4 }), t, names)).toBe('at random (20%), 4 decisions');
    const roles = { ...entry('user.role_change', { added: ['assessor'], removed: ['trainee'] }), target_collection: 'users', target_id: 'bo' };
    expect(describeAudit(roles, t, names)).toBe('Bo · added assessor · removed trainee');
    expect(peopleIn([roles])).toEqual(['bo']);
    expect(describeAudit(entry('cohort.staff_change', { assessors: { added: ['bo'], removed: [] } }), t, names)).toBe('assessors: added Bo');
    expect(describeAudit(entry('evidence.delete_request', { reason: 'asked' }), t, names)).toBe('{"reason":"asked"}');
    expect(describeAudit(entry('course.save', { course: 'peer-support', path: '03-listening.md', kind: 'save' }), t, names)).toBe('course peer-support · file 03-listening.md');
    expect(describeAudit(entry('course.move', { course: 'peer-support', path: '04-a.md', from: '03-a.md', kind: 'move' }), t, names)).toBe('course peer-support · file 03-a.md → 04-a.md');
    expect(describeAudit(entry('course.publish', { course: 'peer-support', version: '20261206-0601', files: 12, automatic: true }), t, names)).toBe(
      'course peer-support · version 20261206-0601 · 12 files · the files as they were before the first browser edit',
    );
    expect(describeAudit(entry('course.author_add', { course: 'peer-support', user: 'bo' }), t, names)).toBe('course peer-support · Bo');
    expect(peopleIn([entry('course.author_remove', { course: 'peer-support', user: 'bo' })])).toEqual(['bo']);
    expect(actionLabel('decision.create', t)).toBe('Assessment decision');
    expect(actionLabel('something.else', t)).toBe('something.else');
    expect(
      peopleIn([
        entry('decision.create', { trainee: 'tam' }),
        entry('qa_sample.create', { assessor: 'bo' }),
        entry('qa_plan.create', { method: 'assessor', parameter: 'ash' }),
        entry('cohort.staff_change', { verifiers: { added: ['vic'], removed: ['old'] } }),
      ]),
    ).toEqual(['tam', 'bo', 'ash', 'vic', 'old']);
  });

  it('exports the log as CSV', () => {
    const csv = auditCsv([entry('decision.create', { criterion: 'U1/1.2', outcome: 'met', trainee: 'tam' })], t, names, () => 'Spring group');
    expect(csv).toBe(
      '"When (UTC)","Who","Action","Group","Record type","Record id","Details"\r\n' +
        '"2026-11-23T16:40:05Z","Ash Assessor","Assessment decision","Spring group","decisions","x1","criterion U1/1.2 · met · trainee Tam Trainee"\r\n',
    );
  });
});

describe('form and query schemas', () => {
  const form = (values: Record<string, string>) => new URLSearchParams(values);

  it('reads a sampling plan, with a plain message for the field it needs', () => {
    expect(parseQaForm(form({ intent: 'plan', method: 'random', percent: '15' }))).toEqual({ ok: true, data: { intent: 'plan', rule: { method: 'random', percent: 15 } } });
    expect(parseQaForm(form({ intent: 'plan', method: 'unit', unit: 'U2', percent: 'ignored' }))).toEqual({ ok: true, data: { intent: 'plan', rule: { method: 'unit', unit: 'U2' } } });
    const noPercent = parseQaForm(form({ intent: 'plan', method: 'random', percent: '0' }));
    expect(noPercent.ok === false && noPercent.fields).toEqual({ percent: t.errors.percent });
    const noAssessor = parseQaForm(form({ intent: 'plan', method: 'assessor' }));
    expect(noAssessor.ok === false && noAssessor.fields).toEqual({ assessor: t.errors.assessor });
    const noMethod = parseQaForm(form({ intent: 'plan' }));
    expect(noMethod.ok === false && noMethod.fields).toEqual({ method: t.errors.method });
  });

  it('reads a verdict and keeps what was typed when something is missing', () => {
    const ok = parseQaForm(form({ intent: 'verdict', decision: 'abcdefghij12345', verdict: 'disagree', rationale: '  Needs more.\r\n ' }));
    expect(ok).toEqual({ ok: true, data: { intent: 'verdict', verdict: { decision: 'abcdefghij12345', verdict: 'disagree', rationale: 'Needs more.' } } });
    const blank = parseQaForm(form({ intent: 'verdict', decision: 'abcdefghij12345', verdict: 'agree', rationale: '   ' }));
    expect(blank.ok === false && blank.fields).toEqual({ rationale: t.errors.rationale });
    const noVerdict = parseQaForm(form({ intent: 'verdict', decision: 'abcdefghij12345', rationale: 'Kept text' }));
    expect(noVerdict.ok === false && noVerdict.fields).toEqual({ verdict: t.errors.verdict });
    expect(noVerdict.ok === false && noVerdict.values['rationale']).toBe('Kept text');
    const unknown = parseQaForm(form({ rationale: 'x' }));
    expect(unknown.ok === false && unknown.fields).toEqual({ form: t.errors.intent });
  });

  it('drops audit filters that make no sense rather than failing', () => {
    expect(parseAuditQuery(new URLSearchParams('cohort=abcdefghij12345&action=decision.create&page=3'))).toEqual({
      cohort: 'abcdefghij12345',
      action: 'decision.create',
      page: 3,
      dropped: false,
    });
    expect(parseAuditQuery(new URLSearchParams('cohort=x"||1=1&action=DROP TABLE&page=-2'))).toEqual({ cohort: undefined, action: undefined, page: 1, dropped: true });
    expect(parseAuditQuery(new URLSearchParams('cohort=none'))).toMatchObject({ cohort: 'none', dropped: false });
  });
});
