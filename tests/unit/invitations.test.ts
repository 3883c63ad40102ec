import { describe, expect, it } from 'vitest';
import {
  canManagePeople,
  canResend,
  canStartGroup,
  canWithdraw,
  hashInvitationToken,
  invitationExpiry,
  invitationState,
  invitationUrl,
  isInvitationToken,
  MAX_PEOPLE,
  newInvitationToken,
  parsePeopleList,
  planList,
  readUploadedList,
  splitCells,
} from '../../src/lib/cohorts/invitations.ts';

describe('parsePeopleList: pasted lines', () => {
  it('reads a bare email, Name <email>, "name, email", "email, name", tabs and semicolons', () => {
    const parsed = parsePeopleList(
      ['sam@example.org', 'Jo Bloggs <Jo.Bloggs@Example.org>', 'Ali Khan, ali@example.org', 'pat@example.org, Pat Lee', 'Rosa\trosa@example.org', 'Dee; dee@example.org'].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.people).toEqual([
      { line: 1, name: '', email: 'sam@example.org' },
      { line: 2, name: 'Jo Bloggs', email: 'jo.bloggs@example.org' },
      { line: 3, name: 'Ali Khan', email: 'ali@example.org' },
      { line: 4, name: 'Pat Lee', email: 'pat@example.org' },
      { line: 5, name: 'Rosa', email: 'rosa@example.org' },
      { line: 6, name: 'Dee', email: 'dee@example.org' },
    ]);
  });

  it('skips blank lines, comments and a heading line, keeping the real line numbers', () => {
    const parsed = parsePeopleList('\uFEFFname,email\r\n\r\n# the spring group\r\nAmy,amy@example.org\r\n');
    expect(parsed.people).toEqual([{ line: 4, name: 'Amy', email: 'amy@example.org' }]);
    expect(parsed.problems).toEqual([]);
  });

  it('reads quoted CSV cells with commas and doubled quotes', () => {
    expect(splitCells('"Lee, Pat ""PJ""",pj@example.org')).toEqual({ cells: ['Lee, Pat "PJ"', 'pj@example.org'], unclosed: false });
    expect(parsePeopleList('"Lee, Pat",pj@example.org').people).toEqual([{ line: 1, name: 'Lee, Pat', email: 'pj@example.org' }]);
    expect(parsePeopleList('"Jo Quote <jo@example.org>"').people[0]).toMatchObject({ name: 'Jo Quote', email: 'jo@example.org' });
  });

  it('names the line and the fix for each line it cannot read', () => {
    const parsed = parsePeopleList(['Sam Smith', 'bad@address', 'a@example.org, b@example.org', 'Ok <ok@example.org>', 'OK@example.org', '"Open, ok2@example.org', `${'x'.repeat(81)}, long@example.org`, 'Empty <>'].join('\n'));
    expect(parsed.people.map((p) => p.email)).toEqual(['ok@example.org']);
    expect(parsed.problems).toEqual([
      { line: 1, message: 'Line 1 (“Sam Smith”) has no email address. Write it as: Name <name@example.org>, or: Name, name@example.org.' },
      { line: 2, message: 'Line 2: “bad@address” is not a complete email address. Check it has one @ and a full domain, like name@example.org.' },
      { line: 3, message: 'Line 3 has more than one email address. Put each person on their own line.' },
      { line: 5, message: 'Line 5 is the same email address as line 4. Remove one of them.' },
      { line: 6, message: 'Line 6 has a quote mark (") that is never closed. Close it or remove it.' },
      { line: 7, message: 'Line 7: the name is longer than 80 characters. Shorten it.' },
      { line: 8, message: 'Line 8 (“Empty <>”) has no email address. Write it as: Name <name@example.org>, or: Name, name@example.org.' },
    ]);
  });

  it('says plainly when the list is empty or too long', () => {
    expect(parsePeopleList('\n  \n# only a comment').listProblem).toMatch(/empty/);
    const many = Array.from({ length: MAX_PEOPLE + 1 }, (_, i) => `p${i}@example.org`).join('\n');
    expect(parsePeopleList(many).listProblem).toBe(`The list has ${MAX_PEOPLE + 1} people; at most ${MAX_PEOPLE} can be added at once. Split it into smaller lists.`);
    expect(parsePeopleList(many.split('\n').slice(0, MAX_PEOPLE).join('\n')).listProblem).toBeUndefined();
  });
});

describe('readUploadedList: CSV files', () => {
  it('reads UTF-8 and falls back to Windows-1252 for old spreadsheets', () => {
    expect(readUploadedList(new TextEncoder().encode('name,email\nZoë,zoe@example.org'))).toEqual({ ok: true, text: 'name,email\nZoë,zoe@example.org' });
    const latin = Uint8Array.from([...'Zo'].map((c) => c.charCodeAt(0)).concat([0xeb, 0x2c], [...'z@example.org'].map((c) => c.charCodeAt(0))));
    expect(readUploadedList(latin)).toEqual({ ok: true, text: 'Zoë,z@example.org' });
  });

  it('refuses binary and oversized files with a message saying what to do', () => {
    expect(readUploadedList(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toMatchObject({ ok: false, message: expect.stringContaining('CSV') });
    expect(readUploadedList(new Uint8Array(200_001).fill(0x61))).toMatchObject({ ok: false, message: expect.stringContaining('too big') });
  });
});

describe('planList: what happens to each person', () => {
  const people = ['new@example.org', 'invited@example.org', 'free@example.org', 'here@example.org', 'other@example.org', 'left@example.org', 'noGroup@example.org'.toLowerCase()].map((email, i) => ({
    line: i + 1,
    name: '',
    email,
  }));
  const facts = {
    accounts: new Map([
      ['free@example.org', { id: 'u_free', role: [] as never[] }],
      ['here@example.org', { id: 'u_here', role: ['trainee' as const] }],
      ['other@example.org', { id: 'u_other', role: ['trainee' as const] }],
      ['left@example.org', { id: 'u_left', role: ['trainee' as const] }],
      ['nogroup@example.org', { id: 'u_nogroup', role: ['trainee' as const] }],
    ]),
    enrolments: new Map([
      ['u_here', { id: 'e_here', cohort: 'A', status: 'active' as const }],
      ['u_other', { id: 'e_other', cohort: 'B', status: 'active' as const }],
      ['u_left', { id: 'e_left', cohort: 'A', status: 'left' as const }],
      ['u_nogroup', { id: 'e_nogroup', cohort: '', status: 'active' as const }],
    ]),
    invited: new Set(['invited@example.org']),
  };

  it('for a trainer: invites, adds, leaves people in other groups alone', () => {
    expect(planList(people, facts, 'A', false).map((p) => [p.person.email, p.kind, p.enrolment ?? ''])).toEqual([
      ['new@example.org', 'invite', ''],
      ['invited@example.org', 'invited', ''],
      ['free@example.org', 'add', ''],
      ['here@example.org', 'already', ''],
      ['other@example.org', 'elsewhere', ''],
      ['left@example.org', 'add', 'e_left'],
      ['nogroup@example.org', 'add', 'e_nogroup'],
    ]);
  });

  it('for an administrator: moves people from another group', () => {
    expect(planList(people, facts, 'A', true)[4]).toMatchObject({ kind: 'move', enrolment: 'e_other' });
  });
});

describe('invitation states, tokens and links', () => {
  const now = new Date('2026-12-07T10:00:00Z');

  it('a pending invitation expires 14 days after it was made', () => {
    const expires = invitationExpiry(now);
    expect(expires.toISOString()).toBe('2026-12-21T10:00:00.000Z');
    const record = { status: 'pending', expires_at: '2026-12-21 10:00:00.000Z' };
    expect(invitationState(record, new Date('2026-12-21T09:59:59Z'))).toBe('pending');
    expect(invitationState(record, new Date('2026-12-21T10:00:00Z'))).toBe('expired');
    expect(invitationState({ status: 'pending', expires_at: '' }, now)).toBe('expired');
  });

  it('accepted and withdrawn stay so whatever the time; only open or expired ones can be resent or withdrawn', () => {
    expect(invitationState({ status: 'accepted', expires_at: '2020-01-01 00:00:00.000Z' }, now)).toBe('accepted');
    expect(invitationState({ status: 'withdrawn', expires_at: '2099-01-01 00:00:00.000Z' }, now)).toBe('withdrawn');
    expect(['pending', 'expired', 'accepted', 'withdrawn'].map((s) => canResend(s as never))).toEqual([true, true, false, false]);
    expect(['pending', 'expired', 'accepted', 'withdrawn'].map((s) => canWithdraw(s as never))).toEqual([true, true, false, false]);
  });

  it('makes a 43-character token, stores only its SHA-256, and builds the link from the site address', () => {
    const token = newInvitationToken();
    expect(isInvitationToken(token)).toBe(true);
    expect(newInvitationToken()).not.toBe(token);
    expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(token)).not.toContain(token);
    expect(isInvitationToken('../../etc/passwd')).toBe(false);
    expect(invitationUrl('https://learn.example.org/', token)).toBe(`https://learn.example.org/invite/${token}`);
  });
});

describe('who may manage a group', () => {
  const cohort = { trainers: ['t1'] };
  it('administrators and the group’s own trainers only', () => {
    expect(canManagePeople(cohort, { id: 'a', role: ['admin'] })).toBe(true);
    expect(canManagePeople(cohort, { id: 't1', role: ['trainer'] })).toBe(true);
    expect(canManagePeople(cohort, { id: 't2', role: ['trainer'] })).toBe(false);
    // Listed as trainer but the role was taken away.
    expect(canManagePeople(cohort, { id: 't1', role: ['trainee'] })).toBe(false);
    expect(canManagePeople(cohort, null)).toBe(false);
  });
  it('administrators and trainers may start a group', () => {
    expect(canStartGroup({ role: ['trainer'] })).toBe(true);
    expect(canStartGroup({ role: ['admin'] })).toBe(true);
    expect(canStartGroup({ role: ['assessor', 'trainee'] })).toBe(false);
  });
});
