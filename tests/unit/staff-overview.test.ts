import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { ariaSort, csvFilename, groupByTrainee, overviewCsv, overviewRows, sortQuery, sortRows, type CohortRows, type OverviewRow } from '../../src/lib/assessment/overview.ts';
import { collectionOf, countRequests } from '../../src/lib/assessment/overview-queries.ts';
import { anyOf, idBatches, listByIds } from '../../src/lib/cohorts/batches.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { DecisionRow } from '../../src/lib/assessment/status.ts';
import { staffEn } from '../../src/lib/i18n/staff.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'tests/fixtures/courses/tiny'), root).courses[0]!;
// tiny-course: module "first" has a knowledge check serving U1/1.1; U2/1.1 is a reflection criterion.

const decision = (over: Partial<DecisionRow> & { user: string }): DecisionRow & { user: string } => ({
  id: 'd1', criterion: 'U2/1.1', outcome: 'met', feedback: 'Clear.', assessor_name: 'Sam', evidence: 'e1', observation: '', supersedes: '', created: '2026-01-02', ...over,
});

const rows: CohortRows = {
  members: [
    { user: 'u-bea', status: 'active' },
    { user: 'u-ali', status: 'active' },
    { user: 'u-cy', status: 'left' },
  ],
  names: new Map([
    ['u-ali', 'Ali'],
    ['u-bea', 'bea'],
    ['u-cy', 'Cy'],
  ]),
  progress: [
    { user: 'u-ali', module: 'second', status: 'completed', updated: '2026-01-01' },
    { user: 'u-bea', module: 'first', status: 'started', updated: '2026-01-01' },
  ],
  passes: [{ user: 'u-ali', module: 'first' }],
  evidence: [
    { user: 'u-ali', id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' },
    { user: 'u-bea', id: 'e2', criterion: 'U2/1.1', created: '2026-01-01' },
    { user: 'u-cy', id: 'e3', criterion: 'U2/1.1', created: '2026-01-01' },
    // Not a member: ignored.
    { user: 'u-stranger', id: 'e9', criterion: 'U2/1.1', created: '2026-01-01' },
  ],
  observations: [],
  decisions: [decision({ user: 'u-ali', id: 'd1' }), decision({ user: 'u-cy', id: 'd3', evidence: 'e3', outcome: 'not_yet' })],
  signoffs: [{ user: 'u-ali', id: 's1', unit: 'U1', created: '2026-01-05' }],
  samples: [],
};

describe('cohort overview rows', () => {
  it('groups the whole cohort in memory and counts each trainee', () => {
    const result = overviewRows(course, rows);
    expect(result.map((r) => r.name)).toEqual(['Ali', 'bea', 'Cy']);
    expect(result[0]).toMatchObject({ user: 'u-ali', modulesDone: 2, modulesTotal: 2, checksPassed: 1, checksTotal: 1, met: 2, waiting: 0, notYet: 0, unitsSignedOff: 1, unitsTotal: 2 });
    expect(result[1]).toMatchObject({ user: 'u-bea', modulesDone: 0, checksPassed: 0, met: 0, waiting: 1, notYet: 0 });
    expect(result[2]).toMatchObject({ user: 'u-cy', left: true, met: 0, waiting: 0, notYet: 1 });
  });

  it('leaves module progress out when the viewer may not see it', () => {
    const result = overviewRows(course, { ...rows, progress: undefined });
    expect(result.map((r) => r.modulesDone)).toEqual([undefined, undefined, undefined]);
    expect(groupByTrainee({ ...rows, progress: undefined })[0]!.progress).toBeUndefined();
  });

  it('puts QA samples with the trainee whose decision they judge', () => {
    const grouped = groupByTrainee({ ...rows, samples: [{ decision: 'd1', verdict: 'disagree', created: '2026-01-05' }] });
    expect(grouped.find((t) => t.user === 'u-ali')!.samples).toHaveLength(1);
    const ali = overviewRows(course, { ...rows, samples: [{ decision: 'd1', verdict: 'disagree', created: '2026-01-05' }] })[0]!;
    // Returned by the IQA: back in the assessor's queue.
    expect(ali).toMatchObject({ met: 1, waiting: 1 });
  });
});

const row = (name: string, over: Partial<OverviewRow> = {}): OverviewRow => ({
  user: `u-${name}`, name, left: false, modulesDone: 0, modulesTotal: 5, checksPassed: 0, checksTotal: 3, met: 0, waiting: 0, notYet: 0, criteriaTotal: 8, unitsSignedOff: 0, unitsTotal: 2, ...over,
});

describe('sorting the overview', () => {
  const list = [row('Zoë', { met: 3, waiting: 1, modulesDone: 4 }), row('ade', { met: 3, waiting: 2, modulesDone: undefined }), row('Ben', { met: 1, waiting: 2, modulesDone: 1 })];

  it('sorts names A→Z ignoring case, and Z→A', () => {
    expect(sortRows(list, { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual(['ade', 'Ben', 'Zoë']);
    expect(sortRows(list, { key: 'name', dir: 'desc' }).map((r) => r.name)).toEqual(['Zoë', 'Ben', 'ade']);
  });

  it('sorts numbers, breaking ties by name', () => {
    expect(sortRows(list, { key: 'met', dir: 'desc' }).map((r) => r.name)).toEqual(['ade', 'Zoë', 'Ben']);
    expect(sortRows(list, { key: 'met', dir: 'asc' }).map((r) => r.name)).toEqual(['Ben', 'ade', 'Zoë']);
    expect(sortRows(list, { key: 'waiting', dir: 'desc' }).map((r) => r.name)).toEqual(['ade', 'Ben', 'Zoë']);
  });

  it('puts hidden progress below any real number', () => {
    expect(sortRows(list, { key: 'modules', dir: 'desc' }).map((r) => r.name)).toEqual(['Zoë', 'Ben', 'ade']);
  });

  it('does not change the list it was given', () => {
    const copy = [...list];
    sortRows(list, { key: 'met', dir: 'asc' });
    expect(list).toEqual(copy);
  });

  it('links each heading: the same column flips, a new one starts with the useful direction', () => {
    const current = { key: 'name', dir: 'asc' } as const;
    expect(sortQuery(current, 'name')).toBe('?sort=name&dir=desc');
    expect(sortQuery(current, 'met')).toBe('?sort=met&dir=desc');
    expect(sortQuery({ key: 'met', dir: 'desc' }, 'met')).toBe('?sort=met&dir=asc');
    expect(ariaSort(current, 'name')).toBe('ascending');
    expect(ariaSort({ key: 'met', dir: 'desc' }, 'met')).toBe('descending');
    expect(ariaSort(current, 'met')).toBeUndefined();
  });
});

describe('overview CSV', () => {
  it('writes a header and one quoted line per trainee, CRLF', () => {
    const csv = overviewCsv([row('Ali', { met: 2, modulesDone: 3 }), row('Cy', { left: true, modulesDone: undefined })], staffEn.overview.csvHeader, { active: 'active', left: 'left' });
    expect(csv).toBe(
      '"Trainee","Status","Modules done","Modules","Knowledge checks passed","Knowledge checks","Criteria met","Waiting for a decision","Not yet met","Criteria","Units signed off","Units"\r\n' +
        '"Ali","active","3","5","0","3","2","0","0","8","0","2"\r\n' +
        '"Cy","left","","5","0","3","0","0","0","8","0","2"\r\n',
    );
  });

  it('defuses spreadsheet formulas and quotes in names', () => {
    const csv = overviewCsv([row('=HYPERLINK("http://x","y")'), row('+1'), row('-2'), row('@SUM(A1)'), row('Kim "KJ"')], staffEn.overview.csvHeader, { active: 'a', left: 'l' });
    const names = csv.split('\r\n').slice(1, -1).map((line) => line.split(',"')[0]);
    expect(names).toEqual(['"\'=HYPERLINK(""http://x""', '"\'+1"', '"\'-2"', '"\'@SUM(A1)"', '"Kim ""KJ"""']);
  });

  it('names the file after the group, safely', () => {
    expect(csvFilename('Spring 2026: Leeds/Bradford')).toBe('spring-2026-leedsbradford-overview.csv');
    expect(csvFilename('«»')).toBe('group-overview.csv');
  });
});

describe('counting requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the collection of an API URL', () => {
    expect(collectionOf('http://127.0.0.1:8090/api/collections/evidence/records?filter=x')).toBe('evidence');
    expect(collectionOf('http://127.0.0.1:8090/api/health')).toBe('/api/health');
  });

  it('counts every request of every client, per collection, and stops cleanly', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ page: 1, perPage: 1000, totalItems: 0, totalPages: 0, items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    const a = new PocketBase('http://pb.test');
    const b = new PocketBase('http://pb.test');
    a.autoCancellation(false);
    b.autoCancellation(false);
    const seen: string[] = [];
    a.beforeSend = (url, options) => {
      seen.push(url);
      return { url, options };
    };
    const counter = countRequests(a, b);
    await a.collection('evidence').getFullList();
    await b.collection('decisions').getList(1, 10);
    await b.collection('decisions').getList(1, 10);
    expect(counter.count).toBe(3);
    expect(counter.byCollection).toEqual({ evidence: 1, decisions: 2 });
    // The client's own hook still runs.
    expect(seen).toHaveLength(1);
    counter.stop();
    await b.collection('decisions').getList(1, 10);
    expect(counter.count).toBe(3);
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });
});

describe('listing by many ids', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('builds one equality per id with placeholders, and matches nothing for no ids', () => {
    expect(anyOf('user', ['a', 'b'])).toEqual({ expr: '(user = {:p0} || user = {:p1})', params: { p0: 'a', p1: 'b' } });
    expect(anyOf('user', [])).toEqual({ expr: 'false', params: {} });
  });

  it('batches ids by 100, without duplicates or blanks', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `id${i}`);
    expect(idBatches([...ids, 'id3', '']).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('sends one request per batch at once, and merges the rows in created order', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      urls.push(decodeURIComponent(url));
      const n = urls.length;
      const items = [{ id: `r${n}`, created: `2026-01-0${4 - n}` }];
      return new Response(JSON.stringify({ page: 1, perPage: 1000, totalItems: 1, totalPages: 1, items }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }));
    const pb = new PocketBase('http://pb.test') as TypedPocketBase;
    pb.autoCancellation(false);
    const ids = Array.from({ length: 201 }, (_, i) => `u${String(i).padStart(14, '0')}`);
    const rows = await listByIds(pb, 'evidence', { field: 'user', ids, where: 'course = {:course}', params: { course: "it's" }, sort: 'created' });
    expect(urls).toHaveLength(3);
    expect(urls[0]).toContain('filter=(course = "it\'s") && (user = "u00000000000000" || ');
    expect(urls[2]).toContain('(user = "u00000000000200")&sort=created');
    expect(rows.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(await listByIds(pb, 'evidence', { field: 'user', ids: [] })).toEqual([]);
    expect(urls).toHaveLength(3);
  });
});
