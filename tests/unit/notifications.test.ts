/**
 * "Waiting for you", pure parts (src/lib/notifications/notifications.ts and its words): the
 * trainee's unread counts, list order, links, what opening a page marks read, and the staff
 * home's summary of per-group counts.
 */
import { describe, expect, it } from 'vitest';
import { notificationsEn } from '../../src/lib/i18n/notifications.ts';
import {
  courseOfLink,
  dashboardList,
  isSitePath,
  notificationHref,
  openedBy,
  staffWaitingSummary,
  stillThere,
  unreadCounts,
  type NotificationRow,
  type StaffGroupWaiting,
} from '../../src/lib/notifications/notifications.ts';

const row = (id: string, over: Partial<NotificationRow> = {}): NotificationRow => ({
  id,
  kind: 'decision',
  link: '/evidence/peer-support-foundations',
  subject: `s${id}`,
  read_at: '',
  created: `2026-12-0${id.length > 1 ? 1 : Number(id)} 10:00:00.000Z`,
  ...over,
});

describe('trainee notifications', () => {
  it('counts unread only, by kind', () => {
    const rows = [
      row('1', { kind: 'feedback' }),
      row('2', { kind: 'feedback' }),
      row('3', { kind: 'reply', read_at: '2026-12-03 10:00:00.000Z' }),
      row('4', { kind: 'certificate' }),
    ];
    expect(unreadCounts(rows)).toEqual({ feedback: 2, decision: 0, reply: 0, certificate: 1, evidence: 0, iqa_return: 0, sample: 0, discussion: 0, review: 0, questionnaire: 0 });
    expect(unreadCounts([])).toEqual({ feedback: 0, decision: 0, reply: 0, certificate: 0, evidence: 0, iqa_return: 0, sample: 0, discussion: 0, review: 0, questionnaire: 0 });
  });

  it('summarises unread counts in words, and says nothing when all is read', () => {
    const t = notificationsEn.trainee;
    expect(t.summary({ feedback: 1, decision: 2, reply: 0, certificate: 1, evidence: 0, iqa_return: 0, sample: 0, discussion: 0, review: 0, questionnaire: 0 })).toBe('4 new: 1 piece of feedback, 2 decisions, 1 certificate ready.');
    expect(t.summary({ feedback: 0, decision: 0, reply: 0, certificate: 0, evidence: 0, iqa_return: 0, sample: 0, discussion: 0, review: 0, questionnaire: 0 })).toBe('');
  });

  it('lists unread first, newest first, then the newest read ones up to the limit (never hiding an unread one)', () => {
    const rows = [row('1'), row('2', { read_at: 'x' }), row('3'), row('4', { read_at: 'x' }), row('5')];
    expect(dashboardList(rows).map((r) => r.id)).toEqual(['5', '3', '1', '4', '2']);
    expect(dashboardList(rows, 4).map((r) => r.id)).toEqual(['5', '3', '1', '4']);
    expect(dashboardList(rows, 1).map((r) => r.id)).toEqual(['5', '3', '1']);
  });

  it("links a decision to its criterion on the evidence page, found among the person's own decisions", () => {
    const decisions = [{ id: 'sd', criterion: 'U1/1.2' }];
    expect(notificationHref(row('d', { subject: 'sd' }), decisions)).toBe('/evidence/peer-support-foundations#criterion-U1-1-2');
    expect(notificationHref(row('d', { kind: 'feedback', subject: 'sd' }), decisions)).toBe('/evidence/peer-support-foundations#criterion-U1-1-2');
    expect(notificationHref(row('d', { subject: 'gone' }), decisions)).toBe('/evidence/peer-support-foundations');
    expect(notificationHref(row('r', { kind: 'reply', link: '/reflections/abc' }))).toBe('/reflections/abc');
  });

  it('never links off the site', () => {
    for (const bad of ['//evil.example/x', 'https://evil.example', 'javascript:alert(1)', '/a b', '']) {
      expect(isSitePath(bad)).toBe(false);
      expect(notificationHref(row('x', { link: bad }))).toBe('/dashboard');
    }
    expect(isSitePath('/certificates/ABCDEFGH23456789')).toBe(true);
  });

  it('opening a page marks the unread notifications that point at exactly that page', () => {
    const rows = [
      row('1', { link: '/reflections/aaa' }),
      row('2', { link: '/reflections/aaa', read_at: 'x' }),
      row('3', { link: '/reflections/aaab' }),
      row('4', { link: '/evidence/c' }),
    ];
    expect(openedBy(rows, '/reflections/aaa').map((r) => r.id)).toEqual(['1']);
    expect(openedBy(rows, '/reflections/aaa/').map((r) => r.id)).toEqual(['1']);
    expect(openedBy(rows, '/reflections')).toEqual([]);
  });

  it('leaves out replies to reflections the person has since deleted', () => {
    const rows = [row('1', { kind: 'reply', link: '/reflections/kept' }), row('2', { kind: 'reply', link: '/reflections/gone' }), row('3')];
    expect(stillThere(rows, new Set(['kept'])).map((r) => r.id)).toEqual(['1', '3']);
  });

  it('names the course of an evidence link only', () => {
    expect(courseOfLink('/evidence/peer-support-foundations')).toBe('peer-support-foundations');
    expect(courseOfLink('/reflections/abc')).toBeUndefined();
  });

  it('item words never need the text of what was written', () => {
    const t = notificationsEn.trainee;
    expect(t.item('feedback', 'Peer Support')).toBe('You have new feedback on your evidence for Peer Support');
    expect(t.item('reply', undefined)).toBe('A trainer replied to a reflection you shared');
  });
});

describe('staff home summary', () => {
  const group = (id: string, name: string, counts: Partial<StaffGroupWaiting>): StaffGroupWaiting => ({ cohort: { id, name }, toDecide: 0, returned: 0, samples: 0, replies: 0, reports: 0, ...counts });

  it('totals each kind and lists one line per group and kind with something waiting, linking to its list', () => {
    const summary = staffWaitingSummary([
      group('b', 'Spring group', { toDecide: 2, replies: 1 }),
      group('a', 'Autumn group', { toDecide: 1, returned: 1, samples: 3 }),
      group('c', 'Quiet group', {}),
    ]);
    expect(summary.totals).toEqual({ toDecide: 3, returned: 1, samples: 3, replies: 1, reports: 0 });
    expect(summary.items.map((i) => [i.kind, i.cohort.name, i.count, i.href])).toEqual([
      ['toDecide', 'Autumn group', 1, '/staff/cohorts/a/assess#waiting'],
      ['toDecide', 'Spring group', 2, '/staff/cohorts/b/assess#waiting'],
      ['returned', 'Autumn group', 1, '/staff/cohorts/a/assess#waiting'],
      ['samples', 'Autumn group', 3, '/staff/qa/a'],
      ['replies', 'Spring group', 1, '/staff/cohorts/b/reflections'],
    ]);
  });

  it('nothing waiting: no lines, zero totals', () => {
    expect(staffWaitingSummary([group('a', 'A', {})])).toEqual({ totals: { toDecide: 0, returned: 0, samples: 0, replies: 0, reports: 0 }, items: [] });
  });

  it('words for each line, singular and plural', () => {
    const w = notificationsEn.staff;
    expect(w.item('toDecide', 1, 'Group A')).toBe('1 piece of work to decide in Group A');
    expect(w.item('samples', 2, 'Group A')).toBe('2 sampled decisions to review in Group A');
    expect(w.item('replies', 1, 'Group A')).toBe('1 shared reflection waiting for a reply in Group A');
    expect(w.item('reports', 2, 'Group A')).toBe('2 discussion reports to look at in Group A');
    expect(w.item('returned', 3, 'Group A')).toBe('3 decisions sent back by quality assurance in Group A');
  });
});
