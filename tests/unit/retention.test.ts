/**
 * Retention's pure parts (src/lib/privacy/retention.ts): calendar months, reading the settings
 * and the admin form, and the selection the dry run and the daily job share, against a test
 * clock (every "now" below is a fixed date).
 */
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isDue,
  planRetention,
  readRetentionForm,
  RETENTION_DEFAULTS,
  retentionFromRecord,
  retentionRunDue,
  unitOf,
  type RetentionFacts,
} from '../../src/lib/privacy/retention.ts';

const d = (iso: string) => new Date(iso);
const pb = (iso: string) => iso.replace('T', ' '); // PocketBase's own date format

function facts(over: Partial<RetentionFacts> = {}): RetentionFacts {
  return {
    reflections: [],
    versionCounts: new Map(),
    keepers: new Set(),
    activity: [],
    enrolments: [],
    cohorts: [],
    evidence: [],
    signoffs: [],
    qaCohorts: new Set(),
    ...over,
  };
}
const SETTINGS = { reflectionsMonths: 12, evidenceMonths: 36, archivedGroupsMonths: 6 };

describe('calendar months', () => {
  it('adds whole months, keeping the day and time', () => {
    expect(addMonths(d('2025-03-15T10:30:00Z'), 12).toISOString()).toBe('2026-03-15T10:30:00.000Z');
    expect(addMonths(d('2025-11-20T00:00:00Z'), 3).toISOString()).toBe('2026-02-20T00:00:00.000Z');
  });
  it('a day the month lacks becomes its last day (31 January + 1 month), leap years included', () => {
    expect(addMonths(d('2025-01-31T12:00:00Z'), 1).toISOString()).toBe('2025-02-28T12:00:00.000Z');
    expect(addMonths(d('2028-01-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(addMonths(d('2028-02-29T00:00:00Z'), 12).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });
  it('is due exactly at the limit, not a millisecond before', () => {
    const start = d('2025-06-01T09:00:00Z');
    expect(isDue(start, 12, d('2026-06-01T08:59:59.999Z'))).toBe(false);
    expect(isDue(start, 12, d('2026-06-01T09:00:00.000Z'))).toBe(true);
  });
});

describe('settings', () => {
  it('uses the defaults (a year, three years for evidence, the job off) before anything is saved', () => {
    expect(retentionFromRecord(undefined)).toEqual(RETENTION_DEFAULTS);
    expect(RETENTION_DEFAULTS).toMatchObject({ reflectionsMonths: 12, evidenceMonths: 36, archivedGroupsMonths: 12, jobOn: false, saved: false });
  });
  it('reads a stored row, and falls back to the default for a value out of range', () => {
    const s = retentionFromRecord({ reflections_months: 6, evidence_months: 5, archived_groups_months: 24, job_on: true, last_run_at: '2026-12-01 02:00:00.000Z' });
    expect(s).toEqual({ reflectionsMonths: 6, evidenceMonths: 36, archivedGroupsMonths: 24, jobOn: true, lastRunAt: '2026-12-01T02:00:00.000Z', saved: true });
  });
  it('the form takes whole months within the limits and names each field that is wrong', () => {
    const problem = (k: string, min: number, max: number) => `${k} ${min}-${max}`;
    const ok = readRetentionForm(new Map([['reflections_months', '18'], ['evidence_months', '36'], ['archived_groups_months', '3'], ['job_on', 'on']]), problem);
    expect(ok).toEqual({ ok: true, value: { reflectionsMonths: 18, evidenceMonths: 36, archivedGroupsMonths: 3, jobOn: true } });
    const bad = readRetentionForm(new Map([['reflections_months', '0'], ['evidence_months', '6'], ['archived_groups_months', '2.5']]), problem);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.fields).toEqual({
      reflections_months: 'reflectionsMonths 1-120',
      evidence_months: 'evidenceMonths 12-240',
      archived_groups_months: 'archivedGroupsMonths 1-120',
    });
    expect(bad.values.reflections_months).toBe('0');
    const yes = readRetentionForm(new Map([['reflections_months', '12'], ['evidence_months', '36'], ['archived_groups_months', '12'], ['job_on', 'yes']]), problem);
    expect(yes.ok && yes.value.jobOn).toBe(true);
    const off = readRetentionForm(new Map([['reflections_months', '12'], ['evidence_months', '36'], ['archived_groups_months', '12']]), problem);
    expect(off.ok && off.value.jobOn).toBe(false);
    expect(readRetentionForm(new Map([['reflections_months', ''], ['evidence_months', 'abc'], ['archived_groups_months', '121']]), problem).ok).toBe(false);
  });
  it('the job runs only when switched on, at once the first time, then a day after its last run', () => {
    const now = d('2026-12-07T12:00:00Z');
    expect(retentionRunDue({ jobOn: false, lastRunAt: '' }, now)).toBe(false);
    expect(retentionRunDue({ jobOn: true, lastRunAt: '' }, now)).toBe(true);
    expect(retentionRunDue({ jobOn: true, lastRunAt: '2026-12-07T02:00:00.000Z' }, now)).toBe(false);
    expect(retentionRunDue({ jobOn: true, lastRunAt: '2026-12-06T12:00:00.000Z' }, now)).toBe(true);
  });
});

describe('reflections', () => {
  const NOW = d('2027-06-01T00:00:00Z');
  const refl = (id: string, user: string, updated: string, course = 'c1') => ({ id, user, course, updated: pb(updated) });

  it('go N months after the author last did anything, with their versions counted', () => {
    const plan = planRetention(
      facts({
        reflections: [refl('old', 'u1', '2026-05-31T23:59:59.000Z'), refl('young', 'u2', '2026-06-01T00:00:01.000Z')],
        versionCounts: new Map([['old', 3], ['young', 2]]),
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.reflections).toEqual(['old']);
    expect(plan.counts).toMatchObject({ reflections: 1, reflection_versions: 3 });
  });
  it('any newer activity by the author keeps all their reflections', () => {
    const plan = planRetention(
      facts({ reflections: [refl('r', 'u1', '2025-01-01T00:00:00Z')], activity: [{ user: 'u1', at: pb('2026-09-01T00:00:00Z') }] }),
      SETTINGS,
      NOW,
    );
    expect(plan.reflections).toEqual([]);
  });
  it('count from the group’s end date when it is later than the last activity', () => {
    const f = (ends: string) =>
      facts({
        reflections: [refl('r', 'u1', '2025-01-01T00:00:00Z')],
        enrolments: [{ user: 'u1', course: 'c1', cohort: 'g1' }],
        cohorts: [{ id: 'g1', course: 'c1', ends_on: pb(ends), archived: false, archived_at: '' }],
      });
    expect(planRetention(f('2026-07-01T00:00:00Z'), SETTINGS, NOW).reflections).toEqual([]);
    expect(planRetention(f('2026-05-01T00:00:00Z'), SETTINGS, NOW).reflections).toEqual(['r']);
    // A group of another course does not count.
    const other = f('2026-07-01T00:00:00Z');
    expect(planRetention({ ...other, reflections: [refl('r', 'u1', '2025-01-01T00:00:00Z', 'c2')] }, SETTINGS, NOW).reflections).toEqual(['r']);
  });
  it('stay when the author chose to keep them, or when evidence links them: counted, never listed', () => {
    const plan = planRetention(
      facts({
        reflections: [refl('kept', 'keeper', '2025-01-01T00:00:00Z'), refl('linked', 'u2', '2025-01-01T00:00:00Z'), refl('gone', 'u3', '2025-01-01T00:00:00Z')],
        keepers: new Set(['keeper']),
        evidence: [{ id: 'e1', user: 'u2', course: 'c1', criterion: 'U1/1.1', created: pb('2024-01-01T00:00:00Z'), reflection: 'linked', files: 0 }],
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.reflections).toEqual(['gone']);
    expect(plan.counts).toMatchObject({ reflections: 1, reflections_kept_by_choice: 1, reflections_linked_as_evidence: 1 });
  });
});

describe('evidence', () => {
  const NOW = d('2030-01-15T00:00:00Z');
  const ev = (id: string, user: string, criterion: string, files = 1) => ({ id, user, course: 'c1', criterion, created: pb('2025-01-01T00:00:00Z'), reflection: '', files });
  const signoff = (id: string, user: string, unit: string, created: string, extra: { withdrawn?: boolean; supersedes?: string } = {}) => ({
    id,
    user,
    course: 'c1',
    unit,
    created: pb(created),
    ...extra,
  });

  it('goes the set number of months after its unit’s sign-off; another unit’s sign-off does not count', () => {
    expect(unitOf('U1/1.1')).toBe('U1');
    const plan = planRetention(
      facts({
        evidence: [ev('e1', 'u1', 'U1/1.1', 2), ev('e2', 'u1', 'U2/1.1')],
        signoffs: [signoff('s1', 'u1', 'U1', '2027-01-14T00:00:00Z')],
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.evidence).toEqual(['e1']);
    expect(plan.counts).toMatchObject({ evidence: 1, evidence_files: 2 });
  });
  it('a withdrawn sign-off does not start the clock', () => {
    const plan = planRetention(
      facts({
        evidence: [ev('e1', 'u1', 'U1/1.1')],
        signoffs: [signoff('s1', 'u1', 'U1', '2026-01-01T00:00:00Z'), signoff('s2', 'u1', 'U1', '2026-02-01T00:00:00Z', { withdrawn: true, supersedes: 's1' })],
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.evidence).toEqual([]);
  });
  it('counts from the group’s end when that is later than the sign-off, and stays with nothing to count from', () => {
    const base = {
      evidence: [ev('e1', 'u1', 'U1/1.1'), ev('e2', 'u2', 'U1/1.1')],
      signoffs: [signoff('s1', 'u1', 'U1', '2026-01-01T00:00:00Z')],
      enrolments: [{ user: 'u1', course: 'c1', cohort: 'g1' }],
    };
    const ended = (ends: string) => facts({ ...base, cohorts: [{ id: 'g1', course: 'c1', ends_on: pb(ends), archived: false, archived_at: '' }] });
    expect(planRetention(ended('2027-02-01T00:00:00Z'), SETTINGS, NOW).evidence).toEqual([]);
    expect(planRetention(ended('2026-12-31T00:00:00Z'), SETTINGS, NOW).evidence).toEqual(['e1']);
  });
});

describe('archived groups', () => {
  const NOW = d('2027-01-01T00:00:00Z');
  const group = (id: string, archived: boolean, archived_at: string) => ({ id, course: 'c1', ends_on: '', archived, archived_at: archived_at ? pb(archived_at) : '' });

  it('go the set number of months after they were archived; groups still running stay', () => {
    const plan = planRetention(
      facts({ cohorts: [group('old', true, '2026-06-30T00:00:00Z'), group('young', true, '2026-07-02T00:00:00Z'), group('open', false, '')] }),
      SETTINGS,
      NOW,
    );
    expect(plan.groups).toEqual(['old']);
  });
  it('wait while quality assurance records name them or their trainees’ evidence is kept', () => {
    const plan = planRetention(
      facts({
        cohorts: [group('qa', true, '2025-01-01T00:00:00Z'), group('ev', true, '2025-01-01T00:00:00Z'), group('evgone', true, '2025-01-01T00:00:00Z')],
        qaCohorts: new Set(['qa']),
        enrolments: [
          { user: 'u1', course: 'c1', cohort: 'ev' },
          { user: 'u2', course: 'c1', cohort: 'evgone' },
        ],
        evidence: [
          { id: 'e1', user: 'u1', course: 'c1', criterion: 'U1/1.1', created: pb('2026-12-01T00:00:00Z'), reflection: '', files: 0 },
          // Due in this same run (signed off long ago): the group may go with it.
          { id: 'e2', user: 'u2', course: 'c1', criterion: 'U1/1.1', created: pb('2020-12-01T00:00:00Z'), reflection: '', files: 0 },
        ],
        signoffs: [{ id: 's', user: 'u2', course: 'c1', unit: 'U1', created: pb('2021-01-01T00:00:00Z') }],
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.groups).toEqual(['evgone']);
    expect(plan.evidence).toEqual(['e2']);
    expect(plan.counts).toMatchObject({ groups: 1, groups_with_qa_records: 1, groups_with_evidence: 1 });
  });
});

describe('the privacy notice’s list of what is kept', () => {
  it('uses the privacy table’s plain texts, once each, leaving out collections that hold nothing about people', async () => {
    const { noticeItems } = await import('../../src/lib/privacy/notice.ts');
    const { PRIVACY_HANDLERS } = await import('../../src/lib/privacy/collections.ts');
    const items = noticeItems();
    expect(items.map((i) => i.why)).toContain(PRIVACY_HANDLERS.reflections!.why);
    expect(items.map((i) => i.why)).toContain(PRIVACY_HANDLERS.certificates!.why);
    const collections = items.map((i) => i.collection);
    for (const none of ['org_settings', 'retention_settings', 'module_feedback_team']) expect(collections).not.toContain(none);
    expect(new Set(items.map((i) => i.why)).size).toBe(items.length);
  });
});
